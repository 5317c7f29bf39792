/* test_oom.c: out of memory. The test is linked with --wrap for malloc,
 * calloc and realloc, so the n-th allocation made by the library's own code
 * (not by SQLite, GSL or cJSON inside their shared libraries) can be made to
 * fail. For n = 0, 1, 2, ... each operation must fail cleanly (a negative
 * code, no output, no leak: ASan and valgrind watch) until n passes its
 * last allocation and it succeeds. */
#include "model_helpers.h"

#include "credit_helpers.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *p, size_t size);

static long fail_at = -1; /* the allocation to fail, counting from 0; -1: none */
static long calls;
static int failed;

static int should_fail(void)
{
    if (fail_at < 0 || calls++ != fail_at) return 0;
    failed = 1;
    return 1;
}
void *__wrap_malloc(size_t size) { return should_fail() ? NULL : __real_malloc(size); }
void *__wrap_calloc(size_t count, size_t size) { return should_fail() ? NULL : __real_calloc(count, size); }
void *__wrap_realloc(void *p, size_t size) { return should_fail() ? NULL : __real_realloc(p, size); }

static void arm(long n)
{
    fail_at = n;
    calls = 0;
    failed = 0;
}

/* Run `op` with allocation n failing, for every n until it succeeds, and
 * say how many allocations were failed one by one. */
#define FOR_EACH_FAILURE(n, rc, op, on_failure, on_success)                              \
    for (long n = 0;; n++) {                                                              \
        arm(n);                                                                           \
        int rc = (op);                                                                    \
        fail_at = -1;                                                                     \
        if (!failed) {                                                                    \
            assert_int_equal(rc, OSTREC_OK);                                              \
            printf("  %s: %ld allocations failed one by one\n", #op, n);                  \
            on_success;                                                                   \
            break;                                                                        \
        }                                                                                 \
        if (rc >= 0) fail_msg("allocation %ld failed but the call returned %d", n, rc);    \
        on_failure;                                                                       \
    }

static void model_load_fails_cleanly(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    ostrec_model *m = NULL;
    FOR_EACH_FAILURE(n, rc, ostrec_model_load(db, "../models/default.json", &m), assert_null(m),
                     ostrec_model_free(m))
    ostrec_close(db);
}

/* The mini catalog with its songs credited, two of them to two people who
 * share Punch: the index's people and their lists are built, and a seed's
 * people excluded. */
static ostrec *open_mini_credited(void)
{
    ostrec *db = open_mini();
    static const char *const stay[] = {"Chanyeol", "Punch"}, *const night[] = {"V", "Punch"};
    credit_song(db, 1, stay, 2);
    credit_song(db, 5, night, 2);
    return db;
}

static void index_build_fails_cleanly(void **state)
{
    (void)state;
    ostrec *db = open_mini_credited();
    ostrec_model *m = NULL;
    assert_int_equal(ostrec_model_load(db, NULL, &m), OSTREC_OK);
    ostrec_index *index = NULL;
    FOR_EACH_FAILURE(n, rc, ostrec_index_build(db, m, &index), assert_null(index), ostrec_index_free(index))
    ostrec_model_free(m);
    ostrec_close(db);
}

/* Opening the kept index, with no file yet (build, then keep) and with one
 * (map): a failed allocation either fails the call cleanly or, where it
 * only stops the index being kept, still gives the whole index. */
static void index_open_fails_cleanly(void **state)
{
    (void)state;
    char dir[] = "/tmp/ostrec-oom-XXXXXX", path[64], index_path[80];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/cat.db", dir);
    snprintf(index_path, sizeof index_path, "%s.index", path);
    ostrec *db = NULL;
    assert_int_equal(ostrec_open(&db, path, NULL), OSTREC_OK);
    assert_int_equal(ostrec_import(db, MINI_CSV, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    ostrec_model *m = NULL;
    assert_int_equal(ostrec_model_load(db, NULL, &m), OSTREC_OK);
    for (int kept = 0; kept < 2; kept++) {
        long n = 0;
        for (;; n++) {
            if (!kept) unlink(index_path);
            ostrec_index *index = NULL;
            arm(n);
            int rc = ostrec_index_open(db, m, &index);
            fail_at = -1;
            if (rc == OSTREC_OK) {
                assert_int_equal(ostrec_index_songs(index), 6);
                ostrec_index_free(index);
            } else {
                assert_true(rc < 0);
                assert_null(index);
            }
            if (!failed) break;
        }
        printf("  ostrec_index_open (%s): %ld allocations failed one by one\n", kept ? "mapped" : "built", n);
        ostrec_index *index = NULL;
        assert_int_equal(ostrec_index_open(db, m, &index), OSTREC_OK); /* leaves a kept file for the next round */
        ostrec_index_free(index);
    }
    ostrec_model_free(m);
    ostrec_close(db);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void similar_fails_cleanly(void **state)
{
    (void)state;
    ostrec *db = open_mini_credited();
    ostrec_model *m = NULL;
    assert_int_equal(ostrec_model_load(db, NULL, &m), OSTREC_OK);
    ostrec_index *index = build_index(db, m);
    int64_t seed = 1, negative = 4;
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    q.negatives = &negative;
    q.negative_count = 1;
    for (int mode = 0; mode < 2; mode++) {
        /* plain top-k; then the pooled path with caps and diversity, the
         * seed's people (Chanyeol, Punch) excluded: Sweet Night (V, Punch) too */
        q.max_per_artist = (size_t)mode;
        q.diversity = mode ? 0.5 : 0;
        q.exclude_seed_artists = mode;
        ostrec_results *res = NULL;
        FOR_EACH_FAILURE(n, rc, ostrec_similar(db, index, &q, &res), assert_null(res), {
            assert_int_equal(res->count, mode ? 3 : 4);
            ostrec_results_free(res);
        })
    }
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

static void scenes_and_playlists_fail_cleanly(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_model *m = NULL;
    assert_int_equal(ostrec_model_load(db, NULL, &m), OSTREC_OK);
    ostrec_index *index = build_index(db, m);
    ostrec_scenes *scenes = NULL;
    FOR_EACH_FAILURE(n, rc, ostrec_scenes_load(db, NULL, &scenes), assert_null(scenes), {})
    ostrec_target t[2] = {ostrec_scenes_find(scenes, "farewell")->target, ostrec_scenes_find(scenes, "triumph")->target};
    ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
    q.targets = t;
    q.n = 4;
    q.shuffle = 1;
    for (int mode = 0; mode < 3; mode++) { /* one target, an arc, a path */
        q.target_count = mode == 2 ? 0 : (size_t)mode + 1;
        q.from = mode == 2 ? 1 : 0;
        q.to = mode == 2 ? 5 : 0;
        ostrec_playlist *p = NULL;
        FOR_EACH_FAILURE(n, rc, ostrec_playlist_make(db, index, &q, &p), assert_null(p), {
            assert_int_equal(p->count, 4);
            ostrec_playlist_free(p);
        })
    }
    ostrec_scenes_free(scenes);
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_load_fails_cleanly),
        cmocka_unit_test(index_build_fails_cleanly),
        cmocka_unit_test(index_open_fails_cleanly),
        cmocka_unit_test(similar_fails_cleanly),
        cmocka_unit_test(scenes_and_playlists_fail_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
