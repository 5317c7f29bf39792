/* bench.c: a benchmark of "more like this", for numbers, not pass/fail (run by
 * `make bench`; `bench --sizes 10000,100000` picks the sizes). For each size it
 * builds a synthetic index of random songs with the engine's own encoder, then
 * times single queries (ostrec_similar: one sgemv over the index and a top-10
 * heap) and a batch of 1,000 queries (index_score_batch: one gsl_blas_sgemm per
 * block of queries, then rank_top_k for each). As a sanity check, the first
 * queries' batch top-10 must match ostrec_similar's (see agrees()). */
#include "internal.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* OpenBLAS's own functions (cblas.h is not included, to keep GSL's CBLAS). */
char *openblas_get_config(void);
int openblas_get_num_threads(void);

#define BATCH 1000                            /* queries in the batch run */
#define CHECKED 5                             /* of which are checked against ostrec_similar */
#define K 10                                  /* results per query */
#define BLOCK_MAX 250                         /* queries per sgemm block */
#define SCORE_BUDGET (256.0 * 1024 * 1024)    /* bytes of one block's B x N scores */
#define MAX_SIZES 16
#define SEED 20240607UL                       /* fixed, so runs are comparable */

typedef struct {
    size_t n, dim, block;
    double build_s, median_ms, p90_ms, batch_s;
} figures;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* 1 to 3 distinct random values below n. */
static void pick_distinct(gsl_rng *rng, size_t n, size_t *out, size_t *count)
{
    *count = 1 + gsl_rng_uniform_int(rng, n < 3 ? n : 3);
    for (size_t i = 0; i < *count;) {
        out[i] = gsl_rng_uniform_int(rng, n);
        size_t j = 0;
        while (j < i && out[j] != out[i]) j++;
        i += j == i; /* keep it unless it repeats an earlier one */
    }
}

/* A synthetic index of n random songs with ids 1..n, timed. */
static int build(ostrec *db, const ostrec_model *model, size_t n, gsl_rng *rng, ostrec_index **out, figures *fig)
{
    ostrec_index *index = NULL;
    double *work = NULL, t0 = now();
    int rc = index_new(db, model, n, &index);
    if (rc == OSTREC_OK && (work = malloc(index->dim * sizeof *work)) == NULL) rc = OSTREC_ENOMEM;
    for (size_t r = 0; rc == OSTREC_OK && r < n; r++) {
        song_features f;
        index_song *s = &index->songs[r];
        pick_distinct(rng, index->genre_count, f.genres, &f.genre_count);
        pick_distinct(rng, index->mood_count, f.moods, &f.mood_count);
        f.year = 2009 + (double)gsl_rng_uniform_int(rng, 17);
        f.vocal_style = gsl_rng_uniform_int(rng, index->vocal_count);
        f.artist_type = gsl_rng_uniform_int(rng, index->artist_count);
        s->id = (int64_t)r + 1;
        s->year = (int)f.year;
        s->artist_key = (int)gsl_rng_uniform_int(rng, 1000);
        s->drama_key = (int)gsl_rng_uniform_int(rng, 1000);
        mood_point(index, f.moods, f.mood_count, &s->valence, &s->arousal);
        encode_song(index, &f, work, gsl_matrix_float_ptr(index->rows, r, 0));
    }
    *fig = (figures){.n = n, .dim = index ? index->dim : 0, .build_s = now() - t0};
    if (rc != OSTREC_OK) {
        fprintf(stderr, "bench: index of %zu songs: out of memory\n", n);
        ostrec_index_free(index);
        index = NULL;
    }
    free(work);
    *out = index;
    return rc;
}

/* ostrec_similar for one seed, k = K. */
static int similar_to(ostrec *db, const ostrec_index *index, int64_t seed, ostrec_results **res)
{
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    q.k = K;
    return ostrec_similar(db, index, &q, res);
}

/* Time `count` single queries, each one random seed and k = K. */
static int single(ostrec *db, const ostrec_index *index, gsl_rng *rng, size_t count, figures *fig)
{
    int rc = OSTREC_ENOMEM;
    double *ms = malloc(count * sizeof *ms);
    if (ms == NULL) goto done;
    for (size_t i = 0; i < count + 3; i++) { /* the first 3 warm up and are not timed */
        int64_t seed = 1 + (int64_t)gsl_rng_uniform_int(rng, index->count);
        ostrec_results *res = NULL;
        double t0 = now();
        rc = similar_to(db, index, seed, &res);
        double t1 = now();
        ostrec_results_free(res);
        if (rc != OSTREC_OK) goto done;
        if (i >= 3) ms[i - 3] = (t1 - t0) * 1e3;
    }
    gsl_sort(ms, 1, count);
    fig->median_ms = gsl_stats_median_from_sorted_data(ms, 1, count);
    fig->p90_ms = gsl_stats_quantile_from_sorted_data(ms, 1, count, 0.9);
done:
    if (rc != OSTREC_OK) fprintf(stderr, "bench: single query: %s\n", ostrec_errmsg(db));
    free(ms);
    return rc;
}

