/* similar.c: "more like this": build the query vector from seed songs
 * (their mean, minus a share of the negatives' mean, optionally with its era
 * block swapped for another year), score every song with one
 * gsl_blas_sgemv, pick the best with a bounded heap, then apply caps and
 * diversity (maximal marginal relevance) on a pool that grows only when the
 * caps leave it short. Each result's score is split into per-group terms. */
#include "internal.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void ostrec_results_free(ostrec_results *results)
{
    if (results == NULL) return;
    free(results->items);
    free(results);
}

static int check_query(ostrec *db, const ostrec_query *q)
{
    if (q->seed_count == 0 || q->seeds == NULL) return ostrec__fail(db, OSTREC_EINVAL, "query: seeds: none given");
    if (q->negative_count > 0 && q->negatives == NULL)
        return ostrec__fail(db, OSTREC_EINVAL, "query: negatives: NULL with a count");
    if (q->k == 0) return ostrec__fail(db, OSTREC_EINVAL, "query: k: must be at least 1");
    if (!(q->negative_weight >= 0 && isfinite(q->negative_weight)))
        return ostrec__fail(db, OSTREC_EINVAL, "query: negative_weight: must be a number >= 0");
    if (!(q->diversity >= 0 && q->diversity <= 1))
        return ostrec__fail(db, OSTREC_EINVAL, "query: diversity: must be in [0, 1]");
    if ((unsigned)q->instrumental > OSTREC_INSTRUMENTAL_NONE)
        return ostrec__fail(db, OSTREC_EINVAL, "query: instrumental: unknown value %d", (int)q->instrumental);
    if (q->year_from && q->year_to && q->year_from > q->year_to)
        return ostrec__fail(db, OSTREC_EINVAL, "query: years: %d is after %d", q->year_from, q->year_to);
    if (q->shift_year != 0 && !(q->shift_year >= OSTREC_YEAR_MIN && q->shift_year <= OSTREC_YEAR_MAX))
        return ostrec__fail(db, OSTREC_EINVAL, "query: shift_year: must be 0 or a year from %d to %d",
                            OSTREC_YEAR_MIN, OSTREC_YEAR_MAX);
    return OSTREC_OK;
}

/* Add factor times the rows of `ids` into q; their rows go to rows[]. */
static int add_rows(ostrec *db, const ostrec_index *index, const int64_t *ids, size_t n, double factor,
                    double *q, long *rows)
{
    for (size_t i = 0; i < n; i++) {
        long r = index_find(index, ids[i]);
        if (r < 0) return ostrec__fail(db, OSTREC_ENOTFOUND, "query: no song with id %lld", (long long)ids[i]);
        rows[i] = r;
        const float *row = gsl_matrix_float_const_ptr(index->rows, (size_t)r, 0);
        for (size_t j = 0; j < index->dim; j++) q[j] += factor * row[j];
    }
    return OSTREC_OK;
}

/* Which rows the filters let through. */
static size_t mark_candidates(const ostrec_index *index, const ostrec_query *q, const long *used,
                              size_t used_count, size_t seed_count, unsigned char *keep)
{
    size_t n = 0;
    for (size_t r = 0; r < index->count; r++) {
        const index_song *s = &index->songs[r];
        int ok = (!q->year_from || s->year >= q->year_from) &&
                 (!q->year_to || s->year <= q->year_to) &&
                 (q->instrumental != OSTREC_INSTRUMENTAL_ONLY || s->instrumental) &&
                 (q->instrumental != OSTREC_INSTRUMENTAL_NONE || !s->instrumental);
        for (size_t i = 0; ok && i < seed_count; i++) {
            const index_song *seed = &index->songs[used[i]];
            if (q->exclude_seed_dramas && seed->drama_key == s->drama_key) ok = 0;
            if (q->exclude_seed_artists && seed->artist_key == s->artist_key) ok = 0;
        }
        keep[r] = (unsigned char)ok;
        n += (size_t)ok;
    }
    for (size_t i = 0; i < used_count; i++) { /* seeds and negatives are never results */
        n -= keep[used[i]];
        keep[used[i]] = 0;
    }
    return n;
}

