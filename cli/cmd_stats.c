/* cmd_stats.c: `ostrec stats`: counts over the catalog. */
#include "cli.h"

#include <cjson/cJSON.h>
#include <unistd.h> /* optind */

static const char help[] =
    "Usage: ostrec stats [--format table|json]\n"
    "Count the catalog's songs, dramas, artists and instrumental tracks, the songs\n"
    "of each named era, and how often each vocabulary word is used.\n\n"
    "  --format FMT   table (default) or json\n"
    "  -h, --help     show this help\n";

static cJSON *stats_json(ostrec *db, const ostrec_stats *st)
{
    static const char *const keys[OSTREC_VOCAB_KINDS] = {"genres", "moods", "vocal_styles", "artist_types"};
    cJSON *root = cJSON_CreateObject(), *years = NULL, *eras = NULL;
    int ok = root && cJSON_AddNumberToObject(root, "songs", (double)st->songs) &&
             cJSON_AddNumberToObject(root, "dramas", (double)st->dramas) &&
             cJSON_AddNumberToObject(root, "artists", (double)st->artists) &&
             cJSON_AddNumberToObject(root, "instrumental", (double)st->instrumental) &&
             cJSON_AddNumberToObject(root, "titles_ko", (double)st->titles_ko) &&
             cJSON_AddNumberToObject(root, "titles_romanized", (double)st->titles_romanized) &&
             (years = cJSON_AddObjectToObject(root, "years")) && cJSON_AddNumberToObject(years, "min", st->year_min) &&
             cJSON_AddNumberToObject(years, "max", st->year_max) && (eras = cJSON_AddArrayToObject(root, "eras"));
    for (size_t e = 0; ok && e < ostrec_era_count(db); e++) {
        const ostrec_era *era = ostrec_era_at(db, e);
        cJSON *o = cJSON_CreateObject();
        ok = o && cJSON_AddItemToArray(eras, o) && cJSON_AddStringToObject(o, "id", era->id) &&
             cJSON_AddStringToObject(o, "name", era->name) && cJSON_AddNumberToObject(o, "from", era->from) &&
             cJSON_AddNumberToObject(o, "to", era->to) && cJSON_AddNumberToObject(o, "songs", (double)st->era_songs[e]);
    }
    for (int k = 0; ok && k < OSTREC_VOCAB_KINDS; k++) {
        cJSON *counts = cJSON_AddObjectToObject(root, keys[k]);
        ok = counts != NULL;
        for (size_t i = 0; ok && i < ostrec_vocab_count(db, (ostrec_vocab_kind)k); i++)
            ok = cJSON_AddNumberToObject(counts, ostrec_vocab_term(db, (ostrec_vocab_kind)k, i)->id,
                                         (double)st->term_songs[k][i]) != NULL;
    }
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

static void stats_table(ostrec *db, const ostrec_stats *st)
{
    printf("songs         %zu\n", st->songs);
    printf("dramas        %zu\n", st->dramas);
    printf("artists       %zu\n", st->artists);
    printf("instrumental  %zu\n", st->instrumental);
    printf("korean titles %zu (%zu of them released with a Korean title only)\n", st->titles_ko, st->titles_romanized);
    printf("years         %d-%d\n", st->year_min, st->year_max);
    printf("\neras\n");
    for (size_t e = 0; e < ostrec_era_count(db); e++) {
        const ostrec_era *era = ostrec_era_at(db, e);
        printf("  %-8s %d-%d  %4zu  %s\n", era->id, era->from, era->to, st->era_songs[e], era->name);
    }
    for (int k = 0; k < OSTREC_VOCAB_KINDS; k++) {
        printf("\n%s\n", ostrec_vocab_kind_name((ostrec_vocab_kind)k));
        for (size_t i = 0; i < ostrec_vocab_count(db, (ostrec_vocab_kind)k); i++)
            printf("  %-18s %4zu\n", ostrec_vocab_term(db, (ostrec_vocab_kind)k, i)->id, st->term_songs[k][i]);
    }
}

int cmd_stats(cli_ctx *ctx, int argc, char **argv)
{
    out_format format = OUT_TABLE;
    int status = cli_parse_format_options("stats", argc, argv, help, &format);
    if (status != EXIT_OK) return status == CLI_HELP_SHOWN ? EXIT_OK : status;
    if (optind != argc) return cli_usage_error("stats", "unexpected argument '%s'", argv[optind]);
    if ((status = cli_open(ctx, CLI_READ)) != EXIT_OK) return status;
    ostrec_stats *st = NULL;
    int rc = ostrec_stats_get(ctx->db, &st);
    if (rc != OSTREC_OK) return cli_fail(ctx, rc);
    if (format == OUT_JSON) {
        cJSON *root = stats_json(ctx->db, st);
        status = cli_print_json(root ? cJSON_Print(root) : NULL);
        cJSON_Delete(root);
    } else {
        stats_table(ctx->db, st);
    }
    ostrec_stats_free(st);
    return status;
}
