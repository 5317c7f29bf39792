/* test_import_faults.c: an import is all or nothing under any failure, the way
 * SQLite tests itself: the n-th allocation (SQLite's, through
 * SQLITE_CONFIG_MALLOC; cJSON's, through its hooks; the library's own,
 * through the linker's --wrap) or the n-th read, write, sync or truncate (a
 * VFS wrapping the default one) of an import is made to fail, for n = 1, 2,
 * ... until the import runs with nothing left to fail. After each, the import
 * must have failed cleanly (or, when SQLite absorbed the failure, succeeded
 * whole), and the catalog, exported from a fresh handle, must be byte for
 * byte what it was before (or what the import makes it). */
#include "helpers.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>

/* ---- the failure to inject ---- */

/* FAULT_ALLOC counts every allocation; FAULT_ALLOC_OUTSIDE_SQLITE those of
 * cJSON and of the library alone. */
typedef enum {
    FAULT_NONE, FAULT_ALLOC, FAULT_ALLOC_OUTSIDE_SQLITE, FAULT_READ, FAULT_WRITE, FAULT_SYNC, FAULT_TRUNCATE
} fault_kind;
static const char *const fault_names[] = {"none",  "allocations", "allocations outside SQLite", "reads",
                                          "writes", "syncs",       "truncates"};

static fault_kind armed = FAULT_NONE;
static long fail_at; /* the call of kind `armed` to fail, counting from 1 */
static long calls;
static int injected;

static int should_fail(fault_kind kind)
{
    if (armed != kind || ++calls != fail_at) return 0;
    injected = 1;
    return 1;
}

static void arm(fault_kind kind, long n)
{
    calls = 0;
    injected = 0;
    fail_at = n;
    armed = kind;
}

static void disarm(void) { armed = FAULT_NONE; }

static int should_fail_alloc(void)
{
    return should_fail(FAULT_ALLOC) || should_fail(FAULT_ALLOC_OUTSIDE_SQLITE);
}

/* ---- allocators ---- */

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size) { return should_fail_alloc() ? NULL : __real_malloc(size); }
void *__wrap_calloc(size_t count, size_t size) { return should_fail_alloc() ? NULL : __real_calloc(count, size); }
void *__wrap_realloc(void *p, size_t size) { return should_fail_alloc() ? NULL : __real_realloc(p, size); }

static sqlite3_mem_methods sqlite_default;
static void *sqlite_malloc(int n) { return should_fail(FAULT_ALLOC) ? NULL : sqlite_default.xMalloc(n); }
static void *sqlite_realloc(void *p, int n) { return should_fail(FAULT_ALLOC) ? NULL : sqlite_default.xRealloc(p, n); }

static void *cjson_malloc(size_t size) { return should_fail_alloc() ? NULL : __real_malloc(size); }
static void cjson_free(void *p) { free(p); }

/* ---- a VFS whose files fail the n-th read, write, sync or truncate ---- */

typedef struct {
    sqlite3_file base;
    sqlite3_file *real; /* the default VFS's file, stored right after this struct */
} faulty_file;

static sqlite3_vfs *default_vfs;
#define REAL(f) (((faulty_file *)(f))->real)
#define FORWARD(f, method, ...) REAL(f)->pMethods->method(REAL(f), __VA_ARGS__)

static int f_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    return should_fail(FAULT_READ) ? SQLITE_IOERR_READ : FORWARD(f, xRead, buf, n, off);
}
static int f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    return should_fail(FAULT_WRITE) ? SQLITE_IOERR_WRITE : FORWARD(f, xWrite, buf, n, off);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return should_fail(FAULT_TRUNCATE) ? SQLITE_IOERR_TRUNCATE : FORWARD(f, xTruncate, size);
}
static int f_sync(sqlite3_file *f, int flags)
{
    return should_fail(FAULT_SYNC) ? SQLITE_IOERR_FSYNC : FORWARD(f, xSync, flags);
}
static int f_file_size(sqlite3_file *f, sqlite3_int64 *size) { return FORWARD(f, xFileSize, size); }
static int f_lock(sqlite3_file *f, int level) { return FORWARD(f, xLock, level); }
static int f_unlock(sqlite3_file *f, int level) { return FORWARD(f, xUnlock, level); }
static int f_check_reserved(sqlite3_file *f, int *out) { return FORWARD(f, xCheckReservedLock, out); }
static int f_file_control(sqlite3_file *f, int op, void *arg) { return FORWARD(f, xFileControl, op, arg); }
static int f_sector_size(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int f_device(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int f_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **out)
{
    return FORWARD(f, xShmMap, region, size, extend, out);
}
static int f_shm_lock(sqlite3_file *f, int offset, int n, int flags) { return FORWARD(f, xShmLock, offset, n, flags); }
static void f_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int f_shm_unmap(sqlite3_file *f, int delete_flag) { return FORWARD(f, xShmUnmap, delete_flag); }
static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **out) { return FORWARD(f, xFetch, off, n, out); }
static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p) { return FORWARD(f, xUnfetch, off, p); }

