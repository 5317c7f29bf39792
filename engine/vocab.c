/* vocab.c: the controlled vocabularies (genres, moods with their place on the
 * valence/arousal plane, vocal styles, artist types) and named eras, read from
 * a JSON file with cJSON. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_keys[OSTREC_VOCAB_KINDS] = {
    "genres", "moods", "vocal_styles", "artist_types"};
static const char *const kind_names[OSTREC_VOCAB_KINDS] = {
    "genres", "moods", "vocal-styles", "artist-types"};

const char *ostrec_vocab_kind_name(ostrec_vocab_kind kind)
{
    return (unsigned)kind < OSTREC_VOCAB_KINDS ? kind_names[kind] : "";
}

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c != NULL) memcpy(c, s, n);
    return c;
}

/* An id is lowercase ASCII letters, digits and '-': what a user can type. */
static int valid_id(const char *s)
{
    if (*s == '\0') return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return 0;
    return 1;
}

/* A string member, or NULL when absent or not a string. */
static const char *member_string(const cJSON *obj, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

static int parse_term(ostrec_term *t, const cJSON *item, ostrec_vocab_kind kind,
                      const char *where, char *err, size_t errlen)
{
    const char *id = member_string(item, "id");
    if (id == NULL || !valid_id(id)) {
        snprintf(err, errlen, "%s.id: expected a word of lowercase letters, digits and '-'", where);
        return OSTREC_EDATA;
    }
    const char *name = member_string(item, "name");
    const char *about = member_string(item, "about");
    const char *ko = member_string(item, "ko");
    t->id = copy_string(id);
    t->name = copy_string(name ? name : id);
    t->about = copy_string(about ? about : "");
    t->ko = NULL;
    if (t->id == NULL || t->name == NULL || t->about == NULL) return OSTREC_ENOMEM;
    if (kind != OSTREC_VOCAB_MOODS) return OSTREC_OK;

    if (ko == NULL || *ko == '\0') {
        snprintf(err, errlen, "%s.ko: expected the mood's Korean name", where);
        return OSTREC_EDATA;
    }
    t->ko = copy_string(ko);
    if (t->ko == NULL) return OSTREC_ENOMEM;
    const char *axes[2] = {"valence", "arousal"};
    double *values[2] = {&t->valence, &t->arousal};
    for (int a = 0; a < 2; a++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, axes[a]);
        if (!cJSON_IsNumber(v) || v->valuedouble < -1.0 || v->valuedouble > 1.0) {
            snprintf(err, errlen, "%s.%s: expected a number in [-1, 1]", where, axes[a]);
            return OSTREC_EDATA;
        }
        *values[a] = v->valuedouble;
    }
    return OSTREC_OK;
}

static int parse_kind(vocab_list *list, const cJSON *root, ostrec_vocab_kind kind,
                      const char *origin, char *err, size_t errlen)
{
    const char *key = kind_keys[kind];
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
        snprintf(err, errlen, "%s: %s: expected a non-empty array of words", origin, key);
        return OSTREC_EDATA;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr);
    list->terms = calloc(n, sizeof *list->terms);
    if (list->terms == NULL) return OSTREC_ENOMEM;
    const cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        char where[256];
        snprintf(where, sizeof where, "%s: %s[%zu]", origin, key, list->count);
        if (!cJSON_IsObject(item)) {
            snprintf(err, errlen, "%s: expected an object", where);
            return OSTREC_EDATA;
        }
        ostrec_term *t = &list->terms[list->count++];
        int rc = parse_term(t, item, kind, where, err, errlen);
        if (rc != OSTREC_OK) return rc;
        for (size_t k = 0; k + 1 < list->count; k++)
            if (strcmp(list->terms[k].id, t->id) == 0) {
                snprintf(err, errlen, "%s.id: '%s' appears twice", where, t->id);
                return OSTREC_EDATA;
            }
    }
    return OSTREC_OK;
}

static int parse_eras(vocab *v, const cJSON *root, const char *origin, char *err, size_t errlen)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "eras");
    if (arr == NULL) return OSTREC_OK; /* eras are optional */
    if (!cJSON_IsArray(arr)) {
        snprintf(err, errlen, "%s: eras: expected an array", origin);
        return OSTREC_EDATA;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr);
    v->eras = calloc(n ? n : 1, sizeof *v->eras);
    if (v->eras == NULL) return OSTREC_ENOMEM;
    const cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        ostrec_era *e = &v->eras[v->era_count++];
        const char *id = member_string(item, "id");
        const char *name = member_string(item, "name");
        const cJSON *from = cJSON_GetObjectItemCaseSensitive(item, "from");
        const cJSON *to = cJSON_GetObjectItemCaseSensitive(item, "to");
        if (id == NULL || !valid_id(id) || !cJSON_IsNumber(from) || !cJSON_IsNumber(to) ||
            from->valueint > to->valueint) {
            snprintf(err, errlen, "%s: eras[%zu]: expected {\"id\", \"name\", \"from\", \"to\"} "
                     "with from <= to", origin, v->era_count - 1);
            return OSTREC_EDATA;
        }
        e->id = copy_string(id);
        e->name = copy_string(name ? name : id);
        e->from = from->valueint;
        e->to = to->valueint;
        if (e->id == NULL || e->name == NULL) return OSTREC_ENOMEM;
    }
    return OSTREC_OK;
}

