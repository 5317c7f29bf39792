/* cmd_export.c: `ostrec export`: write the whole catalog, or its artists, as
 * CSV or JSON. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>

static const char help[] =
    "Usage: ostrec export [--format csv|json] [--artists] [--csv-safe] [-o FILE]\n"
    "Write the whole catalog, ordered by id, as CSV (the columns of\n"
    "data/catalog.csv) or JSON. Exporting, importing into an empty catalog and\n"
    "exporting again gives the same bytes. With --artists, the artists instead,\n"
    "ordered by name (the columns of data/artists.csv), likewise byte for byte.\n\n"
    "  --format FMT   csv (default) or json\n"
    "  --artists      the artists: names, Korean names, aliases, types, groups\n"    "  --csv-safe     for spreadsheets: a text cell starting with =, +, -, @, a tab\n"
    "                 or a carriage return gets a leading ' so it is not run as a\n"
    "                 formula (such a file does not import back byte for byte)\n"
    "  -o, --output FILE  write to FILE (- for standard output). A regular file is\n"
    "                 replaced only once the export is complete; a FIFO or a device\n"
    "                 is written in place; a symbolic link is written through\n"
    "  -h, --help     show this help\n";

int cmd_export(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"format", required_argument, NULL, 'f'},
                                            {"output", required_argument, NULL, 'o'},
                                            {"csv-safe", no_argument, NULL, 's'},
                                            {"artists", no_argument, NULL, 'a'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    out_format format = OUT_CSV;
    const char *output = NULL;
    unsigned flags = 0;
    int opt, status, artists = 0;
    while ((opt = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if ((status = cli_parse_format("export", optarg, 1u << OUT_CSV | 1u << OUT_JSON, &format)) != EXIT_OK)
                return status;
            break;
        case 'o': output = optarg; break;
        case 's': flags |= OSTREC_EXPORT_CSV_SAFE; break;
        case 'a': artists = 1; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_option_error("export", opt, argv);
        }
    }
    if (optind != argc) return cli_usage_error("export", "unexpected argument '%s'", argv[optind]);
    if ((flags & OSTREC_EXPORT_CSV_SAFE) && format != OUT_CSV)
        return cli_usage_error("export", "--csv-safe: only for --format csv");
    if ((flags & OSTREC_EXPORT_CSV_SAFE) && artists) return cli_usage_error("export", "--csv-safe: not with --artists");
    if ((status = cli_open(ctx, CLI_READ)) != EXIT_OK) return status;
    ostrec_format lib_format = format == OUT_JSON ? OSTREC_FORMAT_JSON : OSTREC_FORMAT_CSV;
    cli_output out;
    if ((status = cli_output_open(&out, output)) != EXIT_OK) return status;
    int rc = artists ? ostrec_export_artists(ctx->db, out.f, lib_format)
                     : ostrec_export_flags(ctx->db, out.f, lib_format, flags);
    return cli_output_finish(&out, rc == OSTREC_OK ? EXIT_OK : cli_fail(ctx, rc));
}
