/* scenes.c: the scenes file (data/scenes.json): moments of K-drama
 * storytelling, each a mix of mood words with weights that sum to 1 and
 * optional genre hints, read with cJSON and checked against the vocabulary
 * so a bad file is refused with a message naming the scene and the field. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct ostrec_scenes {
    cJSON *json; /* owns the scenes' strings */
    ostrec_scene *items;
    size_t count;
};

void ostrec_scenes_free(ostrec_scenes *scenes)
{
    if (scenes == NULL) return;
    cJSON_Delete(scenes->json);
    free(scenes->items);
    free(scenes);
}

size_t ostrec_scenes_count(const ostrec_scenes *scenes) { return scenes ? scenes->count : 0; }

const ostrec_scene *ostrec_scenes_at(const ostrec_scenes *scenes, size_t i)
{
    return scenes && i < scenes->count ? &scenes->items[i] : NULL;
}

const ostrec_scene *ostrec_scenes_find(const ostrec_scenes *scenes, const char *name)
{
    for (size_t i = 0; scenes && name && i < scenes->count; i++) {
        const ostrec_scene *s = &scenes->items[i];
        if (strcasecmp(s->id, name) == 0 || strcasecmp(s->name, name) == 0 || strcmp(s->ko, name) == 0) return s;
    }
    return NULL;
}

static int read_text(ostrec *db, const char *origin, const cJSON *scene, size_t i, const char *key, int required,
                     const char **out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(scene, key);
    *out = "";
    if (item == NULL && !required) return OSTREC_OK;
    if (!cJSON_IsString(item) || item->valuestring[0] == '\0')
        return ostrec__fail(db, OSTREC_EDATA, "%s: scenes[%zu].%s: expected a non-empty string", origin, i, key);
    *out = item->valuestring;
    return OSTREC_OK;
}

