/* artists.c: the artists file (data/artists.csv, or its JSON form): one
 * person or group a row with its canonical name, Korean name, aliases,
 * artist type and groups, read and checked whole, stored in one transaction,
 * and written back in the same bytes. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { A_NAME, A_NAME_KO, A_ALIASES, A_TYPE, A_MEMBER_OF, A_COLUMNS };
static const char *const artist_columns[A_COLUMNS] = {"name", "name_ko", "aliases", "artist_type", "member_of"};

/* One artist as read: its fields (owned copies) and the line it came from. */
typedef struct {
    char *field[A_COLUMNS];
    size_t line;
} artist_entry;

typedef struct {
    ostrec *db;
    const char *path;
    artist_entry *items;
    size_t count, cap;
    int header_done;
    size_t column_of[CSV_MAX_COLUMNS];
    size_t header_count;
} artist_file;

static void artist_file_release(artist_file *f)
{
    for (size_t i = 0; i < f->count; i++)
        for (int c = 0; c < A_COLUMNS; c++) free(f->items[i].field[c]);
    free(f->items);
    f->items = NULL;
    f->count = f->cap = 0;
}

static size_t artist_column(const char *name)
{
    size_t c = 0;
    while (c < A_COLUMNS && strcmp(name, artist_columns[c]) != 0) c++;
    return c;
}

/* A ';'-joined list: no empty item, no space at either end of one. */
static int check_names(ostrec *db, const char *where, const char *field, const char *value)
{
    if (*value == '\0') return OSTREC_OK;
    for (const char *p = value;;) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0 || *p == ' ' || p[n - 1] == ' ')
            return ostrec__fail(db, OSTREC_EDATA,
                                "%s: %s: expected names joined by ';', found an empty one or one with a space at an end",
                                where, field);
        if (end == NULL) return OSTREC_OK;
        p = end + 1;
    }
}

/* Check one artist's fields and keep copies of them. */
static int add_entry(artist_file *f, const char *const fields[A_COLUMNS], size_t line, const char *where)
{
    ostrec *db = f->db;
    for (int c = 0; c < A_COLUMNS; c++) {
        size_t n = strlen(fields[c]);
        if (c == A_NAME && n == 0) return ostrec__fail(db, OSTREC_EDATA, "%s: name: expected a value, found nothing", where);
        if (n > OSTREC_FIELD_MAX)
            return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected at most %d bytes, found %zu", where,
                                artist_columns[c], OSTREC_FIELD_MAX, n);
        size_t bad = utf8_invalid_at(fields[c], n);
        if (bad)
            return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected UTF-8 text, found an invalid byte at byte %zu",
                                where, artist_columns[c], bad);
    }
    const char *name = fields[A_NAME];
    if (*name == ' ' || name[strlen(name) - 1] == ' ' || strchr(name, ';') != NULL || strncmp(name, "feat:", 5) == 0)
        return ostrec__fail(db, OSTREC_EDATA, "%s: name: expected a name without ';', \"feat:\" or a space at an end, found '%s'",
                            where, name);
    int rc = check_names(db, where, "aliases", fields[A_ALIASES]);
    if (rc == OSTREC_OK) rc = check_names(db, where, "member_of", fields[A_MEMBER_OF]);
    if (rc != OSTREC_OK) return rc;
    if (joined_has(fields[A_ALIASES], name, strlen(name)))
        return ostrec__fail(db, OSTREC_EDATA, "%s: aliases: expected other spellings, found the name '%s' itself", where, name);
    if (joined_has(fields[A_MEMBER_OF], name, strlen(name)))
        return ostrec__fail(db, OSTREC_EDATA, "%s: member_of: '%s' cannot be a member of itself", where, name);
    if (*fields[A_TYPE] && vocab_lookup(&db->vocab, OSTREC_VOCAB_ARTIST_TYPES, fields[A_TYPE]) == NULL)
        return ostrec__fail(db, OSTREC_EDATA, "%s: artist_type: unknown artist type '%s' (see 'ostrec vocab artist_types')",
                            where, fields[A_TYPE]);
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->items[i].field[A_NAME], name) == 0)
            return ostrec__fail(db, OSTREC_EDATA, "%s: name: expected a unique name, found '%s' again (first on line %zu)",
                                where, name, f->items[i].line);
    if (f->count == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 256;
        artist_entry *bigger = realloc(f->items, cap * sizeof *bigger);
        if (bigger == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "%s: out of memory", where);
        f->items = bigger;
        f->cap = cap;
    }
    artist_entry *e = &f->items[f->count];
    memset(e, 0, sizeof *e);
    e->line = line;
    for (int c = 0; c < A_COLUMNS; c++) {
        size_t n = strlen(fields[c]);
        if ((e->field[c] = malloc(n + 1)) == NULL) {
            for (int d = 0; d < c; d++) free(e->field[d]);
            return ostrec__fail(db, OSTREC_ENOMEM, "%s: out of memory", where);
        }
        memcpy(e->field[c], fields[c], n + 1);
    }
    f->count++;
    return OSTREC_OK;
}

