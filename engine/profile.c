/* profile.c: profiles as rows: finding or making one by name, likes and
 * dislikes, and forgetting one whole (rows, then the bytes: VACUUM and a
 * truncated write-ahead log). */
#include "profile.h"

#include <string.h>
#include <time.h>

int profile_name_check(ostrec *db, const char **name)
{
    if (*name == NULL) *name = OSTREC_PROFILE_DEFAULT;
    size_t n = strlen(*name);
    if (n == 0 || n > 64) return ostrec__fail(db, OSTREC_EINVAL, "profile: a name is 1 to 64 bytes");
    if (utf8_invalid_at(*name, n) != 0) return ostrec__fail(db, OSTREC_EINVAL, "profile: the name is not valid UTF-8");
    return OSTREC_OK;
}

int profile_find(ostrec *db, const char *name, int create, int64_t *id)
{
    sqlite3_stmt *stmt = NULL;
    *id = 0;
    int rc = sqlite3_prepare_v2(db->sql, "SELECT id FROM profiles WHERE name = ?1", -1, &stmt, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return ostrec__fail_sql(db, "profile");
    if (*id != 0) return OSTREC_OK;
    if (!create) return ostrec__fail(db, OSTREC_ENOTFOUND, "profile '%s': no such profile", name);
    stmt = NULL;
    rc = sqlite3_prepare_v2(db->sql, "INSERT INTO profiles (name) VALUES (?1)", -1, &stmt, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return ostrec__fail_sql(db, "profile");
    *id = sqlite3_last_insert_rowid(db->sql);
    return OSTREC_OK;
}

/* Whether the catalog has song `id`. */
static int song_exists(ostrec *db, int64_t id, int *exists)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db->sql, "SELECT 1 FROM songs WHERE id = ?1", -1, &stmt, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, 1, id);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    *exists = rc == SQLITE_ROW;
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return ostrec__fail_sql(db, "profile");
    return OSTREC_OK;
}

/* Set (opinion +-1) or clear (0) the opinion inside a transaction. */
static int put_opinion(ostrec *db, int64_t profile, int64_t id, int opinion)
{
    sqlite3_stmt *stmt = NULL;
    const char *sql = opinion ? "INSERT OR REPLACE INTO profile_opinions (profile_id, song_id, opinion, at) "
                                "VALUES (?1, ?2, ?3, ?4)"
                              : "DELETE FROM profile_opinions WHERE profile_id = ?1 AND song_id = ?2";
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, 1, profile);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, 2, id);
    if (rc == SQLITE_OK && opinion) rc = sqlite3_bind_int(stmt, 3, opinion);
    if (rc == SQLITE_OK && opinion) rc = sqlite3_bind_int64(stmt, 4, (int64_t)time(NULL));
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? OSTREC_OK : ostrec__fail_sql(db, "profile");
}

int ostrec_profile_rate(ostrec *db, const char *profile, int64_t id, int opinion)
{
    ostrec__clear_error(db);
    if (opinion < -1 || opinion > 1) return ostrec__fail(db, OSTREC_EINVAL, "profile: opinion: must be 1, -1 or 0");
    int rc = profile_name_check(db, &profile);
    if (rc != OSTREC_OK) return rc;
    int exists = 0;
    int64_t pid = 0;
    if ((rc = store_write_begin(db, "profile")) != OSTREC_OK) return rc;
    rc = song_exists(db, id, &exists);
    if (rc == OSTREC_OK && !exists) rc = ostrec__fail(db, OSTREC_ENOTFOUND, "no song with id %lld", (long long)id);
    if (rc == OSTREC_OK) rc = profile_find(db, profile, 1, &pid);
    if (rc == OSTREC_OK) rc = put_opinion(db, pid, id, opinion);
    if (rc == OSTREC_OK) rc = store_write_commit(db, "profile");
    if (rc != OSTREC_OK) store_rollback(db);
    return rc;
}

int ostrec_profile_forget(ostrec *db, const char *profile)
{
    ostrec__clear_error(db);
    int rc = profile_name_check(db, &profile);
    if (rc != OSTREC_OK) return rc;
    int64_t pid = 0;
    sqlite3_stmt *stmt = NULL;
    /* Deleted rows are overwritten with zeros whatever the SQLite build's
     * default; VACUUM then leaves no free page behind. */
    if (sqlite3_exec(db->sql, "PRAGMA secure_delete = ON", NULL, NULL, NULL) != SQLITE_OK)
        return ostrec__fail_sql(db, "profile forget");
    if ((rc = store_write_begin(db, "profile")) != OSTREC_OK) return rc;
    rc = profile_find(db, profile, 0, &pid);
    /* The cascade deletes its opinions and plays (foreign keys are on). */
    if (rc == OSTREC_OK) {
        int step = sqlite3_prepare_v2(db->sql, "DELETE FROM profiles WHERE id = ?1", -1, &stmt, NULL);
        if (step == SQLITE_OK) step = sqlite3_bind_int64(stmt, 1, pid);
        if (step == SQLITE_OK) step = sqlite3_step(stmt);
        sqlite3_finalize(stmt);
        if (step != SQLITE_DONE) rc = ostrec__fail_sql(db, "profile");
    }
    if (rc == OSTREC_OK) rc = store_write_commit(db, "profile");
    if (rc != OSTREC_OK) {
        store_rollback(db);
        return rc;
    }
    /* The rows are gone; free pages and the log may still hold their bytes.
     * VACUUM writes the database anew without free pages, and the checkpoint
     * copies that back and truncates the log to nothing. */
    if (sqlite3_exec(db->sql, "VACUUM", NULL, NULL, NULL) != SQLITE_OK)
        return ostrec__fail_sql(db, "profile forget: VACUUM");
    int busy = 0;
    if (sqlite3_wal_checkpoint_v2(db->sql, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, &busy) != SQLITE_OK)
        return ostrec__fail_sql(db, "profile forget: checkpoint");
    return OSTREC_OK;
}
