/* store.c: the SQLite catalog: opening it, its schema and vocabulary tables,
 * transactions, and writing one song. Prepared statements only. */
#include "internal.h"

#include <gsl/gsl_errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static int exec_sql(ostrec *db, const char *sql, const char *context)
{
    char *msg = NULL;
    if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) != SQLITE_OK) {
        ostrec__fail(db, OSTREC_EDB, "%s: %s", context, msg ? msg : "unknown error");
        sqlite3_free(msg);
        return OSTREC_EDB;
    }
    return OSTREC_OK;
}

/* Make the vocabulary tables hold the loaded vocabulary's ids, so foreign keys
 * reject any word the vocabulary does not have. Words no song uses any more
 * are dropped; words still in use stay, so an old catalog remains readable. */
static int sync_vocab(ostrec *db)
{
    static const char *const tables[OSTREC_VOCAB_KINDS] = {
        "genres", "moods", "vocal_styles", "artist_types"};
    int rc = exec_sql(db, "SAVEPOINT vocab_sync", "vocabulary");
    if (rc != OSTREC_OK) return rc;
    for (int k = 0; k < OSTREC_VOCAB_KINDS && rc == OSTREC_OK; k++) {
        char sql[128];
        sqlite3_stmt *stmt = NULL;
        snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO %s (id) VALUES (?1)", tables[k]);
        if (sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL) != SQLITE_OK) {
            rc = ostrec__fail_sql(db, "vocabulary");
            break;
        }
        for (size_t i = 0; i < db->vocab.kinds[k].count && rc == OSTREC_OK; i++) {
            sqlite3_bind_text(stmt, 1, db->vocab.kinds[k].terms[i].id, -1, SQLITE_STATIC);
            if (sqlite3_step(stmt) != SQLITE_DONE) rc = ostrec__fail_sql(db, "vocabulary");
            sqlite3_reset(stmt);
        }
        sqlite3_finalize(stmt);
    }
    if (rc == OSTREC_OK) return exec_sql(db, "RELEASE vocab_sync", "vocabulary");
    sqlite3_exec(db->sql, "ROLLBACK TO vocab_sync; RELEASE vocab_sync", NULL, NULL, NULL);
    return rc;
}

static int load_vocab(ostrec *db, const char *vocab_path)
{
    char err[512] = "";
    char *text = NULL;
    int rc;
    if (vocab_path == NULL) {
        rc = vocab_parse(&db->vocab, ostrec_default_vocab_json, "built-in vocabulary", err, sizeof err);
    } else {
        FILE *f = fopen(vocab_path, "rb");
        if (f == NULL) return ostrec__fail(db, OSTREC_EIO, "%s: cannot open vocabulary file", vocab_path);
        long size = -1;
        if (fseek(f, 0, SEEK_END) == 0) size = ftell(f);
        if (size >= 0 && fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1)) != NULL &&
            fread(text, 1, (size_t)size, f) == (size_t)size) {
            text[size] = '\0';
            rc = vocab_parse(&db->vocab, text, vocab_path, err, sizeof err);
        } else {
            rc = text == NULL && size >= 0 ? OSTREC_ENOMEM : OSTREC_EIO;
            snprintf(err, sizeof err, "%s: cannot read vocabulary file", vocab_path);
        }
        fclose(f);
    }
    free(text);
    return rc == OSTREC_OK ? rc : ostrec__fail(db, rc, "%s", err);
}

/* The library never aborts: GSL reports through return codes, each checked.
 * GSL's error handler is one process-wide variable, so it is switched off
 * once, not on every open: a write on each open would race with other
 * threads' opens and with GSL reading the handler mid-call. */
static pthread_once_t gsl_quiet_once = PTHREAD_ONCE_INIT;
static void gsl_quiet(void) { gsl_set_error_handler_off(); }