static int csv_artist_row(void *user, const char *const *fields, size_t count, size_t found, size_t line)
{
    artist_file *f = user;
    if (!f->header_done) {
        int present[A_COLUMNS] = {0};
        for (size_t i = 0; i < count; i++) {
            size_t c = f->column_of[i] = artist_column(fields[i]);
            if (c == A_COLUMNS)
                return ostrec__fail(f->db, OSTREC_EDATA, "%s:%zu: header: unknown column '%s' (an artists file has "
                                    "name,name_ko,aliases,artist_type,member_of)", f->path, line, fields[i]);
            if (present[c]++)
                return ostrec__fail(f->db, OSTREC_EDATA, "%s:%zu: header: column '%s' appears twice", f->path, line,
                                    fields[i]);
        }
        if (!present[A_NAME])
            return ostrec__fail(f->db, OSTREC_EDATA, "%s:%zu: header: expected a column 'name'", f->path, line);
        f->header_count = count;
        f->header_done = 1;
        return OSTREC_OK;
    }
    char where[1024];
    snprintf(where, sizeof where, "%s:%zu", f->path, line);
    if (found != f->header_count)
        return ostrec__fail(f->db, OSTREC_EDATA, "%s: row: expected %zu fields as in the header, found %zu", where,
                            f->header_count, found);
    const char *row[A_COLUMNS] = {"", "", "", "", ""};
    for (size_t i = 0; i < count; i++) row[f->column_of[i]] = fields[i];
    return add_entry(f, row, line, where);
}

/* Join a JSON array of strings with ';' into a malloc'd text; NULL item: "". */
static int json_join(artist_file *f, const char *where, const char *key, const cJSON *item, char **out)
{
    *out = NULL;
    size_t size = 1;
    const cJSON *s;
    if (item != NULL && !cJSON_IsNull(item)) {
        if (!cJSON_IsArray(item))
            return ostrec__fail(f->db, OSTREC_EDATA, "%s: %s: expected an array of names", where, key);
        cJSON_ArrayForEach(s, item)
        {
            if (!cJSON_IsString(s) || strchr(s->valuestring, ';') != NULL)
                return ostrec__fail(f->db, OSTREC_EDATA, "%s: %s: expected names (strings without ';')", where, key);
            size += strlen(s->valuestring) + 1;
        }
    }
    if ((*out = malloc(size)) == NULL) return ostrec__fail(f->db, OSTREC_ENOMEM, "%s: out of memory", where);
    size_t used = 0;
    (*out)[0] = '\0';
    if (item != NULL && cJSON_IsArray(item))
        cJSON_ArrayForEach(s, item)
        {
            size_t n = strlen(s->valuestring);
            if (used) (*out)[used++] = ';';
            memcpy(*out + used, s->valuestring, n + 1);
            used += n;
        }
    return OSTREC_OK;
}

