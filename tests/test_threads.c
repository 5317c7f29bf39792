/* test_threads.c: one index shared read-only by eight threads, each with its
 * own handle on one catalog database file, gives exactly the answers one
 * thread gives: results, playlists, search hits, and the JSON, CSV and SVG
 * the writers make of them, for a varied set of queries run in a different
 * order by each thread.
 *
 * The reference is the single-threaded run of the same calls, made first.
 * Scores are compared bit for bit: a reported score and its terms are
 * computed in double by the library's own loop (index_score_terms) from the
 * index's float rows and the query vector, in a fixed order, so nothing in
 * them depends on which thread runs or on how the BLAS splits its work (the
 * BLAS's float scores only preselect candidates, with a margin, before that
 * exact rescoring). Any difference at all is a bug. */
#include "helpers.h"

#include "credit_helpers.h"

#include <pthread.h>

#define THREADS 8
#define ROUNDS 3      /* times each thread runs every case, each time in a new order */
#define MAX_CASES 32
#define MISSING_ID 999999

typedef enum { CASE_SIMILAR, CASE_PLAYLIST, CASE_SEARCH } case_kind;

/* One call and its reference answer. */
typedef struct {
    const char *name;
    case_kind kind;
    int expect_rc;              /* what the call returns (OSTREC_OK but for the error case) */
    ostrec_query q;             /* CASE_SIMILAR; seeds and negatives point into the arrays below */
    int64_t seeds[3], negatives[3];
    ostrec_playlist_query p;    /* CASE_PLAYLIST; targets points into the array below */
    ostrec_target targets[3];
    const char *search;         /* CASE_SEARCH */
    /* the reference */
    ostrec_results *res;
    ostrec_playlist *playlist;
    ostrec_song_list *found;
    char *json, *csv, *svg, *errmsg;
} test_case;

static struct {
    char dir[64], db_path[96];
    ostrec *db;                 /* the reference handle: it imported the catalog; targets and scenes borrow from it */
    ostrec_scenes *scenes;
    ostrec_index *index;        /* THE shared index */
    test_case cases[MAX_CASES];
    size_t count;
} fx;

/* ---- running one case, from any thread --------------------------------- */

/* What a thread saw: how many calls, and the first mismatch. cmocka's
 * assertions jump back to the test's own stack, so threads only note. */
typedef struct {
    int id;
    pthread_t thread;
    size_t calls, mismatches;
    char first[512];
} worker;

