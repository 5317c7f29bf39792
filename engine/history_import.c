/* history_import.c: ostrec_history_import: read a history or playlist
 * (history_read.c), match each entry to a song (song_match.c), and add the
 * matched plays to a profile in one transaction, each play once. */
#include "history.h"
#include "song_match.h"

#include <string.h>

/* The name a playlist's entries are kept under: its file name alone. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int add_play(ostrec *db, sqlite3_stmt *put, int64_t profile, int64_t song, const history_entry *e,
                    const char *origin, size_t *added)
{
    sqlite3_reset(put);
    int rc = sqlite3_bind_int64(put, 1, profile);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(put, 2, song);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(put, 3, e->played_at);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(put, 4, e->played_at ? "" : origin, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = e->ms_played >= 0 ? sqlite3_bind_int64(put, 5, e->ms_played) : sqlite3_bind_null(put, 5);
    if (rc == SQLITE_OK) rc = e->skipped >= 0 ? sqlite3_bind_int(put, 6, e->skipped) : sqlite3_bind_null(put, 6);
    if (rc == SQLITE_OK) rc = sqlite3_step(put);
    if (rc != SQLITE_DONE) return ostrec__fail_sql(db, "history");
    *added += (size_t)sqlite3_changes(db->sql);
    return OSTREC_OK;
}

/* Match every entry and store the matched ones; misses go to on_miss. */
static int store_entries(ostrec *db, int64_t profile, const char *path, const history_entries *entries,
                         song_matcher *m, ostrec_history_result *res, ostrec_history_miss_fn on_miss, void *user)
{
    sqlite3_stmt *put = NULL;
    if (sqlite3_prepare_v2(db->sql,
                           "INSERT OR IGNORE INTO profile_plays (profile_id, song_id, played_at, origin, ms_played, "
                           "skipped) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           -1, &put, NULL) != SQLITE_OK)
        return ostrec__fail_sql(db, "history");
    int rc = OSTREC_OK;
    for (size_t i = 0; rc == OSTREC_OK && i < entries->count; i++) {
        const history_entry *e = &entries->items[i];
        int64_t song = 0;
        int found = song_matcher_find(m, e->title, e->artist, &song);
        if (found < 0) rc = found;
        else if (found == MATCH_ONE) {
            res->matched++;
            rc = add_play(db, put, profile, song, e, base_name(path), &res->added);
        } else {
            if (found == MATCH_SEVERAL) res->ambiguous++;
            else res->unmatched++;
            if (on_miss) on_miss(user, e->where, e->title, e->artist, found == MATCH_SEVERAL);
        }
    }
    sqlite3_finalize(put);
    return rc;
}

int ostrec_history_import(ostrec *db, const char *profile, const char *path, ostrec_history_format format,
                          ostrec_history_result *result, ostrec_history_miss_fn on_miss, void *user)
{
    ostrec_history_result ignored;
    if (result == NULL) result = &ignored;
    memset(result, 0, sizeof *result);
    ostrec__clear_error(db);
    if (path == NULL) return ostrec__fail(db, OSTREC_EINVAL, "history: no file given");
    int rc = profile_name_check(db, &profile);
    if (rc != OSTREC_OK) return rc;
    history_entries entries;
    if ((rc = history_read(db, path, format, &entries)) != OSTREC_OK) return rc;
    result->format = entries.format;
    result->entries = entries.count;
    result->not_music = entries.not_music;
    song_matcher m;
    int64_t pid = 0;
    if ((rc = store_write_begin(db, "history")) != OSTREC_OK) {
        history_entries_free(&entries);
        return rc;
    }
    if ((rc = song_matcher_open(db, &m)) == OSTREC_OK) {
        rc = profile_find(db, profile, 1, &pid);
        if (rc == OSTREC_OK) rc = store_entries(db, pid, path, &entries, &m, result, on_miss, user);
        song_matcher_close(&m);
    }
    if (rc == OSTREC_OK) rc = store_write_commit(db, "history");
    if (rc != OSTREC_OK) {
        store_rollback(db);
        result->added = 0;
    }
    history_entries_free(&entries);
    return rc;
}