/* Is the batch's top-K for one seed (its top K+1 rows less the seed) the same
 * as ostrec_similar's? sgemv and sgemm round differently, so songs whose exact
 * scores tie may swap places: ids may differ where the double scores agree. */
#define TIE 1e-6
static int agrees(ostrec *db, const ostrec_index *index, int64_t seed, const size_t *top, size_t got)
{
    ostrec_results *res = NULL;
    size_t rows[K + 1], n = 0, swapped = 0;
    double scores[K + 1];
    const float *query = gsl_matrix_float_const_ptr(index->rows, (size_t)seed - 1, 0);
    for (size_t i = 0; i < got && n < K; i++) {
        if ((int64_t)top[i] + 1 == seed) continue;
        const float *row = gsl_matrix_float_const_ptr(index->rows, top[i], 0);
        scores[n] = 0;
        for (size_t j = 0; j < index->dim; j++) scores[n] += (double)query[j] * row[j];
        rows[n++] = top[i];
    }
    if (similar_to(db, index, seed, &res) != OSTREC_OK) {
        fprintf(stderr, "bench: check: %s\n", ostrec_errmsg(db));
        return 0;
    }
    int same = res->count == n;
    for (size_t i = 0; same && i < n; i++) {
        swapped += res->items[i].id != (int64_t)rows[i] + 1;
        same = fabs(scores[i] - res->items[i].score) <= TIE;
    }
    printf("  check seed %-8lld ", (long long)seed);
    if (same && swapped) printf("agree (%zu of %zu ids differ among exact score ties)\n", swapped, n);
    else printf("%s\n", same ? "agree" : "MISMATCH: rank, batch id (score), similar id (score)");
    for (size_t i = 0; !same && i < n && i < res->count; i++)
        printf("    %2zu %8zu (%.9f) %8lld (%.9f)\n", i + 1, rows[i] + 1, scores[i],
               (long long)res->items[i].id, res->items[i].score);
    ostrec_results_free(res);
    return same;
}

/* Score BATCH queries (rows of random songs) in blocks with one sgemm each,
 * then take each query's top K+1; check the first CHECKED afterwards. */
static int batch(ostrec *db, const ostrec_index *index, gsl_rng *rng, figures *fig)
{
    int rc = 1, status = GSL_SUCCESS;
    size_t n = index->count, dim = index->dim, top[CHECKED][K + 1], got[CHECKED], out[K + 1];
    size_t b = (size_t)(SCORE_BUDGET / (4.0 * (double)n));
    b = b < 1 ? 1 : b > BLOCK_MAX ? BLOCK_MAX : b;
    int64_t seeds[BATCH];
    gsl_matrix_float *queries = gsl_matrix_float_alloc(b, dim);
    gsl_matrix_float *scores = gsl_matrix_float_alloc(b, n);
    fig->block = b;
    if (!queries || !scores) {
        fprintf(stderr, "bench: batch: out of memory for blocks of %zu queries\n", b);
        goto done;
    }
    for (size_t i = 0; i < BATCH; i++) seeds[i] = 1 + (int64_t)gsl_rng_uniform_int(rng, n);
    double t0 = now();
    for (size_t start = 0; start < BATCH && status == GSL_SUCCESS; start += b) {
        size_t m = BATCH - start < b ? BATCH - start : b;
        gsl_matrix_float_view qv = gsl_matrix_float_submatrix(queries, 0, 0, m, dim);
        gsl_matrix_float_view sv = gsl_matrix_float_submatrix(scores, 0, 0, m, n);
        for (size_t i = 0; i < m && status == GSL_SUCCESS; i++) {
            gsl_vector_float_const_view row = gsl_matrix_float_const_row(index->rows, (size_t)seeds[start + i] - 1);
            status = gsl_matrix_float_set_row(&qv.matrix, i, &row.vector);
        }
        if (status == GSL_SUCCESS) status = index_score_batch(index, &qv.matrix, &sv.matrix);
        for (size_t i = 0; i < m && status == GSL_SUCCESS; i++) {
            size_t c = rank_top_k(gsl_matrix_float_ptr(&sv.matrix, i, 0), NULL, n, K + 1, out);
            if (start + i < CHECKED) {
                memcpy(top[start + i], out, sizeof out);
                got[start + i] = c;
            }
        }
    }
    fig->batch_s = now() - t0;
    if (status != GSL_SUCCESS) {
        fprintf(stderr, "bench: batch: %s\n", gsl_strerror(status));
        goto done;
    }
    rc = 0;
    for (size_t i = 0; i < CHECKED; i++)
        if (!agrees(db, index, seeds[i], top[i], got[i])) rc = 1;
done:
    if (queries) gsl_matrix_float_free(queries);
    if (scores) gsl_matrix_float_free(scores);
    return rc;
}