static int json_artists(artist_file *f, const char *text, size_t len)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (root == NULL)
        return ostrec__fail(f->db, OSTREC_EDATA, "%s: expected valid JSON, which stops being valid at byte %zu", f->path,
                            (size_t)(end ? end - text : 0) + 1);
    const cJSON *list = cJSON_IsArray(root) ? root : cJSON_GetObjectItemCaseSensitive(root, "artists");
    int rc = OSTREC_OK;
    if (!cJSON_IsArray(list))
        rc = ostrec__fail(f->db, OSTREC_EDATA, "%s: artists: expected an array of artists, or {\"artists\": [...]}", f->path);
    size_t i = 0;
    const cJSON *a;
    if (rc == OSTREC_OK)
        cJSON_ArrayForEach(a, list)
        {
            char where[1024];
            snprintf(where, sizeof where, "%s: artists[%zu]", f->path, i++);
            if (!cJSON_IsObject(a)) {
                rc = ostrec__fail(f->db, OSTREC_EDATA, "%s: expected an artist object", where);
                break;
            }
            const cJSON *item;
            cJSON_ArrayForEach(item, a)
            if (artist_column(item->string) == A_COLUMNS) {
                rc = ostrec__fail(f->db, OSTREC_EDATA, "%s: %s: unknown field", where, item->string);
                break;
            }
            char *joined[2] = {NULL, NULL};
            const char *fields[A_COLUMNS] = {"", "", "", "", ""};
            static const int texts[] = {A_NAME, A_NAME_KO, A_TYPE};
            for (size_t t = 0; rc == OSTREC_OK && t < sizeof texts / sizeof texts[0]; t++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, artist_columns[texts[t]]);
                if (v == NULL || (cJSON_IsNull(v) && texts[t] == A_TYPE)) continue;
                if (!cJSON_IsString(v)) rc = ostrec__fail(f->db, OSTREC_EDATA, "%s: %s: expected a string", where,
                                                          artist_columns[texts[t]]);
                else fields[texts[t]] = v->valuestring;
            }
            if (rc == OSTREC_OK)
                rc = json_join(f, where, "aliases", cJSON_GetObjectItemCaseSensitive(a, "aliases"), &joined[0]);
            if (rc == OSTREC_OK)
                rc = json_join(f, where, "member_of", cJSON_GetObjectItemCaseSensitive(a, "member_of"), &joined[1]);
            if (rc == OSTREC_OK) {
                fields[A_ALIASES] = joined[0];
                fields[A_MEMBER_OF] = joined[1];
                rc = add_entry(f, fields, i, where);
            }
            free(joined[0]);
            free(joined[1]);
            if (rc != OSTREC_OK) break;
        }
    cJSON_Delete(root);
    return rc;
}

/* ---- storing ---- */

static int prepare(ostrec *db, const char *sql, sqlite3_stmt **stmt)
{
    return sqlite3_prepare_v2(db->sql, sql, -1, stmt, NULL) == SQLITE_OK ? OSTREC_OK : ostrec__fail_sql(db, "artists");
}

/* Step a bound statement to its end (or its one row, when `id` is given:
 * then *id is its first column, or 0 when it gave none), then reset it. */
static int run(ostrec *db, sqlite3_stmt *stmt, int64_t *id)
{
    int step = sqlite3_step(stmt);
    if (id != NULL) *id = step == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    int ok = step == SQLITE_DONE || (id != NULL && step == SQLITE_ROW);
    if (sqlite3_reset(stmt) != SQLITE_OK || !ok) return ostrec__fail_sql(db, "artists");
    sqlite3_clear_bindings(stmt);
    return OSTREC_OK;
}

enum { S_FIND, S_UPSERT, S_CLEAR_ALIASES, S_ALIAS, S_CLEAR_GROUPS, S_GROUP, S_COUNT };

