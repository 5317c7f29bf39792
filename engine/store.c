/* store.c: the SQLite catalog: opening it, its schema and vocabulary tables,
 * transactions, and writing one song. Prepared statements only. */
#include "internal.h"

#include <ctype.h>
#include <gsl/gsl_errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The catalog's identity in SQLite's file header: PRAGMA application_id
 * ("OSTR") and PRAGMA user_version, the version of data/schema.sql. Version 0
 * is a catalog made before versions were kept: the same tables, no
 * ostrec_meta, application_id 0; version 1 had no generation. */
#define CATALOG_APPLICATION_ID 0x4F535452
#define CATALOG_SCHEMA_VERSION 4

static int exec_sql(ostrec *db, const char *sql, const char *context)
{
    char *msg = NULL;
    if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sqlite3_free(msg);
        return ostrec__fail_sql(db, context);
    }
    return OSTREC_OK;
}

/* The first column of the first row of `sql` as an integer (0 when there
 * is no row). */
static int query_int(ostrec *db, const char *sql, const char *context, int64_t *out)
{
    sqlite3_stmt *stmt = NULL;
    *out = 0;
    if (sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL) != SQLITE_OK) return ostrec__fail_sql(db, context);
    int step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) *out = sqlite3_column_int64(stmt, 0);
    int rc = step == SQLITE_ROW || step == SQLITE_DONE ? OSTREC_OK : ostrec__fail_sql(db, context);
    sqlite3_finalize(stmt);
    return rc;
}

/* FNV-1a over every word id of every kind, in order: what the vocabulary
 * tables were last written from is kept in ostrec_meta as this number. */
static uint64_t vocab_hash(const vocab *v)
{
    uint64_t h = 14695981039346656037ULL;
    for (int k = 0; k < OSTREC_VOCAB_KINDS; k++) {
        for (size_t i = 0; i < v->kinds[k].count; i++) {
            for (const char *p = v->kinds[k].terms[i].id;; p++) {
                h = (h ^ (unsigned char)*p) * 1099511628211ULL;
                if (*p == '\0') break;
            }
        }
        h = (h ^ 0xFFu) * 1099511628211ULL; /* kinds apart: no word moves between them unseen */
    }
    return h;
}

/* Make the vocabulary tables hold the loaded vocabulary's ids, so foreign keys
 * reject any word the vocabulary does not have, and record its hash. Words
 * already there stay, so an old catalog remains readable. Runs inside the
 * caller's transaction. */
static int sync_vocab(ostrec *db, uint64_t hash)
{
    static const char *const tables[OSTREC_VOCAB_KINDS] = {
        "genres", "moods", "vocal_styles", "artist_types"};
    int rc = OSTREC_OK;
    for (int k = 0; k < OSTREC_VOCAB_KINDS && rc == OSTREC_OK; k++) {
        char sql[128];
        sqlite3_stmt *stmt = NULL;
        snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO %s (id) VALUES (?1)", tables[k]);
        if (sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL) != SQLITE_OK) return ostrec__fail_sql(db, "vocabulary");
        for (size_t i = 0; i < db->vocab.kinds[k].count && rc == OSTREC_OK; i++) {
            sqlite3_bind_text(stmt, 1, db->vocab.kinds[k].terms[i].id, -1, SQLITE_STATIC);
            if (sqlite3_step(stmt) != SQLITE_DONE) rc = ostrec__fail_sql(db, "vocabulary");
            sqlite3_reset(stmt);
        }
        sqlite3_finalize(stmt);
    }
    if (rc != OSTREC_OK) return rc;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db->sql, "INSERT OR REPLACE INTO ostrec_meta (key, value) VALUES ('vocab_hash', ?1)", -1,
                           &stmt, NULL) != SQLITE_OK)
        return ostrec__fail_sql(db, "vocabulary");
    sqlite3_bind_int64(stmt, 1, (sqlite3_int64)hash);
    rc = sqlite3_step(stmt) == SQLITE_DONE ? OSTREC_OK : ostrec__fail_sql(db, "vocabulary");
    sqlite3_finalize(stmt);
    return rc;
}

