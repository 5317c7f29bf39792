/* profile_io.c: a profile as JSON and back: ostrec_profile_export writes
 * every like, dislike and play; ostrec_profile_import reads such a file,
 * checked whole, into a profile in one transaction. */
#include "profile.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* title and artist of the song (null when the catalog lacks it), for reading. */
static int add_song_text(cJSON *obj, sqlite3_stmt *stmt, int title_col)
{
    const char *title = (const char *)sqlite3_column_text(stmt, title_col);
    const char *artist = (const char *)sqlite3_column_text(stmt, title_col + 1);
    return (title ? cJSON_AddStringToObject(obj, "title", title) : cJSON_AddNullToObject(obj, "title")) &&
           (artist ? cJSON_AddStringToObject(obj, "artist", artist) : cJSON_AddNullToObject(obj, "artist"));
}

static int export_opinions(ostrec *db, int64_t pid, int opinion, cJSON *array)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db->sql,
                                "SELECT o.song_id, o.at, s.title, s.artist FROM profile_opinions o "
                                "LEFT JOIN songs s ON s.id = o.song_id WHERE o.profile_id = ?1 AND o.opinion = ?2 "
                                "ORDER BY o.song_id",
                                -1, &stmt, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, 1, pid);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int(stmt, 2, opinion);
    int ok = rc == SQLITE_OK;
    while (ok && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        ok = o && cJSON_AddItemToArray(array, o) &&
             cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(stmt, 0)) &&
             cJSON_AddNumberToObject(o, "at", (double)sqlite3_column_int64(stmt, 1)) && add_song_text(o, stmt, 2);
    }
    sqlite3_finalize(stmt);
    if (!ok && rc == SQLITE_ROW) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    return rc == SQLITE_DONE ? OSTREC_OK : ostrec__fail_sql(db, "profile export");
}

static int export_plays(ostrec *db, int64_t pid, cJSON *array)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db->sql,
                                "SELECT p.song_id, p.played_at, p.origin, p.ms_played, p.skipped, s.title, s.artist "
                                "FROM profile_plays p LEFT JOIN songs s ON s.id = p.song_id WHERE p.profile_id = ?1 "
                                "ORDER BY p.played_at, p.song_id, p.origin",
                                -1, &stmt, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, 1, pid);
    int ok = rc == SQLITE_OK;
    while (ok && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        int ms_null = sqlite3_column_type(stmt, 3) == SQLITE_NULL, skip_null = sqlite3_column_type(stmt, 4) == SQLITE_NULL;
        ok = o && cJSON_AddItemToArray(array, o) &&
             cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(stmt, 0)) &&
             cJSON_AddNumberToObject(o, "played_at", (double)sqlite3_column_int64(stmt, 1)) &&
             cJSON_AddStringToObject(o, "origin", (const char *)sqlite3_column_text(stmt, 2)) &&
             (ms_null ? cJSON_AddNullToObject(o, "ms_played")
                      : cJSON_AddNumberToObject(o, "ms_played", (double)sqlite3_column_int64(stmt, 3))) &&
             (skip_null ? cJSON_AddNullToObject(o, "skipped")
                        : cJSON_AddBoolToObject(o, "skipped", sqlite3_column_int(stmt, 4))) &&
             add_song_text(o, stmt, 5);
    }
    sqlite3_finalize(stmt);
    if (!ok && rc == SQLITE_ROW) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    return rc == SQLITE_DONE ? OSTREC_OK : ostrec__fail_sql(db, "profile export");
}

