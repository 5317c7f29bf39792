/* cmd_similar.c: `ostrec similar SONG...`: "more like this", ranked by the
 * feature model, with filters, caps, diversity and an era shift. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: ostrec similar SONG... [--not SONG]... [-n N] [options]\n"
    "Songs like the given ones, best first, each with its score: the weighted mean of\n"
    "how alike the two songs are in genre, mood, era, vocal style and artist type.\n"
    "SONG is an id, a title, or \"TITLE / ARTIST\"; several SONGs are averaged.\n\n"
    "  --not SONG           move away from this song (may be repeated)\n"
    "  -n, --count N        how many songs (default 10)\n"
    "  --era NAME|Y1-Y2     only songs of a named era (see 'ostrec vocab eras') or years\n"
    "  --shift-era NAME|Y   this feel, from another era: score as if the songs were from\n"
    "                       year Y (or the middle of the era NAME)\n"
    "  --exclude-drama      no songs from the dramas of the SONGs\n"
    "  --exclude-artist     no songs by the artists of the SONGs\n"
    "  --max-per-artist K   at most K songs by one artist\n"
    "  --one-per-drama      at most one song from each drama\n"
    "  --diversity X        0 (default) ranks by score alone; up to 0.99 trades score for\n"
    "                       variety (maximal marginal relevance)\n"
    "  --instrumental W     yes (only instrumentals), no (only sung songs) or any (default)\n"
    "  --explain            show each score's parts as shares of their maxima (100%: a full\n"
    "                       match) and each song in words (json always has both, csv the parts)\n"
    "  --format FMT         table (default), json, csv or xspf (a playlist file)\n"
    "  -h, --help           show this help\n";

typedef struct {
    int64_t *ids;
    size_t count;
} id_list;

static int add_song(cli_ctx *ctx, const char *spec, id_list *list)
{
    ostrec_song_list *found = NULL;
    int status = cli_resolve_song(ctx, spec, &found);
    if (status != EXIT_OK) return status;
    int64_t *grown = realloc(list->ids, (list->count + 1) * sizeof *grown);
    if (grown == NULL) {
        ostrec_song_list_free(found);
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    list->ids = grown;
    list->ids[list->count++] = found->items[0].id;
    ostrec_song_list_free(found);
    return EXIT_OK;
}

/* --shift-era NAME or YEAR: a named era shifts to its middle year. */
static int parse_shift(ostrec *db, const char *text, ostrec_query *q)
{
    const ostrec_era *era = cli_find_era(db, text);
    int year;
    if (era != NULL) {
        q->shift_year = (era->from + era->to) / 2.0;
        return EXIT_OK;
    }
    if (cli_parse_year(text, &year) == 0) {
        q->shift_year = year;
        return EXIT_OK;
    }
    int status = cli_usage_error("similar", "--shift-era: expected an era name or a year, found '%s'", text);
    cli_list_eras(db);
    return status;
}

static int parse_fraction(const char *text, double *out)
{
    char *end;
    double x = strtod(text, &end);
    if (end == text || *end != '\0' || !(x >= 0 && x <= 1))
        return cli_usage_error("similar", "--diversity: expected a number from 0 to 1, found '%s'", text);
    *out = x;
    return EXIT_OK;
}

/* The results as a table; with explain, each group's term as a share of
 * its maximum (100% is a full match), and under the table each result in
 * words. */
static int print_table(cli_ctx *ctx, const ostrec_index *index, const ostrec_query *q, const ostrec_results *res,
                       int explain)
{
    static const char *const headers[] = {"#",     "SCORE", "TITLE", "ARTIST", "DRAMA",       "YEAR",
                                          "GENRE", "MOOD",  "ERA",   "VOICE",  "ARTIST TYPE", "OST", "PEOPLE"};
    size_t columns = explain ? 13 : 6;
    table *t = table_new(columns, headers);
    if (t == NULL) goto oom;
    for (size_t i = 0; i < res->count; i++) {
        const ostrec_result *r = &res->items[i];
        char rank[24], score[16], year[8], terms[OSTREC_GROUPS][16];
        snprintf(rank, sizeof rank, "%zu", r->rank);
        snprintf(score, sizeof score, "%.3f", r->score);
        snprintf(year, sizeof year, "%d", r->year);
        for (int g = 0; g < OSTREC_GROUPS; g++)
            snprintf(terms[g], sizeof terms[g], "%.0f%%", 100 * ostrec_term_share(index, r, (ostrec_group)g));
        const char *cells[] = {rank,     score,    r->title, r->artist, r->drama, year,    terms[0],
                               terms[1], terms[2], terms[3], terms[4],  terms[5], terms[6]};
        if (table_add(t, cells) != 0) goto oom;
    }
    table_print(t, stdout);
    table_free(t);
    for (size_t i = 0; explain && i < res->count; i++) {
        char words[1024];
        if (ostrec_result_words(ctx->db, q, &res->items[i], words, sizeof words) != OSTREC_OK) continue;
        printf("%2zu. ", res->items[i].rank);
        cli_put_visible(stdout, words);
        putchar('\n');
    }
    return EXIT_OK;
oom:
    table_free(t);
    cli_error("out of memory");
    return EXIT_RUNTIME;
}

