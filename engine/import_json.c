/* import_json.c: read catalog songs from JSON with cJSON: the shape
 * `ostrec export --format json` writes, or a bare array of song objects. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* Text of each field, converted from its JSON type. */
typedef struct {
    char text[SONG_COLUMN_COUNT][OSTREC_FIELD_MAX + 1];
} field_buffers;

static size_t line_of(const char *text, const char *at)
{
    size_t line = 1;
    for (const char *p = text; p < at; p++)
        if (*p == '\n') line++;
    return line;
}

/* cJSON reads the escape \u0000 as a NUL byte, which would silently end the
 * string there. Find the first such escape in a string of the (valid) JSON
 * text: its offset, or len if there is none; *key is then the object key
 * read last before it (the field it belongs to), or "a key" inside a key. */
static size_t find_nul_escape(const char *text, size_t len, char *key, size_t keysize)
{
    snprintf(key, keysize, "?");
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '"') continue;
        size_t start = ++i, found = len;
        for (; i < len && text[i] != '"'; i++) {
            if (text[i] != '\\') continue;
            if (found == len && i + 5 < len && memcmp(text + i + 1, "u0000", 5) == 0) found = i;
            i++; /* the escaped character */
        }
        size_t next = i + 1;
        while (next < len && (text[next] == ' ' || text[next] == '\t' || text[next] == '\r' || text[next] == '\n'))
            next++;
        int is_key = next < len && text[next] == ':';
        if (found != len) {
            if (is_key) snprintf(key, keysize, "a key");
            return found;
        }
        if (is_key) snprintf(key, keysize, "%.*s", (int)(i - start < keysize - 1 ? i - start : keysize - 1), text + start);
    }
    return len;
}

/* Join a JSON array of strings with ';' into buf. */
static int join_list(ostrec *db, const char *where, const char *key, const cJSON *arr, char *buf)
{
    size_t used = 0;
    const cJSON *item;
    buf[0] = '\0';
    cJSON_ArrayForEach(item, arr)
    {
        if (!cJSON_IsString(item))
            return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected an array of words (strings)", where, key);
        size_t n = strlen(item->valuestring);
        if (strchr(item->valuestring, ';') != NULL)
            return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected words without ';', found '%s'", where, key,
                                item->valuestring);
        if (used + n + 2 > OSTREC_FIELD_MAX)
            return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected at most %zu bytes in all", where, key,
                                (size_t)OSTREC_FIELD_MAX);
        if (used) buf[used++] = ';';
        memcpy(buf + used, item->valuestring, n + 1);
        used += n;
    }
    return OSTREC_OK;
}

static int read_song(ostrec *db, const cJSON *obj, const char *where, field_buffers *b, song_fields *f)
{
    memset(f, 0, sizeof *f);
    if (!cJSON_IsObject(obj)) return ostrec__fail(db, OSTREC_EDATA, "%s: expected a song object", where);
    const cJSON *item;
    cJSON_ArrayForEach(item, obj)
    {
        size_t c = song_column_index(item->string);
        if (c == SONG_COLUMN_COUNT)
            return ostrec__fail(db, OSTREC_EDATA, "%s: %s: unknown field", where, item->string);
        const char **slot = song_fields_slot(f, c);
        char *buf = b->text[c];
        const char *key = song_columns[c];
        int numeric = strcmp(key, "id") == 0 || strcmp(key, "year") == 0 || strcmp(key, "ost_part") == 0;
        int list = strcmp(key, "genres") == 0 || strcmp(key, "moods") == 0 || strcmp(key, "credits") == 0;
        int flag = strcmp(key, "instrumental") == 0;
        if (numeric && cJSON_IsNumber(item)) {
            /* Out of long long's range, the cast below is undefined: refuse first (-2^63 <= v < 2^63). */
            double v = item->valuedouble;
            if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0))
                return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected a whole number, found one out of range",
                                    where, key);
            if (item->valuedouble != (double)(long long)item->valuedouble)
                return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected a whole number", where, key);
            snprintf(buf, OSTREC_FIELD_MAX, "%lld", (long long)item->valuedouble);
            *slot = buf;
        } else if (cJSON_IsNull(item) && strcmp(key, "ost_part") == 0) {
            *slot = "";
        } else if (flag && cJSON_IsBool(item)) {
            *slot = cJSON_IsTrue(item) ? "yes" : "no";
        } else if (list && cJSON_IsArray(item)) {
            int rc = join_list(db, where, key, item, buf);
            if (rc != OSTREC_OK) return rc;
            *slot = buf;
        } else if (!numeric && !list && !flag && cJSON_IsString(item)) {
            *slot = item->valuestring;
        } else {
            return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected %s", where, key,
                                flag ? "true or false"
                                : list ? "an array of words"
                                : strcmp(key, "ost_part") == 0 ? "a number or null"
                                : numeric ? "a number" : "a string");
        }
    }
    return OSTREC_OK;
}

