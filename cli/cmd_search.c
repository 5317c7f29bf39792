/* cmd_search.c: `ostrec search TEXT`: full-text search of the catalog. */
#include "cli.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: ostrec search [-n N] [--format table|json] TEXT...\n"
    "Find songs whose title, artist or drama, in English or Korean, contains every\n"
    "word of TEXT; any part of a word matches (\"gob\" finds Goblin, \"도깨비\" too).\n\n"
    "  -n, --limit N  show at most N songs (default 20, 0 for all)\n"
    "  --format FMT   table (default) or json\n"
    "  -h, --help     show this help\n";

/* {"query": TEXT, "count": N, "songs": [...]} */
static int print_json(const char *text, const ostrec_song_list *list)
{
    char *songs_text = ostrec_songs_to_json(list);
    cJSON *root = cJSON_CreateObject();
    cJSON *songs = songs_text ? cJSON_Parse(songs_text) : NULL;
    free(songs_text);
    if (root == NULL || songs == NULL || cJSON_AddStringToObject(root, "query", text) == NULL ||
        cJSON_AddNumberToObject(root, "count", (double)list->count) == NULL ||
        !cJSON_AddItemToObject(root, "songs", songs)) {
        cJSON_Delete(songs);
        cJSON_Delete(root);
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    int status = cli_print_json(cJSON_Print(root));
    cJSON_Delete(root);
    return status;
}

int cmd_search(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"limit", required_argument, NULL, 'n'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    out_format format = OUT_TABLE;
    size_t limit = 20;
    int opt, status;
    while ((opt = getopt_long(argc, argv, ":hn:", options, NULL)) != -1) {
        switch (opt) {
        case 'n':
            if ((status = cli_parse_count("search", "--limit", optarg, &limit)) != EXIT_OK) return status;
            break;
        case 'f':
            if ((status = cli_parse_format("search", optarg, 1u << OUT_TABLE | 1u << OUT_JSON, &format)) != EXIT_OK)
                return status;
            break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_option_error("search", opt, argv);
        }
    }
    if (optind >= argc) return cli_usage_error("search", "expected TEXT to search for");

    size_t len = 1;
    for (int i = optind; i < argc; i++) len += strlen(argv[i]) + 1;
    char *text = malloc(len);
    if (text == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    text[0] = '\0';
    for (int i = optind; i < argc; i++) {
        if (i > optind) strcat(text, " ");
        strcat(text, argv[i]);
    }
    ostrec_song_list *list = NULL;
    status = cli_open(ctx, CLI_READ);
    if (status == EXIT_OK) {
        int rc = ostrec_search(ctx->db, text, limit, &list);
        if (rc != OSTREC_OK) status = cli_fail(ctx, rc);
        else if (format == OUT_JSON) status = print_json(text, list);
        else if (list->count == 0) {
            fputs("ostrec: no song matches '", stderr);
            cli_put_visible(stderr, text);
            fputs("'\n", stderr);
        }
        else status = print_song_table(list, stdout);
    }
    ostrec_song_list_free(list);
    free(text);
    return status;
}
