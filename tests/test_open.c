/* test_open.c: opening a catalog: a current catalog is opened without a
 * write, so readers answer while an import holds the write lock; read-only
 * handles never write; the schema is created or upgraded only when its
 * version says so, the vocabulary tables only when the vocabulary differs;
 * another program's database is refused untouched; versioned options. */
#include "helpers.h"

#include <sqlite3.h>
#include <sys/stat.h>

/* "OSTR" in SQLite's application_id header field. */
#define OSTR_ID (('O' << 24) | ('S' << 16) | ('T' << 8) | 'R')

typedef struct {
    char path[64];
} temp_db;

static void temp_db_make(temp_db *t)
{
    snprintf(t->path, sizeof t->path, "/tmp/ostrec-open-XXXXXX");
    int fd = mkstemp(t->path);
    assert_true(fd >= 0);
    close(fd);
    unlink(t->path); /* a name no file has: ostrec_open makes it */
}

static void temp_db_remove(temp_db *t)
{
    char name[96];
    const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "%s%s", t->path, suffixes[i]);
        unlink(name);
    }
}

static ostrec *open_with(const char *path, int read_only, int busy_ms, const char *vocab_path, int *rc)
{
    ostrec_open_options o = OSTREC_OPEN_INIT;
    o.read_only = read_only;
    o.busy_timeout_ms = busy_ms;
    o.vocab_path = vocab_path;
    ostrec *db = NULL;
    *rc = ostrec_open(&db, path, &o);
    return db;
}

/* A file catalog holding the mini fixture. */
static void make_mini_catalog(temp_db *t)
{
    temp_db_make(t);
    ostrec *db = NULL;
    assert_int_equal(ostrec_open(&db, t->path, NULL), OSTREC_OK);
    if (ostrec_import(db, MINI_CSV, OSTREC_FORMAT_AUTO, NULL) != OSTREC_OK) fail_msg("%s", ostrec_errmsg(db));
    ostrec_close(db);
}

#define SCHEMA_VERSION 4 /* data/schema.sql's, CATALOG_SCHEMA_VERSION in engine/store.c */
#define GENERATION_TRIGGERS 12 /* songs, song_genres, song_moods and song_credits, each on insert, update and delete */