static int read_moods(ostrec *db, const char *origin, const cJSON *moods, const char *id, ostrec_target *t)
{
    const cJSON *m;
    double sum = 0;
    if (!cJSON_IsObject(moods) || moods->child == NULL)
        return ostrec__fail(db, OSTREC_EDATA, "%s: scene '%s': moods: expected an object of mood weights", origin, id);
    cJSON_ArrayForEach(m, moods) {
        const ostrec_term *term = vocab_lookup(&db->vocab, OSTREC_VOCAB_MOODS, m->string);
        if (term == NULL || strcmp(term->id, m->string) != 0) {
            const char *near = vocab_suggest(&db->vocab, OSTREC_VOCAB_MOODS, m->string);
            return ostrec__fail(db, OSTREC_EDATA, "%s: scene '%s': moods: '%s' is not a mood id%s%s%s", origin, id,
                                m->string, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        }
        if (t->mood_count == OSTREC_TARGET_WORDS)
            return ostrec__fail(db, OSTREC_EDATA, "%s: scene '%s': moods: at most %d", origin, id, OSTREC_TARGET_WORDS);
        if (!cJSON_IsNumber(m) || !(m->valuedouble > 0 && m->valuedouble <= 1))
            return ostrec__fail(db, OSTREC_EDATA, "%s: scene '%s': moods.%s: expected a weight in (0, 1]", origin, id,
                                m->string);
        for (size_t j = 0; j < t->mood_count; j++)
            if (t->moods[j] == term->id)
                return ostrec__fail(db, OSTREC_EDATA, "%s: scene '%s': moods.%s: given twice", origin, id, m->string);
        t->moods[t->mood_count] = term->id;
        t->mood_weights[t->mood_count++] = m->valuedouble;
        t->valence += m->valuedouble * term->valence;
        t->arousal += m->valuedouble * term->arousal;
        sum += m->valuedouble;
    }
    if (fabs(sum - 1) > 1e-6)
        return ostrec__fail(db, OSTREC_EDATA, "%s: scene '%s': moods: the weights sum to %g, not 1", origin, id, sum);
    return OSTREC_OK;
}

static int read_genres(ostrec *db, const char *origin, const cJSON *genres, const char *id, ostrec_target *t)
{
    const cJSON *g;
    if (genres == NULL) return OSTREC_OK;
    if (!cJSON_IsArray(genres))
        return ostrec__fail(db, OSTREC_EDATA, "%s: scene '%s': genres: expected an array of genre ids", origin, id);
    cJSON_ArrayForEach(g, genres) {
        const ostrec_term *term = cJSON_IsString(g) ? vocab_lookup(&db->vocab, OSTREC_VOCAB_GENRES, g->valuestring) : NULL;
        if (term == NULL)
            return ostrec__fail(db, OSTREC_EDATA, "%s: scene '%s': genres: '%s' is not a genre id", origin, id,
                                cJSON_IsString(g) ? g->valuestring : "(not a string)");
        if (t->genre_count == OSTREC_TARGET_WORDS)
            return ostrec__fail(db, OSTREC_EDATA, "%s: scene '%s': genres: at most %d", origin, id, OSTREC_TARGET_WORDS);
        t->genres[t->genre_count++] = term->id;
    }
    return OSTREC_OK;
}

static int read_scene(ostrec *db, const char *origin, const cJSON *item, size_t i, ostrec_scenes *scenes)
{
    static const char *const keys[] = {"id", "name", "ko", "about", "moods", "genres"};
    ostrec_scene *s = &scenes->items[i];
    const cJSON *field;
    int rc;
    if (!cJSON_IsObject(item)) return ostrec__fail(db, OSTREC_EDATA, "%s: scenes[%zu]: expected an object", origin, i);
    cJSON_ArrayForEach(field, item) {
        size_t k = 0;
        while (k < sizeof keys / sizeof keys[0] && strcmp(keys[k], field->string) != 0) k++;
        if (k == sizeof keys / sizeof keys[0])
            return ostrec__fail(db, OSTREC_EDATA, "%s: scenes[%zu]: unknown field '%s'", origin, i, field->string);
    }
    if ((rc = read_text(db, origin, item, i, "id", 1, &s->id)) || (rc = read_text(db, origin, item, i, "name", 1, &s->name)) ||
        (rc = read_text(db, origin, item, i, "ko", 1, &s->ko)) || (rc = read_text(db, origin, item, i, "about", 0, &s->about)))
        return rc;
    for (size_t j = 0; j < i; j++)
        if (strcasecmp(scenes->items[j].id, s->id) == 0 || strcasecmp(scenes->items[j].name, s->name) == 0)
            return ostrec__fail(db, OSTREC_EDATA, "%s: scene '%s': its id or name is used by an earlier scene", origin,
                                s->id);
    s->target.label = s->id;
    if ((rc = read_moods(db, origin, cJSON_GetObjectItemCaseSensitive(item, "moods"), s->id, &s->target)) ||
        (rc = read_genres(db, origin, cJSON_GetObjectItemCaseSensitive(item, "genres"), s->id, &s->target)))
        return rc;
    return OSTREC_OK;
}

static int scenes_parse(ostrec *db, const char *text, const char *origin, ostrec_scenes *scenes)
{
    const cJSON *list, *item;
    size_t i = 0;
    if ((scenes->json = cJSON_Parse(text)) == NULL)
        return ostrec__fail(db, OSTREC_EDATA, "%s: not valid JSON", origin);
    list = cJSON_GetObjectItemCaseSensitive(scenes->json, "scenes");
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0)
        return ostrec__fail(db, OSTREC_EDATA, "%s: scenes: expected a non-empty array", origin);
    scenes->items = calloc((size_t)cJSON_GetArraySize(list), sizeof *scenes->items);
    if (scenes->items == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    cJSON_ArrayForEach(item, list) {
        int rc = read_scene(db, origin, item, i, scenes);
        if (rc != OSTREC_OK) return rc;
        scenes->count = ++i;
    }
    return OSTREC_OK;
}

int ostrec_scenes_load(ostrec *db, const char *path, ostrec_scenes **out)
{
    *out = NULL;
    ostrec_scenes *scenes = calloc(1, sizeof *scenes);
    if (scenes == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    char *text = NULL;
    size_t len;
    int rc;
    if (path == NULL) {
        rc = scenes_parse(db, ostrec_default_scenes_json, "built-in scenes", scenes);
    } else if ((rc = file_read_all(db, path, &text, &len)) == OSTREC_OK) {
        rc = strlen(text) != len ? ostrec__fail(db, OSTREC_EDATA, "%s: contains a NUL byte", path)
                                 : scenes_parse(db, text, path, scenes);
    }
    free(text);
    if (rc != OSTREC_OK) {
        ostrec_scenes_free(scenes);
        return rc;
    }
    *out = scenes;
    return OSTREC_OK;
}
