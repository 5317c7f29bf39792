/* cmd_export.c: `ostrec export`: write the whole catalog as CSV or JSON. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: ostrec export [--format csv|json] [-o FILE]\n"
    "Write the whole catalog, ordered by id, as CSV (the columns of\n"
    "data/catalog.csv) or JSON. Exporting, importing into an empty catalog and\n"
    "exporting again gives the same bytes.\n\n"
    "  --format FMT   csv (default) or json\n"
    "  -o, --output FILE  write to FILE (replaced only once the export is complete)\n"
    "  -h, --help     show this help\n";

int cmd_export(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"format", required_argument, NULL, 'f'},
                                            {"output", required_argument, NULL, 'o'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    out_format format = OUT_CSV;
    const char *output = NULL;
    int opt, status;
    while ((opt = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if ((status = cli_parse_format("export", optarg, 1u << OUT_CSV | 1u << OUT_JSON, &format)) != EXIT_OK)
                return status;
            break;
        case 'o': output = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_option_error("export", opt, argv);
        }
    }
    if (optind != argc) return cli_usage_error("export", "unexpected argument '%s'", argv[optind]);
    if ((status = cli_open(ctx, CLI_READ)) != EXIT_OK) return status;
    ostrec_format lib_format = format == OUT_JSON ? OSTREC_FORMAT_JSON : OSTREC_FORMAT_CSV;
    if (output == NULL) {
        int rc = ostrec_export(ctx->db, stdout, lib_format);
        return rc == OSTREC_OK ? EXIT_OK : cli_fail(ctx, rc);
    }

    /* Write beside the target and rename, so a failed export never leaves
     * half a file where a good one was. */
    size_t n = strlen(output) + 8;
    char *tmp = malloc(n);
    if (tmp == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    snprintf(tmp, n, "%s.tmp", output);
    FILE *f = fopen(tmp, "wb");
    if (f == NULL) {
        cli_error("%s: cannot create file", tmp);
        free(tmp);
        return EXIT_RUNTIME;
    }
    int rc = ostrec_export(ctx->db, f, lib_format);
    int closed = fclose(f) == 0;
    status = EXIT_OK;
    if (rc != OSTREC_OK) status = cli_fail(ctx, rc);
    else if (!closed) {
        cli_error("%s: cannot write file", tmp);
        status = EXIT_RUNTIME;
    } else if (rename(tmp, output) != 0) {
        cli_error("%s: cannot replace file", output);
        status = EXIT_RUNTIME;
    }
    if (status != EXIT_OK) remove(tmp);
    free(tmp);
    return status;
}
