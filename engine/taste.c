/* taste.c: a profile read as a taste: each song's weight from its plays
 * (listening time, halved every half-life) and the person's opinion of it,
 * the query "for me" made of them, the songs that pulled a result up, and
 * the pool of songs a playlist leans to. */
#include "profile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A full listen: a play this long or longer counts 1. */
#define FULL_LISTEN_MS 180000.0

void ostrec_taste_free(ostrec_taste *taste)
{
    if (taste == NULL) return;
    free(taste->seeds);
    free(taste->seed_weights);
    free(taste->negatives);
    free(taste->negative_weights);
    free(taste->heard);
    free(taste);
}

typedef struct {
    int64_t id;
    double weight;
    int disliked;
} song_weight;

/* The weight of one play. */
double taste_play_weight(int64_t played_at, int has_ms, int64_t ms, int skipped, double half_life_days, int64_t now)
{
    double w = skipped ? OSTREC_SKIP_WEIGHT : has_ms ? fmin((double)ms / FULL_LISTEN_MS, 1.0) : 1.0;
    if (played_at > 0 && played_at < now) w *= exp2(-((double)(now - played_at) / 86400.0) / half_life_days);
    return w;
}

/* Every song the profile played or rated, in id order, with its weight;
 * songs the catalog lacks only counted. */
static int read_weights(ostrec *db, int64_t pid, double half_life, int64_t now, song_weight **out, size_t *count,
                        size_t *missing)
{
    sqlite3_stmt *stmt = NULL;
    size_t n = 0, cap = 0;
    song_weight *v = NULL;
    int rc = sqlite3_prepare_v2(
        db->sql,
        "SELECT song_id, played_at, ms_played, skipped, 0, song_id IN (SELECT id FROM songs) FROM profile_plays "
        "WHERE profile_id = ?1 UNION ALL SELECT song_id, 0, NULL, NULL, opinion, song_id IN (SELECT id FROM songs) "
        "FROM profile_opinions WHERE profile_id = ?1 ORDER BY 1",
        -1, &stmt, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, 1, pid);
    int64_t last_missing = 0;
    *missing = 0;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) break;
        int64_t id = sqlite3_column_int64(stmt, 0);
        if (!sqlite3_column_int(stmt, 5)) {
            *missing += id != last_missing;
            last_missing = id;
            continue;
        }
        if (n == 0 || v[n - 1].id != id) {
            if (n == cap) {
                size_t bigger = cap ? 2 * cap : 256;
                song_weight *grown = realloc(v, bigger * sizeof *grown);
                if (grown == NULL) {
                    rc = SQLITE_NOMEM;
                    break;
                }
                v = grown;
                cap = bigger;
            }
            v[n++] = (song_weight){id, 0, 0};
        }
        int opinion = sqlite3_column_int(stmt, 4);
        if (opinion == 1) v[n - 1].weight += OSTREC_LIKE_WEIGHT;
        else if (opinion == -1) v[n - 1].disliked = 1;
        else
            v[n - 1].weight += taste_play_weight(sqlite3_column_int64(stmt, 1), sqlite3_column_type(stmt, 2) != SQLITE_NULL,
                                                 sqlite3_column_int64(stmt, 2), sqlite3_column_int(stmt, 3) == 1,
                                                 half_life, now);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        free(v);
        return rc == SQLITE_NOMEM ? ostrec__fail(db, OSTREC_ENOMEM, "out of memory") : ostrec__fail_sql(db, "taste");
    }
    *out = v;
    *count = n;
    return OSTREC_OK;
}

static int by_weight_then_id(const void *a, const void *b)
{
    const song_weight *x = a, *y = b;
    if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Split the songs into seeds, negatives (the disliked first) and heard. */
static int split(const song_weight *v, size_t n, ostrec_taste *t)
{
    t->seeds = malloc((n ? n : 1) * sizeof *t->seeds);
    t->seed_weights = malloc((n ? n : 1) * sizeof *t->seed_weights);
    t->negatives = malloc((n ? n : 1) * sizeof *t->negatives);
    t->negative_weights = malloc((n ? n : 1) * sizeof *t->negative_weights);
    t->heard = malloc((n ? n : 1) * sizeof *t->heard);
    song_weight *sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!t->seeds || !t->seed_weights || !t->negatives || !t->negative_weights || !t->heard || !sorted) {
        free(sorted);
        return OSTREC_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) t->heard[i] = v[i].id; /* v is in id order */
    t->heard_count = n;
    if (n > 0) memcpy(sorted, v, n * sizeof *v); /* v is NULL when there is nothing */
    qsort(sorted, n, sizeof *sorted, by_weight_then_id);
    for (size_t i = 0; i < n; i++)
        if (sorted[i].disliked) { /* as strong as a like, the other way */
            t->negatives[t->negative_count] = sorted[i].id;
            t->negative_weights[t->negative_count++] = OSTREC_LIKE_WEIGHT;
        }
    t->disliked_count = t->negative_count;
    for (size_t i = 0; i < n; i++) {
        if (sorted[i].disliked) continue;
        if (sorted[i].weight > 0) {
            t->seeds[t->seed_count] = sorted[i].id;
            t->seed_weights[t->seed_count++] = sorted[i].weight;
        }
    }
    for (size_t i = n; i-- > 0;) /* the most negative first */
        if (!sorted[i].disliked && sorted[i].weight < 0) {
            t->negatives[t->negative_count] = sorted[i].id;
            t->negative_weights[t->negative_count++] = -sorted[i].weight;
        }
    free(sorted);
    return OSTREC_OK;
}