static const sqlite3_io_methods faulty_io = {
    3,          f_close,       f_read,         f_write,    f_truncate,       f_sync,        f_file_size,
    f_lock,     f_unlock,      f_check_reserved, f_file_control, f_sector_size, f_device, f_shm_map,
    f_shm_lock, f_shm_barrier, f_shm_unmap,    f_fetch,    f_unfetch};

static int v_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags)
{
    (void)vfs;
    faulty_file *f = (faulty_file *)file;
    f->real = (sqlite3_file *)(f + 1);
    int rc = default_vfs->xOpen(default_vfs, name, f->real, flags, out_flags);
    /* SQLite calls xClose only on a file whose pMethods is set. */
    f->base.pMethods = f->real->pMethods != NULL ? &faulty_io : NULL;
    return rc;
}
static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    return default_vfs->xDelete(default_vfs, name, sync_dir);
}
static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return default_vfs->xAccess(default_vfs, name, flags, out);
}
static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return default_vfs->xFullPathname(default_vfs, name, n, out);
}
static int v_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return default_vfs->xRandomness(default_vfs, n, out);
}
static int v_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return default_vfs->xSleep(default_vfs, us);
}
static int v_current_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return default_vfs->xCurrentTime(default_vfs, out);
}
static int v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return default_vfs->xGetLastError(default_vfs, n, out);
}
static int v_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return default_vfs->xCurrentTimeInt64(default_vfs, out);
}

static sqlite3_vfs faulty_vfs = {
    .iVersion = 2, .zName = "ostrec-faulty", .xOpen = v_open, .xDelete = v_delete, .xAccess = v_access,
    .xFullPathname = v_full_pathname, .xRandomness = v_randomness, .xSleep = v_sleep,
    .xCurrentTime = v_current_time, .xGetLastError = v_last_error, .xCurrentTimeInt64 = v_current_time_int64};

/* Install the failing allocators and make the failing VFS the default, once,
 * before the library opens anything. */
static int install_faults(void **state)
{
    (void)state;
    /* The default allocator is only known once SQLite has initialized, and
     * can only be replaced while it is shut down. */
    assert_int_equal(sqlite3_initialize(), SQLITE_OK);
    assert_int_equal(sqlite3_shutdown(), SQLITE_OK);
    assert_int_equal(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default), SQLITE_OK);
    assert_non_null(sqlite_default.xMalloc);
    sqlite3_mem_methods failing = sqlite_default;
    failing.xMalloc = sqlite_malloc;
    failing.xRealloc = sqlite_realloc;
    assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &failing), SQLITE_OK);
    assert_int_equal(sqlite3_initialize(), SQLITE_OK);

    default_vfs = sqlite3_vfs_find(NULL);
    assert_non_null(default_vfs);
    assert_true(default_vfs->iVersion >= 2);
    faulty_vfs.szOsFile = (int)sizeof(faulty_file) + default_vfs->szOsFile;
    faulty_vfs.mxPathname = default_vfs->mxPathname;
    assert_int_equal(sqlite3_vfs_register(&faulty_vfs, 1), SQLITE_OK);

    cJSON_Hooks hooks = {cjson_malloc, cjson_free};
    cJSON_InitHooks(&hooks);
    return 0;
}

/* ---- the catalog and the import ---- */

/* Replaces song 1 of the mini fixture, adds song 7, replaces song 4 (new
 * titles, more and fewer genres and moods), so each statement of an import
 * is run both freshly prepared and reused. Small: SQLite makes some 900
 * allocations before the first song is stored, and about 125 for each. */
