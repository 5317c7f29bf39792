/* cmd_for_me.c: `ostrec for-me`: recommendations from a profile: a query
 * of the songs a person played and liked, away from what they skipped and
 * disliked; or, with a mood, a scene or a feeling to move from, a playlist
 * drawn from their taste. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: ostrec for-me [-n N] [--new-only] [--mood WORDS | --scene NAME |\n"
    "                      --feeling WORD --want WORD] [options]\n"
    "Songs for you, from your profile: the songs you played (longer listens and recent\n"
    "ones count more; skips count against) and liked, away from the ones you disliked,\n"
    "which never come back. Fill the profile with 'ostrec like' and 'ostrec history\n"
    "import'.\n\n"
    "  -n, --count N        how many songs (default 10)\n"
    "  --new-only           only songs you have not played or rated\n"
    "  --mood WORDS         a playlist for these moods, from the songs your taste ranks high\n"
    "  --scene NAME         the same for a scene (see 'ostrec scenes')\n"
    "  --feeling WORD       where you are (a mood word or scene); with --want, a playlist\n"
    "  --want WORD          that starts there and moves to where you want to be (the iso\n"
    "                       principle of music therapy), from your taste\n"
    "  --half-life DAYS     a play this old counts half (default 90)\n"
    "  --era NAME|Y1-Y2     only songs of a named era or years\n"
    "  --instrumental W     yes, no or any (default)\n"
    "  --max-per-artist K   at most K songs by one artist\n"
    "  --one-per-drama      at most one song from each drama\n"
    "  --explain            name the songs of yours that pulled each one up\n"
    "  --format FMT         table (default), json, csv or xspf\n"
    "  --profile NAME       the profile (default \"" OSTREC_PROFILE_DEFAULT "\")\n"
    "  -h, --help           show this help\n";

typedef struct {
    ostrec_query q;
    const char *profile, *mood, *scene, *feeling, *want, *era;
    double half_life;
    int new_only, explain;
    out_format format;
} for_me_request;

static int print_table(ostrec *db, const ostrec_index *index, const ostrec_taste *taste, const ostrec_results *res, int explain)
{
    static const char *const headers[] = {"#", "SCORE", "TITLE", "ARTIST", "DRAMA", "YEAR", "BECAUSE YOU LIKED"};
    table *t = table_new(explain ? 7 : 6, headers);
    if (t == NULL) goto oom;
    for (size_t i = 0; i < res->count; i++) {
        const ostrec_result *r = &res->items[i];
        char rank[24], score[16], year[8], because[512] = "";
        int64_t ids[3];
        size_t n = explain ? ostrec_taste_reasons(index, taste, r, ids, 3) : 0;
        for (size_t j = 0; j < n; j++) {
            ostrec_song_list *song = NULL;
            size_t used = strlen(because);
            if (ostrec_song_get(db, ids[j], &song) == OSTREC_OK)
                snprintf(because + used, sizeof because - used, "%s%s", j ? "; " : "", song->items[0].title);
            ostrec_song_list_free(song);
        }
        snprintf(rank, sizeof rank, "%zu", r->rank);
        snprintf(score, sizeof score, "%.3f", r->score);
        snprintf(year, sizeof year, "%d", r->year);
        const char *cells[] = {rank, score, r->title, r->artist, r->drama, year, because};
        if (table_add(t, cells) != 0) goto oom;
    }
    table_print(t, stdout);
    table_free(t);
    return EXIT_OK;
oom:
    table_free(t);
    cli_error("out of memory");
    return EXIT_RUNTIME;
}

/* The ranked list "for me". */
static int run_list(cli_ctx *ctx, for_me_request *f)
{
    ostrec_model *model = NULL;
    ostrec_index *index = NULL;
    ostrec_taste *taste = NULL;
    ostrec_results *res = NULL;
    int status = cli_open_index(ctx, &model, &index), rc = OSTREC_OK;
    if (status == EXIT_OK) rc = ostrec_taste_get(ctx->db, f->profile, f->half_life, 0, &taste);
    if (status == EXIT_OK && rc == OSTREC_OK && taste->seed_count == 0) {
        cli_error("profile '%s' has no song liked or played yet: 'ostrec like SONG' or 'ostrec history import FILE'",
                  f->profile);
        status = EXIT_RUNTIME;
    }
    if (status == EXIT_OK && rc == OSTREC_OK) {
        ostrec_query q;
        ostrec_taste_query(taste, f->new_only, &q);
        q.k = f->q.k;
        q.year_from = f->q.year_from;
        q.year_to = f->q.year_to;
        q.instrumental = f->q.instrumental;
        q.max_per_artist = f->q.max_per_artist;
        q.one_per_drama = f->q.one_per_drama;
        rc = ostrec_similar(ctx->db, index, &q, &res);
        if (rc == OSTREC_OK && f->format == OUT_TABLE) {
            if (res->count < q.k) fprintf(stderr, "ostrec: only %zu songs pass the filters and caps\n", res->count);
            if (res->count > 0) status = print_table(ctx->db, index, taste, res, f->explain);
        } else if (rc == OSTREC_OK) {
            ostrec_results_format fmt = f->format == OUT_JSON  ? OSTREC_RESULTS_JSON
                                        : f->format == OUT_CSV ? OSTREC_RESULTS_CSV
                                                               : OSTREC_RESULTS_XSPF;
            rc = ostrec_taste_results_write(ctx->db, index, f->profile, taste, &q, res, fmt, stdout);
        }
    }
    if (status == EXIT_OK && rc != OSTREC_OK) status = cli_fail(ctx, rc);
    ostrec_results_free(res);
    ostrec_taste_free(taste);
    ostrec_index_free(index);
    ostrec_model_free(model);
    return status;
}