/* What the database holds, read from its header and schema alone. */
typedef enum { CATALOG_NEW, CATALOG_OLD, CATALOG_CURRENT } catalog_state;

static int read_state(ostrec *db, const char *path, catalog_state *state)
{
    int64_t app = 0, version = 0, objects = 0, tables = 0;
    int rc = query_int(db, "PRAGMA application_id", path, &app);
    if (rc == OSTREC_OK) rc = query_int(db, "PRAGMA user_version", path, &version);
    if (rc == OSTREC_OK) rc = query_int(db, "SELECT count(*) FROM sqlite_schema", path, &objects);
    if (rc == OSTREC_OK)
        rc = query_int(db,
                       "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                       "name IN ('songs', 'song_genres', 'song_moods', 'songs_fts')",
                       path, &tables);
    if (rc != OSTREC_OK) return rc;
    if (objects == 0 && app == 0 && version == 0) {
        *state = CATALOG_NEW;
    } else if (app == CATALOG_APPLICATION_ID && version == CATALOG_SCHEMA_VERSION) {
        *state = CATALOG_CURRENT;
    } else if (app == CATALOG_APPLICATION_ID && version > CATALOG_SCHEMA_VERSION) {
        return ostrec__fail(db, OSTREC_EDB, "%s: the catalog's schema is version %lld, newer than this library's %d",
                            path, (long long)version, CATALOG_SCHEMA_VERSION);
    } else if (app == CATALOG_APPLICATION_ID || (app == 0 && version == 0 && tables == 4)) {
        *state = CATALOG_OLD;
    } else if (app != 0 && app != CATALOG_APPLICATION_ID) {
        return ostrec__fail(db, OSTREC_EDB, "%s: not an ostrec catalog (another program's database, application id 0x%08llx); left as it is",
                            path, (unsigned long long)(uint32_t)app);
    } else {
        return ostrec__fail(db, OSTREC_EDB, "%s: not an ostrec catalog (it holds other tables); left as it is", path);
    }
    return OSTREC_OK;
}

/* The vocabulary the tables were last written from, or 0. */
static int stored_vocab_hash(ostrec *db, uint64_t *out)
{
    int64_t h = 0;
    int rc = query_int(db, "SELECT value FROM ostrec_meta WHERE key = 'vocab_hash'", "vocabulary", &h);
    *out = (uint64_t)h;
    return rc;
}

/* Bring an older catalog's tables to what schema.sql makes, before it runs:
 * songs gains title_romanized (schema 3), and the full-text index, whose
 * columns changed with it, is dropped to be made again and rebuilt. */
static int migrate_before(ostrec *db, const char *path, int *rebuild_fts)
{
    int64_t songs = 0, has_column = 0;
    int rc = query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'songs'", path, &songs);
    if (rc == OSTREC_OK && songs)
        rc = query_int(db, "SELECT count(*) FROM pragma_table_info('songs') WHERE name = 'title_romanized'", path,
                       &has_column);
    if (rc != OSTREC_OK || !songs || has_column) return rc;
    *rebuild_fts = 1;
    return exec_sql(db,
                    "ALTER TABLE songs ADD COLUMN title_romanized TEXT NOT NULL DEFAULT '';"
                    "DROP TRIGGER IF EXISTS songs_fts_insert; DROP TRIGGER IF EXISTS songs_fts_delete;"
                    "DROP TRIGGER IF EXISTS songs_fts_update; DROP TABLE IF EXISTS songs_fts",
                    path);
}

/* After schema.sql on an older catalog: rebuild the full-text index when it
 * was made anew, and credit each song that has no credits to its artist
 * text as one artist (what the catalog meant by it before schema 3). */