/* "10000,100000" into sizes; the count, or 0 if the list is bad. */
static size_t parse_sizes(const char *p, size_t *sizes)
{
    size_t count = 0;
    char *end;
    do {
        unsigned long long v = *p >= '0' && *p <= '9' ? strtoull(p, &end, 10) : 0;
        if (v == 0 || (*end != ',' && *end != '\0') || count == MAX_SIZES) return 0;
        sizes[count++] = (size_t)v;
        p = end + 1;
    } while (*end);
    return count;
}

int main(int argc, char **argv)
{
    size_t sizes[MAX_SIZES] = {10000, 100000, 1000000}, count = 3, done = 0;
    figures figs[MAX_SIZES] = {{0}};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--sizes") == 0 && i + 1 < argc && (count = parse_sizes(argv[++i], sizes))) continue;
        fprintf(strcmp(argv[i], "--help") ? stderr : stdout,
                "usage: bench [--sizes N,N,...]   (default 10000,100000,1000000)\n"
                "Times ostrec_similar and 1,000-query sgemm batches on synthetic indexes.\n");
        return strcmp(argv[i], "--help") ? 2 : 0;
    }
    gsl_set_error_handler_off();
    ostrec *db = NULL;
    ostrec_model *model = NULL;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = rng ? ostrec_open(&db, ":memory:", NULL) : OSTREC_ENOMEM;
    if (rc == OSTREC_OK) rc = ostrec_model_load(db, NULL, &model);
    if (rc != OSTREC_OK) {
        fprintf(stderr, "bench: setup: %s\n", rng ? ostrec_errmsg(db) : "out of memory");
        goto out;
    }
    gsl_rng_set(rng, SEED);
    printf("BLAS: %s; %d threads\n", openblas_get_config(), openblas_get_num_threads());
    for (; done < count && rc == OSTREC_OK; done++) {
        figures *f = &figs[done];
        ostrec_index *index = NULL;
        if ((rc = build(db, model, sizes[done], rng, &index, f)) != OSTREC_OK) break;
        size_t queries = f->n >= 1000000 ? 200 : 1000;
        printf("size %zu: built in %.2f s; %zu single queries, then %d in a batch\n", f->n, f->build_s, queries, BATCH);
        fflush(stdout);
        rc = single(db, index, rng, queries, f);
        if (rc == OSTREC_OK) rc = batch(db, index, rng, f);
        ostrec_index_free(index);
    }
    printf("\n%9s %4s %9s %7s | %9s %7s %6s | %5s %8s %9s %6s\n", "songs", "dim", "matrix MB", "build s",
           "median ms", "p90 ms", "GB/s", "block", "batch s", "ms/query", "GB/s");
    for (const figures *f = figs; f < figs + done; f++) {
        double bytes = (double)f->n * (double)f->dim * 4;
        printf("%9zu %4zu %9.1f %7.2f | %9.3f %7.3f %6.2f | %5zu %8.3f %9.4f %6.2f\n", f->n, f->dim, bytes / 1e6,
               f->build_s, f->median_ms, f->p90_ms, bytes / (f->median_ms * 1e-3) / 1e9, f->block, f->batch_s,
               f->batch_s * 1e3 / BATCH, BATCH * bytes / f->batch_s / 1e9);
    }
    printf("(single: k = %d, median and 90th percentile of one ostrec_similar; batch: %d queries, sgemm in\n"
           " blocks of `block` queries, then rank_top_k each; GB/s: bytes of the index scanned per second)\n",
           K, BATCH);
out:
    ostrec_model_free(model);
    ostrec_close(db);
    if (rng) gsl_rng_free(rng);
    return rc == OSTREC_OK ? 0 : 1;
}