/* Call fn for each name of a ';'-joined list. */
static int each_name(const char *list, int (*fn)(void *, const char *, size_t), void *user)
{
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        int rc = fn(user, p, n);
        if (rc != OSTREC_OK || end == NULL) return rc;
        p = end + 1;
    }
    return OSTREC_OK;
}

typedef struct {
    ostrec *db;
    sqlite3_stmt **stmt;
    int64_t id;
    const char *where;
} name_step;

static int put_alias(void *user, const char *name, size_t n)
{
    name_step *s = user;
    sqlite3_bind_int64(s->stmt[S_ALIAS], 1, s->id);
    sqlite3_bind_text(s->stmt[S_ALIAS], 2, name, (int)n, SQLITE_STATIC);
    return run(s->db, s->stmt[S_ALIAS], NULL);
}

static int put_group(void *user, const char *name, size_t n)
{
    name_step *s = user;
    int64_t group = 0;
    sqlite3_bind_text(s->stmt[S_FIND], 1, name, (int)n, SQLITE_STATIC);
    int rc = run(s->db, s->stmt[S_FIND], &group);
    if (rc != OSTREC_OK) return rc;
    if (group == 0)
        return ostrec__fail(s->db, OSTREC_EDATA, "%s: member_of: '%.*s' is not an artist of the file or the catalog",
                            s->where, (int)n, name);
    sqlite3_bind_int64(s->stmt[S_GROUP], 1, s->id);
    sqlite3_bind_int64(s->stmt[S_GROUP], 2, group);
    return run(s->db, s->stmt[S_GROUP], NULL);
}

/* Store every artist: names first (so a group may come after its members in
 * the file), then each one's aliases and groups, replacing what it had. */
static int store_artists(ostrec *db, const artist_file *f, ostrec_import_result *result)
{
    static const char *const sql[S_COUNT] = {
        [S_FIND] = "SELECT id FROM artists WHERE name = ?1",
        [S_UPSERT] = ("INSERT INTO artists (name, name_ko, artist_type) VALUES (?1, ?2, ?3) "
                      "ON CONFLICT (name) DO UPDATE SET name_ko = excluded.name_ko, artist_type = excluded.artist_type"),
        [S_CLEAR_ALIASES] = "DELETE FROM artist_aliases WHERE artist_id = ?1",
        [S_ALIAS] = "INSERT OR IGNORE INTO artist_aliases (artist_id, alias) VALUES (?1, ?2)",
        [S_CLEAR_GROUPS] = "DELETE FROM artist_groups WHERE member_id = ?1",
        [S_GROUP] = "INSERT OR IGNORE INTO artist_groups (member_id, group_id) VALUES (?1, ?2)"};
    sqlite3_stmt *stmt[S_COUNT] = {0};
    int rc = OSTREC_OK;
    for (int i = 0; i < S_COUNT && rc == OSTREC_OK; i++) rc = prepare(db, sql[i], &stmt[i]);
    int64_t *ids = rc == OSTREC_OK ? malloc((f->count ? f->count : 1) * sizeof *ids) : NULL;
    if (rc == OSTREC_OK && ids == NULL) rc = ostrec__fail(db, OSTREC_ENOMEM, "artists: out of memory");
    for (size_t i = 0; i < f->count && rc == OSTREC_OK; i++) {
        const artist_entry *e = &f->items[i];
        int64_t found = 0;
        sqlite3_bind_text(stmt[S_FIND], 1, e->field[A_NAME], -1, SQLITE_STATIC);
        if ((rc = run(db, stmt[S_FIND], &found)) != OSTREC_OK) break;
        sqlite3_bind_text(stmt[S_UPSERT], 1, e->field[A_NAME], -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt[S_UPSERT], 2, e->field[A_NAME_KO], -1, SQLITE_STATIC);
        if (*e->field[A_TYPE]) sqlite3_bind_text(stmt[S_UPSERT], 3, e->field[A_TYPE], -1, SQLITE_STATIC);
        if ((rc = run(db, stmt[S_UPSERT], NULL)) != OSTREC_OK) break;
        sqlite3_bind_text(stmt[S_FIND], 1, e->field[A_NAME], -1, SQLITE_STATIC);
        if ((rc = run(db, stmt[S_FIND], &ids[i])) != OSTREC_OK) break;
        result->rows++;
        if (found) result->updated++;
        else result->added++;
    }
    for (size_t i = 0; i < f->count && rc == OSTREC_OK; i++) {
        const artist_entry *e = &f->items[i];
        char where[1024];
        snprintf(where, sizeof where, "%s:%zu", f->path, e->line);
        name_step s = {db, stmt, ids[i], where};
        sqlite3_bind_int64(stmt[S_CLEAR_ALIASES], 1, ids[i]);
        sqlite3_bind_int64(stmt[S_CLEAR_GROUPS], 1, ids[i]);
        if ((rc = run(db, stmt[S_CLEAR_ALIASES], NULL)) == OSTREC_OK &&
            (rc = run(db, stmt[S_CLEAR_GROUPS], NULL)) == OSTREC_OK &&
            (rc = each_name(e->field[A_ALIASES], put_alias, &s)) == OSTREC_OK)
            rc = each_name(e->field[A_MEMBER_OF], put_group, &s);
    }
    free(ids);
    for (int i = 0; i < S_COUNT; i++) sqlite3_finalize(stmt[i]);
    return rc;
}

