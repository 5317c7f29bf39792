/* rank.c: choosing the best songs. rank_exact makes one pass over the
 * songs' codes (three table lookups per song), keeps every song within a
 * hair of the running k-th best float score, and rescores those in double,
 * so ties and near-ties are settled exactly and by id. rank_batch does the
 * same for a block of queries, its tables made with one gsl_blas_sgemm per
 * group. rank_top_k is the bounded heap over a plain float array that the
 * dense baseline and the tests use. Equal scores rank the lower row (the
 * lower id) first, so results never depend on heap order. */
#include "internal.h"

#include <gsl/gsl_blas.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Does row a (score sa) rank after row b (score sb)? */
static int ranks_after(float sa, size_t a, float sb, size_t b) { return sa < sb || (sa == sb && a > b); }

static void sift_down(const float *scores, size_t *heap, size_t n, size_t i)
{
    for (;;) {
        size_t worst = i, l = 2 * i + 1, r = l + 1;
        if (l < n && ranks_after(scores[heap[l]], heap[l], scores[heap[worst]], heap[worst])) worst = l;
        if (r < n && ranks_after(scores[heap[r]], heap[r], scores[heap[worst]], heap[worst])) worst = r;
        if (worst == i) return;
        size_t t = heap[i];
        heap[i] = heap[worst];
        heap[worst] = t;
        i = worst;
    }
}

static void sift_up(const float *scores, size_t *heap, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!ranks_after(scores[heap[i]], heap[i], scores[heap[parent]], heap[parent])) return;
        size_t t = heap[i];
        heap[i] = heap[parent];
        heap[parent] = t;
        i = parent;
    }
}

size_t rank_top_k(const float *scores, const unsigned char *keep, size_t n, size_t k, size_t *out)
{
    size_t size = 0;
    if (k == 0) return 0;
    for (size_t row = 0; row < n; row++) {
        if (keep && !keep[row]) continue;
        if (size < k) {
            out[size] = row;
            sift_up(scores, out, size++);
        } else if (ranks_after(scores[out[0]], out[0], scores[row], row)) {
            out[0] = row;
            sift_down(scores, out, size, 0);
        }
    }
    /* Pop the worst to the end, leaving out[] best first. */
    for (size_t end = size; end > 1; end--) {
        size_t t = out[0];
        out[0] = out[end - 1];
        out[end - 1] = t;
        sift_down(scores, out, end - 1, 0);
    }
    return size;
}

/* A min-heap of the k best float scores so far: its root is the k-th best. */
typedef struct {
    float *v;
    size_t n, k;
} float_heap;

static void float_heap_push(float_heap *h, float s)
{
    if (h->n < h->k) {
        size_t i = h->n++;
        h->v[i] = s;
        while (i > 0 && h->v[(i - 1) / 2] > h->v[i]) {
            float t = h->v[i];
            h->v[i] = h->v[(i - 1) / 2];
            h->v[(i - 1) / 2] = t;
            i = (i - 1) / 2;
        }
        return;
    }
    if (!(s > h->v[0])) return;
    h->v[0] = s;
    for (size_t i = 0;;) {
        size_t m = i, l = 2 * i + 1, r = l + 1;
        if (l < h->n && h->v[l] < h->v[m]) m = l;
        if (r < h->n && h->v[r] < h->v[m]) m = r;
        if (m == i) return;
        float t = h->v[i];
        h->v[i] = h->v[m];
        h->v[m] = t;
        i = m;
    }
}

/* float32 scores of equal songs can differ in the last bits from the
 * double ones (the tables are float dot products); anything this close to
 * the last place is rescored in double before ties are broken by id. */
#define SCORE_SLACK 1e-5f

static int by_rank(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row; /* rows are in id order */
}

/* The candidates kept so far: rows whose float score was within the slack
 * of the k-th best when they were seen. */
typedef struct {
    ranked *v; /* score holds the float score until rescored */
    size_t n, cap;
} pool;

/* Keep only the candidates at or above `floor`; grow when still full. */
static int pool_prune(pool *p, float floor)
{
    size_t kept = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->v[i].score >= floor) p->v[kept++] = p->v[i];
    p->n = kept;
    if (p->n * 2 > p->cap) {
        ranked *bigger = realloc(p->v, 2 * p->cap * sizeof *bigger);
        if (bigger == NULL) return OSTREC_ENOMEM;
        p->v = bigger;
        p->cap *= 2;
    }
    return OSTREC_OK;
}

