/* test_rank.c: ranking against a plain reference. On a 2,000-song random
 * catalog, the top-k of ostrec_similar (float32 sgemv, bounded heap) must
 * equal a double-precision brute force (every dot product, a full sort) for
 * k = 1, 10, 100; caps and one-per-drama must match a greedy walk down that
 * reference; the batch (sgemm) scores must match it too. The heap itself is
 * checked against qsort on scores full of ties. */
#include "model_helpers.h"

#include "internal.h"

#include "credit_helpers.h"

#include <gsl/gsl_rng.h>
#include <math.h>

#define SONGS 2000

/* A random catalog: 40 artists, 150 dramas, random words from the
 * vocabulary, years 2009-2025, one song in ten instrumental. */
static ostrec *open_random(gsl_rng *rng)
{
    ostrec *db = open_memory();
    size_t cap = SONGS * 200 + 256, len = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    len += (size_t)snprintf(csv, cap, "%s", CSV_HEADER);
    for (int id = 1; id <= SONGS; id++) {
        char genres[128] = "", moods[128] = "";
        for (int kind = 0; kind < 2; kind++) {
            ostrec_vocab_kind vk = kind ? OSTREC_VOCAB_MOODS : OSTREC_VOCAB_GENRES;
            char *out = kind ? moods : genres;
            size_t n = 1 + gsl_rng_uniform_int(rng, 3), count = ostrec_vocab_count(db, vk), picked[3];
            for (size_t i = 0; i < n; i++) {
                size_t w;
                int again;
                do {
                    w = gsl_rng_uniform_int(rng, count);
                    again = 0;
                    for (size_t j = 0; j < i; j++) again |= picked[j] == w;
                } while (again);
                picked[i] = w;
                strcat(out, i ? ";" : "");
                strcat(out, ostrec_vocab_term(db, vk, w)->id);
            }
        }
        int instrumental = gsl_rng_uniform_int(rng, 10) == 0;
        size_t voices = ostrec_vocab_count(db, OSTREC_VOCAB_VOCAL_STYLES) - 1; /* the last is instrumental */
        const char *voice = ostrec_vocab_term(db, OSTREC_VOCAB_VOCAL_STYLES,
                                              instrumental ? voices : gsl_rng_uniform_int(rng, voices))->id;
        const char *type = ostrec_vocab_term(db, OSTREC_VOCAB_ARTIST_TYPES,
                                             gsl_rng_uniform_int(rng, ostrec_vocab_count(db, OSTREC_VOCAB_ARTIST_TYPES)))->id;
        len += (size_t)snprintf(csv + len, cap - len, "%d,Song %d,,Artist %lu,,Drama %lu,,%lu,,%s,%s,%s,%s,%s,random\n",
                                id, id, gsl_rng_uniform_int(rng, 40), gsl_rng_uniform_int(rng, 150),
                                2009 + gsl_rng_uniform_int(rng, 17), instrumental ? "yes" : "no", genres, moods,
                                voice, type);
        assert_true(len < cap);
    }
    char *path = temp_text(".csv", csv);
    if (ostrec_import(db, path, OSTREC_FORMAT_AUTO, NULL) != OSTREC_OK) fail_msg("import: %s", ostrec_errmsg(db));
    temp_remove(path);
    free(csv);
    return db;
}

/* A random catalog, its index under the model of the content groups alone
 * (models/before.json: no soundtrack or artist terms, which test_compact's
 * reference checks), and the random numbers that made it (and pick seeds);
 * random_close frees all of it. */
typedef struct {
    gsl_rng *rng;
    ostrec *db;
    ostrec_index *index;
} random_fixture;

static random_fixture random_open(unsigned long seed)
{
    random_fixture f;
    f.rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(f.rng, seed);
    f.db = open_random(f.rng);
    ostrec_model *m = NULL;
    assert_int_equal(ostrec_model_load(f.db, "../models/before.json", &m), OSTREC_OK);
    f.index = build_index(f.db, m);
    ostrec_model_free(m);
    return f;
}

static void random_close(random_fixture *f)
{
    ostrec_index_free(f->index);
    ostrec_close(f->db);
    gsl_rng_free(f->rng);
}

typedef struct {
    double score;
    size_t row;
} scored;