static int migrate_after(ostrec *db, const char *path, int rebuild_fts)
{
    int rc = OSTREC_OK;
    if (rebuild_fts) rc = exec_sql(db, "INSERT INTO songs_fts (songs_fts) VALUES ('rebuild')", path);
    if (rc == OSTREC_OK)
        rc = exec_sql(db,
                      "INSERT OR IGNORE INTO artists (name, artist_type) SELECT artist, min(artist_type) FROM songs "
                      "WHERE id NOT IN (SELECT song_id FROM song_credits) GROUP BY artist;"
                      "INSERT INTO song_credits (song_id, position, artist_id) SELECT s.id, 0, a.id FROM songs s "
                      "JOIN artists a ON a.name = s.artist WHERE s.id NOT IN (SELECT song_id FROM song_credits)",
                      path);
    return rc;
}

/* Create or migrate the schema and write the vocabulary tables, in one
 * transaction, when they need it: checked again under the write lock, since
 * another program may have done it meanwhile. */
static int prepare_catalog(ostrec *db, const char *path, int file_db)
{
    uint64_t want = vocab_hash(&db->vocab), have = 0;
    catalog_state state;
    if (file_db) { /* WAL lets readers go on while an import runs; it is kept in the file */
        int64_t unused;
        int rc = query_int(db, "PRAGMA journal_mode = WAL", path, &unused);
        if (rc != OSTREC_OK) return rc;
    }
    int rc = exec_sql(db, "BEGIN IMMEDIATE", path);
    if (rc == OSTREC_OK) rc = read_state(db, path, &state);
    if (rc == OSTREC_OK && state != CATALOG_CURRENT) {
        char version[96];
        int rebuild_fts = 0;
        snprintf(version, sizeof version, "PRAGMA application_id = %d; PRAGMA user_version = %d",
                 CATALOG_APPLICATION_ID, CATALOG_SCHEMA_VERSION);
        rc = migrate_before(db, path, &rebuild_fts);
        if (rc == OSTREC_OK) rc = exec_sql(db, ostrec_schema_sql, path);
        if (rc == OSTREC_OK && state == CATALOG_OLD) rc = migrate_after(db, path, rebuild_fts);
        if (rc == OSTREC_OK) rc = exec_sql(db, version, path);
    }
    if (rc == OSTREC_OK) rc = stored_vocab_hash(db, &have);
    if (rc == OSTREC_OK && have != want) rc = sync_vocab(db, want);
    if (rc == OSTREC_OK) return exec_sql(db, "COMMIT", path);
    if (!sqlite3_get_autocommit(db->sql)) sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
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

/* Open the connection (`name` is the path or a URI) with the handle's
 * settings: extended result codes, the busy timeout, foreign keys. */
static int open_connection(ostrec *db, const char *path, const char *name, int flags, int busy_timeout_ms)
{
    if (sqlite3_open_v2(name, &db->sql, flags, NULL) != SQLITE_OK)
        return ostrec__fail(db, OSTREC_EDB, "%s: %s", path, db->sql ? sqlite3_errmsg(db->sql) : "cannot open database");
    sqlite3_busy_timeout(db->sql, busy_timeout_ms);
    sqlite3_extended_result_codes(db->sql, 1);
    return exec_sql(db, "PRAGMA foreign_keys = ON", path);
}

/* 1 when this user cannot write the file, or the directory it is in (where
 * SQLite makes its -shm and -wal files). */
static int cannot_write_beside(const char *path)
{
    if (access(path, W_OK) != 0) return 1;
    size_t n = strlen(path);
    char *dir = malloc(n + 2);
    if (dir == NULL) return 0;
    memcpy(dir, path, n + 1);
    char *slash = strrchr(dir, '/');
    if (slash == NULL) strcpy(dir, ".");
    else if (slash == dir) dir[1] = '\0';
    else *slash = '\0';
    int cannot = access(dir, W_OK) != 0;
    free(dir);
    return cannot;
}

/* "file:PATH?immutable=1", PATH percent-encoded where a URI needs it. */
static char *immutable_uri(const char *path)
{
    static const char suffix[] = "?immutable=1";
    size_t n = strlen(path);
    char *uri = malloc(5 + 3 * n + sizeof suffix);
    if (uri == NULL) return NULL;
    char *o = uri + 5;
    memcpy(uri, "file:", 5);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (isalnum(*p) || strchr("/-._~", *p)) *o++ = (char)*p;
        else o += sprintf(o, "%%%02X", *p);
    }
    memcpy(o, suffix, sizeof suffix);
    return uri;
}