int rank_exact(const ostrec_index *index, const double *query, const score_tables *t, const score_filter *f,
               size_t want, ranked **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    float_heap heap = {malloc((want ? want : 1) * sizeof(float)), 0, want};
    pool p = {NULL, 0, 4 * want + 64};
    p.v = malloc(p.cap * sizeof *p.v);
    if (heap.v == NULL || p.v == NULL) {
        free(heap.v);
        free(p.v);
        return OSTREC_ENOMEM;
    }
    const float *tg = t->table[OSTREC_GROUP_GENRE], *tm = t->table[OSTREC_GROUP_MOOD], *tc = t->context;
    const song_code *code = index->code;
    int check = f->row_count || f->drama_count || f->artist_count || f->keep;
    float floor = -INFINITY;
    int rc = OSTREC_OK;
    for (size_t r = 0; r < index->count && want > 0; r++) {
        float s = tg[code[r].genre] + tm[code[r].mood] + tc[code[r].context];
        if (!(s >= floor) || s == -INFINITY) continue;
        if (check && !score_filter_allows(index, f, r)) continue;
        if (p.n == p.cap && (rc = pool_prune(&p, floor)) != OSTREC_OK) break;
        p.v[p.n++] = (ranked){s, r};
        float_heap_push(&heap, s);
        if (heap.n == want) floor = heap.v[0] - SCORE_SLACK;
    }
    if (rc == OSTREC_OK) {
        size_t kept = 0;
        for (size_t i = 0; i < p.n; i++)
            if (p.v[i].score >= floor) p.v[kept++] = (ranked){index_score_terms(index, query, p.v[i].row, NULL), p.v[i].row};
        p.n = kept;
        qsort(p.v, p.n, sizeof *p.v, by_rank);
        *out = p.v;
        *count = p.n < want ? p.n : want;
    } else {
        free(p.v);
    }
    free(heap.v);
    return rc;
}

/* ---- batches ---- */

#define BATCH_BLOCK 64 /* queries whose tables are made by one sgemm */

/* A heap of (score, row), worst at the root: lower score, or equal score
 * and higher row. */
typedef struct {
    float score;
    uint32_t row;
} scored_row;

static int worse(const scored_row *a, const scored_row *b)
{
    return a->score < b->score || (a->score == b->score && a->row > b->row);
}

static void scored_sift_down(scored_row *h, size_t n, size_t i)
{
    for (;;) {
        size_t m = i, l = 2 * i + 1, r = l + 1;
        if (l < n && worse(&h[l], &h[m])) m = l;
        if (r < n && worse(&h[r], &h[m])) m = r;
        if (m == i) return;
        scored_row t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* The top `want` rows by float score for one query's tables (ties by lower
 * row), best first, into out; returns how many. `heap` has room for want. */
static size_t top_rows(const ostrec_index *index, const score_tables *t, size_t want, scored_row *heap, size_t *out)
{
    const float *tg = t->table[OSTREC_GROUP_GENRE], *tm = t->table[OSTREC_GROUP_MOOD], *tc = t->context;
    const song_code *code = index->code;
    size_t n = 0;
    for (size_t r = 0; r < index->count; r++) {
        float s = tg[code[r].genre] + tm[code[r].mood] + tc[code[r].context];
        if (n == want) {
            if (!(s > heap[0].score)) continue; /* rows ascend: a later equal score ranks after */
            heap[0] = (scored_row){s, (uint32_t)r};
            scored_sift_down(heap, n, 0);
        } else if (s != -INFINITY) {
            size_t i = n++;
            heap[i] = (scored_row){s, (uint32_t)r};
            while (i > 0 && worse(&heap[i], &heap[(i - 1) / 2])) {
                scored_row x = heap[i];
                heap[i] = heap[(i - 1) / 2];
                heap[(i - 1) / 2] = x;
                i = (i - 1) / 2;
            }
        }
    }
    for (size_t end = n; end > 0; end--) { /* pop the worst to the back */
        out[end - 1] = heap[0].row;
        heap[0] = heap[end - 1];
        scored_sift_down(heap, end - 1, 0);
    }
    return n;
}

/* One thread's share of a batch: queries [first, end), their group tables
 * laid out query by query in `tables`. */
typedef struct {
    const ostrec_index *index;
    float *const *tables;
    size_t first, end, want;
    size_t *rows;
    int rc;
} batch_share;

static void *scan_share(void *arg)
{
    batch_share *b = arg;
    const ostrec_index *index = b->index;
    score_filter none = {0};
    score_tables t;
    scored_row *heap = malloc((b->want ? b->want : 1) * sizeof *heap);
    b->rc = heap && score_tables_alloc(index, &t) == OSTREC_OK ? OSTREC_OK : OSTREC_ENOMEM;
    if (b->rc != OSTREC_OK) {
        free(heap);
        return NULL;
    }
    float *own[OSTREC_GROUPS];
    memcpy(own, t.table, sizeof own);
    for (size_t i = b->first; i < b->end; i++) {
        for (int g = 0; g < OSTREC_GROUPS; g++) t.table[g] = b->tables[g] + i * index->dict_rows[g];
        score_context_table(index, &none, &t);
        size_t got = top_rows(index, &t, b->want, heap, b->rows + i * b->want);
        for (size_t j = got; j < b->want; j++) b->rows[i * b->want + j] = SIZE_MAX;
    }
    memcpy(t.table, own, sizeof own);
    score_tables_free(&t);
    free(heap);
    return NULL;
}

/* How many threads share a batch's scans: the processors online, at most 8,
 * and at least BATCH_BLOCK queries each. */
static size_t batch_threads(size_t queries)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = cpus > 0 ? (size_t)cpus : 1;
    if (n > 8) n = 8;
    while (n > 1 && queries / n < BATCH_BLOCK) n--;
    return n;
}