int import_json(ostrec *db, const char *path, const char *text, size_t len, song_batch *batch)
{
    const char *end = NULL;
    int rc = OSTREC_OK;
    id_seen seen = {0};
    field_buffers *bufs = NULL;
    song_row *row = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (root == NULL) {
        size_t at = end ? (size_t)(end - text) : 0;
        return ostrec__fail(db, OSTREC_EDATA, "%s:%zu: expected valid JSON, which stops being valid at byte %zu",
                            path, line_of(text, end ? end : text), at + 1);
    }
    char key[64];
    size_t nul = find_nul_escape(text, len, key, sizeof key);
    if (nul != len) {
        rc = ostrec__fail(db, OSTREC_EDATA, "%s:%zu: %s: expected text, found a NUL character (\\u0000)", path,
                          line_of(text, text + nul), key);
        goto done;
    }
    const cJSON *songs = cJSON_IsArray(root) ? root : cJSON_GetObjectItemCaseSensitive(root, "songs");
    if (!cJSON_IsArray(songs)) {
        rc = ostrec__fail(db, OSTREC_EDATA, "%s: songs: expected an array of songs, or {\"songs\": [...]}", path);
        goto done;
    }
    bufs = malloc(sizeof *bufs);
    row = malloc(sizeof *row);
    if (bufs == NULL || row == NULL) {
        rc = ostrec__fail(db, OSTREC_ENOMEM, "%s: out of memory", path);
        goto done;
    }
    size_t index = 0;
    const cJSON *obj;
    cJSON_ArrayForEach(obj, songs)
    {
        char where[1024];
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
        if (cJSON_IsNumber(id)) snprintf(where, sizeof where, "%s: songs[%zu] (id %.0f)", path, index, id->valuedouble);
        else snprintf(where, sizeof where, "%s: songs[%zu]", path, index);
        song_fields f;
        rc = read_song(db, obj, where, bufs, &f);
        if (rc == OSTREC_OK) rc = song_validate(db, &f, where, row);
        if (rc != OSTREC_OK) goto done;
        size_t first = 0;
        rc = id_seen_add(&seen, row->id, index, &first);
        if (rc == 1) {
            rc = ostrec__fail(db, OSTREC_EDATA, "%s: id: expected a unique id, found %lld again (first at songs[%zu])",
                              where, (long long)row->id, first);
            goto done;
        }
        if (rc == OSTREC_ENOMEM) {
            rc = ostrec__fail(db, OSTREC_ENOMEM, "%s: out of memory", where);
            goto done;
        }
        if (song_batch_add(batch, row) != OSTREC_OK) {
            rc = ostrec__fail(db, OSTREC_ENOMEM, "%s: out of memory", where);
            goto done;
        }
        index++;
    }
done:
    free(bufs);
    free(row);
    id_seen_release(&seen);
    cJSON_Delete(root);
    return rc;
}