/* Choose up to k of the ranked pool under the caps, trading score for
 * distance from the songs already chosen when diversity > 0:
 *   next = argmax (1 - diversity) * score(c) - diversity * max_s sim(c, s).
 * Ties keep pool order. Returns how many were chosen. */
static size_t choose(const ostrec_index *index, const ostrec_query *q, const ranked *pool, size_t n,
                     size_t *chosen, size_t *artist_count, unsigned char *drama_used, double *max_sim,
                     unsigned char *taken)
{
    size_t count = 0;
    memset(taken, 0, n);
    for (size_t i = 0; i < n; i++) max_sim[i] = -INFINITY;
    while (count < q->k) {
        long best = -1;
        double best_value = 0;
        for (size_t i = 0; i < n; i++) {
            const index_song *s = &index->songs[pool[i].row];
            if (taken[i] || (q->max_per_artist && artist_count[s->artist_key] >= q->max_per_artist) ||
                (q->one_per_drama && drama_used[s->drama_key]))
                continue;
            double value = (1 - q->diversity) * pool[i].score - (count ? q->diversity * max_sim[i] : 0);
            if (best < 0 || value > best_value) {
                best = (long)i;
                best_value = value;
            }
            if (q->diversity == 0) break; /* pool order is score order */
        }
        if (best < 0) break;
        const index_song *s = &index->songs[pool[best].row];
        taken[best] = 1;
        artist_count[s->artist_key]++;
        drama_used[s->drama_key] = 1;
        chosen[count++] = pool[best].row;
        if (q->diversity > 0)
            for (size_t i = 0; i < n; i++)
                if (!taken[i]) max_sim[i] = fmax(max_sim[i], index_row_dot(index, pool[i].row, pool[best].row));
    }
    return count;
}

/* Rank the candidates: a plain top-k, or a top-`pool` grown until the caps
 * and diversity can fill k. */
static int select_rows(const ostrec_index *index, const ostrec_query *q, const double *query, const float *scores,
                       const unsigned char *keep, size_t candidates, size_t *chosen, size_t *count)
{
    ranked *pool = NULL;
    size_t n = 0;
    *count = 0;
    if (!q->max_per_artist && !q->one_per_drama && q->diversity == 0) {
        if (rank_exact(index, query, scores, keep, q->k, &pool, &n) != OSTREC_OK) return OSTREC_ENOMEM;
        for (size_t i = 0; i < n; i++) chosen[i] = pool[i].row;
        *count = n;
        free(pool);
        return OSTREC_OK;
    }
    size_t pool_size = q->diversity > 0 ? 10 * q->k : 4 * q->k;
    if (pool_size < 64) pool_size = 64;
    if (pool_size > candidates) pool_size = candidates;
    int rc = OSTREC_ENOMEM;
    size_t *artist_count = NULL;
    unsigned char *drama_used = NULL, *taken = NULL;
    double *max_sim = NULL;
    for (;;) {
        free(pool);
        free(max_sim);
        free(taken);
        free(artist_count);
        free(drama_used);
        pool = NULL;
        max_sim = malloc((pool_size ? pool_size : 1) * sizeof *max_sim);
        taken = malloc(pool_size ? pool_size : 1);
        artist_count = calloc(index->count + 1, sizeof *artist_count);
        drama_used = calloc(index->count + 1, 1);
        if (!max_sim || !taken || !artist_count || !drama_used ||
            rank_exact(index, query, scores, keep, pool_size, &pool, &n) != OSTREC_OK)
            goto done;
        *count = choose(index, q, pool, n, chosen, artist_count, drama_used, max_sim, taken);
        if (*count == q->k || pool_size >= candidates) break;
        pool_size = pool_size * 4 < candidates ? pool_size * 4 : candidates;
    }
    rc = OSTREC_OK;
done:
    free(pool);
    free(max_sim);
    free(taken);
    free(artist_count);
    free(drama_used);
    return rc;
}