int ostrec_taste_get(ostrec *db, const char *profile, double half_life_days, int64_t now, ostrec_taste **out)
{
    *out = NULL;
    ostrec__clear_error(db);
    if (!(half_life_days > 0 && isfinite(half_life_days)))
        return ostrec__fail(db, OSTREC_EINVAL, "taste: half-life: must be a number of days > 0");
    if (now == 0) now = (int64_t)time(NULL);
    int rc = profile_name_check(db, &profile);
    int64_t pid = 0;
    song_weight *v = NULL;
    size_t n = 0, missing = 0;
    if (rc == OSTREC_OK) rc = profile_find(db, profile, 0, &pid);
    if (rc == OSTREC_OK) rc = read_weights(db, pid, half_life_days, now, &v, &n, &missing);
    if (rc != OSTREC_OK) return rc;
    ostrec_taste *t = calloc(1, sizeof *t);
    if (t == NULL || split(v, n, t) != OSTREC_OK) {
        free(v);
        ostrec_taste_free(t);
        return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    }
    free(v);
    t->missing = missing;
    *out = t;
    return OSTREC_OK;
}

void ostrec_taste_query(const ostrec_taste *taste, int new_only, ostrec_query *q)
{
    ostrec_query_init(q);
    q->seeds = taste->seeds;
    q->seed_weights = taste->seed_weights;
    q->seed_count = taste->seed_count;
    q->negatives = taste->negatives;
    q->negative_weights = taste->negative_weights;
    q->negative_count = taste->negative_count;
    q->keep_seeds = !new_only;
    q->excluded = new_only ? taste->heard : NULL;
    q->excluded_count = new_only ? taste->heard_count : 0;
}

/* How much seed row s pulls result row r up: their content match plus the
 * soundtrack and artist terms a query of s alone would give r. */
static double pull(const ostrec_index *index, size_t s, size_t r)
{
    double st = index->scale[OSTREC_GROUP_SOUNDTRACK] * index->scale[OSTREC_GROUP_SOUNDTRACK];
    double ar = index->scale[OSTREC_GROUP_ARTIST] * index->scale[OSTREC_GROUP_ARTIST];
    double sum = index_row_dot(index, s, r) + (index_drama(index, s) == index_drama(index, r) ? st : 0);
    const uint32_t *ps, *pr;
    size_t ns = index_credits(index, s, &ps), nr = index_credits(index, r, &pr), shared = 0;
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < nr; j++) shared += ps[i] == pr[j];
    if (shared) sum += ar * (double)shared / sqrt((double)ns * (double)nr);
    return sum;
}

size_t ostrec_taste_reasons(const ostrec_index *index, const ostrec_taste *taste, const ostrec_result *r,
                            int64_t *ids, size_t max)
{
    double best[8];
    size_t count = 0;
    long row = index ? index_find(index, r->id) : -1;
    if (max > 8) max = 8;
    for (size_t i = 0; row >= 0 && i < taste->seed_count; i++) {
        long s = index_find(index, taste->seeds[i]);
        if (s < 0 || taste->seeds[i] == r->id) continue;
        double p = taste->seed_weights[i] * pull(index, (size_t)s, (size_t)row);
        if (p <= 0) continue;
        size_t at = count < max ? count++ : max; /* insertion into the top `max` */
        while (at > 0 && best[at - 1] < p) {
            if (at < max) {
                best[at] = best[at - 1];
                ids[at] = ids[at - 1];
            }
            at--;
        }
        if (at < max) {
            best[at] = p;
            ids[at] = taste->seeds[i];
        }
    }
    return count;
}

int ostrec_taste_pool(ostrec *db, const ostrec_index *index, const ostrec_taste *taste, int new_only, size_t n,
                      int64_t **out, size_t *count)
{
    size_t pool = n > OSTREC_TASTE_POOL_MIN / 10 ? 10 * n : OSTREC_TASTE_POOL_MIN;
    *out = NULL;
    *count = 0;
    ostrec_query q;
    ostrec_results *res = NULL;
    ostrec_taste_query(taste, new_only, &q);
    q.k = pool;
    int rc = ostrec_similar(db, index, &q, &res);
    if (rc != OSTREC_OK) return rc;
    int64_t *ids = malloc((res->count ? res->count : 1) * sizeof *ids);
    if (ids == NULL) {
        ostrec_results_free(res);
        return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < res->count; i++) ids[i] = res->items[i].id;
    *count = res->count;
    *out = ids;
    ostrec_results_free(res);
    return OSTREC_OK;
}
