/* playlist_request.c: the options that `playlist` and `map` share: what to
 * aim at (--mood, --va, --scene, --arc, --from/--to), how many songs, the
 * filters and caps, and --seed-rng; parsed with getopt_long, then resolved
 * against the catalog, the vocabulary and the scenes. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

void playlist_request_init(playlist_request *r)
{
    memset(r, 0, sizeof *r);
    r->q = (ostrec_playlist_query)OSTREC_PLAYLIST_INIT;
    r->format = OUT_TABLE;
}

void playlist_request_release(playlist_request *r)
{
    free(r->arc_copy);
    ostrec_scenes_free(r->scenes);
    ostrec_taste_free(r->taste);
    free(r->pool);
    r->arc_copy = NULL;
    r->scenes = NULL;
    r->taste = NULL;
    r->pool = NULL;
}

int playlist_request_lean(cli_ctx *ctx, const ostrec_index *index, playlist_request *r)
{
    if (r->profile == NULL) return EXIT_OK;
    size_t count = 0;
    int rc = ostrec_taste_get(ctx->db, r->profile, 90, 0, &r->taste);
    if (rc == OSTREC_OK && r->taste->seed_count == 0) {
        cli_error("profile '%s' has no song liked or played yet: 'ostrec like SONG' or 'ostrec history import FILE'",
                  r->profile);
        return EXIT_RUNTIME;
    }
    if (rc == OSTREC_OK) rc = ostrec_taste_pool(ctx->db, index, r->taste, r->new_only, r->q.n, &r->pool, &count);
    if (rc != OSTREC_OK) return cli_fail(ctx, rc);
    r->q.only = r->pool;
    r->q.only_count = count;
    r->q.never = r->taste->negatives; /* the disliked come first */
    r->q.never_count = r->taste->disliked_count;
    return EXIT_OK;
}

/* --va V,A: two numbers in [-1, 1]. */
static int parse_point(const char *command, const char *text, double *v, double *a)
{
    char *end;
    *v = strtod(text, &end);
    if (end != text && *end == ',') {
        const char *second = end + 1;
        *a = strtod(second, &end);
        if (end != second && *end == '\0' && *v >= -1 && *v <= 1 && *a >= -1 && *a <= 1) return EXIT_OK;
    }
    return cli_usage_error(command, "--va: expected VALENCE,AROUSAL, each from -1 to 1, found '%s'", text);
}

