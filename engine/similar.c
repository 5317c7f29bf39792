/* similar.c: "more like this": build the query vector from seed songs
 * (their mean, weighted when the query says, minus a share of what the
 * negatives do not share with it, optionally with its era block swapped for
 * another year), add the soundtrack and artist terms (identity.c), make
 * its score tables (one gsl_blas_sgemv per group dictionary), pick the best
 * in one pass over the songs' codes with the filters in the same pass, then
 * apply caps and diversity (maximal marginal relevance) on a pool that grows
 * only when the caps leave it short. Each result's score is split into per-group terms. */
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
    /* At 1 the choice would ignore the score and drift off topic. */
    if (!(q->diversity >= 0 && q->diversity < 1))
        return ostrec__fail(db, OSTREC_EINVAL, "query: diversity: must be in [0, 1) (1 would ignore the score)");
    for (size_t i = 0; i < q->negative_count; i++)
        for (size_t j = 0; j < q->seed_count; j++)
            if (q->negatives[i] == q->seeds[j])
                return ostrec__fail(db, OSTREC_EINVAL, "query: negatives: song %lld is also a seed",
                                    (long long)q->negatives[i]);
    for (size_t i = 0; q->seed_weights && i < q->seed_count; i++)
        if (!(q->seed_weights[i] > 0 && isfinite(q->seed_weights[i])))
            return ostrec__fail(db, OSTREC_EINVAL, "query: seed_weights[%zu]: must be a number > 0", i);
    for (size_t i = 0; q->negative_weights && i < q->negative_count; i++)
        if (!(q->negative_weights[i] > 0 && isfinite(q->negative_weights[i])))
            return ostrec__fail(db, OSTREC_EINVAL, "query: negative_weights[%zu]: must be a number > 0", i);
    if (q->excluded_count > 0 && q->excluded == NULL)
        return ostrec__fail(db, OSTREC_EINVAL, "query: excluded: NULL with a count");
    if ((unsigned)q->instrumental > OSTREC_INSTRUMENTAL_NONE)
        return ostrec__fail(db, OSTREC_EINVAL, "query: instrumental: unknown value %d", (int)q->instrumental);
    if (q->year_from && q->year_to && q->year_from > q->year_to)
        return ostrec__fail(db, OSTREC_EINVAL, "query: years: %d is after %d", q->year_from, q->year_to);
    if (q->shift_year != 0 && !(q->shift_year >= OSTREC_YEAR_MIN && q->shift_year <= OSTREC_YEAR_MAX))
        return ostrec__fail(db, OSTREC_EINVAL, "query: shift_year: must be 0 or a year from %d to %d",
                            OSTREC_YEAR_MIN, OSTREC_YEAR_MAX);
    return OSTREC_OK;
}

/* Each item's share of a weighted mean: weights[i] over their sum, or 1/n
 * when weights is NULL. */
static void mean_factors(const double *weights, size_t n, double *factors)
{
    double total = 0;
    for (size_t i = 0; i < n; i++) total += weights ? weights[i] : 1.0;
    for (size_t i = 0; i < n; i++) factors[i] = (weights ? weights[i] : 1.0) / total;
}

/* Add the weighted mean of the rows of `ids` (weights as mean_factors
 * takes them) into q; their rows go to rows[]. */