static sqlite3 *raw_open(const char *path)
{
    sqlite3 *raw = NULL;
    assert_int_equal(sqlite3_open_v2(path, &raw, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    return raw;
}

static long long raw_int(sqlite3 *raw, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(raw, sql, -1, &stmt, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(raw));
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    long long v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

static void raw_exec(sqlite3 *raw, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(raw, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
}

/* Another connection starts an import-like write and keeps it open: a new
 * song 7 and song 1 retitled, neither committed. */
static sqlite3 *hold_write_lock(const char *path)
{
    sqlite3 *raw = raw_open(path);
    raw_exec(raw, "PRAGMA foreign_keys = ON; BEGIN IMMEDIATE;"
                  "INSERT INTO songs (id, title, artist, drama, year, instrumental, vocal_style, artist_type, source) "
                  "VALUES (7, 'Held Song', 'Someone', 'Some Drama', 2020, 0, 'male-solo', 'idol', 'test');"
                  "UPDATE songs SET title = 'Renamed' WHERE id = 1;");
    return raw;
}

/* With the write lock held elsewhere, a read-only handle and a default one
 * open at once (busy timeout 0: any wait fails), and search, show, similar
 * and a playlist answer from the committed catalog. */
static void readers_are_not_blocked(void **state)
{
    (void)state;
    temp_db t;
    make_mini_catalog(&t);
    sqlite3 *writer = hold_write_lock(t.path);
    for (int read_only = 1; read_only >= 0; read_only--) {
        int rc;
        ostrec *db = open_with(t.path, read_only, 0, NULL, &rc);
        if (rc != OSTREC_OK) fail_msg("read_only=%d: %s", read_only, ostrec_errmsg(db));

        ostrec_song_list *found = NULL;
        assert_int_equal(ostrec_search(db, "goblin", 0, &found), OSTREC_OK);
        assert_int_equal(found->count, 2); /* songs 1 and 2; not the held song */
        assert_string_equal(found->items[0].title, "Stay With Me");
        ostrec_song_list_free(found);
        assert_int_equal(ostrec_song_get(db, 1, &found), OSTREC_OK);
        assert_string_equal(found->items[0].title, "Stay With Me");
        ostrec_song_list_free(found);
        size_t count = 0;
        assert_int_equal(ostrec_song_count(db, &count), OSTREC_OK);
        assert_int_equal(count, 6);
        int empty = 1;
        assert_int_equal(ostrec_is_empty(db, &empty), OSTREC_OK);
        assert_int_equal(empty, 0);

        ostrec_model *model = NULL;
        ostrec_index *index = NULL;
        ostrec_results *res = NULL;
        assert_int_equal(ostrec_model_load(db, NULL, &model), OSTREC_OK);
        assert_int_equal(ostrec_index_build(db, model, &index), OSTREC_OK);
        assert_int_equal(ostrec_index_songs(index), 6);
        ostrec_query q = OSTREC_QUERY_INIT;
        int64_t seed = 1;
        q.seeds = &seed;
        q.seed_count = 1;
        q.k = 3;
        assert_int_equal(ostrec_similar(db, index, &q, &res), OSTREC_OK);
        assert_int_equal(res->count, 3);
        ostrec_results_free(res);

        ostrec_target target;
        assert_int_equal(ostrec_target_moods(db, "sad", &target), OSTREC_OK);
        ostrec_playlist_query pq = OSTREC_PLAYLIST_INIT;
        pq.targets = &target;
        pq.target_count = 1;
        pq.n = 4;
        ostrec_playlist *pl = NULL;
        assert_int_equal(ostrec_playlist_make(db, index, &pq, &pl), OSTREC_OK);
        assert_int_equal(pl->count, 4);
        ostrec_playlist_free(pl);
        ostrec_index_free(index);
        ostrec_model_free(model);
        ostrec_close(db);
    }
    raw_exec(writer, "ROLLBACK");
    sqlite3_close(writer);
    temp_db_remove(&t);
}

/* Two imports at once: the second, not willing to wait, fails with a message
 * that says the catalog is busy and changes nothing; once the first is done,
 * it lands, and both writes are there. */
static void second_import_waits_or_fails_clearly(void **state)
{
    (void)state;
    temp_db t;
    make_mini_catalog(&t);
    char *csv = temp_text(".csv", "id,title,title_ko,artist,artist_ko,drama,drama_ko,year,ost_part,instrumental,"
                                  "genres,moods,vocal_style,artist_type,source\n"
                                  "8,Second Import,,Someone Else,,Other Drama,,2021,,no,ballad,sad,female-solo,"
                                  "vocalist,test\n");
    sqlite3 *writer = hold_write_lock(t.path);
    int rc;
    ostrec *db = open_with(t.path, 0, 0, NULL, &rc);
    assert_int_equal(rc, OSTREC_OK);
    assert_int_equal(ostrec_import(db, csv, OSTREC_FORMAT_AUTO, NULL), OSTREC_EDB);
    if (strstr(ostrec_errmsg(db), "busy") == NULL) fail_msg("message: %s", ostrec_errmsg(db));
    raw_exec(writer, "COMMIT");
    sqlite3_close(writer);
    ostrec_import_result r;
    assert_int_equal(ostrec_import(db, csv, OSTREC_FORMAT_AUTO, &r), OSTREC_OK);
    assert_int_equal(r.added, 1);
    ostrec_close(db);

    sqlite3 *raw = raw_open(t.path);
    assert_int_equal(raw_int(raw, "SELECT count(*) FROM songs"), 8);
    assert_int_equal(raw_int(raw, "SELECT count(*) FROM songs WHERE id IN (7, 8) OR title = 'Renamed'"), 3);
    sqlite3_close(raw);
    temp_remove(csv);
    temp_db_remove(&t);
}

/* A read-only handle makes no file, and refuses to write. */
/* A new catalog is empty until an import fills it. */
static void empty_until_filled(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    int empty = 0;
    assert_int_equal(ostrec_is_empty(db, &empty), OSTREC_OK);
    assert_int_equal(empty, 1);
    assert_int_equal(ostrec_import(db, MINI_CSV, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    assert_int_equal(ostrec_is_empty(db, &empty), OSTREC_OK);
    assert_int_equal(empty, 0);
    ostrec_close(db);
}

static void read_only_never_writes(void **state)
{
    (void)state;
    temp_db t;
    temp_db_make(&t);
    int rc;
    ostrec *db = open_with(t.path, 1, 0, NULL, &rc);
    assert_int_equal(rc, OSTREC_ENOTFOUND);
    assert_non_null(strstr(ostrec_errmsg(db), t.path));
    ostrec_close(db);
    struct stat st;
    assert_int_equal(stat(t.path, &st), -1);

    make_mini_catalog(&t);
    db = open_with(t.path, 1, 0, NULL, &rc);
    assert_int_equal(rc, OSTREC_OK);
    assert_int_equal(ostrec_import(db, MINI_CSV, OSTREC_FORMAT_AUTO, NULL), OSTREC_EDB);
    ostrec_close(db);

    /* An empty database file is no catalog yet: read-only, it stays empty. */
    temp_db_remove(&t);
    FILE *f = fopen(t.path, "w");
    assert_non_null(f);
    fclose(f);
    db = open_with(t.path, 1, 0, NULL, &rc);
    assert_int_equal(rc, OSTREC_ENOTFOUND);
    ostrec_close(db);
    assert_int_equal(stat(t.path, &st), 0);
    assert_int_equal(st.st_size, 0);
    temp_db_remove(&t);
}

/* A new catalog carries its identity and schema version; a catalog made
 * before versions were kept (no ostrec_meta, header fields 0) is refused
 * read-only and upgraded by a writing open, songs kept. */
static void schema_version_and_upgrade(void **state)
{
    (void)state;
    temp_db t;
    make_mini_catalog(&t);
    sqlite3 *raw = raw_open(t.path);
    assert_int_equal(raw_int(raw, "PRAGMA application_id"), OSTR_ID);
    assert_int_equal(raw_int(raw, "PRAGMA user_version"), SCHEMA_VERSION);
    raw_exec(raw, "DROP TABLE ostrec_meta; PRAGMA application_id = 0; PRAGMA user_version = 0");
    sqlite3_close(raw);

    int rc;
    ostrec *db = open_with(t.path, 1, 0, NULL, &rc);
    assert_int_equal(rc, OSTREC_EDB);
    assert_non_null(strstr(ostrec_errmsg(db), "older"));
    ostrec_close(db);
    db = open_with(t.path, 0, 0, NULL, &rc);
    assert_int_equal(rc, OSTREC_OK);
    ostrec_close(db);
    raw = raw_open(t.path);
    assert_int_equal(raw_int(raw, "PRAGMA application_id"), OSTR_ID);
    assert_int_equal(raw_int(raw, "PRAGMA user_version"), SCHEMA_VERSION);
    assert_int_equal(raw_int(raw, "SELECT count(*) FROM songs"), 6);
    assert_int_equal(raw_int(raw, "SELECT count(*) FROM ostrec_meta WHERE key = 'vocab_hash'"), 1);
    /* A schema newer than the library's is refused. */
    raw_exec(raw, "PRAGMA user_version = 99");
    sqlite3_close(raw);
    db = open_with(t.path, 0, 0, NULL, &rc);
    assert_int_equal(rc, OSTREC_EDB);
    assert_non_null(strstr(ostrec_errmsg(db), "newer"));
    ostrec_close(db);
    temp_db_remove(&t);
}

/* A version 2 catalog (before artists as people and title_romanized) is
 * upgraded by a writing open: songs gain the column, each song is credited
 * to its artist text as one artist (what the text meant before), and the
 * full-text index, made anew with the column, still finds every song. */
static void schema_2_gains_credits(void **state)
{
    (void)state;
    temp_db t;
    make_mini_catalog(&t);
    sqlite3 *raw = raw_open(t.path);
    raw_exec(raw, "DROP VIEW artist_names; DROP TABLE song_credits; DROP TABLE artist_groups;"
                  "DROP TABLE artist_aliases; DROP TABLE artists;"
                  "DROP TRIGGER songs_fts_insert; DROP TRIGGER songs_fts_delete; DROP TRIGGER songs_fts_update;"
                  "DROP TABLE songs_fts; ALTER TABLE songs DROP COLUMN title_romanized;"
                  "CREATE VIRTUAL TABLE songs_fts USING fts5 (title, title_ko, artist, artist_ko, drama, drama_ko,"
                  " content = 'songs', content_rowid = 'id', tokenize = 'trigram');"
                  "INSERT INTO songs_fts (songs_fts) VALUES ('rebuild'); PRAGMA user_version = 2");
    sqlite3_close(raw);

    int rc;
    ostrec *db = open_with(t.path, 0, 0, NULL, &rc);
    assert_int_equal(rc, OSTREC_OK);
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_search(db, "Punch", 0, &list), OSTREC_OK);
    assert_int_equal(list->count, 1);
    assert_string_equal(list->items[0].credits, "Chanyeol, Punch");
    assert_string_equal(list->items[0].title_romanized, "");
    ostrec_song_list_free(list);
    ostrec_close(db);
    raw = raw_open(t.path);
    assert_int_equal(raw_int(raw, "PRAGMA user_version"), SCHEMA_VERSION);
    assert_int_equal(raw_int(raw, "SELECT count(*) FROM song_credits"), 6);
    assert_int_equal(raw_int(raw, "SELECT count(*) FROM artists"), 6);
    assert_int_equal(raw_int(raw, "SELECT count(*) FROM songs_fts WHERE songs_fts MATCH 'Goblin'"), 2);
    sqlite3_close(raw);
    temp_db_remove(&t);
}

/* A version 1 catalog (before the generation and its triggers) is
 * refused read-only and upgraded by a writing open: it gains a generation
 * and the triggers, which move it on at every change made with plain SQL. */
static void schema_1_gains_generation(void **state)
{
    (void)state;
    temp_db t;
    make_mini_catalog(&t);
    sqlite3 *raw = raw_open(t.path);
    assert_int_equal(raw_int(raw, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%generation%'"), GENERATION_TRIGGERS);
    raw_exec(raw, "DELETE FROM ostrec_meta WHERE key = 'generation'; PRAGMA user_version = 1");
    const char *const tables[] = {"songs", "song_genres", "song_moods"}, *const events[] = {"insert", "update", "delete"};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            char sql[96];
            snprintf(sql, sizeof sql, "DROP TRIGGER %s_generation_%s", tables[i], events[j]);
            raw_exec(raw, sql);
        }
    sqlite3_close(raw);

    int rc;
    ostrec *db = open_with(t.path, 1, 0, NULL, &rc);
    assert_int_equal(rc, OSTREC_EDB);
    assert_non_null(strstr(ostrec_errmsg(db), "older"));
    ostrec_close(db);
    db = open_with(t.path, 0, 0, NULL, &rc);
    assert_int_equal(rc, OSTREC_OK);
    ostrec_close(db);
    raw = raw_open(t.path);
    assert_int_equal(raw_int(raw, "PRAGMA user_version"), SCHEMA_VERSION);
    assert_int_equal(raw_int(raw, "SELECT count(*) FROM songs"), 6);
    assert_int_equal(raw_int(raw, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%generation%'"), GENERATION_TRIGGERS);
    long long before = raw_int(raw, "SELECT value FROM ostrec_meta WHERE key = 'generation'");
    /* One statement changing one song's year, one changing a mood, one
     * deleting a song (its genres and moods go with it): each moves it on. */
    raw_exec(raw, "UPDATE songs SET year = year + 1 WHERE id = (SELECT min(id) FROM songs)");
    long long after_year = raw_int(raw, "SELECT value FROM ostrec_meta WHERE key = 'generation'");
    assert_true(after_year > before);
    raw_exec(raw, "UPDATE song_moods SET mood = 'calm' WHERE song_id = (SELECT max(song_id) FROM song_moods) AND position = 0");
    long long after_mood = raw_int(raw, "SELECT value FROM ostrec_meta WHERE key = 'generation'");
    assert_true(after_mood > after_year);
    raw_exec(raw, "PRAGMA foreign_keys = ON; DELETE FROM songs WHERE id = (SELECT max(id) FROM songs)");
    assert_true(raw_int(raw, "SELECT value FROM ostrec_meta WHERE key = 'generation'") > after_mood);
    sqlite3_close(raw);
    temp_db_remove(&t);
}

static long long generation_of(const char *path, long long *triggers)
{
    sqlite3 *raw = raw_open(path);
    long long g = raw_int(raw, "SELECT value FROM ostrec_meta WHERE key = 'generation'");
    *triggers = raw_int(raw, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%generation%'");
    sqlite3_close(raw);
    return g;
}

/* An import moves the generation on once, whatever its size, and leaves the
 * triggers as they were; a refused import moves nothing. */
static void import_moves_generation_once(void **state)
{
    (void)state;
    temp_db t;
    make_mini_catalog(&t);
    long long triggers = 0, before = generation_of(t.path, &triggers);
    int rc;
    ostrec *db = open_with(t.path, 0, 0, NULL, &rc);
    assert_int_equal(rc, OSTREC_OK);
    char *three = temp_text(".csv", CSV_HEADER "20,A,,X,,D,,2012,,no,rock,sad,male-solo,idol,s\n"
                                              "21,B,,X,,D,,2013,,no,rock;ballad,sad;calm,male-solo,idol,s\n"
                                              "2,C,,X,,D,,2014,,no,rock,sad,male-solo,idol,s\n");
    assert_int_equal(ostrec_import(db, three, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    long long after = generation_of(t.path, &triggers);
    assert_int_equal(after, before + 1);
    assert_int_equal(triggers, GENERATION_TRIGGERS);
    char *bad = temp_text(".csv", CSV_HEADER "22,A,,X,,D,,2012,,no,rock,sad,male-solo,idol,s\n"
                                            "23,B,,X,,D,,1066,,no,rock,sad,male-solo,idol,s\n");
    assert_int_equal(ostrec_import(db, bad, OSTREC_FORMAT_AUTO, NULL), OSTREC_EDATA);
    assert_int_equal(generation_of(t.path, &triggers), after);
    assert_int_equal(triggers, GENERATION_TRIGGERS);
    ostrec_close(db);
    temp_remove(three);
    temp_remove(bad);
    temp_db_remove(&t);
}

/* The vocabulary tables are written only when the vocabulary differs from
 * the recorded one: with the write lock held elsewhere (and no wait), the
 * same vocabulary opens, a changed one cannot, and once free, the new genre
 * is in the table. */
static void vocabulary_written_only_when_changed(void **state)
{
    (void)state;
    temp_db t;
    make_mini_catalog(&t);
    FILE *in = fopen("../models/vocab.json", "rb");
    assert_non_null(in);
    char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[n] = '\0';
    const char *anchor = "\"genres\": [";
    char *at = strstr(text, anchor);
    assert_non_null(at);
    at += strlen(anchor);
    char changed[66000];
    snprintf(changed, sizeof changed, "%.*s{\"id\": \"trot-test\", \"name\": \"Trot test\", \"about\": \"a test genre\"},%s",
             (int)(at - text), text, at);
    char *vocab = temp_text(".json", changed);

    sqlite3 *writer = hold_write_lock(t.path);
    int rc;
    ostrec *db = open_with(t.path, 0, 0, "../models/vocab.json", &rc);
    assert_int_equal(rc, OSTREC_OK);
    ostrec_close(db);
    db = open_with(t.path, 0, 0, vocab, &rc);
    assert_int_equal(rc, OSTREC_EDB);
    ostrec_close(db);
    db = open_with(t.path, 1, 0, vocab, &rc); /* reading needs no vocabulary tables */
    assert_int_equal(rc, OSTREC_OK);
    ostrec_close(db);
    raw_exec(writer, "ROLLBACK");
    sqlite3_close(writer);

    db = open_with(t.path, 0, 0, vocab, &rc);
    if (rc != OSTREC_OK) fail_msg("%s", ostrec_errmsg(db));
    ostrec_close(db);
    sqlite3 *raw = raw_open(t.path);
    assert_int_equal(raw_int(raw, "SELECT count(*) FROM genres WHERE id = 'trot-test'"), 1);
    sqlite3_close(raw);
    temp_remove(vocab);
    temp_db_remove(&t);
}

/* The whole content of a file. */
static char *file_bytes(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

/* Another program's database is refused and left as it was, byte for
 * byte: no WAL, no tables added, no header change. */
static void foreign_database_untouched(void **state)
{
    (void)state;
    temp_db t;
    temp_db_make(&t);
    sqlite3 *raw = NULL;
    assert_int_equal(sqlite3_open(t.path, &raw), SQLITE_OK);
    raw_exec(raw, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine')");
    sqlite3_close(raw);
    size_t before_len = 0, after_len = 0;
    char *before = file_bytes(t.path, &before_len);
    int rc;
    for (int read_only = 0; read_only <= 1; read_only++) {
        ostrec *db = open_with(t.path, read_only, 0, NULL, &rc);
        assert_int_equal(rc, OSTREC_EDB);
        assert_non_null(strstr(ostrec_errmsg(db), "not an ostrec catalog"));
        ostrec_close(db);
    }
    char *after = file_bytes(t.path, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len);
    free(before);
    free(after);
    ostrec *db;

    raw = raw_open(t.path);
    raw_exec(raw, "PRAGMA application_id = 1234");
    sqlite3_close(raw);
    db = open_with(t.path, 0, 0, NULL, &rc);
    assert_int_equal(rc, OSTREC_EDB);
    ostrec_close(db);

    raw = raw_open(t.path);
    assert_int_equal(raw_int(raw, "SELECT count(*) FROM sqlite_schema"), 1);
    assert_int_equal(raw_int(raw, "PRAGMA user_version"), 0);
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "delete");
    sqlite3_finalize(stmt);
    sqlite3_close(raw);
    temp_db_remove(&t);
}

/* Options: NULL is the defaults, _init() equals the macro, and a version
 * the library does not know is refused with the field named. */
static void open_options_versions(void **state)
{
    (void)state;
    ostrec_open_options a = OSTREC_OPEN_INIT, b;
    memset(&b, 0x5A, sizeof b);
    ostrec_open_options_init(&b);
    assert_int_equal(a.version, b.version);
    assert_null(b.vocab_path);
    assert_int_equal(a.read_only, b.read_only);
    assert_int_equal(a.create, b.create);
    assert_int_equal(a.busy_timeout_ms, b.busy_timeout_ms);

    for (int version = 0; version <= OSTREC_OPEN_VERSION + 1; version += OSTREC_OPEN_VERSION + 1) {
        ostrec *db = NULL;
        a.version = version;
        assert_int_equal(ostrec_open(&db, ":memory:", &a), OSTREC_EINVAL);
        assert_non_null(strstr(ostrec_errmsg(db), "version"));
        ostrec_close(db);
    }
    a.version = OSTREC_OPEN_VERSION;
    a.busy_timeout_ms = -1;
    ostrec *db = NULL;
    assert_int_equal(ostrec_open(&db, ":memory:", &a), OSTREC_EINVAL);
    ostrec_close(db);
}

/* The layout of ostrec_query as version 1 published it. A caller compiled
 * against the version 1 header passes this struct, and no more: it is
 * allocated to its exact size, so a library reading past it is caught by
 * AddressSanitizer and valgrind. */
typedef struct {
    int version;
    const int64_t *seeds;
    size_t seed_count;
    const int64_t *negatives;
    size_t negative_count;
    double negative_weight;
    size_t k;
    int year_from, year_to;
    int exclude_seed_dramas;
    int exclude_seed_artists;
    ostrec_instrumental instrumental;
    size_t max_per_artist;
    int one_per_drama;
    double diversity;
    double shift_year;
} query_v1;

typedef struct {
    int version;
    const ostrec_target *targets;
    size_t target_count;
    int64_t from, to;
    size_t n;
    int year_from, year_to;
    ostrec_instrumental instrumental;
    size_t max_per_artist;
    int one_per_drama;
    int shuffle;
    unsigned long seed;
} playlist_query_v1;

static void version_1_callers(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_model *model = NULL;
    ostrec_index *index = NULL;
    assert_int_equal(ostrec_model_load(db, NULL, &model), OSTREC_OK);
    assert_int_equal(ostrec_index_build(db, model, &index), OSTREC_OK);
    int64_t seed = 1;

    query_v1 *old = malloc(sizeof *old);
    assert_non_null(old);
    *old = (query_v1){1, &seed, 1, NULL, 0, 0.5, 4, 0, 0, 1, 0, OSTREC_INSTRUMENTAL_ANY, 0, 0, 0.0, 0.0};
    ostrec_query now;
    ostrec_query_init(&now);
    now.seeds = &seed;
    now.seed_count = 1;
    now.k = 4;
    now.exclude_seed_dramas = 1;
    ostrec_results *a = NULL, *b = NULL;
    assert_int_equal(ostrec_similar(db, index, (const ostrec_query *)(const void *)old, &a), OSTREC_OK);
    assert_int_equal(ostrec_similar(db, index, &now, &b), OSTREC_OK);
    assert_int_equal(a->count, b->count);
    assert_int_equal(a->count, 4); /* 6 songs less the seed and its drama's other song */
    for (size_t i = 0; i < a->count; i++) {
        assert_int_equal(a->items[i].id, b->items[i].id);
        assert_true(a->items[i].score == b->items[i].score);
        assert_int_not_equal(a->items[i].id, 2);
    }
    char *json = ostrec_results_to_json(index, (const ostrec_query *)(const void *)old, a);
    assert_non_null(json);
    free(json);
    ostrec_results_free(a);
    ostrec_results_free(b);

    old->version = OSTREC_QUERY_VERSION + 1;
    assert_int_equal(ostrec_similar(db, index, (const ostrec_query *)(const void *)old, &a), OSTREC_EINVAL);
    assert_non_null(strstr(ostrec_errmsg(db), "version"));
    assert_null(a);
    old->version = 0;
    assert_int_equal(ostrec_similar(db, index, (const ostrec_query *)(const void *)old, &a), OSTREC_EINVAL);
    assert_null(ostrec_results_to_json(index, (const ostrec_query *)(const void *)old, b));
    free(old);

    ostrec_target target;
    assert_int_equal(ostrec_target_moods(db, "sad", &target), OSTREC_OK);
    playlist_query_v1 *pold = malloc(sizeof *pold);
    assert_non_null(pold);
    *pold = (playlist_query_v1){1, &target, 1, 0, 0, 3, 0, 0, OSTREC_INSTRUMENTAL_ANY, 0, 0, 0, 0};
    ostrec_playlist *p = NULL;
    assert_int_equal(ostrec_playlist_make(db, index, (const ostrec_playlist_query *)(const void *)pold, &p),
                     OSTREC_OK);
    assert_int_equal(p->count, 3);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(ostrec_playlist_write(db, index, (const ostrec_playlist_query *)(const void *)pold, p,
                                           OSTREC_RESULTS_JSON, out),
                     OSTREC_OK);
    fclose(out);
    free(buf);
    ostrec_playlist_free(p);
    pold->version = OSTREC_PLAYLIST_VERSION + 1;
    assert_int_equal(ostrec_playlist_make(db, index, (const ostrec_playlist_query *)(const void *)pold, &p),
                     OSTREC_EINVAL);
    free(pold);

    ostrec_playlist_query pnow;
    ostrec_playlist_query_init(&pnow);
    ostrec_playlist_query pmacro = OSTREC_PLAYLIST_INIT;
    assert_int_equal(pnow.n, pmacro.n);
    assert_int_equal(pnow.version, OSTREC_PLAYLIST_VERSION);
    ostrec_index_free(index);
    ostrec_model_free(model);
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(readers_are_not_blocked),
        cmocka_unit_test(second_import_waits_or_fails_clearly),
        cmocka_unit_test(empty_until_filled), cmocka_unit_test(read_only_never_writes),
        cmocka_unit_test(schema_version_and_upgrade),
        cmocka_unit_test(schema_1_gains_generation),
        cmocka_unit_test(schema_2_gains_credits),
        cmocka_unit_test(import_moves_generation_once),
        cmocka_unit_test(vocabulary_written_only_when_changed),
        cmocka_unit_test(foreign_database_untouched),
        cmocka_unit_test(open_options_versions),
        cmocka_unit_test(version_1_callers),
    };
    return cmocka_run_group_tests_name("open", tests, NULL, NULL);
}