int ostrec_open(ostrec **out, const char *db_path, const char *vocab_path)
{
    ostrec *db = calloc(1, sizeof *db);
    *out = db;
    if (db == NULL) return OSTREC_ENOMEM;
    if (db_path == NULL) return ostrec__fail(db, OSTREC_EINVAL, "no database path given");
    pthread_once(&gsl_quiet_once, gsl_quiet);

    int rc = load_vocab(db, vocab_path);
    if (rc != OSTREC_OK) return rc;
    if (sqlite3_open_v2(db_path, &db->sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        return ostrec__fail(db, OSTREC_EDB, "%s: %s", db_path,
                            db->sql ? sqlite3_errmsg(db->sql) : "cannot open database");
    sqlite3_busy_timeout(db->sql, 5000);
    sqlite3_extended_result_codes(db->sql, 1);

    /* WAL lets readers go on while an import runs; an in-memory database
     * keeps its own journal mode. */
    if (strcmp(db_path, ":memory:") != 0 && db_path[0] != '\0') {
        rc = exec_sql(db, "PRAGMA journal_mode = WAL", db_path);
        if (rc != OSTREC_OK) return rc;
    }
    rc = exec_sql(db, ostrec_schema_sql, db_path);
    if (rc != OSTREC_OK) return rc;
    return sync_vocab(db);
}

void ostrec_close(ostrec *db)
{
    if (db == NULL) return;
    for (int i = 0; i < PUT_STATEMENTS; i++) sqlite3_finalize(db->put[i]);
    sqlite3_close(db->sql);
    vocab_release(&db->vocab);
    free(db);
}

int store_begin(ostrec *db) { return exec_sql(db, "BEGIN IMMEDIATE", "import"); }
int store_commit(ostrec *db) { return exec_sql(db, "COMMIT", "import"); }
void store_rollback(ostrec *db)
{
    if (!sqlite3_get_autocommit(db->sql)) sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

/* The statement `which`, prepared once per handle and reset for reuse, or
 * NULL with the handle's message set. */
static sqlite3_stmt *put_statement(ostrec *db, int which)
{
    static const char *const sql[PUT_STATEMENTS] = {
        [PUT_EXISTS] = "SELECT 1 FROM songs WHERE id = ?1",
        [PUT_UPSERT] =
            "INSERT INTO songs (id, title, title_ko, artist, artist_ko, drama, drama_ko, year, "
            "ost_part, instrumental, vocal_style, artist_type, source) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
            "ON CONFLICT (id) DO UPDATE SET title = excluded.title, title_ko = excluded.title_ko, "
            "artist = excluded.artist, artist_ko = excluded.artist_ko, drama = excluded.drama, "
            "drama_ko = excluded.drama_ko, year = excluded.year, ost_part = excluded.ost_part, "
            "instrumental = excluded.instrumental, vocal_style = excluded.vocal_style, "
            "artist_type = excluded.artist_type, source = excluded.source",
        [PUT_CLEAR_GENRES] = "DELETE FROM song_genres WHERE song_id = ?1",
        [PUT_CLEAR_MOODS] = "DELETE FROM song_moods WHERE song_id = ?1",
        [PUT_GENRE] = "INSERT INTO song_genres (song_id, position, genre) VALUES (?1, ?2, ?3)",
        [PUT_MOOD] = "INSERT INTO song_moods (song_id, position, mood) VALUES (?1, ?2, ?3)"};
    sqlite3_stmt **stmt = &db->put[which];
    if (*stmt == NULL) {
        if (sqlite3_prepare_v3(db->sql, sql[which], -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK) {
            ostrec__fail_sql(db, "store");
            return NULL;
        }
    } else {
        sqlite3_reset(*stmt);
        sqlite3_clear_bindings(*stmt);
    }
    return *stmt;
}

/* Run a statement whose only parameter is the song id. */
static int run_with_id(ostrec *db, int which, int64_t id)
{
    sqlite3_stmt *stmt = put_statement(db, which);
    if (stmt == NULL) return OSTREC_EDB;
    sqlite3_bind_int64(stmt, 1, id);
    return sqlite3_step(stmt) == SQLITE_DONE ? OSTREC_OK : ostrec__fail_sql(db, "store");
}

static int put_list(ostrec *db, int which, int64_t id, const char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *stmt = put_statement(db, which);
        if (stmt == NULL) return OSTREC_EDB;
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_int(stmt, 2, (int)i);
        sqlite3_bind_text(stmt, 3, items[i], -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) != SQLITE_DONE) return ostrec__fail_sql(db, "store");
    }
    return OSTREC_OK;
}

int store_put_song(ostrec *db, const song_row *r, int *was_new)
{
    sqlite3_stmt *stmt = put_statement(db, PUT_EXISTS);
    if (stmt == NULL) return OSTREC_EDB;
    sqlite3_bind_int64(stmt, 1, r->id);
    *was_new = sqlite3_step(stmt) != SQLITE_ROW;
    sqlite3_reset(stmt); /* hold no read open between songs */

    if ((stmt = put_statement(db, PUT_UPSERT)) == NULL) return OSTREC_EDB;
    const char *texts[] = {r->title, r->title_ko, r->artist, r->artist_ko, r->drama, r->drama_ko};
    sqlite3_bind_int64(stmt, 1, r->id);
    for (int i = 0; i < 6; i++) sqlite3_bind_text(stmt, 2 + i, texts[i], -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 8, r->year);
    sqlite3_bind_int(stmt, 9, r->ost_part);
    sqlite3_bind_int(stmt, 10, r->instrumental);
    sqlite3_bind_text(stmt, 11, r->vocal_style, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 12, r->artist_type, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 13, r->source, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) return ostrec__fail_sql(db, "store");

    int rc = OSTREC_OK;
    if (!*was_new) {
        rc = run_with_id(db, PUT_CLEAR_GENRES, r->id);
        if (rc == OSTREC_OK) rc = run_with_id(db, PUT_CLEAR_MOODS, r->id);
    }
    if (rc == OSTREC_OK) rc = put_list(db, PUT_GENRE, r->id, r->genres, r->genre_count);
    if (rc == OSTREC_OK) rc = put_list(db, PUT_MOOD, r->id, r->moods, r->mood_count);
    return rc;
}