static int run_query(cli_ctx *ctx, ostrec_query *q, out_format format, int explain)
{
    ostrec_model *model = NULL;
    ostrec_index *index = NULL;
    ostrec_results *res = NULL;
    int status = cli_open_index(ctx, &model, &index);
    if (status != EXIT_OK) return status;
    int rc = ostrec_similar(ctx->db, index, q, &res);
    if (rc != OSTREC_OK) {
        status = cli_fail(ctx, rc);
    } else if (format == OUT_TABLE) {
        if (res->count < q->k) fprintf(stderr, "ostrec: only %zu songs pass the filters and caps\n", res->count);
        if (res->count > 0) status = print_table(ctx, index, q, res, explain);
    } else {
        ostrec_results_format f = format == OUT_JSON  ? OSTREC_RESULTS_JSON
                                  : format == OUT_CSV ? OSTREC_RESULTS_CSV
                                                      : OSTREC_RESULTS_XSPF;
        rc = ostrec_results_write(ctx->db, index, q, res, f, stdout);
        if (rc != OSTREC_OK) status = cli_fail(ctx, rc);
    }
    ostrec_results_free(res);
    ostrec_index_free(index);
    ostrec_model_free(model);
    return status;
}

int cmd_similar(cli_ctx *ctx, int argc, char **argv)
{
    enum { OPT_NOT = 256, OPT_ERA, OPT_SHIFT, OPT_EXCL_DRAMA, OPT_EXCL_ARTIST, OPT_MAX_ARTIST,
           OPT_ONE_DRAMA, OPT_DIVERSITY, OPT_INSTRUMENTAL, OPT_EXPLAIN, OPT_FORMAT };
    static const struct option options[] = {{"not", required_argument, NULL, OPT_NOT},
                                            {"count", required_argument, NULL, 'n'},
                                            {"era", required_argument, NULL, OPT_ERA},
                                            {"shift-era", required_argument, NULL, OPT_SHIFT},
                                            {"exclude-drama", no_argument, NULL, OPT_EXCL_DRAMA},
                                            {"exclude-artist", no_argument, NULL, OPT_EXCL_ARTIST},
                                            {"max-per-artist", required_argument, NULL, OPT_MAX_ARTIST},
                                            {"one-per-drama", no_argument, NULL, OPT_ONE_DRAMA},
                                            {"diversity", required_argument, NULL, OPT_DIVERSITY},
                                            {"instrumental", required_argument, NULL, OPT_INSTRUMENTAL},
                                            {"explain", no_argument, NULL, OPT_EXPLAIN},
                                            {"format", required_argument, NULL, OPT_FORMAT},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    ostrec_query q = OSTREC_QUERY_INIT;
    out_format format = OUT_TABLE;
    id_list seeds = {NULL, 0}, negatives = {NULL, 0};
    const char *not_specs[64], *era = NULL, *shift = NULL;
    size_t not_count = 0;
    int opt, explain = 0, status = EXIT_OK;
    while (status == EXIT_OK && (opt = getopt_long(argc, argv, ":hn:", options, NULL)) != -1) {
        switch (opt) {
        case OPT_NOT:
            if (not_count == sizeof not_specs / sizeof not_specs[0])
                status = cli_usage_error("similar", "--not: at most 64 songs");
            else not_specs[not_count++] = optarg;
            break;
        case 'n':
            status = cli_parse_count("similar", "--count", optarg, &q.k);
            if (status == EXIT_OK && q.k == 0) status = cli_usage_error("similar", "--count: must be at least 1");
            break;
        case OPT_ERA: era = optarg; break;
        case OPT_SHIFT: shift = optarg; break;
        case OPT_EXCL_DRAMA: q.exclude_seed_dramas = 1; break;
        case OPT_EXCL_ARTIST: q.exclude_seed_artists = 1; break;
        case OPT_MAX_ARTIST: status = cli_parse_count("similar", "--max-per-artist", optarg, &q.max_per_artist); break;
        case OPT_ONE_DRAMA: q.one_per_drama = 1; break;
        case OPT_DIVERSITY: status = parse_fraction(optarg, &q.diversity); break;
        case OPT_INSTRUMENTAL: status = cli_parse_instrumental("similar", optarg, &q.instrumental); break;
        case OPT_EXPLAIN: explain = 1; break;
        case OPT_FORMAT:
            status = cli_parse_format("similar", optarg,
                                      1u << OUT_TABLE | 1u << OUT_JSON | 1u << OUT_CSV | 1u << OUT_XSPF, &format);
            break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_option_error("similar", opt, argv);
        }
    }
    if (status != EXIT_OK) return status;
    if (optind >= argc) return cli_usage_error("similar", "expected at least one SONG (an id or a title; quote it)");
    if ((status = cli_open(ctx, CLI_READ)) != EXIT_OK) return status;
    if (era) status = cli_parse_era(ctx->db, "similar", era, &q.year_from, &q.year_to);
    if (status == EXIT_OK && shift) status = parse_shift(ctx->db, shift, &q);
    for (int i = optind; status == EXIT_OK && i < argc; i++) status = add_song(ctx, argv[i], &seeds);
    for (size_t i = 0; status == EXIT_OK && i < not_count; i++) status = add_song(ctx, not_specs[i], &negatives);
    if (status == EXIT_OK) {
        q.seeds = seeds.ids;
        q.seed_count = seeds.count;
        q.negatives = negatives.ids;
        q.negative_count = negatives.count;
        status = run_query(ctx, &q, format, explain);
    }
    free(seeds.ids);
    free(negatives.ids);
    return status;
}