int ostrec_import_artists(ostrec *db, const char *path, ostrec_format format, ostrec_import_result *result)
{
    ostrec_import_result ignored;
    if (result == NULL) result = &ignored;
    memset(result, 0, sizeof *result);
    ostrec__clear_error(db);
    if (path == NULL) return ostrec__fail(db, OSTREC_EINVAL, "no file to import");
    if (format == OSTREC_FORMAT_AUTO) {
        const char *dot = strrchr(path, '.');
        if (dot != NULL && strcasecmp(dot, ".json") == 0) format = OSTREC_FORMAT_JSON;
        else if (dot != NULL && strcasecmp(dot, ".csv") == 0) format = OSTREC_FORMAT_CSV;
        else return ostrec__fail(db, OSTREC_EINVAL, "%s: cannot tell the format from the name: expected .csv or .json", path);
    }
    char *text = NULL;
    size_t len = 0;
    int rc = file_read_all(db, path, &text, &len);
    if (rc != OSTREC_OK) return rc;
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    artist_file f = {.db = db, .path = path};
    if (format == OSTREC_FORMAT_CSV) {
        rc = csv_read_rows(db, path, text + skip, len - skip, csv_artist_row, &f);
        if (rc == OSTREC_OK && !f.header_done)
            rc = ostrec__fail(db, OSTREC_EDATA, "%s:1: header: expected a first line naming the columns, found an empty file", path);
    } else {
        rc = json_artists(&f, text + skip, len - skip);
    }
    free(text);
    if (rc == OSTREC_OK && (rc = store_write_begin(db, "artists")) == OSTREC_OK) {
        rc = store_artists(db, &f, result);
        if (rc == OSTREC_OK) rc = store_write_commit(db, "artists");
        if (rc != OSTREC_OK) {
            store_rollback(db);
            memset(result, 0, sizeof *result);
        }
    }
    artist_file_release(&f);
    return rc;
}

/* ---- writing ---- */

#define ARTIST_SELECT                                                                                       \
    "SELECT a.name, a.name_ko, "                                                                            \
    "coalesce((SELECT group_concat(alias, ';') FROM (SELECT alias FROM artist_aliases "                     \
    "  WHERE artist_id = a.id ORDER BY alias)), ''), coalesce(a.artist_type, ''), "                        \
    "coalesce((SELECT group_concat(name, ';') FROM (SELECT g.name FROM artist_groups m JOIN artists g "     \
    "  ON g.id = m.group_id WHERE m.member_id = a.id ORDER BY g.name)), '') FROM artists a ORDER BY a.name"