/* A playlist for a mood, a scene, or from a feeling to a want, drawn from
 * the person's taste. */
static int run_playlist(cli_ctx *ctx, for_me_request *f)
{
    playlist_request r;
    char arc[512];
    playlist_request_init(&r);
    r.profile = f->profile;
    r.new_only = f->new_only;
    r.format = f->format;
    r.era = f->era;
    r.q.n = f->q.k;
    r.q.instrumental = f->q.instrumental;
    r.q.max_per_artist = f->q.max_per_artist;
    r.q.one_per_drama = f->q.one_per_drama;
    r.mood = f->mood;
    r.scene = f->scene;
    if (f->feeling) {
        if ((size_t)snprintf(arc, sizeof arc, "%s,%s", f->feeling, f->want) >= sizeof arc)
            return cli_usage_error("for-me", "--feeling, --want: too long");
        r.arc = arc;
    }
    int status = playlist_request_resolve(ctx, "for-me", &r);
    if (status == EXIT_OK) status = playlist_run(ctx, &r);
    playlist_request_release(&r);
    return status;
}

int cmd_for_me(cli_ctx *ctx, int argc, char **argv)
{
    enum { OPT_NEW = 256, OPT_MOOD, OPT_SCENE, OPT_FEELING, OPT_WANT, OPT_HALF_LIFE, OPT_ERA, OPT_INSTRUMENTAL,
           OPT_MAX_ARTIST, OPT_ONE_DRAMA, OPT_EXPLAIN, OPT_FORMAT, OPT_PROFILE };
    static const struct option options[] = {{"count", required_argument, NULL, 'n'},
                                            {"new-only", no_argument, NULL, OPT_NEW},
                                            {"mood", required_argument, NULL, OPT_MOOD},
                                            {"scene", required_argument, NULL, OPT_SCENE},
                                            {"feeling", required_argument, NULL, OPT_FEELING},
                                            {"want", required_argument, NULL, OPT_WANT},
                                            {"half-life", required_argument, NULL, OPT_HALF_LIFE},
                                            {"era", required_argument, NULL, OPT_ERA},
                                            {"instrumental", required_argument, NULL, OPT_INSTRUMENTAL},
                                            {"max-per-artist", required_argument, NULL, OPT_MAX_ARTIST},
                                            {"one-per-drama", no_argument, NULL, OPT_ONE_DRAMA},
                                            {"explain", no_argument, NULL, OPT_EXPLAIN},
                                            {"format", required_argument, NULL, OPT_FORMAT},
                                            {"profile", required_argument, NULL, OPT_PROFILE},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    for_me_request f = {.q = OSTREC_QUERY_INIT, .profile = OSTREC_PROFILE_DEFAULT, .half_life = 90, .format = OUT_TABLE};
    int opt, status = EXIT_OK;
    while (status == EXIT_OK && (opt = getopt_long(argc, argv, ":hn:", options, NULL)) != -1) {
        switch (opt) {
        case 'n':
            status = cli_parse_count("for-me", "--count", optarg, &f.q.k);
            if (status == EXIT_OK && f.q.k == 0) status = cli_usage_error("for-me", "--count: must be at least 1");
            break;
        case OPT_NEW: f.new_only = 1; break;
        case OPT_MOOD: f.mood = optarg; break;
        case OPT_SCENE: f.scene = optarg; break;
        case OPT_FEELING: f.feeling = optarg; break;
        case OPT_WANT: f.want = optarg; break;
        case OPT_HALF_LIFE: {
            char *end;
            f.half_life = strtod(optarg, &end);
            if (end == optarg || *end || !(f.half_life >= 0.01 && f.half_life <= 36500))
                status = cli_usage_error("for-me", "--half-life: expected days from 0.01 to 36500, found '%s'", optarg);
            break;
        }
        case OPT_ERA: f.era = optarg; break;
        case OPT_INSTRUMENTAL: status = cli_parse_instrumental("for-me", optarg, &f.q.instrumental); break;
        case OPT_MAX_ARTIST: status = cli_parse_count("for-me", "--max-per-artist", optarg, &f.q.max_per_artist); break;
        case OPT_ONE_DRAMA: f.q.one_per_drama = 1; break;
        case OPT_EXPLAIN: f.explain = 1; break;
        case OPT_FORMAT:
            status = cli_parse_format("for-me", optarg, 1u << OUT_TABLE | 1u << OUT_JSON | 1u << OUT_CSV | 1u << OUT_XSPF,
                                      &f.format);
            break;
        case OPT_PROFILE: f.profile = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_option_error("for-me", opt, argv);
        }
    }
    if (status != EXIT_OK) return status;
    if (optind < argc) return cli_usage_error("for-me", "unexpected argument '%s'", argv[optind]);
    if ((f.feeling != NULL) != (f.want != NULL)) return cli_usage_error("for-me", "--feeling and --want go together");
    if ((f.mood != NULL) + (f.scene != NULL) + (f.feeling != NULL) > 1)
        return cli_usage_error("for-me", "give one of --mood, --scene or --feeling/--want");
    if (f.mood || f.scene || f.feeling) return run_playlist(ctx, &f);
    if ((status = cli_open(ctx, CLI_READ)) != EXIT_OK) return status;
    if (f.era) status = cli_parse_era(ctx->db, "for-me", f.era, &f.q.year_from, &f.q.year_to);
    return status == EXIT_OK ? run_list(ctx, &f) : status;
}