int ostrec_profile_export(ostrec *db, const char *profile, FILE *out)
{
    ostrec__clear_error(db);
    int rc = profile_name_check(db, &profile);
    int64_t pid = 0;
    if (rc == OSTREC_OK) rc = profile_find(db, profile, 0, &pid);
    if (rc != OSTREC_OK) return rc;
    cJSON *root = cJSON_CreateObject(), *likes = cJSON_CreateArray(), *dislikes = cJSON_CreateArray(),
          *plays = cJSON_CreateArray();
    int ok = root && cJSON_AddStringToObject(root, "profile", profile);
    ok = ok && likes && cJSON_AddItemToObject(root, "likes", likes);
    if (!ok || !likes) cJSON_Delete(likes);
    ok = ok && dislikes && cJSON_AddItemToObject(root, "dislikes", dislikes);
    if (!ok || !dislikes) cJSON_Delete(dislikes);
    ok = ok && plays && cJSON_AddItemToObject(root, "plays", plays);
    if (!ok || !plays) cJSON_Delete(plays);
    if (!ok) rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    /* One read transaction, so the three lists are of one moment. */
    if (rc == OSTREC_OK && sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        rc = ostrec__fail_sql(db, "profile export");
    else if (rc == OSTREC_OK) {
        rc = export_opinions(db, pid, 1, likes);
        if (rc == OSTREC_OK) rc = export_opinions(db, pid, -1, dislikes);
        if (rc == OSTREC_OK) rc = export_plays(db, pid, plays);
        sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
    }
    char *text = rc == OSTREC_OK ? cJSON_Print(root) : NULL;
    if (rc == OSTREC_OK && text == NULL) rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    if (rc == OSTREC_OK && (fputs(text, out) == EOF || fputc('\n', out) == EOF))
        rc = ostrec__fail(db, OSTREC_EIO, "profile export: cannot write");
    free(text);
    cJSON_Delete(root);
    return rc;
}

/* ---- import ----------------------------------------------------------- */

/* A whole number in [min, 2^53] at item, or OSTREC_EDATA naming path. */
static int read_whole(ostrec *db, const char *where, const char *list, size_t i, const cJSON *o, const char *field,
                      double min, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < min ||
        v->valuedouble > 9007199254740992.0)
        return ostrec__fail(db, OSTREC_EDATA, "%s: %s[%zu].%s: expected a whole number >= %.0f", where, list, i, field,
                            min);
    *out = (int64_t)v->valuedouble;
    return OSTREC_OK;
}

static int import_opinions(ostrec *db, const char *path, const cJSON *root, const char *list, int opinion,
                           int64_t pid, sqlite3_stmt *put)
{
    const cJSON *array = cJSON_GetObjectItemCaseSensitive(root, list);
    if (array == NULL) return OSTREC_OK;
    if (!cJSON_IsArray(array)) return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected an array", path, list);
    size_t i = 0;
    for (const cJSON *o = array->child; o; o = o->next, i++) {
        int64_t id, at;
        if (!cJSON_IsObject(o)) return ostrec__fail(db, OSTREC_EDATA, "%s: %s[%zu]: expected an object", path, list, i);
        int rc = read_whole(db, path, list, i, o, "id", 1, &id);
        if (rc == OSTREC_OK) rc = read_whole(db, path, list, i, o, "at", 0, &at);
        if (rc != OSTREC_OK) return rc;
        sqlite3_reset(put);
        if (sqlite3_bind_int64(put, 1, pid) != SQLITE_OK || sqlite3_bind_int64(put, 2, id) != SQLITE_OK ||
            sqlite3_bind_int(put, 3, opinion) != SQLITE_OK || sqlite3_bind_int64(put, 4, at) != SQLITE_OK ||
            sqlite3_step(put) != SQLITE_DONE)
            return ostrec__fail_sql(db, "profile import");
    }
    return OSTREC_OK;
}

