/* cmd_vectors.c: `ostrec vectors`: the feature matrix with song ids and
 * column names, for numpy, a vector database or a spreadsheet. */
#include "cli.h"

#include <getopt.h>

static const char help[] =
    "Usage: ostrec vectors [--format csv|json]\n"
    "Write every song's feature vector (one unit-length row per song, by id) with\n"
    "the column names, as the model encodes it. CSV has a header of id and the\n"
    "columns; JSON is {\"model\", \"columns\", \"groups\", \"rows\": [{\"id\", \"vector\"}]},\n"
    "where groups gives each feature group's [first, end) column range.\n\n"
    "  --format FMT   csv (default) or json\n"
    "  -h, --help     show this help\n";

int cmd_vectors(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"format", required_argument, NULL, 'f'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    out_format format = OUT_CSV;
    int opt, status;
    while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if ((status = cli_parse_format("vectors", optarg, 1u << OUT_CSV | 1u << OUT_JSON, &format)) != EXIT_OK)
                return status;
            break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_option_error("vectors", opt, argv);
        }
    }
    if (optind < argc) return cli_usage_error("vectors", "unexpected argument '%s'", argv[optind]);
    ostrec_model *model = NULL;
    ostrec_index *index = NULL;
    if ((status = cli_open_index(ctx, &model, &index)) != EXIT_OK) return status;
    int rc = ostrec_index_write_vectors(ctx->db, index, stdout,
                                        format == OUT_JSON ? OSTREC_FORMAT_JSON : OSTREC_FORMAT_CSV);
    if (rc != OSTREC_OK) status = cli_fail(ctx, rc);
    ostrec_index_free(index);
    ostrec_model_free(model);
    return status;
}