int ostrec_open(ostrec **out, const char *db_path, const ostrec_open_options *options)
{
    ostrec_open_options o;
    ostrec *db = calloc(1, sizeof *db);
    *out = db;
    if (db == NULL) return OSTREC_ENOMEM;
    int rc = options_read_open(db, options, &o);
    if (rc != OSTREC_OK) return rc;
    if (db_path == NULL) return ostrec__fail(db, OSTREC_EINVAL, "no database path given");
    if (o.busy_timeout_ms < 0) return ostrec__fail(db, OSTREC_EINVAL, "open options: busy_timeout_ms: must be >= 0");
    pthread_once(&gsl_quiet_once, gsl_quiet);

    if ((rc = load_vocab(db, o.vocab_path)) != OSTREC_OK) return rc;
    int file_db = strcmp(db_path, ":memory:") != 0 && db_path[0] != '\0';
    struct stat st;
    if (file_db && (o.read_only || !o.create) && stat(db_path, &st) != 0)
        return ostrec__fail(db, OSTREC_ENOTFOUND, "%s: no catalog database here", db_path);
    /* NOMUTEX: a handle is used by one thread at a time (ostrec.h, "Threads"), so
     * SQLite need not lock each call against other threads. */
    int flags = SQLITE_OPEN_NOMUTEX |
                (o.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (o.create ? SQLITE_OPEN_CREATE : 0));
    catalog_state state;
    rc = open_connection(db, db_path, db_path, flags, o.busy_timeout_ms);
    if (rc == OSTREC_OK) rc = read_state(db, db_path, &state);
    if (rc != OSTREC_OK && o.read_only && file_db && cannot_write_beside(db_path) &&
        ((sqlite3_extended_errcode(db->sql) & 0xFF) == SQLITE_READONLY ||
         (sqlite3_extended_errcode(db->sql) & 0xFF) == SQLITE_CANTOPEN)) {
        /* A WAL catalog in a place this user cannot write has no -shm file
         * to share with a writer, and this user cannot be that writer: read
         * it as an immutable file (a change made meanwhile by a user who can
         * write it is not seen by this handle). */
        sqlite3_close(db->sql);
        db->sql = NULL;
        char *uri = immutable_uri(db_path);
        if (uri == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
        rc = open_connection(db, db_path, uri, SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, o.busy_timeout_ms);
        free(uri);
        if (rc == OSTREC_OK) rc = read_state(db, db_path, &state);
    }
    if (rc != OSTREC_OK) return rc;

    /* Only what differs is written; a current catalog is only read. */
    uint64_t have = 0;
    if (state == CATALOG_CURRENT && (rc = stored_vocab_hash(db, &have)) != OSTREC_OK) return rc;
    if (state == CATALOG_CURRENT && (have == vocab_hash(&db->vocab) || o.read_only)) return OSTREC_OK;
    if (o.read_only && state == CATALOG_NEW)
        return ostrec__fail(db, OSTREC_ENOTFOUND, "%s: no catalog in this database yet (it is empty)", db_path);
    if (o.read_only)
        return ostrec__fail(db, OSTREC_EDB,
                            "%s: the catalog's schema is older than this library's (version %d); "
                            "open it once for writing to upgrade it", db_path, CATALOG_SCHEMA_VERSION);
    return prepare_catalog(db, db_path, file_db);
}

int ostrec_song_count(ostrec *db, size_t *count)
{
    int64_t n = 0;
    ostrec__clear_error(db);
    int rc = query_int(db, "SELECT count(*) FROM songs", "songs", &n);
    *count = (size_t)n;
    return rc;
}

int ostrec_is_empty(ostrec *db, int *empty)
{
    int64_t any = 0;
    ostrec__clear_error(db);
    int rc = query_int(db, "SELECT EXISTS (SELECT 1 FROM songs)", "songs", &any);
    *empty = !any;
    return rc;
}

void ostrec_close(ostrec *db)
{
    if (db == NULL) return;
    for (int i = 0; i < PUT_STATEMENTS; i++) sqlite3_finalize(db->put[i]);
    sqlite3_close(db->sql);
    vocab_release(&db->vocab);
    free(db);
}

/* An import moves the generation on once, not once per row: its transaction
 * drops the triggers that would (data/schema.sql) and makes them again, as
 * the schema has them, before it commits. Should it fail, the rollback
 * brings them back with everything else. */
static const char drop_generation_triggers[] =
    "DROP TRIGGER IF EXISTS songs_generation_insert; DROP TRIGGER IF EXISTS songs_generation_update;"
    "DROP TRIGGER IF EXISTS songs_generation_delete; DROP TRIGGER IF EXISTS song_genres_generation_insert;"
    "DROP TRIGGER IF EXISTS song_genres_generation_update; DROP TRIGGER IF EXISTS song_genres_generation_delete;"
    "DROP TRIGGER IF EXISTS song_moods_generation_insert; DROP TRIGGER IF EXISTS song_moods_generation_update;"
    "DROP TRIGGER IF EXISTS song_moods_generation_delete; DROP TRIGGER IF EXISTS song_credits_generation_insert;"
    "DROP TRIGGER IF EXISTS song_credits_generation_update; DROP TRIGGER IF EXISTS song_credits_generation_delete";

/* Likewise the full-text index, when the import brings at least as many
 * songs as the catalog has: FTS5 builds its index from the whole table
 * ('rebuild') about four times faster than it takes songs one by one from
 * the triggers, and the whole table is then at most twice the import. */
static const char drop_fts_triggers[] =
    "DROP TRIGGER IF EXISTS songs_fts_insert; DROP TRIGGER IF EXISTS songs_fts_delete;"
    "DROP TRIGGER IF EXISTS songs_fts_update";

int store_write_begin(ostrec *db, const char *context)
{
    return exec_sql(db, "BEGIN IMMEDIATE", context);
}

int store_write_commit(ostrec *db, const char *context)
{
    return exec_sql(db, "COMMIT", context);
}

int store_begin(ostrec *db, size_t incoming, store_import *import)
{
    int64_t existing = 0;
    memset(import, 0, sizeof *import);
    /* Foreign keys are off for the import (SQLite reads the setting only
     * outside a transaction): every word was checked against the handle's
     * vocabulary, whose tables opening wrote, and each song is written before
     * its genres and moods, so the checks could find nothing. They cost a
     * sixth of a large import. The commit and the rollback turn them on. */
    int rc = exec_sql(db, "PRAGMA foreign_keys = OFF", "import");
    if (rc == OSTREC_OK) rc = exec_sql(db, "BEGIN IMMEDIATE", "import");
    if (rc == OSTREC_OK) rc = exec_sql(db, drop_generation_triggers, "import");
    if (rc == OSTREC_OK) rc = query_int(db, "SELECT count(*) FROM songs", "import", &existing);
    if (rc == OSTREC_OK && (int64_t)incoming >= existing) {
        rc = exec_sql(db, drop_fts_triggers, "import");
        import->rebuild_fts = 1;
    }
    import->into_empty = existing == 0;
    if (rc != OSTREC_OK) store_rollback(db);
    return rc;
}

int store_commit(ostrec *db, const store_import *import)
{
    int rc = OSTREC_OK;
    if (import->rebuild_fts) rc = exec_sql(db, "INSERT INTO songs_fts (songs_fts) VALUES ('rebuild')", "import");
    if (rc == OSTREC_OK) rc = exec_sql(db, "UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation'", "import");
    if (rc == OSTREC_OK) rc = exec_sql(db, ostrec_schema_sql, "import"); /* the triggers again */
    if (rc == OSTREC_OK) rc = exec_sql(db, "COMMIT", "import");
    /* The import has landed (or the caller's rollback follows, which turns
     * them on). Should SQLite fail to turn them on, they stay off for this
     * handle, which writes nothing but imports: the import must not be
     * reported as failed for it. */
    if (rc == OSTREC_OK) sqlite3_exec(db->sql, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    return rc;
}

/* Roll the import back, unless SQLite already has, and turn foreign keys on
 * again. ROLLBACK always ends the transaction once it runs; should it fail
 * to run at all, the handle's message says so beside the failure that
 * caused it. */
void store_rollback(ostrec *db)
{
    if (!sqlite3_get_autocommit(db->sql) && sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK) {
        size_t used = strlen(db->errmsg);
        snprintf(db->errmsg + used, sizeof db->errmsg - used, "; and the rollback failed: %s", sqlite3_errmsg(db->sql));
    }
    sqlite3_exec(db->sql, "PRAGMA foreign_keys = ON", NULL, NULL, NULL); /* store_begin turned them off */
}

/* The statement `which`, prepared once per handle, its bindings cleared, or
 * NULL with the handle's message set. Every statement is reset as soon as it
 * has run (put_step), so none is left mid-way. */
static sqlite3_stmt *put_statement(ostrec *db, int which)
{
    static const char *const sql[PUT_STATEMENTS] = {
        [PUT_EXISTS] = "SELECT 1 FROM songs WHERE id = ?1",
        [PUT_UPSERT] =
            "INSERT INTO songs (id, title, title_ko, artist, artist_ko, drama, drama_ko, year, "
            "ost_part, instrumental, vocal_style, artist_type, source, title_romanized) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
            "ON CONFLICT (id) DO UPDATE SET title = excluded.title, title_ko = excluded.title_ko, "
            "artist = excluded.artist, artist_ko = excluded.artist_ko, drama = excluded.drama, "
            "drama_ko = excluded.drama_ko, year = excluded.year, ost_part = excluded.ost_part, "
            "instrumental = excluded.instrumental, vocal_style = excluded.vocal_style, "
            "artist_type = excluded.artist_type, source = excluded.source, "
            "title_romanized = excluded.title_romanized",
        [PUT_CLEAR_GENRES] = "DELETE FROM song_genres WHERE song_id = ?1",
        [PUT_CLEAR_MOODS] = "DELETE FROM song_moods WHERE song_id = ?1",
        [PUT_GENRE] = "INSERT INTO song_genres (song_id, position, genre) VALUES (?1, ?2, ?3)",
        [PUT_MOOD] = "INSERT INTO song_moods (song_id, position, mood) VALUES (?1, ?2, ?3)",
        [PUT_ARTIST_FIND] = "SELECT id FROM artists WHERE name = ?1",
        [PUT_ARTIST_ADD] = "INSERT INTO artists (name, artist_type) VALUES (?1, ?2)",
        [PUT_CLEAR_CREDITS] = "DELETE FROM song_credits WHERE song_id = ?1",
        [PUT_CREDIT] = "INSERT INTO song_credits (song_id, position, artist_id, featured) VALUES (?1, ?2, ?3, ?4)"};
    sqlite3_stmt **stmt = &db->put[which];
    if (*stmt == NULL &&
        sqlite3_prepare_v3(db->sql, sql[which], -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK) {
        ostrec__fail_sql(db, "store");
        return NULL;
    }
    sqlite3_clear_bindings(*stmt);
    return *stmt;
}

/* A bind, step or reset of the import failed: set the message and leave the
 * statement reset. SQLite may already have rolled the whole transaction back
 * (it does on running out of memory or on an I/O error): then any statement
 * run after this would run on its own, in autocommit, and stay committed when
 * the import fails. So nothing more runs: the error goes straight back to the
 * caller, whose rollback finds nothing left to undo. */
static int put_failed(ostrec *db, sqlite3_stmt *stmt)
{
    int rc = ostrec__fail_sql(db, "store");
    if (stmt != NULL) sqlite3_reset(stmt); /* reports the same failure again */
    if (sqlite3_get_autocommit(db->sql)) {
        size_t used = strlen(db->errmsg);
        snprintf(db->errmsg + used, sizeof db->errmsg - used, " (the import was rolled back)");
    }
    return rc;
}

/* Run a bound statement: `*row` (when not NULL) says whether it returned a
 * row; otherwise it must run to completion. Then reset it, so no read stays
 * open between songs. `bound` is the result of its binds. */
static int put_step(ostrec *db, sqlite3_stmt *stmt, int bound, int *row)
{
    if (bound != SQLITE_OK) return put_failed(db, stmt);
    int step = sqlite3_step(stmt);
    if (step != SQLITE_DONE && (row == NULL || step != SQLITE_ROW)) return put_failed(db, stmt);
    if (row != NULL) *row = step == SQLITE_ROW;
    if (sqlite3_reset(stmt) != SQLITE_OK) return put_failed(db, stmt);
    return OSTREC_OK;
}

/* Run a statement whose only parameter is the song id. */
static int run_with_id(ostrec *db, int which, int64_t id)
{
    sqlite3_stmt *stmt = put_statement(db, which);
    if (stmt == NULL) return OSTREC_EDB;
    return put_step(db, stmt, sqlite3_bind_int64(stmt, 1, id), NULL);
}

static int put_list(ostrec *db, int which, int64_t id, const char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *stmt = put_statement(db, which);
        if (stmt == NULL) return OSTREC_EDB;
        int bound = sqlite3_bind_int64(stmt, 1, id);
        if (bound == SQLITE_OK) bound = sqlite3_bind_int(stmt, 2, (int)i);
        if (bound == SQLITE_OK) bound = sqlite3_bind_text(stmt, 3, items[i], -1, SQLITE_STATIC);
        int rc = put_step(db, stmt, bound, NULL);
        if (rc != OSTREC_OK) return rc;
    }
    return OSTREC_OK;
}

/* The id of the artist called `name` (n bytes); one is made, of artist type
 * `type` (NULL: unknown), when the catalog has none of that name. */
static int artist_id(ostrec *db, const char *name, size_t n, const char *type, int64_t *id)
{
    sqlite3_stmt *find = put_statement(db, PUT_ARTIST_FIND);
    if (find == NULL) return OSTREC_EDB;
    if (sqlite3_bind_text(find, 1, name, (int)n, SQLITE_STATIC) != SQLITE_OK) return put_failed(db, find);
    int step = sqlite3_step(find);
    if (step == SQLITE_ROW) *id = sqlite3_column_int64(find, 0);
    if ((step != SQLITE_ROW && step != SQLITE_DONE) || sqlite3_reset(find) != SQLITE_OK) return put_failed(db, find);
    if (step == SQLITE_ROW) return OSTREC_OK;
    sqlite3_stmt *add = put_statement(db, PUT_ARTIST_ADD);
    if (add == NULL) return OSTREC_EDB;
    int bound = sqlite3_bind_text(add, 1, name, (int)n, SQLITE_STATIC);
    if (bound == SQLITE_OK) bound = type ? sqlite3_bind_text(add, 2, type, -1, SQLITE_STATIC) : sqlite3_bind_null(add, 2);
    int rc = put_step(db, add, bound, NULL);
    if (rc == OSTREC_OK) *id = sqlite3_last_insert_rowid(db->sql);
    return rc;
}

/* Write the song's credits (song_record.c checked their form): each name
 * to its artist, in order, featured where "feat:" says so. */
static int put_credits(ostrec *db, const song_row *r)
{
    int position = 0;
    for (const char *p = r->credits;; position++) {
        const char *end = strchr(p, ';');
        int featured = strncmp(p, "feat:", 5) == 0;
        if (featured) p += 5;
        size_t n = end ? (size_t)(end - p) : strlen(p);
        int64_t id = 0;
        int rc = artist_id(db, p, n, position == 0 && !featured ? r->artist_type : NULL, &id);
        sqlite3_stmt *stmt = rc == OSTREC_OK ? put_statement(db, PUT_CREDIT) : NULL;
        if (rc != OSTREC_OK || stmt == NULL) return rc != OSTREC_OK ? rc : OSTREC_EDB;
        int bound = sqlite3_bind_int64(stmt, 1, r->id);
        if (bound == SQLITE_OK) bound = sqlite3_bind_int(stmt, 2, position);
        if (bound == SQLITE_OK) bound = sqlite3_bind_int64(stmt, 3, id);
        if (bound == SQLITE_OK) bound = sqlite3_bind_int(stmt, 4, featured);
        if ((rc = put_step(db, stmt, bound, NULL)) != OSTREC_OK) return rc;
        if (end == NULL) return OSTREC_OK;
        p = end + 1;
    }
}

int store_put_song(ostrec *db, const song_row *r, int known_new, int *was_new)
{
    int exists = 0;
    *was_new = 0;
    /* Only inside the import's transaction: never a statement in autocommit. */
    if (sqlite3_get_autocommit(db->sql))
        return ostrec__fail(db, OSTREC_EDB, "store: the import's transaction has ended");
    sqlite3_stmt *stmt = NULL;
    int rc = OSTREC_OK;
    if (!known_new) {
        if ((stmt = put_statement(db, PUT_EXISTS)) == NULL) return OSTREC_EDB;
        if ((rc = put_step(db, stmt, sqlite3_bind_int64(stmt, 1, r->id), &exists)) != OSTREC_OK) return rc;
    }

    if ((stmt = put_statement(db, PUT_UPSERT)) == NULL) return OSTREC_EDB;
    const char *texts[] = {r->title, r->title_ko, r->artist, r->artist_ko, r->drama, r->drama_ko};
    int bound = sqlite3_bind_int64(stmt, 1, r->id);
    for (int i = 0; i < 6 && bound == SQLITE_OK; i++) bound = sqlite3_bind_text(stmt, 2 + i, texts[i], -1, SQLITE_STATIC);
    if (bound == SQLITE_OK) bound = sqlite3_bind_int(stmt, 8, r->year);
    if (bound == SQLITE_OK) bound = sqlite3_bind_int(stmt, 9, r->ost_part);
    if (bound == SQLITE_OK) bound = sqlite3_bind_int(stmt, 10, r->instrumental);
    if (bound == SQLITE_OK) bound = sqlite3_bind_text(stmt, 11, r->vocal_style, -1, SQLITE_STATIC);
    if (bound == SQLITE_OK) bound = sqlite3_bind_text(stmt, 12, r->artist_type, -1, SQLITE_STATIC);
    if (bound == SQLITE_OK) bound = sqlite3_bind_text(stmt, 13, r->source, -1, SQLITE_STATIC);
    if (bound == SQLITE_OK) bound = sqlite3_bind_text(stmt, 14, r->title_romanized, -1, SQLITE_STATIC);
    if ((rc = put_step(db, stmt, bound, NULL)) != OSTREC_OK) return rc;

    if (exists) {
        rc = run_with_id(db, PUT_CLEAR_GENRES, r->id);
        if (rc == OSTREC_OK) rc = run_with_id(db, PUT_CLEAR_MOODS, r->id);
        if (rc == OSTREC_OK) rc = run_with_id(db, PUT_CLEAR_CREDITS, r->id);
    }
    if (rc == OSTREC_OK) rc = put_list(db, PUT_GENRE, r->id, r->genres, r->genre_count);
    if (rc == OSTREC_OK) rc = put_list(db, PUT_MOOD, r->id, r->moods, r->mood_count);
    if (rc == OSTREC_OK) rc = put_credits(db, r);
    if (rc == OSTREC_OK) *was_new = !exists;
    return rc;
}

int store_generation(ostrec *db, int64_t *generation, int *known)
{
    int64_t found = 0;
    int rc = query_int(db, "SELECT count(*) FROM ostrec_meta WHERE key = 'generation'", "generation", &found);
    *known = rc == OSTREC_OK && found == 1;
    if (rc == OSTREC_OK) rc = query_int(db, "SELECT value FROM ostrec_meta WHERE key = 'generation'", "generation", generation);
    return rc;
}
