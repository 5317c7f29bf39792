/* model.c: the feature model file (models/default.json): weights, kernel
 * widths and grid sizes, read with cJSON and checked field by field so a bad
 * file is refused with a message that names what was wrong. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const group_names[OSTREC_GROUPS] = {"genre",       "mood",       "era",   "vocal_style",
                                                       "artist_type", "soundtrack", "artist"};

/* The vocabulary each categorical group encodes; the era group has none. */
static const int group_vocab[OSTREC_GROUPS] = {OSTREC_VOCAB_GENRES, OSTREC_VOCAB_MOODS, -1,
                                               OSTREC_VOCAB_VOCAL_STYLES, OSTREC_VOCAB_ARTIST_TYPES, -1, -1};

/* The keys each group may have besides "weight" and "vocabulary". */
static const char *const group_keys[OSTREC_GROUPS][6] = {
    {NULL},
    {"tag_share", "grid", "width", "tag_width", "tag_decay", NULL},
    {"from", "to", "step", "width", NULL},
    {NULL},
    {NULL},
    {NULL},
    {NULL}};

/* Groups a model file may leave out (a file from before they existed):
 * their weight is then 0. */
static int optional_group(int g) { return g == OSTREC_GROUP_SOUNDTRACK || g == OSTREC_GROUP_ARTIST; }

const char *ostrec_group_name(ostrec_group group)
{
    return (unsigned)group < OSTREC_GROUPS ? group_names[group] : NULL;
}

const char *ostrec_model_name(const ostrec_model *model) { return model ? model->name : ""; }

double ostrec_model_weight(const ostrec_model *model, ostrec_group group)
{
    return model && (unsigned)group < OSTREC_GROUPS ? model->weight[group] : 0.0;
}

void ostrec_model_free(ostrec_model *model) { free(model); }

static int known_key(ostrec_group g, const char *key)
{
    if (strcmp(key, "weight") == 0) return 1;
    if (strcmp(key, "vocabulary") == 0) return group_vocab[g] >= 0;
    for (const char *const *k = group_keys[g]; *k; k++)
        if (strcmp(*k, key) == 0) return 1;
    return 0;
}

/* A number member within [lo, hi]; integral when `whole`. */
static int read_number(ostrec *db, const char *origin, const cJSON *group, const char *gname,
                       const char *key, double lo, double hi, int whole, double *out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(group, key);
    if (item == NULL)
        return ostrec__fail(db, OSTREC_EDATA, "%s: groups.%s.%s: missing", origin, gname, key);
    double x = item->valuedouble;
    if (!cJSON_IsNumber(item) || !isfinite(x) || x < lo || x > hi || (whole && x != floor(x)))
        return ostrec__fail(db, OSTREC_EDATA, "%s: groups.%s.%s: expected %s in [%g, %g]", origin,
                            gname, key, whole ? "a whole number" : "a number", lo, hi);
    *out = x;
    return OSTREC_OK;
}

static int read_group(ostrec *db, const char *origin, const cJSON *group, ostrec_group g, ostrec_model *m)
{
    const char *gname = group_names[g];
    if (!cJSON_IsObject(group))
        return ostrec__fail(db, OSTREC_EDATA, "%s: groups.%s: expected an object", origin, gname);
    for (const cJSON *item = group->child; item; item = item->next)
        if (!known_key(g, item->string))
            return ostrec__fail(db, OSTREC_EDATA, "%s: groups.%s.%s: unknown field", origin, gname,
                                item->string);
    int rc = read_number(db, origin, group, gname, "weight", 0, 1e6, 0, &m->weight[g]);
    if (rc != OSTREC_OK) {
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(group, "weight");
        if (cJSON_IsNumber(w) && w->valuedouble < 0)
            return ostrec__fail(db, OSTREC_EDATA, "%s: groups.%s.weight: must not be negative (got %g)",
                                origin, gname, w->valuedouble);
        return rc;
    }
    if (group_vocab[g] >= 0) {
        const char *want = ostrec_vocab_kind_name((ostrec_vocab_kind)group_vocab[g]);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(group, "vocabulary");
        if (v == NULL)
            return ostrec__fail(db, OSTREC_EDATA, "%s: groups.%s.vocabulary: missing (expected \"%s\")",
                                origin, gname, want);
        if (!cJSON_IsString(v) || strcmp(v->valuestring, want) != 0)
            return ostrec__fail(db, OSTREC_EDATA, "%s: groups.%s.vocabulary: expected \"%s\"", origin,
                                gname, want);
        if (db->vocab.kinds[group_vocab[g]].count == 0)
            return ostrec__fail(db, OSTREC_EDATA, "%s: groups.%s.vocabulary: the vocabulary \"%s\" is empty",
                                origin, gname, want);
    }
    double grid, from, to;
    switch (g) {
    case OSTREC_GROUP_MOOD:
        if ((rc = read_number(db, origin, group, gname, "tag_share", 0, 1, 0, &m->mood_tag_share)) ||
            (rc = read_number(db, origin, group, gname, "grid", 2, 32, 1, &grid)) ||
            (rc = read_number(db, origin, group, gname, "width", 0.01, 4, 0, &m->mood_width)))
            return rc;
        m->mood_grid = (int)grid;
        /* Optional (0 and 1 keep the tags exact and equal, as files before them). */
        m->mood_tag_width = 0;
        m->mood_tag_decay = 1;
        if (cJSON_GetObjectItemCaseSensitive(group, "tag_width") &&
            (rc = read_number(db, origin, group, gname, "tag_width", 0, 4, 0, &m->mood_tag_width)))
            return rc;
        if (cJSON_GetObjectItemCaseSensitive(group, "tag_decay") &&
            (rc = read_number(db, origin, group, gname, "tag_decay", 0.05, 1, 0, &m->mood_tag_decay)))
            return rc;
        return OSTREC_OK;
    case OSTREC_GROUP_ERA:
        if ((rc = read_number(db, origin, group, gname, "from", OSTREC_YEAR_MIN, OSTREC_YEAR_MAX, 1, &from)) ||
            (rc = read_number(db, origin, group, gname, "to", OSTREC_YEAR_MIN, OSTREC_YEAR_MAX, 1, &to)) ||
            (rc = read_number(db, origin, group, gname, "step", 0.25, 10, 0, &m->era_step)) ||
            (rc = read_number(db, origin, group, gname, "width", 0.1, 50, 0, &m->era_width)))
            return rc;
        if (to <= from)
            return ostrec__fail(db, OSTREC_EDATA, "%s: groups.era.to: must be after groups.era.from", origin);
        m->era_from = from;
        m->era_points = (int)floor((to - from) / m->era_step + 1e-9) + 1;
        if (m->era_points > 256)
            return ostrec__fail(db, OSTREC_EDATA, "%s: groups.era.step: more than 256 centres from %g to %g",
                                origin, from, to);
        return OSTREC_OK;
    default:
        return OSTREC_OK;
    }
}