static int by_score_then_id(const void *a, const void *b)
{
    const ostrec_result *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The results for the chosen rows, each score split into group terms in
 * double precision (so the terms add up to the reported score exactly). */
static void fill_results(const ostrec_index *index, const ostrec_query *q, const double *query,
                         const size_t *chosen, size_t count, ostrec_results *res)
{
    for (size_t i = 0; i < count; i++) index_result(index, query, chosen[i], &res->items[i]);
    res->count = count;
    if (q->diversity == 0) qsort(res->items, count, sizeof *res->items, by_score_then_id);
    for (size_t i = 0; i < count; i++) res->items[i].rank = i + 1;
}

int ostrec_similar(ostrec *db, const ostrec_index *index, const ostrec_query *query_in, ostrec_results **out)
{
    *out = NULL;
    if (index == NULL) return ostrec__fail(db, OSTREC_EINVAL, "no index given");
    ostrec_query bounded;
    const ostrec_query *q = &bounded;
    int rc = options_read_query(db, query_in, &bounded);
    if (rc == OSTREC_OK) rc = check_query(db, q);
    if (rc != OSTREC_OK) return rc;
    /* No more results than songs: a huge k must not mean a huge allocation. */
    if (bounded.k > index->count) bounded.k = index->count ? index->count : 1;
    size_t used_count = q->seed_count + q->negative_count;
    double *query = calloc(index->dim, sizeof *query);
    long *used = malloc(used_count * sizeof *used);
    gsl_vector_float *qf = gsl_vector_float_alloc(index->dim);
    gsl_vector_float *scores = index->count ? gsl_vector_float_alloc(index->count) : NULL;
    unsigned char *keep = malloc(index->count + 1);
    size_t *chosen = malloc(q->k * sizeof *chosen);
    ostrec_results *res = calloc(1, sizeof *res);
    if (res) res->items = calloc(q->k, sizeof *res->items);
    if (!query || !used || !qf || (index->count && !scores) || !keep || !chosen || !res || !res->items) {
        rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = add_rows(db, index, q->seeds, q->seed_count, 1.0 / (double)q->seed_count, query, used)) ||
        (rc = add_rows(db, index, q->negatives, q->negative_count,
                       q->negative_count ? -q->negative_weight / (double)q->negative_count : 0, query,
                       used + q->seed_count)))
        goto done;
    if (q->shift_year != 0) encode_era(index, q->shift_year, query + index->block[OSTREC_GROUP_ERA]);
    for (size_t j = 0; j < index->dim; j++) gsl_vector_float_set(qf, j, (float)query[j]);

    if ((rc = blas_room(db)) != OSTREC_OK) goto done;
    int status = gsl_blas_sgemv(CblasNoTrans, 1.0f, index->rows, qf, 0.0f, scores);
    if (status != GSL_SUCCESS) {
        rc = ostrec__fail(db, OSTREC_EINVAL, "scoring: %s", gsl_strerror(status));
        goto done;
    }
    size_t candidates = mark_candidates(index, q, used, used_count, q->seed_count, keep);
    size_t count = 0;
    if ((rc = select_rows(index, q, query, scores->data, keep, candidates, chosen, &count)) != OSTREC_OK) {
        rc = ostrec__fail(db, rc, "out of memory");
        goto done;
    }
    fill_results(index, q, query, chosen, count, res);
    *out = res;
    res = NULL;
done:
    ostrec_results_free(res);
    free(query);
    free(used);
    if (qf) gsl_vector_float_free(qf);
    if (scores) gsl_vector_float_free(scores);
    free(keep);
    free(chosen);
    return rc;
}
