/* test_store.c: the SQLite store: a file catalog uses WAL, the schema's
 * foreign keys hold the vocabulary, and reopening keeps the songs. */
#include "helpers.h"

#include <sqlite3.h>

static void file_catalog(void **state)
{
    (void)state;
    char path[] = "/tmp/ostrec-store-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    ostrec *db = NULL;
    assert_int_equal(ostrec_open(&db, path, NULL), OSTREC_OK);
    assert_int_equal(ostrec_import(db, MINI_CSV, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    ostrec_close(db);

    /* Look at the file with SQLite itself. */
    sqlite3 *raw = NULL;
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
    sqlite3_finalize(stmt);
    /* The full-text index is in step with the songs table, and finds the two
     * Goblin songs (ids 1 and 2) by the Korean drama title. */
    assert_int_equal(sqlite3_exec(raw, "INSERT INTO songs_fts (songs_fts) VALUES ('integrity-check')", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(raw, "SELECT group_concat(rowid) FROM (SELECT rowid FROM songs_fts "
                                             "WHERE songs_fts MATCH '\"도깨비\"' ORDER BY rowid)", -1, &stmt, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "1,2");
    sqlite3_finalize(stmt);
    /* A vocal style outside the vocabulary breaks a foreign key. */
    assert_int_equal(sqlite3_exec(raw, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), SQLITE_OK);
    int rc = sqlite3_exec(raw,
                          "INSERT INTO songs (id, title, artist, drama, year, instrumental, vocal_style, "
                          "artist_type, source) VALUES (99, 't', 'a', 'd', 2016, 0, 'choir', 'idol', 's')",
                          NULL, NULL, NULL);
    assert_int_equal(rc, SQLITE_CONSTRAINT);
    sqlite3_close(raw);

    /* Reopened, the songs are still there. */
    assert_int_equal(ostrec_open(&db, path, NULL), OSTREC_OK);
    ostrec_stats *st = NULL;
    assert_int_equal(ostrec_stats_get(db, &st), OSTREC_OK);
    assert_int_equal(st->songs, 6);
    ostrec_stats_free(st);
    ostrec_close(db);
    char extra[64];
    unlink(path);
    snprintf(extra, sizeof extra, "%s-wal", path);
    unlink(extra);
    snprintf(extra, sizeof extra, "%s-shm", path);
    unlink(extra);
}

static void cannot_open(void **state)
{
    (void)state;
    ostrec *db = NULL;
    assert_int_equal(ostrec_open(&db, "/nonexistent/dir/catalog.db", NULL), OSTREC_EDB);
    assert_non_null(strstr(ostrec_errmsg(db), "/nonexistent/dir/catalog.db"));
    ostrec_close(db);
    assert_int_equal(ostrec_open(&db, NULL, NULL), OSTREC_EINVAL);
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(file_catalog), cmocka_unit_test(cannot_open)};
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