static const char import_csv[] =
    CSV_HEADER
    "1,Stay With Me (Remix),,\"Chanyeol, Punch\",,Guardian: The Lonely and Great God (Goblin),,2016,1,no,"
    "pop;ballad;piano,tender,mixed-duet,idol,fault test\n"
    "7,\"Every Day, Every Moment\",,Paul Kim,폴킴,Should We Kiss First,,2018,,no,ballad,romantic;longing,"
    "male-solo,vocalist,fault test\n"
    "4,Way Back Then (Reprise),,Jung Jae-il,,Squid Game,,2021,,yes,piano,nostalgic;longing;eerie,"
    "instrumental,composer,fault test\n";

/* The same three songs and four more of the fixture replaced: seven songs
 * into a catalog of six, so the import builds the full-text index whole at
 * its commit instead of song by song (store_begin). */
static const char import_csv_whole[] =
    CSV_HEADER
    "1,Stay With Me (Remix),,\"Chanyeol, Punch\",,Guardian: The Lonely and Great God (Goblin),,2016,1,no,"
    "pop;ballad;piano,tender,mixed-duet,idol,fault test\n"
    "7,\"Every Day, Every Moment\",,Paul Kim,폴킴,Should We Kiss First,,2018,,no,ballad,romantic;longing,"
    "male-solo,vocalist,fault test\n"
    "4,Way Back Then (Reprise),,Jung Jae-il,,Squid Game,,2021,,yes,piano,nostalgic;longing;eerie,"
    "instrumental,composer,fault test\n"
    "2,Beautiful (Live),,Crush,,Goblin,,2016,,no,ballad,romantic,male-solo,hip-hop-rnb,fault test\n"
    "3,Give You My Heart (Acoustic),,IU,,Crash Landing on You,,2019,,no,acoustic-folk,tender,female-solo,vocalist,fault test\n"
    "5,Sweet Night (Demo),,V,,Itaewon Class,,2020,,no,pop,dreamy,male-solo,idol,fault test\n"
    "6,Sixth Song Retitled,,Someone,,Some Drama,,2015,,no,rock,sad,male-solo,idol,fault test\n";

static const char import_json[] =
    "[{\"id\": 1, \"title\": \"Stay With Me (Remix)\", \"artist\": \"Chanyeol, Punch\", "
    "\"drama\": \"Guardian: The Lonely and Great God (Goblin)\", \"year\": 2016, \"ost_part\": 1, "
    "\"instrumental\": false, \"genres\": [\"pop\", \"ballad\", \"piano\"], \"moods\": [\"tender\"], "
    "\"vocal_style\": \"mixed-duet\", \"artist_type\": \"idol\", \"source\": \"fault test\"},\n"
    " {\"id\": 7, \"title\": \"Every Day, Every Moment\", \"artist\": \"Paul Kim\", \"artist_ko\": \"폴킴\", "
    "\"drama\": \"Should We Kiss First\", \"year\": 2018, \"instrumental\": false, \"genres\": [\"ballad\"], "
    "\"moods\": [\"romantic\", \"longing\"], \"vocal_style\": \"male-solo\", \"artist_type\": \"vocalist\", "
    "\"source\": \"fault test\"},\n"
    " {\"id\": 4, \"title\": \"Way Back Then (Reprise)\", \"artist\": \"Jung Jae-il\", \"drama\": \"Squid Game\", "
    "\"year\": 2021, \"ost_part\": null, \"instrumental\": true, \"genres\": [\"piano\"], "
    "\"moods\": [\"nostalgic\", \"longing\", \"eerie\"], \"vocal_style\": \"instrumental\", "
    "\"artist_type\": \"composer\", \"source\": \"fault test\"}]\n";

typedef struct {
    char *db_path;
    char *start; /* the catalog file holding the mini fixture */
    size_t start_len;
    char *before; /* its CSV export */
} catalog;

static char *side_path(const char *db_path, const char *suffix)
{
    static char path[300];
    snprintf(path, sizeof path, "%s%s", db_path, suffix);
    return path;
}

/* Put the starting catalog back: the file as it was, no WAL. */
static void restore(const catalog *c)
{
    FILE *f = fopen(c->db_path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(c->start, 1, c->start_len, f), c->start_len);
    assert_int_equal(fclose(f), 0);
    unlink(side_path(c->db_path, "-wal"));
    unlink(side_path(c->db_path, "-shm"));
}