int playlist_request_parse(const char *command, int argc, char **argv, const char *help, int is_map,
                           playlist_request *r)
{
    enum { OPT_MOOD = 256, OPT_VA, OPT_SCENE, OPT_ARC, OPT_FROM, OPT_TO, OPT_ERA, OPT_INSTRUMENTAL,
           OPT_MAX_ARTIST, OPT_ONE_DRAMA, OPT_SEED, OPT_EXPLAIN, OPT_FORMAT, OPT_PROFILE };
    static const struct option options[] = {{"mood", required_argument, NULL, OPT_MOOD},
                                            {"va", required_argument, NULL, OPT_VA},
                                            {"scene", required_argument, NULL, OPT_SCENE},
                                            {"arc", required_argument, NULL, OPT_ARC},
                                            {"from", required_argument, NULL, OPT_FROM},
                                            {"to", required_argument, NULL, OPT_TO},
                                            {"count", required_argument, NULL, 'n'},
                                            {"era", required_argument, NULL, OPT_ERA},
                                            {"instrumental", required_argument, NULL, OPT_INSTRUMENTAL},
                                            {"max-per-artist", required_argument, NULL, OPT_MAX_ARTIST},
                                            {"one-per-drama", no_argument, NULL, OPT_ONE_DRAMA},
                                            {"seed-rng", required_argument, NULL, OPT_SEED},
                                            {"explain", no_argument, NULL, OPT_EXPLAIN},
                                            {"format", required_argument, NULL, OPT_FORMAT},
                                            {"output", required_argument, NULL, 'o'},
                                            {"profile", required_argument, NULL, OPT_PROFILE},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    int opt, status = EXIT_OK;
    size_t seed;
    while (status == EXIT_OK && (opt = getopt_long(argc, argv, ":hn:o:", options, NULL)) != -1) {
        switch (opt) {
        case OPT_MOOD: r->mood = optarg; r->aims++; break;
        case OPT_VA:
            status = parse_point(command, optarg, &r->va[0], &r->va[1]);
            r->has_va = 1;
            r->aims++;
            break;
        case OPT_SCENE: r->scene = optarg; r->aims++; break;
        case OPT_ARC: r->arc = optarg; r->aims++; break;
        case OPT_FROM: r->from = optarg; break;
        case OPT_TO: r->to = optarg; break;
        case 'n':
            status = cli_parse_count(command, "--count", optarg, &r->q.n);
            if (status == EXIT_OK && r->q.n == 0) status = cli_usage_error(command, "--count: must be at least 1");
            break;
        case OPT_ERA: r->era = optarg; break;
        case OPT_INSTRUMENTAL: status = cli_parse_instrumental(command, optarg, &r->q.instrumental); break;
        case OPT_MAX_ARTIST: status = cli_parse_count(command, "--max-per-artist", optarg, &r->q.max_per_artist); break;
        case OPT_ONE_DRAMA: r->q.one_per_drama = 1; break;
        case OPT_SEED:
            status = cli_parse_count(command, "--seed-rng", optarg, &seed);
            r->q.shuffle = 1;
            r->q.seed = (unsigned long)seed;
            break;
        case OPT_EXPLAIN:
            if (is_map) return cli_usage_error(command, "unknown option '--explain'");
            r->explain = 1;
            break;
        case OPT_FORMAT:
            if (is_map) return cli_usage_error(command, "unknown option '--format'");
            status = cli_parse_format(command, optarg,
                                      1u << OUT_TABLE | 1u << OUT_JSON | 1u << OUT_CSV | 1u << OUT_XSPF, &r->format);
            break;
        case 'o':
            if (!is_map) return cli_usage_error(command, "unknown option '--output' (the map command writes files)");
            r->output = optarg;
            break;
        case OPT_PROFILE: r->profile = optarg; break;
        case 'h': fputs(help, stdout); return CLI_HELP_SHOWN;
        default: return cli_option_error(command, opt, argv);
        }
    }
    if (status != EXIT_OK) return status;
    if (optind < argc) return cli_usage_error(command, "unexpected argument '%s'", argv[optind]);
    if ((r->from != NULL) != (r->to != NULL)) return cli_usage_error(command, "--from and --to go together");
    if (r->from) r->aims++;
    if (r->aims > 1)
        return cli_usage_error(command, "give one of --mood, --va, --scene, --arc or --from/--to");
    if (r->aims == 0 && !is_map)
        return cli_usage_error(command, "say what to aim at: --mood, --va, --scene, --arc or --from/--to");
    return EXIT_OK;
}

static int load_scenes(cli_ctx *ctx, playlist_request *r)
{
    if (r->scenes != NULL) return EXIT_OK;
    if (ostrec_scenes_load(ctx->db, ctx->scenes_path, &r->scenes) == OSTREC_OK) return EXIT_OK;
    cli_error("%s", ostrec_errmsg(ctx->db));
    return EXIT_RUNTIME;
}

static void list_scenes(const ostrec_scenes *scenes)
{
    fputs("the scenes are:", stderr);
    for (size_t i = 0; i < ostrec_scenes_count(scenes); i++) fprintf(stderr, " %s", ostrec_scenes_at(scenes, i)->id);
    fputs(" (see 'ostrec scenes')\n", stderr);
}

/* One aim: a scene (by id, name or Korean name), else mood words. */
static int resolve_target(cli_ctx *ctx, playlist_request *r, const char *text, int scene_only, ostrec_target *out)
{
    int status = load_scenes(ctx, r);
    if (status != EXIT_OK) return status;
    const ostrec_scene *scene = ostrec_scenes_find(r->scenes, text);
    if (scene != NULL) {
        *out = scene->target;
        return EXIT_OK;
    }
    if (scene_only) {
        cli_error("'%s' is not a scene", text);
        list_scenes(r->scenes);
        return EXIT_RUNTIME;
    }
    int rc = ostrec_target_moods(ctx->db, text, out);
    if (rc == OSTREC_OK) return EXIT_OK;
    cli_error("%s", ostrec_errmsg(ctx->db));
    return rc == OSTREC_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
}

/* --arc A,B,...: each waypoint a mood word or a scene. */
static int resolve_arc(cli_ctx *ctx, playlist_request *r)
{
    if ((r->arc_copy = strdup(r->arc)) == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    size_t count = 0;
    for (char *word = r->arc_copy, *next; word != NULL; word = next) {
        if ((next = strchr(word, ',')) != NULL) *next++ = '\0';
        if (count == PLAYLIST_WAYPOINTS_MAX)
            return cli_usage_error("playlist", "--arc: at most %d waypoints", PLAYLIST_WAYPOINTS_MAX);
        int status = resolve_target(ctx, r, word, 0, &r->targets[count]);
        if (status != EXIT_OK) return status;
        r->targets[count++].label = word;
    }
    if (count < 2) return cli_usage_error("playlist", "--arc: expected at least two waypoints, like calm,tense,triumphant");
    r->q.targets = r->targets;
    r->q.target_count = count;
    return EXIT_OK;
}

static int resolve_song(cli_ctx *ctx, const char *spec, int64_t *id)
{
    ostrec_song_list *found = NULL;
    int status = cli_resolve_song(ctx, spec, &found);
    if (status == EXIT_OK) *id = found->items[0].id;
    ostrec_song_list_free(found);
    return status;
}

int playlist_request_resolve(cli_ctx *ctx, const char *command, playlist_request *r)
{
    int status = cli_open(ctx, CLI_READ);
    if (status == EXIT_OK && r->era) status = cli_parse_era(ctx->db, command, r->era, &r->q.year_from, &r->q.year_to);
    if (status != EXIT_OK) return status;
    if (r->mood) status = resolve_target(ctx, r, r->mood, 0, &r->targets[0]);
    else if (r->scene) status = resolve_target(ctx, r, r->scene, 1, &r->targets[0]);
    else if (r->has_va) {
        int rc = ostrec_target_point(ctx->db, r->va[0], r->va[1], &r->targets[0]);
        if (rc != OSTREC_OK) status = cli_fail(ctx, rc);
    } else if (r->arc) {
        return resolve_arc(ctx, r);
    } else if (r->from) {
        status = resolve_song(ctx, r->from, &r->q.from);
        if (status == EXIT_OK) status = resolve_song(ctx, r->to, &r->q.to);
        if (status == EXIT_OK && r->q.from == r->q.to)
            status = cli_usage_error(command, "--from and --to name the same song");
        return status;
    } else {
        return EXIT_OK; /* a map without a playlist */
    }
    if (status == EXIT_OK) {
        r->q.targets = r->targets;
        r->q.target_count = 1;
    }
    return status;
}

void playlist_explain_shortfall(const ostrec_playlist_query *q, const ostrec_playlist *p)
{
    if (p->count >= q->n) return;
    if (p->candidates < q->n)
        fprintf(stderr, "ostrec: %zu songs, not %zu: only %zu songs pass the filters (--era, --instrumental)\n",
                p->count, q->n, p->candidates);
    else
        fprintf(stderr, "ostrec: %zu songs, not %zu: the caps and the one-version-per-song rule leave no more\n",
                p->count, q->n);
}