static void note(worker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(worker *w, const char *fmt, ...)
{
    if (w->mismatches++ > 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->first, sizeof w->first, fmt, ap);
    va_end(ap);
}

static int same_double(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static int same_result(const ostrec_result *a, const ostrec_result *b)
{
    if (a->rank != b->rank || a->id != b->id || a->year != b->year || a->instrumental != b->instrumental ||
        strcmp(a->title, b->title) != 0 || strcmp(a->artist, b->artist) != 0 || strcmp(a->drama, b->drama) != 0 ||
        !same_double(a->score, b->score) || !same_double(a->valence, b->valence) ||
        !same_double(a->arousal, b->arousal))
        return 0;
    for (int g = 0; g < OSTREC_GROUPS; g++)
        if (!same_double(a->terms[g], b->terms[g])) return 0;
    return 1;
}

/* Text written to a memory stream by `write`, or NULL if it failed. */
typedef int (*writer)(ostrec *db, const test_case *c, const void *answer, FILE *out);

static char *capture(ostrec *db, const test_case *c, const void *answer, writer write)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL) return NULL;
    int rc = write(db, c, answer, f);
    fclose(f);
    if (rc != OSTREC_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int write_results_csv(ostrec *db, const test_case *c, const void *res, FILE *out)
{
    return ostrec_results_write(db, fx.index, &c->q, res, OSTREC_RESULTS_CSV, out);
}

static int write_playlist_json(ostrec *db, const test_case *c, const void *p, FILE *out)
{
    return ostrec_playlist_write(db, fx.index, &c->p, p, OSTREC_RESULTS_JSON, out);
}

static int write_map(ostrec *db, const test_case *c, const void *p, FILE *out)
{
    (void)c;
    return ostrec_map_write(db, fx.index, p, out);
}

/* Compare a text with the reference; either may be NULL (the call failed). */
static void compare_text(worker *w, const test_case *c, const char *what, const char *want, char *got)
{
    if ((want == NULL) != (got == NULL) || (want && strcmp(want, got) != 0))
        note(w, "thread %d: %s: the %s differs from the single-threaded run", w->id, c->name, what);
    free(got);
}

static void run_similar(worker *w, ostrec *db, const test_case *c)
{
    ostrec_results *res = NULL;
    int rc = ostrec_similar(db, fx.index, &c->q, &res);
    if (rc != c->expect_rc) {
        note(w, "thread %d: %s: returned %d (%s), want %d", w->id, c->name, rc, ostrec_errmsg(db), c->expect_rc);
    } else if (rc != OSTREC_OK) {
        if (strcmp(ostrec_errmsg(db), c->errmsg) != 0)
            note(w, "thread %d: %s: message '%s', want '%s'", w->id, c->name, ostrec_errmsg(db), c->errmsg);
    } else if (res->count != c->res->count) {
        note(w, "thread %d: %s: %zu results, want %zu", w->id, c->name, res->count, c->res->count);
    } else {
        for (size_t i = 0; i < res->count; i++)
            if (!same_result(&res->items[i], &c->res->items[i])) {
                note(w, "thread %d: %s: rank %zu: id %lld score %.17g, want id %lld score %.17g", w->id, c->name,
                     i + 1, (long long)res->items[i].id, res->items[i].score, (long long)c->res->items[i].id,
                     c->res->items[i].score);
                break;
            }
        compare_text(w, c, "JSON", c->json, ostrec_results_to_json(fx.index, &c->q, res));
        compare_text(w, c, "CSV", c->csv, capture(db, c, res, write_results_csv));
    }
    ostrec_results_free(res);
}

static void run_playlist(worker *w, ostrec *db, const test_case *c)
{
    ostrec_playlist *p = NULL;
    int rc = ostrec_playlist_make(db, fx.index, &c->p, &p);
    if (rc != OSTREC_OK) {
        note(w, "thread %d: %s: returned %d (%s)", w->id, c->name, rc, ostrec_errmsg(db));
        return;
    }
    const ostrec_playlist *want = c->playlist;
    if (p->count != want->count || p->candidates != want->candidates) {
        note(w, "thread %d: %s: %zu songs of %zu candidates, want %zu of %zu", w->id, c->name, p->count,
             p->candidates, want->count, want->candidates);
    } else {
        for (size_t i = 0; i < p->count; i++)
            if (!same_result(&p->items[i].song, &want->items[i].song) ||
                !same_double(p->items[i].target_valence, want->items[i].target_valence) ||
                !same_double(p->items[i].target_arousal, want->items[i].target_arousal)) {
                note(w, "thread %d: %s: step %zu: id %lld, want id %lld", w->id, c->name, i + 1,
                     (long long)p->items[i].song.id, (long long)want->items[i].song.id);
                break;
            }
        compare_text(w, c, "JSON", c->json, capture(db, c, p, write_playlist_json));
        compare_text(w, c, "map", c->svg, capture(db, c, p, write_map));
    }
    ostrec_playlist_free(p);
}

static void run_search(worker *w, ostrec *db, const test_case *c)
{
    ostrec_song_list *found = NULL;
    int rc = ostrec_search(db, c->search, 0, &found);
    if (rc != OSTREC_OK) {
        note(w, "thread %d: %s: returned %d (%s)", w->id, c->name, rc, ostrec_errmsg(db));
    } else if (found->count != c->found->count) {
        note(w, "thread %d: %s: %zu songs, want %zu", w->id, c->name, found->count, c->found->count);
    } else {
        for (size_t i = 0; i < found->count; i++)
            if (found->items[i].id != c->found->items[i].id) {
                note(w, "thread %d: %s: song %zu is %lld, want %lld", w->id, c->name, i + 1,
                     (long long)found->items[i].id, (long long)c->found->items[i].id);
                break;
            }
    }
    ostrec_song_list_free(found);
}

static void run_case(worker *w, ostrec *db, const test_case *c)
{
    w->calls++;
    if (c->kind == CASE_SIMILAR) run_similar(w, db, c);
    else if (c->kind == CASE_PLAYLIST) run_playlist(w, db, c);
    else run_search(w, db, c);
}

/* A different order of the cases for each thread and round (Fisher-Yates
 * with a small xorshift generator: no shared random state). */
static void shuffle(size_t *order, size_t n, uint32_t *state)
{
    for (size_t i = 0; i < n; i++) order[i] = i;
    for (size_t i = n; i > 1; i--) {
        *state ^= *state << 13;
        *state ^= *state >> 17;
        *state ^= *state << 5;
        size_t j = *state % i, t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
}

static pthread_barrier_t start_line;

static void *work(void *arg)
{
    worker *w = arg;
    ostrec *db = NULL;
    /* Every thread opens its own handle, all at once. */
    if (ostrec_open(&db, fx.db_path, NULL) != OSTREC_OK) note(w, "thread %d: open: %s", w->id, ostrec_errmsg(db));
    pthread_barrier_wait(&start_line); /* then all query together */
    uint32_t state = 2654435761u * (uint32_t)(w->id + 1);
    size_t order[MAX_CASES];
    for (int round = 0; w->mismatches == 0 && round < ROUNDS; round++) {
        shuffle(order, fx.count, &state);
        for (size_t i = 0; i < fx.count; i++) run_case(w, db, &fx.cases[order[i]]);
    }
    ostrec_close(db);
    return NULL;
}

/* ---- the cases and their reference answers ----------------------------- */

static test_case *add_case(const char *name, case_kind kind)
{
    assert_true(fx.count < MAX_CASES);
    test_case *c = &fx.cases[fx.count++];
    c->name = name;
    c->kind = kind;
    c->expect_rc = OSTREC_OK;
    c->q = (ostrec_query)OSTREC_QUERY_INIT;
    c->q.seeds = c->seeds;
    c->q.negatives = c->negatives;
    c->q.seed_count = 1;
    c->p = (ostrec_playlist_query)OSTREC_PLAYLIST_INIT;
    c->p.targets = c->targets;
    return c;
}

static test_case *add_similar(const char *name, int64_t seed, size_t k)
{
    test_case *c = add_case(name, CASE_SIMILAR);
    c->seeds[0] = seed;
    c->q.k = k;
    return c;
}

static test_case *add_playlist(const char *name, size_t n)
{
    test_case *c = add_case(name, CASE_PLAYLIST);
    c->p.n = n;
    return c;
}

static void add_cases(void)
{
    test_case *c;
    add_similar("plain", 1, 10);
    c = add_similar("years 2010-2018", 41, 25);
    c->q.year_from = 2010;
    c->q.year_to = 2018;
    c = add_similar("two seeds, sung only", 121, 15);
    c->seeds[1] = 201;
    c->q.seed_count = 2;
    c->q.instrumental = OSTREC_INSTRUMENTAL_NONE;
    c = add_similar("instrumentals only", 281, 5);
    c->q.instrumental = OSTREC_INSTRUMENTAL_ONLY;
    c = add_similar("one per artist", 361, 20);
    c->q.max_per_artist = 1;
    c = add_similar("one per drama, not the seed's", 1, 20);
    c->q.one_per_drama = 1;
    c->q.exclude_seed_dramas = 1;
    c = add_similar("diversity", 81, 12);
    c->q.diversity = 0.5;
    c = add_similar("negatives", 161, 10);
    c->negatives[0] = 41;
    c->negatives[1] = 241;
    c->q.negative_count = 2;
    c->q.negative_weight = 0.8;
    c = add_similar("shifted to 2008, not the seed's artist", 201, 10);
    c->q.shift_year = 2008;
    c->q.exclude_seed_artists = 1;
    c = add_similar("everything at once", 2, 30);
    c->seeds[1] = 321;
    c->q.seed_count = 2;
    c->q.diversity = 0.3;
    c->q.max_per_artist = 2;
    c->q.one_per_drama = 1;
    c->q.year_from = 2015;
    c = add_similar("a missing seed", MISSING_ID, 10);
    c->expect_rc = OSTREC_ENOTFOUND;

    c = add_playlist("mood target", 15);
    assert_int_equal(ostrec_target_moods(fx.db, "bittersweet,nostalgic", &c->targets[0]), OSTREC_OK);
    c->p.target_count = 1;
    c = add_playlist("arc calm, tense, triumphant", 12);
    assert_int_equal(ostrec_target_moods(fx.db, "calm", &c->targets[0]), OSTREC_OK);
    assert_int_equal(ostrec_target_moods(fx.db, "tense", &c->targets[1]), OSTREC_OK);
    assert_int_equal(ostrec_target_moods(fx.db, "triumphant", &c->targets[2]), OSTREC_OK);
    c->p.target_count = 3;
    c->p.max_per_artist = 1;
    c = add_playlist("path", 10);
    c->p.from = 2;
    c->p.to = 241;
    c->p.one_per_drama = 1;
    c = add_playlist("shuffled scene", 20);
    const ostrec_scene *farewell = ostrec_scenes_find(fx.scenes, "farewell");
    assert_non_null(farewell);
    c->targets[0] = farewell->target; /* its words borrowed from the shared scenes */
    c->p.target_count = 1;
    c->p.shuffle = 1;
    c->p.seed = 42;
    c->p.year_from = 2012;
    c = add_playlist("point with a genre hint", 8);
    assert_int_equal(ostrec_target_point(fx.db, 0.5, -0.3, &c->targets[0]), OSTREC_OK);
    c->targets[0].genres[0] = "piano";
    c->targets[0].genre_count = 1;
    c->p.target_count = 1;

    c = add_case("search 'love'", CASE_SEARCH);
    c->search = "love";
    c = add_case("search 'stay with'", CASE_SEARCH);
    c->search = "stay  with";
    c = add_case("search 'moon of'", CASE_SEARCH);
    c->search = "moon of";
}

/* The single-threaded answers, on the reference handle. */
static void make_reference(test_case *c)
{
    int rc;
    if (c->kind == CASE_SIMILAR) {
        rc = ostrec_similar(fx.db, fx.index, &c->q, &c->res);
        assert_int_equal(rc, c->expect_rc);
        if (rc != OSTREC_OK) {
            c->errmsg = strdup(ostrec_errmsg(fx.db));
            assert_non_null(strstr(c->errmsg, "999999"));
            return;
        }
        if (c->res->count == 0) fail_msg("%s: no results: the case tests nothing", c->name);
        assert_non_null(c->json = ostrec_results_to_json(fx.index, &c->q, c->res));
        assert_non_null(c->csv = capture(fx.db, c, c->res, write_results_csv));
    } else if (c->kind == CASE_PLAYLIST) {
        if (ostrec_playlist_make(fx.db, fx.index, &c->p, &c->playlist) != OSTREC_OK)
            fail_msg("%s: %s", c->name, ostrec_errmsg(fx.db));
        if (c->playlist->count < 2) fail_msg("%s: %zu songs: the case tests little", c->name, c->playlist->count);
        assert_non_null(c->json = capture(fx.db, c, c->playlist, write_playlist_json));
        assert_non_null(c->svg = capture(fx.db, c, c->playlist, write_map));
    } else {
        if (ostrec_search(fx.db, c->search, 0, &c->found) != OSTREC_OK) fail_msg("%s: %s", c->name, ostrec_errmsg(fx.db));
        if (c->found->count == 0) fail_msg("%s: nothing found: the case tests nothing", c->name);
    }
}

static int setup(void **state)
{
    (void)state;
    snprintf(fx.dir, sizeof fx.dir, "/tmp/ostrec-test-XXXXXX");
    assert_non_null(mkdtemp(fx.dir));
    snprintf(fx.db_path, sizeof fx.db_path, "%s/catalog.db", fx.dir);
    if (ostrec_open(&fx.db, fx.db_path, NULL) != OSTREC_OK) fail_msg("open: %s", ostrec_errmsg(fx.db));
    if (ostrec_import(fx.db, "../data/catalog.csv", OSTREC_FORMAT_AUTO, NULL) != OSTREC_OK)
        fail_msg("import: %s", ostrec_errmsg(fx.db));
    ostrec_model *model = NULL;
    assert_int_equal(ostrec_model_load(fx.db, NULL, &model), OSTREC_OK);
    assert_int_equal(ostrec_index_build(fx.db, model, &fx.index), OSTREC_OK);
    ostrec_model_free(model); /* the index keeps what it needs */
    assert_int_equal(ostrec_scenes_load(fx.db, NULL, &fx.scenes), OSTREC_OK);
    add_cases();
    for (size_t i = 0; i < fx.count; i++) make_reference(&fx.cases[i]);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < fx.count; i++) {
        test_case *c = &fx.cases[i];
        ostrec_results_free(c->res);
        ostrec_playlist_free(c->playlist);
        ostrec_song_list_free(c->found);
        free(c->json);
        free(c->csv);
        free(c->svg);
        free(c->errmsg);
    }
    ostrec_index_free(fx.index);
    ostrec_scenes_free(fx.scenes);
    ostrec_close(fx.db);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char path[128];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", fx.db_path, suffixes[i]);
        unlink(path);
    }
    rmdir(fx.dir);
    return 0;
}

/* ---- the tests ---------------------------------------------------------- */

static void check_worker(const worker *w)
{
    if (w->mismatches > 0) fail_msg("%zu mismatches; the first: %s", w->mismatches, w->first);
    assert_int_equal(w->calls, ROUNDS * fx.count);
}

/* The same calls once more on this thread, with a handle of its own: the
 * answers do not depend on the handle, nor on a previous call. */
static void one_thread_repeats_itself(void **state)
{
    (void)state;
    worker w = {.id = 0};
    assert_int_equal(pthread_barrier_init(&start_line, NULL, 1), 0);
    work(&w);
    pthread_barrier_destroy(&start_line);
    check_worker(&w);
}

static void eight_threads_share_one_index(void **state)
{
    (void)state;
    worker w[THREADS];
    memset(w, 0, sizeof w);
    assert_int_equal(pthread_barrier_init(&start_line, NULL, THREADS), 0);
    for (int t = 0; t < THREADS; t++) {
        w[t].id = t + 1;
        assert_int_equal(pthread_create(&w[t].thread, NULL, work, &w[t]), 0);
    }
    for (int t = 0; t < THREADS; t++) assert_int_equal(pthread_join(w[t].thread, NULL), 0);
    pthread_barrier_destroy(&start_line);
    for (int t = 0; t < THREADS; t++) check_worker(&w[t]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_thread_repeats_itself),
        cmocka_unit_test(eight_threads_share_one_index),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