static int by_score_desc(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* Every song but the seed, scored in double by a plain loop and fully sorted. */
static scored *reference(const ostrec_index *index, size_t seed_row, size_t *n)
{
    scored *all = malloc(index->count * sizeof *all);
    assert_non_null(all);
    float *q = malloc(2 * index->dim * sizeof *q), *row = q + index->dim;
    assert_non_null(q);
    index_row(index, seed_row, q);
    *n = 0;
    for (size_t r = 0; r < index->count; r++) {
        if (r == seed_row) continue;
        index_row(index, r, row);
        double s = 0;
        for (size_t j = 0; j < index->dim; j++) s += (double)q[j] * row[j];
        all[(*n)++] = (scored){s, r};
    }
    qsort(all, *n, sizeof *all, by_score_desc);
    free(q);
    return all;
}

/* got equals the reference: the same scores, and the same songs in the same
 * order (equal scores by lower id). Two different songs whose scores are
 * equal in exact arithmetic may differ in the last bits of a double,
 * depending on the order of the additions; only there (within 1e-12) may
 * the order differ. */
static void expect_same_ranking(const ostrec_index *index, const ostrec_results *got, const scored *want, size_t k)
{
    assert_int_equal(got->count, k);
    for (size_t i = 0; i < k; i++) {
        int clear = (i == 0 || want[i - 1].score - want[i].score > 1e-12) && want[i].score - want[i + 1].score > 1e-12;
        if (clear && got->items[i].id != index->id[want[i].row])
            fail_msg("rank %zu: id %lld (score %.12f), reference %lld (score %.12f)", i + 1,
                     (long long)got->items[i].id, got->items[i].score, (long long)index->id[want[i].row],
                     want[i].score);
        assert_true(fabs(got->items[i].score - want[i].score) < 1e-9);
    }
}

static void top_k_equals_brute_force(void **state)
{
    (void)state;
    random_fixture f = random_open(20261121);
    gsl_rng *rng = f.rng;
    ostrec *db = f.db;
    const ostrec_index *index = f.index;
    assert_int_equal(index->count, SONGS);
    static const size_t ks[] = {1, 10, 100};
    for (int trial = 0; trial < 8; trial++) {
        size_t seed_row = gsl_rng_uniform_int(rng, SONGS), n;
        scored *want = reference(index, seed_row, &n);
        for (size_t i = 0; i < 3; i++) {
            ostrec_query q = OSTREC_QUERY_INIT;
            q.seeds = &index->id[seed_row];
            q.seed_count = 1;
            q.k = ks[i];
            ostrec_results *got = NULL;
            assert_int_equal(ostrec_similar(db, index, &q, &got), OSTREC_OK);
            expect_same_ranking(index, got, want, ks[i]);
            ostrec_results_free(got);
        }
        free(want);
    }
    random_close(&f);
}

/* Songs that tie: half share the seed's first genre, half its second, all
 * else equal, so every score is the same in exact arithmetic (and in the
 * library's double sums, term by term). In float32 the nonzero products sit
 * in different columns, which a BLAS kernel may add in different lanes, so
 * its scores may differ in the last bits. The lowest ids must still win.
 * The index is built directly, without a catalog, to be large. */
static void exact_ties_break_by_id(void **state)
{
    (void)state;
    enum { COPIES = 20000 };
    ostrec *db = open_memory();
    ostrec_model *m = NULL;
    assert_int_equal(ostrec_model_load(db, NULL, &m), OSTREC_OK);
    song_input *songs = calloc(COPIES + 1, sizeof *songs);
    assert_non_null(songs);
    static const uint32_t artist = 1;
    for (size_t r = 0; r <= COPIES; r++) {
        /* Row COPIES is the seed: genres 0 and 1; the others: 0 and 5, or 1 and 5. */
        song_features f = {{r == COPIES ? 0 : r % 2, r == COPIES ? 1 : 5, 0}, 2, {3, 17, 0}, 2, 2016, 1, 1};
        songs[r] = (song_input){.id = (int64_t)r + 1, .f = f, .artist_keys = &artist, .artist_key_count = 1,
                                .drama_key = (uint32_t)r + 1};
    }
    ostrec_index *index = NULL;
    assert_int_equal(index_from_songs(db, m, songs, COPIES + 1, &index), OSTREC_OK);
    free(songs);
    int64_t seed = COPIES + 1;
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    q.k = 10;
    for (int caps = 0; caps < 2; caps++) {
        q.one_per_drama = caps; /* every song has its own drama: the capped path, same answer */
        ostrec_results *got = NULL;
        assert_int_equal(ostrec_similar(db, index, &q, &got), OSTREC_OK);
        assert_int_equal(got->count, 10);
        for (size_t i = 0; i < 10; i++) assert_int_equal(got->items[i].id, (int64_t)i + 1);
        ostrec_results_free(got);
    }
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

/* The float32 tables may sit a hair from the double scores, the other way
 * round where two songs are within float32's reach of each other. Song 1
 * scores above song 2 in double by about 1e-9; its genre table entry is
 * then pushed one float32 step below song 2's (as rounding may leave it):
 * the top-1 must still be song 1, found among the candidates kept within
 * the slack and settled in double. */
static void float_tables_settled_in_double(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    ostrec_model *m = NULL;
    assert_int_equal(ostrec_model_load(db, NULL, &m), OSTREC_OK);
    song_input songs[2];
    static const uint32_t artists[2] = {0, 1};
    for (int i = 0; i < 2; i++) {
        song_features f = {{(size_t)i, 0, 0}, 1, {2, 0, 0}, 1, 2016, 1, 1}; /* genre 0 or genre 1, all else alike */
        songs[i] = (song_input){.id = i + 1, .f = f, .artist_keys = &artists[i], .artist_key_count = 1,
                                .drama_key = (uint32_t)i};
    }
    ostrec_index *index = NULL;
    assert_int_equal(index_from_songs(db, m, songs, 2, &index), OSTREC_OK);
    double *query = calloc(index->dim, sizeof *query);
    query[index->block[OSTREC_GROUP_GENRE] + 0] = 0.5 + 1e-9;
    query[index->block[OSTREC_GROUP_GENRE] + 1] = 0.5;
    assert_true(index_score_terms(index, query, 0, NULL) > index_score_terms(index, query, 1, NULL));
    score_tables t;
    score_filter none = {0};
    assert_int_equal(score_tables_alloc(index, &t), OSTREC_OK);
    assert_int_equal(score_tables_fill(db, index, query, &none, &t), OSTREC_OK);
    float *genre = t.table[OSTREC_GROUP_GENRE];
    size_t a = index->code[0].genre, b = index->code[1].genre;
    genre[a] = nextafterf(genre[b], -INFINITY); /* song 1 a float32 step below song 2 */
    ranked *top = NULL;
    size_t n = 0;
    assert_int_equal(rank_exact(index, query, &t, &none, 1, &top, &n), OSTREC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(index->id[top[0].row], 1);
    free(top);
    score_tables_free(&t);
    free(query);
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

/* The one person credited on the song at `row` (the random catalog credits
 * each song to its artist text alone). */
static uint32_t only_person(const ostrec_index *index, size_t row)
{
    const uint32_t *keys;
    assert_int_equal(index_credits(index, row, &keys), 1);
    return keys[0];
}

/* Caps: each pick must be the best song the caps still allow (the first
 * eligible one walking down the reference, up to float32 ties), and no
 * artist or drama may go over its cap. */
static void caps_follow_greedy_reference(void **state)
{
    (void)state;
    random_fixture f = random_open(7);
    gsl_rng *rng = f.rng;
    ostrec *db = f.db;
    const ostrec_index *index = f.index;
    for (int trial = 0; trial < 4; trial++) {
        size_t seed_row = gsl_rng_uniform_int(rng, SONGS), n;
        scored *all = reference(index, seed_row, &n);
        for (int mode = 0; mode < 2; mode++) {
            ostrec_query q = OSTREC_QUERY_INIT;
            q.seeds = &index->id[seed_row];
            q.seed_count = 1;
            q.k = 60; /* more than the 40 artists: the artist cap runs the pool dry */
            if (mode == 0) q.max_per_artist = 1;
            else q.one_per_drama = 1;
            ostrec_results *got = NULL;
            assert_int_equal(ostrec_similar(db, index, &q, &got), OSTREC_OK);
            assert_int_equal(got->count, mode == 0 ? 40 : 60);
            size_t *per_key = calloc(SONGS + 1, sizeof *per_key);
            unsigned char *chosen = calloc(SONGS, 1);
            for (size_t i = 0; i < got->count; i++) {
                size_t best = 0;
                while (best < n) {
                    size_t r = all[best].row;
                    if (!chosen[r] && per_key[mode == 0 ? only_person(index, r) : index->drama_key[r]] == 0) break;
                    best++;
                }
                assert_true(best < n);
                if (fabs(got->items[i].score - all[best].score) > 1e-6)
                    fail_msg("pick %zu: score %.9f, best allowed %.9f", i + 1, got->items[i].score, all[best].score);
                long r = index_find(index, got->items[i].id);
                assert_int_equal(++per_key[mode == 0 ? only_person(index, (size_t)r) : index->drama_key[r]], 1);
                chosen[r] = 1;
            }
            ostrec_results_free(got);
            free(per_key);
            free(chosen);
        }
        free(all);
    }
    random_close(&f);
}

/* A batch (tables by one sgemm per group, a float top-k per query) ranks
 * like the reference: each query is a song's row, so the song itself comes
 * first (score 1), then songs whose reference scores are the reference's
 * best, rank by rank (within float32 of each other). */
static void batch_matches_reference(void **state)
{
    (void)state;
    random_fixture f = random_open(11);
    gsl_rng *rng = f.rng;
    const ostrec_index *index = f.index;
    enum { QUERIES = 140, K = 10 }; /* several sgemm blocks, and enough for two threads to share */
    float *queries = malloc(QUERIES * index->dim * sizeof *queries);
    size_t seeds[QUERIES], top[QUERIES * K];
    for (size_t i = 0; i < QUERIES; i++) {
        seeds[i] = gsl_rng_uniform_int(rng, SONGS);
        index_row(index, seeds[i], queries + i * index->dim);
    }
    assert_int_equal(rank_batch(f.db, index, queries, QUERIES, K, top), OSTREC_OK);
    for (size_t i = 0; i < QUERIES; i++) {
        size_t n;
        scored *want = reference(index, seeds[i], &n);
        assert_int_equal(top[i * K], seeds[i]);
        for (size_t j = 1; j < K; j++) {
            double got = 0;
            float *a = malloc(2 * index->dim * sizeof *a);
            index_row(index, seeds[i], a);
            index_row(index, top[i * K + j], a + index->dim);
            for (size_t c = 0; c < index->dim; c++) got += (double)a[c] * a[index->dim + c];
            free(a);
            if (fabs(got - want[j - 1].score) > 1e-5)
                fail_msg("query %zu, rank %zu: score %.9f, reference %.9f", i, j + 1, got, want[j - 1].score);
        }
        free(want);
    }
    free(queries);
    random_close(&f);
}

static const float *sort_scores; /* what by_float_desc compares */

static int by_float_desc(const void *a, const void *b)
{
    const float *scores = sort_scores;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (scores[x] != scores[y]) return scores[x] > scores[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Scores on a coarse grid (many ties), some rows kept out: the heap's
 * top-k is exactly qsort's first k, ties by lower row. */
static void heap_matches_sort(void **state)
{
    (void)state;
    enum { N = 5000 };
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    float *scores = malloc(N * sizeof *scores);
    unsigned char *keep = malloc(N);
    size_t *sorted = malloc(N * sizeof *sorted), *top = malloc(N * sizeof *top), n = 0;
    for (size_t r = 0; r < N; r++) {
        scores[r] = (float)gsl_rng_uniform_int(rng, 64) / 16.0f - 2.0f;
        keep[r] = gsl_rng_uniform_int(rng, 5) != 0;
        if (keep[r]) sorted[n++] = r;
    }
    sort_scores = scores;
    qsort(sorted, n, sizeof *sorted, by_float_desc);
    static const size_t ks[] = {1, 2, 10, 100, 999, N};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        size_t got = rank_top_k(scores, keep, N, ks[i], top);
        assert_int_equal(got, ks[i] < n ? ks[i] : n);
        for (size_t j = 0; j < got; j++) assert_int_equal(top[j], sorted[j]);
    }
    assert_int_equal(rank_top_k(scores, keep, N, 0, top), 0);
    free(scores);
    free(keep);
    free(sorted);
    free(top);
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(heap_matches_sort),
        cmocka_unit_test(top_k_equals_brute_force),
        cmocka_unit_test(exact_ties_break_by_id),
        cmocka_unit_test(float_tables_settled_in_double),
        cmocka_unit_test(caps_follow_greedy_reference),
        cmocka_unit_test(batch_matches_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