int rank_batch(ostrec *db, const ostrec_index *index, const float *q, size_t queries, size_t want, size_t *rows)
{
    /* The tables of every query first, by one sgemm per group and block of
     * queries in this thread (the BLAS and the handle stay here); then the
     * scans, shared among threads. */
    float *tables[OSTREC_GROUPS] = {NULL};
    int rc = OSTREC_OK;
    for (int g = 0; rc == OSTREC_OK && g < OSTREC_GROUPS; g++)
        if ((tables[g] = malloc((queries ? queries : 1) * (index->dict_rows[g] ? index->dict_rows[g] : 1) *
                                sizeof(float))) == NULL)
            rc = OSTREC_ENOMEM;
    for (size_t first = 0; rc == OSTREC_OK && first < queries; first += BATCH_BLOCK) {
        size_t b = queries - first < BATCH_BLOCK ? queries - first : BATCH_BLOCK;
        gsl_matrix_float_const_view qm = gsl_matrix_float_const_view_array(q + first * index->dim, b, index->dim);
        for (int g = 0; g < OSTREC_GROUPS; g++) {
            size_t n = index->dict_rows[g], w = index_width(index, g);
            if (n == 0) continue;
            if (w == 0) {
                memset(tables[g] + first * n, 0, b * n * sizeof(float));
                continue;
            }
            gsl_matrix_float_const_view qg = gsl_matrix_float_const_submatrix(&qm.matrix, 0, index->block[g], b, w);
            gsl_matrix_float_const_view d = gsl_matrix_float_const_view_array(index->dict[g], n, w);
            gsl_matrix_float_view out = gsl_matrix_float_view_array(tables[g] + first * n, b, n);
            if ((rc = blas_room(db)) != OSTREC_OK) break;
            gsl_blas_sgemm(CblasNoTrans, CblasTrans, 1.0f, &qg.matrix, &d.matrix, 0.0f, &out.matrix);
        }
    }
    size_t threads = batch_threads(queries);
    batch_share share[8];
    pthread_t thread[8];
    int running[8] = {0};
    for (size_t i = 0; rc == OSTREC_OK && i < threads; i++) {
        share[i] = (batch_share){index, tables, queries * i / threads, queries * (i + 1) / threads, want, rows,
                                 OSTREC_OK};
        if (i > 0) running[i] = pthread_create(&thread[i], NULL, scan_share, &share[i]) == 0;
    }
    if (rc == OSTREC_OK) {
        scan_share(&share[0]);
        for (size_t i = 1; i < threads; i++) {
            if (running[i]) pthread_join(thread[i], NULL);
            else scan_share(&share[i]); /* no thread for it: this one does it */
        }
        for (size_t i = 0; i < threads; i++)
            if (share[i].rc != OSTREC_OK) rc = share[i].rc;
    }
    for (int g = 0; g < OSTREC_GROUPS; g++) free(tables[g]);
    if (rc == OSTREC_ENOMEM) ostrec__fail(db, rc, "out of memory");
    return rc;
}
