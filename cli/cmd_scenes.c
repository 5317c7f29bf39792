/* cmd_scenes.c: `ostrec scenes`: the scenes a playlist can aim at, each with
 * its mood mix, its place on the mood plane and its genre hints. */
#include "cli.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdlib.h>

static const char help[] =
    "Usage: ostrec scenes [--format table|json]\n"
    "The moments of K-drama storytelling that 'ostrec playlist --scene NAME' and\n"
    "'--arc' know: each a mix of mood words (weights that sum to 1), its point on\n"
    "the valence/arousal plane, and genre hints. NAME is the id, the English name or\n"
    "the Korean name. --scenes FILE (or $OSTREC_SCENES) reads another scenes file.\n\n"
    "  --format FMT   table (default) or json\n"
    "  -h, --help     show this help\n";

/* "sad 0.40, longing 0.30" */
static void describe_moods(const ostrec_target *t, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < t->mood_count && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s %.2f", i ? ", " : "", t->moods[i], t->mood_weights[i]);
}

static void describe_genres(const ostrec_target *t, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < t->genre_count && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", t->genres[i]);
}

static int print_table(const ostrec_scenes *scenes)
{
    static const char *const headers[] = {"SCENE", "NAME", "KO", "V/A", "MOODS", "GENRES"};
    table *t = table_new(6, headers);
    for (size_t i = 0; t && i < ostrec_scenes_count(scenes); i++) {
        const ostrec_scene *s = ostrec_scenes_at(scenes, i);
        char va[32], moods[256], genres[256];
        snprintf(va, sizeof va, "%+.2f %+.2f", s->target.valence, s->target.arousal);
        describe_moods(&s->target, moods, sizeof moods);
        describe_genres(&s->target, genres, sizeof genres);
        const char *cells[] = {s->id, s->name, s->ko, va, moods, genres};
        if (table_add(t, cells) != 0) {
            table_free(t);
            t = NULL;
        }
    }
    if (t == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    table_print(t, stdout);
    table_free(t);
    return EXIT_OK;
}

static cJSON *scene_json(const ostrec_scene *s)
{
    cJSON *obj = cJSON_CreateObject(), *moods = cJSON_CreateObject(), *genres = cJSON_CreateArray();
    int ok = obj && moods && genres && cJSON_AddStringToObject(obj, "id", s->id) &&
             cJSON_AddStringToObject(obj, "name", s->name) && cJSON_AddStringToObject(obj, "ko", s->ko) &&
             cJSON_AddStringToObject(obj, "about", s->about) &&
             cJSON_AddNumberToObject(obj, "valence", s->target.valence) &&
             cJSON_AddNumberToObject(obj, "arousal", s->target.arousal) && cJSON_AddItemToObject(obj, "moods", moods);
    if (!ok) cJSON_Delete(moods);
    ok = ok && cJSON_AddItemToObject(obj, "genres", genres);
    if (!ok) cJSON_Delete(genres);
    for (size_t i = 0; ok && i < s->target.mood_count; i++)
        ok = cJSON_AddNumberToObject(moods, s->target.moods[i], s->target.mood_weights[i]) != NULL;
    for (size_t i = 0; ok && i < s->target.genre_count; i++)
        ok = cJSON_AddItemToArray(genres, cJSON_CreateString(s->target.genres[i]));
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static int print_json(const ostrec_scenes *scenes)
{
    cJSON *list = cJSON_CreateArray();
    int ok = list != NULL;
    for (size_t i = 0; ok && i < ostrec_scenes_count(scenes); i++)
        ok = cJSON_AddItemToArray(list, scene_json(ostrec_scenes_at(scenes, i)));
    char *text = ok ? cJSON_Print(list) : NULL;
    cJSON_Delete(list);
    return cli_print_json(text);
}

int cmd_scenes(cli_ctx *ctx, int argc, char **argv)
{
    out_format format = OUT_TABLE;
    int status = cli_parse_format_options("scenes", argc, argv, help, &format);
    if (status == CLI_HELP_SHOWN) return EXIT_OK;
    if (status != EXIT_OK) return status;
    if (optind < argc) return cli_usage_error("scenes", "unexpected argument '%s'", argv[optind]);
    if ((status = cli_open(ctx, CLI_VOCAB)) != EXIT_OK) return status;
    ostrec_scenes *scenes = NULL;
    int rc = ostrec_scenes_load(ctx->db, ctx->scenes_path, &scenes);
    if (rc != OSTREC_OK) return cli_fail(ctx, rc);
    status = format == OUT_JSON ? print_json(scenes) : print_table(scenes);
    ostrec_scenes_free(scenes);
    return status;
}