static int add_rows(ostrec *db, const ostrec_index *index, const int64_t *ids, const double *weights, size_t n,
                    double *q, long *rows)
{
    double *factor = malloc((n ? n : 1) * sizeof *factor);
    if (factor == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    mean_factors(weights, n, factor);
    for (size_t i = 0; i < n; i++) {
        long r = index_find(index, ids[i]);
        if (r < 0) {
            free(factor);
            return ostrec__fail(db, OSTREC_ENOTFOUND, "query: no song with id %lld", (long long)ids[i]);
        }
        rows[i] = r;
        for (int g = 0; g < OSTREC_GROUPS; g++) {
            const float *block = index_block(index, (size_t)r, g);
            for (size_t j = 0, w = index_width(index, g); j < w; j++) q[index->block[g] + j] += factor[i] * block[j];
        }
    }
    free(factor);
    return OSTREC_OK;
}

/* Subtract negative_weight times the negatives' mean from the seeds' mean
 * `query`, each group's part of it first stripped of its component along
 * the seeds' block: a negative moves the query away from what it does not
 * share with the seeds, so `--not` a close neighbour does not cancel the
 * seeds' own mood. Their rows go to rows[]. */
static int add_negatives(ostrec *db, const ostrec_index *index, const ostrec_query *q, double *query, long *rows)
{
    if (q->negative_count == 0) return OSTREC_OK;
    double *neg = calloc(index->dim, sizeof *neg);
    if (neg == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    int rc = add_rows(db, index, q->negatives, q->negative_weights, q->negative_count, neg, rows);
    for (int g = 0; rc == OSTREC_OK && g < OSTREC_GROUPS; g++) {
        const double *s = query + index->block[g];
        double *n = neg + index->block[g], ss = 0, sn = 0;
        size_t w = index_width(index, g);
        for (size_t j = 0; j < w; j++) {
            ss += s[j] * s[j];
            sn += s[j] * n[j];
        }
        for (size_t j = 0; j < w; j++) {
            double shared = ss > 0 ? sn / ss * s[j] : 0;
            query[index->block[g] + j] -= q->negative_weight * (n[j] - shared);
        }
    }
    free(neg);
    return rc;
}

static int by_row(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* How many people the seeds credit, all told (one may count twice). */
static size_t seed_credits(const ostrec_index *index, const ostrec_query *q, const long *used)
{
    size_t n = 0;
    const uint32_t *keys;
    for (size_t i = 0; i < q->seed_count; i++) n += index_credits(index, (size_t)used[i], &keys);
    return n;
}

/* The filter of a query: years and instrumentals; negatives, the excluded
 * songs and (unless keep_seeds) the seeds never chosen; the seeds' dramas,
 * and every person a seed credits, when excluded. Arrays come from the
 * caller (used_count + excluded_count rows, seed_count drama keys,
 * seed_credits artist keys). */
static void make_filter(const ostrec_index *index, const ostrec_query *q, const long *used, size_t used_count,
                        size_t *rows, uint32_t *dramas, uint32_t *artists, score_filter *f)
{
    *f = (score_filter){.year_from = q->year_from, .year_to = q->year_to, .instrumental = q->instrumental,
                        .rows = rows, .dramas = dramas, .artists = artists};
    for (size_t i = q->keep_seeds ? q->seed_count : 0; i < used_count; i++) rows[f->row_count++] = (size_t)used[i];
    for (size_t i = 0; i < q->excluded_count; i++) {
        long r = index_find(index, q->excluded[i]); /* a song the index lacks cannot come back anyway */
        if (r >= 0) rows[f->row_count++] = (size_t)r;
    }
    qsort(rows, f->row_count, sizeof *rows, by_row);
    for (size_t i = 0; i < q->seed_count; i++) {
        if (q->exclude_seed_dramas) dramas[f->drama_count++] = index_drama(index, (size_t)used[i]);
        const uint32_t *keys;
        size_t n = q->exclude_seed_artists ? index_credits(index, (size_t)used[i], &keys) : 0;
        for (size_t j = 0; j < n; j++) artists[f->artist_count++] = keys[j];
    }
}

/* Values of the choice below closer than this are equal: a score and a
 * similarity summed in different orders may differ in the last bits where
 * they are equal in exact arithmetic (a song like a chosen copy of the seed). */
#define TIE_EPSILON 1e-12

/* Whether any person the song at `row` credits has `cap` songs already. */
static int artist_capped(const ostrec_index *index, const size_t *artist_count, size_t cap, size_t row)
{
    const uint32_t *keys;
    for (size_t i = 0, n = index_credits(index, row, &keys); i < n; i++)
        if (artist_count[keys[i]] >= cap) return 1;
    return 0;
}

/* Choose up to k of the ranked pool under the caps, trading score for
 * distance from the songs already chosen when diversity > 0:
 *   next = argmax (1 - diversity) * score(c) - diversity * max_s sim(c, s).
 * A song counts toward the cap of each person it credits, and is blocked
 * when any of them is full. Ties (within TIE_EPSILON) keep pool order.
 * Returns how many were chosen. */
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
            size_t row = pool[i].row;
            if (taken[i] || (q->max_per_artist && artist_capped(index, artist_count, q->max_per_artist, row)) ||
                (q->one_per_drama && drama_used[index_drama(index, row)]))
                continue;
            double value = (1 - q->diversity) * pool[i].score - (count ? q->diversity * max_sim[i] : 0);
            if (best < 0 || value > best_value + TIE_EPSILON) {
                best = (long)i;
                best_value = value;
            }
            if (q->diversity == 0) break; /* pool order is score order */
        }
        if (best < 0) break;
        size_t row = pool[best].row;
        taken[best] = 1;
        const uint32_t *keys;
        for (size_t i = 0, people = index_credits(index, row, &keys); i < people; i++) artist_count[keys[i]]++;
        drama_used[index_drama(index, row)] = 1;
        chosen[count++] = pool[best].row;
        if (q->diversity > 0)
            for (size_t i = 0; i < n; i++)
                if (!taken[i]) max_sim[i] = fmax(max_sim[i], index_row_dot(index, pool[i].row, pool[best].row));
    }
    return count;
}

/* Rank the candidates: a plain top-k, or a top-`pool` grown until the caps
 * and diversity can fill k or it holds every song the filter allows. */