int vocab_parse(vocab *out, const char *json_text, const char *origin, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    int rc = OSTREC_OK;
    cJSON *root = cJSON_Parse(json_text);
    if (root == NULL || !cJSON_IsObject(root)) {
        snprintf(err, errlen, "%s: not a JSON object", origin);
        rc = OSTREC_EDATA;
        goto done;
    }
    for (int k = 0; k < OSTREC_VOCAB_KINDS && rc == OSTREC_OK; k++)
        rc = parse_kind(&out->kinds[k], root, (ostrec_vocab_kind)k, origin, err, errlen);
    if (rc == OSTREC_OK) rc = parse_eras(out, root, origin, err, errlen);
done:
    cJSON_Delete(root);
    if (rc == OSTREC_ENOMEM) snprintf(err, errlen, "%s: out of memory", origin);
    if (rc != OSTREC_OK) vocab_release(out);
    return rc;
}

void vocab_release(vocab *v)
{
    for (int k = 0; k < OSTREC_VOCAB_KINDS; k++) {
        for (size_t i = 0; i < v->kinds[k].count; i++) {
            ostrec_term *t = &v->kinds[k].terms[i];
            free((char *)t->id);
            free((char *)t->name);
            free((char *)t->about);
            free((char *)t->ko);
        }
        free(v->kinds[k].terms);
    }
    for (size_t i = 0; i < v->era_count; i++) {
        free((char *)v->eras[i].id);
        free((char *)v->eras[i].name);
    }
    free(v->eras);
    memset(v, 0, sizeof *v);
}

const ostrec_term *vocab_lookup(const vocab *v, ostrec_vocab_kind kind, const char *word)
{
    if ((unsigned)kind >= OSTREC_VOCAB_KINDS || word == NULL) return NULL;
    const vocab_list *l = &v->kinds[kind];
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->terms[i].id, word) == 0 || (l->terms[i].ko && strcmp(l->terms[i].ko, word) == 0))
            return &l->terms[i];
    return NULL;
}

const char *vocab_suggest(const vocab *v, ostrec_vocab_kind kind, const char *word)
{
    const vocab_list *l = &v->kinds[kind];
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < l->count; i++) {
        size_t d = edit_distance(word, l->terms[i].id);
        if (d < best_d) {
            best_d = d;
            best = l->terms[i].id;
        }
    }
    /* A suggestion further than half the word away is noise, not help. */
    size_t len = strlen(word);
    return best_d <= (len < 4 ? 2 : len / 2) ? best : NULL;
}

size_t ostrec_vocab_count(const ostrec *db, ostrec_vocab_kind kind)
{
    return (unsigned)kind < OSTREC_VOCAB_KINDS ? db->vocab.kinds[kind].count : 0;
}

const ostrec_term *ostrec_vocab_term(const ostrec *db, ostrec_vocab_kind kind, size_t i)
{
    if ((unsigned)kind >= OSTREC_VOCAB_KINDS || i >= db->vocab.kinds[kind].count) return NULL;
    return &db->vocab.kinds[kind].terms[i];
}

const ostrec_term *ostrec_vocab_find(const ostrec *db, ostrec_vocab_kind kind, const char *word)
{
    return vocab_lookup(&db->vocab, kind, word);
}

size_t ostrec_era_count(const ostrec *db) { return db->vocab.era_count; }

const ostrec_era *ostrec_era_at(const ostrec *db, size_t i)
{
    return i < db->vocab.era_count ? &db->vocab.eras[i] : NULL;
}

const ostrec_era *ostrec_era_of_year(const ostrec *db, int year)
{
    for (size_t i = 0; i < db->vocab.era_count; i++)
        if (year >= db->vocab.eras[i].from && year <= db->vocab.eras[i].to) return &db->vocab.eras[i];
    return NULL;
}

int vocab_positions(ostrec *db, ostrec_vocab_kind kind, const char *joined, size_t *out, size_t *count,
                    int64_t id)
{
    const vocab_list *list = &db->vocab.kinds[kind];
    char buf[OSTREC_FIELD_MAX + 1];
    snprintf(buf, sizeof buf, "%s", joined ? joined : "");
    *count = 0;
    for (char *save = NULL, *w = strtok_r(buf, ";", &save); w; w = strtok_r(NULL, ";", &save)) {
        const ostrec_term *t = vocab_lookup(&db->vocab, kind, w);
        if (t == NULL || *count == 3)
            return ostrec__fail(db, OSTREC_EDATA, "song %lld: %s: '%s' is not in the vocabulary",
                                (long long)id, ostrec_vocab_kind_name(kind), w);
        out[(*count)++] = (size_t)(t - list->terms);
    }
    return OSTREC_OK;
}

int ostrec_song_mood_point(ostrec *db, const ostrec_song *song, double *valence, double *arousal)
{
    size_t moods[3], n;
    int rc = vocab_positions(db, OSTREC_VOCAB_MOODS, song ? song->moods : NULL, moods, &n, song ? song->id : 0);
    if (rc != OSTREC_OK) return rc;
    if (n == 0) return ostrec__fail(db, OSTREC_EDATA, "moods: the song names no mood");
    const ostrec_term *terms = db->vocab.kinds[OSTREC_VOCAB_MOODS].terms;
    double v = 0, a = 0;
    for (size_t i = 0; i < n; i++) {
        v += terms[moods[i]].valence;
        a += terms[moods[i]].arousal;
    }
    *valence = v / (double)n;
    *arousal = a / (double)n;
    return OSTREC_OK;
}
