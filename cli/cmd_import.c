/* cmd_import.c: `ostrec import FILE`: load songs, or with --artists the
 * people and groups they credit, into the catalog. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char help[] =
    "Usage: ostrec import [--csv|--json] [--artists] FILE\n"
    "Load the songs of FILE (CSV with a header line, or JSON as 'ostrec export\n"
    "--format json' writes it) into the catalog, in one transaction: any bad row\n"
    "aborts the import with FILE:LINE: FIELD: what was expected, and leaves the\n"
    "catalog as it was. A song whose id is already there is replaced, so importing\n"
    "a file twice leaves one copy of each song.\n\n"
    "With --artists, FILE describes the people and groups the songs credit\n"
    "(data/artists.csv: name,name_ko,aliases,artist_type,member_of), one per row;\n"
    "an artist already there is replaced by the file's row.\n\n"
    "  --csv, --json  the file's format (default: from its extension)\n"
    "  --artists      FILE is an artists file\n"
    "  -h, --help     show this help\n";

int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"csv", no_argument, NULL, 'c'},
                                            {"json", no_argument, NULL, 'j'},
                                            {"artists", no_argument, NULL, 'a'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    ostrec_format format = OSTREC_FORMAT_AUTO;
    int opt, artists = 0;
    while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (opt) {
        case 'c': format = OSTREC_FORMAT_CSV; break;
        case 'j': format = OSTREC_FORMAT_JSON; break;
        case 'a': artists = 1; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_option_error("import", opt, argv);
        }
    }
    if (argc - optind != 1) return cli_usage_error("import", "expected one FILE to import");
    const char *path = argv[optind];
    int status = cli_open(ctx, CLI_WRITE);
    if (status != EXIT_OK) return status;
    ostrec_import_result result;
    int rc = artists ? ostrec_import_artists(ctx->db, path, format, &result) : ostrec_import(ctx->db, path, format, &result);
    if (rc != OSTREC_OK) return cli_fail(ctx, rc);
    printf("imported %zu %s from %s (%zu new, %zu replaced)\n", result.rows, artists ? "artists" : "songs", path,
           result.added, result.updated);
    return EXIT_OK;
}