static ostrec *open_catalog(const char *path)
{
    ostrec *db = NULL;
    if (ostrec_open(&db, path, NULL) != OSTREC_OK) fail_msg("open %s: %s", path, ostrec_errmsg(db));
    return db;
}

/* What an import may change: the songs' CSV export, the artists' and the
 * default profile's. */
static char *state_string(ostrec *db)
{
    char *songs = export_string(db, OSTREC_FORMAT_CSV), *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(fputs(songs, f) >= 0, 1);
    assert_int_equal(ostrec_export_artists(db, f, OSTREC_FORMAT_CSV), OSTREC_OK);
    int rc = ostrec_profile_export(db, NULL, f); /* a history import's profile */
    if (rc == OSTREC_ENOTFOUND) fputs("no profile\n", f);
    else assert_int_equal(rc, OSTREC_OK);
    fclose(f);
    free(songs);
    return buf;
}

/* That state, read through a fresh handle. */
static char *export_fresh(const char *path)
{
    ostrec *db = open_catalog(path);
    char *text = state_string(db);
    ostrec_close(db);
    return text;
}

static void catalog_make(catalog *c)
{
    c->db_path = temp_file(".db", "", 0);
    ostrec *db = open_catalog(c->db_path);
    if (ostrec_import(db, MINI_CSV, OSTREC_FORMAT_AUTO, NULL) != OSTREC_OK) fail_msg("import: %s", ostrec_errmsg(db));
    ostrec_close(db);
    assert_int_equal(access(side_path(c->db_path, "-wal"), F_OK), -1); /* all of it in the file */
    FILE *f = fopen(c->db_path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    c->start_len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    c->start = malloc(c->start_len);
    assert_non_null(c->start);
    assert_int_equal(fread(c->start, 1, c->start_len, f), c->start_len);
    fclose(f);
    c->before = export_fresh(c->db_path);
}

static void catalog_free(catalog *c)
{
    free(c->start);
    free(c->before);
    unlink(side_path(c->db_path, "-wal"));
    unlink(side_path(c->db_path, "-shm"));
    temp_remove(c->db_path);
}

/* SQLite's own checks of the file, the full-text index included. */
static void check_integrity(const char *path, fault_kind kind, long n)
{
    sqlite3 *sql = NULL;
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_open_v2(path, &sql, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(sql, "PRAGMA integrity_check", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    if (strcmp((const char *)sqlite3_column_text(stmt, 0), "ok") != 0)
        fail_msg("%s %ld: integrity_check: %s", fault_names[kind], n, sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    if (sqlite3_exec(sql, "INSERT INTO songs_fts (songs_fts) VALUES ('integrity-check')", NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s %ld: full-text index: %s", fault_names[kind], n, sqlite3_errmsg(sql));
    sqlite3_close(sql);
}

/* What an import must leave as it found it or change as it means to,
 * besides the songs: the generation and the schema (the triggers an import
 * drops and makes again), as one string. */
static char *schema_of(const char *path)
{
    sqlite3 *sql = NULL;
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_open_v2(path, &sql, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(sql,
                                        "SELECT (SELECT value FROM ostrec_meta WHERE key = 'generation') || ' ' || "
                                        "group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), '; ') "
                                        "FROM (SELECT * FROM sqlite_schema ORDER BY type, name)",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    char *text = strdup((const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(sql);
    assert_non_null(text);
    return text;
}

static void expect_export(const char *got, const char *want, const char *want_name, fault_kind kind, long n,
                          const char *how, const char *message)
{
    if (strcmp(got, want) == 0) return;
    fail_msg("failing %s %ld (import: %s): the catalog, exported %s, is not %s:\n%s",
             fault_names[kind], n, message, how, want_name, got);
}

/* Fail the n-th call of `kind` in the import of `import_path`, for every n
 * until the import runs with nothing failed; returns how many were failed.
 * OSTREC_FAULT_STEP=k in the environment tries every k-th allocation
 * instead: make check-valgrind sets it, since there each try costs some 50
 * ms, and the plain and ASan runs have tried every one. */
typedef int (*importer)(ostrec *, const char *, ostrec_format, ostrec_import_result *);

static long fail_one_by_one(const catalog *c, importer import, const char *import_path, fault_kind kind, size_t updated,
                            long step_scale)
{
    /* What the import makes of the catalog when nothing fails. */
    restore(c);
    char *schema_before = schema_of(c->db_path);
    ostrec *db = open_catalog(c->db_path);
    ostrec_import_result result;
    if (import(db, import_path, OSTREC_FORMAT_AUTO, &result) != OSTREC_OK)
        fail_msg("import: %s", ostrec_errmsg(db));
    assert_int_equal(result.added, 1);
    assert_int_equal(result.updated, updated);
    ostrec_close(db);
    char *after = export_fresh(c->db_path), *schema_after = schema_of(c->db_path);
    assert_string_not_equal(after, c->before);
    if (import == ostrec_import) assert_string_not_equal(schema_after, schema_before); /* the generation moved on */

    const char *step_env = getenv("OSTREC_FAULT_STEP");
    long step = kind < FAULT_READ && step_env != NULL && atol(step_env) > 0 ? atol(step_env) * step_scale : 1;
    long n, absorbed = 0, tried = 0;
    for (n = 1;; n += step) {
        restore(c);
        db = open_catalog(c->db_path);
        arm(kind, n);
        int rc = import(db, import_path, OSTREC_FORMAT_AUTO, &result);
        disarm();
        char message[1100];
        snprintf(message, sizeof message, "%d, %s", rc, rc == OSTREC_OK ? "ok" : ostrec_errmsg(db));
        if (!injected) {
            if (rc != OSTREC_OK) fail_msg("nothing failed, yet the import returned %s", message);
            ostrec_close(db);
            break;
        }
        tried++;
        const char *want = c->before, *want_name = "as it was", *want_schema = schema_before;
        if (rc == OSTREC_OK) { /* SQLite recovered (a cache allocation, say): all of it landed */
            absorbed++;
            want = after;
            want_schema = schema_after;
            want_name = "what the import makes it";
        } else if (rc < OSTREC_EDB || ostrec_errmsg(db)[0] == '\0') {
            fail_msg("failing %s %ld: expected an OSTREC_E... code and a message, got %s", fault_names[kind], n,
                     message);
        }
        char *same = state_string(db);
        expect_export(same, want, want_name, kind, n, "by the importing handle", message);
        free(same);
        ostrec_close(db);
        char *fresh = export_fresh(c->db_path);
        expect_export(fresh, want, want_name, kind, n, "by a fresh handle", message);
        free(fresh);
        char *schema = schema_of(c->db_path);
        if (strcmp(schema, want_schema) != 0)
            fail_msg("failing %s %ld (import: %s): generation and schema are not %s:\n%s\nexpected:\n%s",
                     fault_names[kind], n, message, want_name, schema, want_schema);
        free(schema);
        if (kind >= FAULT_READ) check_integrity(c->db_path, kind, n); /* only I/O could harm the file */
    }
    printf("  %s import: %ld %s failed one by one%s (%ld absorbed by SQLite, the import whole); "
           "no catalog changed\n", strrchr(import_path, '.') + 1, tried, fault_names[kind],
           step > 1 ? ", every few" : "", absorbed);
    free(after);
    free(schema_before);
    free(schema_after);
    return step > 1 ? tried * step : tried;
}

static void run_importer(importer import, fault_kind kind, const char *suffix, const char *text, size_t updated,
                         long step_scale, long at_least)
{
    catalog c;
    catalog_make(&c);
    char *import_path = temp_text(suffix, text);
    long tried = fail_one_by_one(&c, import, import_path, kind, updated, step_scale);
    if (tried < at_least) fail_msg("only %ld %s were failed; expected at least %ld", tried, fault_names[kind], at_least);
    temp_remove(import_path);
    catalog_free(&c);
}

static void run_import(fault_kind kind, const char *suffix, const char *text, size_t updated, long step_scale,
                       long at_least)
{
    run_importer(ostrec_import, kind, suffix, text, updated, step_scale, at_least);
}

/* The three-song import: one song added, two replaced. */
static void run(fault_kind kind, const char *suffix, const char *text, long at_least)
{
    run_import(kind, suffix, text, 2, 1, at_least);
}

static void csv_import_survives_failed_allocations(void **state)
{
    (void)state;
    run(FAULT_ALLOC, ".csv", import_csv, 50);
}

/* SQLite's allocations are those of the CSV import: the same statements
 * run in the same order. Here, the allocations of cJSON and the library. */
static void json_import_survives_failed_allocations(void **state)
{
    (void)state;
    run(FAULT_ALLOC_OUTSIDE_SQLITE, ".json", import_json, 50);
}

static void import_survives_failed_reads(void **state)
{
    (void)state;
    run(FAULT_READ, ".csv", import_csv, 1);
}

static void import_survives_failed_writes(void **state)
{
    (void)state;
    run(FAULT_WRITE, ".csv", import_csv, 1);
}

/* The import that builds the full-text index whole: one song added, six
 * replaced. Under OSTREC_FAULT_STEP (valgrind) it tries every fourth step's
 * allocation: most of them are the same statements as the import above. */
static void whole_fts_import_survives_failed_allocations_and_writes(void **state)
{
    (void)state;
    run_import(FAULT_ALLOC, ".csv", import_csv_whole, 6, 4, 50);
    run_import(FAULT_WRITE, ".csv", import_csv_whole, 6, 1, 1);
}

/* An artists file: BTS new, V (now of BTS, with aliases) and Punch replaced. */
static const char import_artists_csv[] = "name,name_ko,aliases,artist_type,member_of\n"
                                         "BTS,방탄소년단,Bangtan Boys,idol,\n"
                                         "V,뷔,Kim Tae-hyung;Taehyung,idol,BTS\n"
                                         "Punch,펀치,,vocalist,\n";

static void artists_import_survives_failed_allocations_and_io(void **state)
{
    (void)state;
    run_importer(ostrec_import_artists, FAULT_ALLOC, ".csv", import_artists_csv, 2, 1, 50);
    run_importer(ostrec_import_artists, FAULT_WRITE, ".csv", import_artists_csv, 2, 1, 1);
    run_importer(ostrec_import_artists, FAULT_READ, ".csv", import_artists_csv, 2, 1, 1);
}

/* A Spotify history of two plays: "Stay With Me" (song 1 of the mini
 * fixture, credited to "Chanyeol, Punch") and a song the catalog lacks. */
static const char history_json[] =
    "[{\"endTime\": \"2024-01-05 22:10\", \"artistName\": \"CHANYEOL\", \"trackName\": \"Stay With Me\", "
    "\"msPlayed\": 233000},\n"
    " {\"endTime\": \"2024-01-05 22:14\", \"artistName\": \"Nobody\", \"trackName\": \"Not Here\", "
    "\"msPlayed\": 200000}]\n";

/* ostrec_history_import as an importer of the runs above: `added` is 1 when
 * it added a play (and made the profile), `updated` counts the entries no
 * song fits. */
static int import_history(ostrec *db, const char *path, ostrec_format format, ostrec_import_result *r)
{
    (void)format;
    ostrec_history_result h;
    int rc = ostrec_history_import(db, NULL, path, OSTREC_HISTORY_AUTO, &h, NULL, NULL);
    r->rows = h.entries;
    r->added = h.added > 0;
    r->updated = h.unmatched;
    return rc;
}

static void history_import_survives_failed_allocations_and_io(void **state)
{
    (void)state;
    run_importer(import_history, FAULT_ALLOC, ".json", history_json, 1, 1, 50);
    run_importer(import_history, FAULT_ALLOC_OUTSIDE_SQLITE, ".json", history_json, 1, 1, 10);
    run_importer(import_history, FAULT_WRITE, ".json", history_json, 1, 1, 1);
    run_importer(import_history, FAULT_READ, ".json", history_json, 1, 1, 1);
}

static void import_survives_failed_syncs_and_truncates(void **state)
{
    (void)state;
    run(FAULT_SYNC, ".csv", import_csv, 1);
    run(FAULT_TRUNCATE, ".csv", import_csv, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_import_survives_failed_allocations),
        cmocka_unit_test(json_import_survives_failed_allocations),
        cmocka_unit_test(import_survives_failed_reads),
        cmocka_unit_test(import_survives_failed_writes),
        cmocka_unit_test(import_survives_failed_syncs_and_truncates),
        cmocka_unit_test(artists_import_survives_failed_allocations_and_io),
        cmocka_unit_test(history_import_survives_failed_allocations_and_io),
        cmocka_unit_test(whole_fts_import_survives_failed_allocations_and_writes),
    };
    return cmocka_run_group_tests(tests, install_faults, NULL);
}