static int select_rows(const ostrec_index *index, const ostrec_query *q, const double *query, const score_tables *t,
                       const score_filter *f, const identity_terms *ident, size_t *chosen, size_t *count)
{
    ranked *pool = NULL;
    size_t n = 0;
    *count = 0;
    if (!q->max_per_artist && !q->one_per_drama && q->diversity == 0) {
        if (rank_with_identity(index, query, t, f, ident, q->k, &pool, &n) != OSTREC_OK) return OSTREC_ENOMEM;
        for (size_t i = 0; i < n; i++) chosen[i] = pool[i].row;
        *count = n;
        free(pool);
        return OSTREC_OK;
    }
    size_t pool_size = q->diversity > 0 ? 10 * q->k : 4 * q->k;
    if (pool_size < 64) pool_size = 64;
    if (pool_size > index->count) pool_size = index->count;
    int rc = OSTREC_ENOMEM;
    size_t *artist_count = calloc(index->artists + 1, sizeof *artist_count);
    unsigned char *drama_used = calloc(index->dramas + 1, 1), *taken = NULL;
    double *max_sim = NULL;
    if (!artist_count || !drama_used) goto done;
    for (;;) {
        free(pool);
        free(max_sim);
        free(taken);
        pool = NULL;
        max_sim = malloc((pool_size ? pool_size : 1) * sizeof *max_sim);
        taken = malloc(pool_size ? pool_size : 1);
        if (!max_sim || !taken || rank_with_identity(index, query, t, f, ident, pool_size, &pool, &n) != OSTREC_OK)
            goto done;
        memset(artist_count, 0, (index->artists + 1) * sizeof *artist_count);
        memset(drama_used, 0, index->dramas + 1);
        *count = choose(index, q, pool, n, chosen, artist_count, drama_used, max_sim, taken);
        if (*count == q->k || n < pool_size || pool_size >= index->count) break;
        pool_size = pool_size * 4 < index->count ? pool_size * 4 : index->count;
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
                         const identity_terms *ident, const size_t *chosen, size_t count, ostrec_results *res)
{
    for (size_t i = 0; i < count; i++) {
        ostrec_result *r = &res->items[i];
        index_result(index, query, chosen[i], r);
        r->score += identity_terms_of(ident, chosen[i], &r->terms[OSTREC_GROUP_SOUNDTRACK],
                                      &r->terms[OSTREC_GROUP_ARTIST]);
    }
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
    size_t *used_rows = malloc((used_count + q->excluded_count) * sizeof *used_rows);
    uint32_t *dramas = malloc(q->seed_count * sizeof *dramas), *artists = NULL;
    size_t *chosen = malloc(q->k * sizeof *chosen);
    score_tables t = {0};
    score_filter f;
    identity_terms ident = {0};
    ostrec_results *res = calloc(1, sizeof *res);
    if (res) res->items = calloc(q->k, sizeof *res->items);
    if (!query || !used || !used_rows || !dramas || !chosen || !res || !res->items ||
        score_tables_alloc(index, &t) != OSTREC_OK) {
        rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = add_rows(db, index, q->seeds, q->seed_weights, q->seed_count, query, used)) ||
        (rc = add_negatives(db, index, q, query, used + q->seed_count)) != OSTREC_OK)
        goto done;
    if (q->shift_year != 0) encode_era(index, q->shift_year, query + index->block[OSTREC_GROUP_ERA]);
    size_t people = q->exclude_seed_artists ? seed_credits(index, q, used) : 0;
    if ((artists = malloc((people ? people : 1) * sizeof *artists)) == NULL) {
        rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
        goto done;
    }
    make_filter(index, q, used, used_count, used_rows, dramas, artists, &f);
    if ((rc = score_tables_fill(db, index, query, &f, &t)) != OSTREC_OK) goto done;
    size_t count = 0;
    double *factors = malloc(used_count * sizeof *factors);
    if (factors == NULL) {
        rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
        goto done;
    }
    /* Negatives move the query away from content only: a soundtrack or a
     * person they share with the seeds stays the seeds'. */
    mean_factors(q->seed_weights, q->seed_count, factors);
    for (size_t i = q->seed_count; i < used_count; i++) factors[i] = 0;
    rc = identity_terms_build(index, used, factors, used_count, &ident);
    free(factors);
    if (rc != OSTREC_OK) {
        rc = ostrec__fail(db, rc, "out of memory");
        goto done;
    }
    if ((rc = select_rows(index, q, query, &t, &f, &ident, chosen, &count)) != OSTREC_OK) {
        rc = ostrec__fail(db, rc, "out of memory");
        goto done;
    }
    fill_results(index, q, query, &ident, chosen, count, res);
    *out = res;
    res = NULL;
done:
    ostrec_results_free(res);
    free(query);
    free(used);
    free(used_rows);
    free(dramas);
    free(artists);
    free(chosen);
    score_tables_free(&t);
    identity_terms_free(&ident);
    return rc;
}