int model_parse(ostrec *db, const char *json_text, const char *origin, ostrec_model *m)
{
    memset(m, 0, sizeof *m);
    cJSON *root = cJSON_Parse(json_text);
    int rc = OSTREC_OK;
    if (root == NULL) {
        rc = ostrec__fail(db, OSTREC_EDATA, "%s: not valid JSON", origin);
        goto done;
    }
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (!cJSON_IsString(name) || name->valuestring[0] == '\0' || strlen(name->valuestring) >= sizeof m->name) {
        rc = ostrec__fail(db, OSTREC_EDATA, "%s: name: expected a string of 1 to %zu bytes", origin,
                          sizeof m->name - 1);
        goto done;
    }
    strcpy(m->name, name->valuestring);
    for (const cJSON *item = root->child; item; item = item->next)
        if (strcmp(item->string, "name") != 0 && strcmp(item->string, "about") != 0 &&
            strcmp(item->string, "groups") != 0) {
            rc = ostrec__fail(db, OSTREC_EDATA, "%s: %s: unknown field (expected name, about, groups)",
                              origin, item->string);
            goto done;
        }
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(root, "groups");
    if (!cJSON_IsObject(groups)) {
        rc = ostrec__fail(db, OSTREC_EDATA, "%s: groups: expected an object with one member per group", origin);
        goto done;
    }
    for (const cJSON *item = groups->child; item; item = item->next) {
        int g = 0;
        while (g < OSTREC_GROUPS && strcmp(group_names[g], item->string) != 0) g++;
        if (g == OSTREC_GROUPS) {
            rc = ostrec__fail(db, OSTREC_EDATA,
                              "%s: groups.%s: unknown group (the groups are genre, mood, era, "
                              "vocal_style, artist_type, soundtrack, artist)",
                              origin, item->string);
            goto done;
        }
    }
    double total = 0;
    for (int g = 0; g < OSTREC_GROUPS; g++) {
        const cJSON *group = cJSON_GetObjectItemCaseSensitive(groups, group_names[g]);
        if (group == NULL && optional_group(g)) continue;
        if (group == NULL) {
            rc = ostrec__fail(db, OSTREC_EDATA, "%s: groups.%s: missing", origin, group_names[g]);
            goto done;
        }
        if ((rc = read_group(db, origin, group, (ostrec_group)g, m)) != OSTREC_OK) goto done;
        total += m->weight[g];
    }
    if (total <= 0) rc = ostrec__fail(db, OSTREC_EDATA, "%s: groups: at least one weight must be above 0", origin);
done:
    cJSON_Delete(root);
    return rc;
}

int ostrec_model_load(ostrec *db, const char *path, ostrec_model **out)
{
    *out = NULL;
    ostrec_model *m = malloc(sizeof *m);
    if (m == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    char *text = NULL;
    size_t len;
    int rc;
    if (path == NULL) {
        rc = model_parse(db, ostrec_default_model_json, "built-in model", m);
    } else if ((rc = file_read_all(db, path, &text, &len)) == OSTREC_OK) {
        rc = strlen(text) != len ? ostrec__fail(db, OSTREC_EDATA, "%s: contains a NUL byte", path)
                                 : model_parse(db, text, path, m);
    }
    free(text);
    if (rc != OSTREC_OK) {
        free(m);
        return rc;
    }
    *out = m;
    return OSTREC_OK;
}