static cJSON *artist_json(sqlite3_stmt *stmt)
{
    const char *v[A_COLUMNS];
    for (int c = 0; c < A_COLUMNS; c++) {
        const unsigned char *t = sqlite3_column_text(stmt, c);
        v[c] = t ? (const char *)t : "";
    }
    cJSON *o = cJSON_CreateObject();
    int ok = o != NULL && cJSON_AddStringToObject(o, "name", v[A_NAME]) != NULL &&
             cJSON_AddStringToObject(o, "name_ko", v[A_NAME_KO]) != NULL;
    cJSON *aliases = ok ? joined_json_array(v[A_ALIASES]) : NULL;
    ok = ok && aliases != NULL && cJSON_AddItemToObject(o, "aliases", aliases);
    if (!ok) cJSON_Delete(aliases);
    ok = ok && (*v[A_TYPE] ? cJSON_AddStringToObject(o, "artist_type", v[A_TYPE]) : cJSON_AddNullToObject(o, "artist_type")) != NULL;
    cJSON *groups = ok ? joined_json_array(v[A_MEMBER_OF]) : NULL;
    ok = ok && groups != NULL && cJSON_AddItemToObject(o, "member_of", groups);
    if (!ok) {
        cJSON_Delete(groups);
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

int ostrec_export_artists(ostrec *db, FILE *out, ostrec_format format)
{
    ostrec__clear_error(db);
    if (out == NULL || (format != OSTREC_FORMAT_CSV && format != OSTREC_FORMAT_JSON))
        return ostrec__fail(db, OSTREC_EINVAL, "export: expected an output and a format (csv or json)");
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db->sql, ARTIST_SELECT, -1, &stmt, NULL) != SQLITE_OK) return ostrec__fail_sql(db, "export");
    int rc = OSTREC_OK, ok = 1, step;
    cJSON *root = NULL, *list = NULL;
    if (format == OSTREC_FORMAT_CSV) {
        for (int c = 0; c < A_COLUMNS && ok; c++) ok = csv_write_field(out, artist_columns[c], c + 1 == A_COLUMNS);
    } else {
        root = cJSON_CreateObject();
        ok = root != NULL && cJSON_AddStringToObject(root, "format", "ostrec-artists") != NULL &&
             cJSON_AddNumberToObject(root, "version", 1) != NULL && (list = cJSON_AddArrayToObject(root, "artists")) != NULL;
        if (!ok) rc = ostrec__fail(db, OSTREC_ENOMEM, "export: out of memory");
    }
    while (ok && rc == OSTREC_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (format == OSTREC_FORMAT_CSV) {
            for (int c = 0; c < A_COLUMNS && ok; c++) {
                const unsigned char *t = sqlite3_column_text(stmt, c);
                ok = csv_write_field(out, t ? (const char *)t : "", c + 1 == A_COLUMNS);
            }
        } else {
            cJSON *o = artist_json(stmt);
            if (o == NULL || !cJSON_AddItemToArray(list, o)) {
                cJSON_Delete(o);
                rc = ostrec__fail(db, OSTREC_ENOMEM, "export: out of memory");
            }
        }
    }
    if (ok && rc == OSTREC_OK && step != SQLITE_DONE) rc = ostrec__fail_sql(db, "export");
    sqlite3_finalize(stmt);
    if (ok && rc == OSTREC_OK && root != NULL) {
        char *text = cJSON_Print(root);
        if (text == NULL) rc = ostrec__fail(db, OSTREC_ENOMEM, "export: out of memory");
        else ok = fputs(text, out) >= 0 && fputc('\n', out) != EOF;
        free(text);
    }
    cJSON_Delete(root);
    if (rc == OSTREC_OK && (!ok || fflush(out) != 0)) rc = ostrec__fail(db, OSTREC_EIO, "export: cannot write the output");
    return rc;
}