static int import_plays(ostrec *db, const char *path, const cJSON *root, int64_t pid, sqlite3_stmt *put)
{
    const cJSON *array = cJSON_GetObjectItemCaseSensitive(root, "plays");
    if (array == NULL) return OSTREC_OK;
    if (!cJSON_IsArray(array)) return ostrec__fail(db, OSTREC_EDATA, "%s: plays: expected an array", path);
    size_t i = 0;
    for (const cJSON *o = array->child; o; o = o->next, i++) {
        int64_t id, played_at, ms = -1;
        if (!cJSON_IsObject(o)) return ostrec__fail(db, OSTREC_EDATA, "%s: plays[%zu]: expected an object", path, i);
        int rc = read_whole(db, path, "plays", i, o, "id", 1, &id);
        if (rc == OSTREC_OK) rc = read_whole(db, path, "plays", i, o, "played_at", 0, &played_at);
        const cJSON *origin = cJSON_GetObjectItemCaseSensitive(o, "origin");
        const cJSON *msv = cJSON_GetObjectItemCaseSensitive(o, "ms_played");
        const cJSON *skipped = cJSON_GetObjectItemCaseSensitive(o, "skipped");
        if (rc == OSTREC_OK && !cJSON_IsString(origin))
            rc = ostrec__fail(db, OSTREC_EDATA, "%s: plays[%zu].origin: expected a string", path, i);
        if (rc == OSTREC_OK && msv != NULL && !cJSON_IsNull(msv))
            rc = read_whole(db, path, "plays", i, o, "ms_played", 0, &ms);
        if (rc == OSTREC_OK && skipped != NULL && !cJSON_IsNull(skipped) && !cJSON_IsBool(skipped))
            rc = ostrec__fail(db, OSTREC_EDATA, "%s: plays[%zu].skipped: expected true, false or null", path, i);
        if (rc != OSTREC_OK) return rc;
        sqlite3_reset(put);
        int b = sqlite3_bind_int64(put, 1, pid);
        if (b == SQLITE_OK) b = sqlite3_bind_int64(put, 2, id);
        if (b == SQLITE_OK) b = sqlite3_bind_int64(put, 3, played_at);
        if (b == SQLITE_OK) b = sqlite3_bind_text(put, 4, origin->valuestring, -1, SQLITE_STATIC);
        if (b == SQLITE_OK) b = ms >= 0 ? sqlite3_bind_int64(put, 5, ms) : sqlite3_bind_null(put, 5);
        if (b == SQLITE_OK)
            b = cJSON_IsBool(skipped) ? sqlite3_bind_int(put, 6, cJSON_IsTrue(skipped)) : sqlite3_bind_null(put, 6);
        if (b != SQLITE_OK || sqlite3_step(put) != SQLITE_DONE) return ostrec__fail_sql(db, "profile import");
    }
    return OSTREC_OK;
}

/* The profile named by the caller, else by the file. */
static int import_name(ostrec *db, const char *path, const cJSON *root, const char **profile)
{
    if (!cJSON_IsObject(root)) return ostrec__fail(db, OSTREC_EDATA, "%s: expected a JSON object", path);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "profile");
    if (*profile == NULL && !cJSON_IsString(name))
        return ostrec__fail(db, OSTREC_EDATA, "%s: profile: expected the profile's name", path);
    if (*profile == NULL) *profile = name->valuestring;
    return profile_name_check(db, profile);
}

int ostrec_profile_import(ostrec *db, const char *profile, const char *path)
{
    ostrec__clear_error(db);
    if (path == NULL) return ostrec__fail(db, OSTREC_EINVAL, "profile import: no file given");
    char *text = NULL;
    size_t len = 0;
    int rc = file_read_all(db, path, &text, &len);
    if (rc != OSTREC_OK) return rc;
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (root == NULL) {
        const char *at = cJSON_GetErrorPtr();
        size_t line = 1;
        for (const char *p = text; at && p < at && p < text + len; p++) line += *p == '\n';
        free(text);
        return ostrec__fail(db, OSTREC_EDATA, "%s:%zu: not valid JSON", path, line);
    }
    free(text);
    sqlite3_stmt *opinion = NULL, *play = NULL;
    int64_t pid = 0;
    if ((rc = import_name(db, path, root, &profile)) == OSTREC_OK && (rc = store_write_begin(db, "profile import")) == OSTREC_OK) {
        if (sqlite3_prepare_v2(db->sql, "INSERT OR REPLACE INTO profile_opinions (profile_id, song_id, opinion, at) "
                                        "VALUES (?1, ?2, ?3, ?4)", -1, &opinion, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(db->sql, "INSERT OR IGNORE INTO profile_plays (profile_id, song_id, played_at, origin, "
                                        "ms_played, skipped) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &play, NULL) != SQLITE_OK)
            rc = ostrec__fail_sql(db, "profile import");
        if (rc == OSTREC_OK) rc = profile_find(db, profile, 1, &pid);
        if (rc == OSTREC_OK) rc = import_opinions(db, path, root, "likes", 1, pid, opinion);
        if (rc == OSTREC_OK) rc = import_opinions(db, path, root, "dislikes", -1, pid, opinion);
        if (rc == OSTREC_OK) rc = import_plays(db, path, root, pid, play);
        sqlite3_finalize(opinion);
        sqlite3_finalize(play);
        if (rc == OSTREC_OK) rc = store_write_commit(db, "profile import");
        if (rc != OSTREC_OK) store_rollback(db);
    }
    cJSON_Delete(root);
    return rc;
}
