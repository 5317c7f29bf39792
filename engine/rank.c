/* rank.c: scoring rows against a query vector (per-group terms in double)
 * and top-k selection with a bounded min-heap: O(n log k) over the scores,
 * never a full sort. The heap's root is the worst of the k best so
 * far; a row replaces it only if it ranks better. Equal scores rank the
 * lower row (the lower id) first, so results never depend on heap order. */
#include "internal.h"

#include <stdlib.h>

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

double index_row_dot(const ostrec_index *index, size_t a, size_t b)
{
    const float *x = gsl_matrix_float_const_ptr(index->rows, a, 0);
    const float *y = gsl_matrix_float_const_ptr(index->rows, b, 0);
    double sum = 0;
    for (size_t j = 0; j < index->dim; j++) sum += (double)x[j] * y[j];
    return sum;
}

/* float32 scores of equal songs can differ in the last bits, depending on
 * where the BLAS kernel meets their rows; anything this close to the last
 * place is rescored in double before ties are broken by id. */
#define SCORE_SLACK 1e-5f

double index_score_terms(const ostrec_index *index, const double *query, size_t row, double *terms)
{
    const float *x = gsl_matrix_float_const_ptr(index->rows, row, 0);
    double score = 0;
    for (int g = 0; g < OSTREC_GROUPS; g++) {
        double term = 0;
        for (size_t j = index->block[g]; j < index->block[g + 1]; j++) term += query[j] * x[j];
        if (terms) terms[g] = term;
        score += term;
    }
    return score;
}

static int by_rank(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row; /* rows are in id order */
}

int rank_exact(const ostrec_index *index, const double *query, const float *scores, const unsigned char *keep, size_t want, ranked **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    size_t *rows = malloc((want ? want : 1) * sizeof *rows);
    if (rows == NULL) return OSTREC_ENOMEM;
    size_t n = rank_top_k(scores, keep, index->count, want, rows), wide = n;
    float floor_score = n ? scores[rows[n - 1]] - SCORE_SLACK : 0;
    if (n == want && n > 0) {
        wide = 0;
        for (size_t r = 0; r < index->count; r++) wide += keep[r] && scores[r] >= floor_score;
    }
    ranked *all = malloc((wide ? wide : 1) * sizeof *all);
    if (all == NULL) {
        free(rows);
        return OSTREC_ENOMEM;
    }
    if (wide == n) {
        for (size_t i = 0; i < n; i++) all[i] = (ranked){0, rows[i]};
    } else {
        size_t i = 0;
        for (size_t r = 0; r < index->count; r++)
            if (keep[r] && scores[r] >= floor_score) all[i++] = (ranked){0, r};
    }
    free(rows);
    for (size_t i = 0; i < wide; i++) all[i].score = index_score_terms(index, query, all[i].row, NULL);
    qsort(all, wide, sizeof *all, by_rank);
    *out = all;
    *count = wide < want ? wide : want;
    return OSTREC_OK;
}

void index_result(const ostrec_index *index, const double *query, size_t row, ostrec_result *r)
{
    const index_song *s = &index->songs[row];
    r->id = s->id;
    r->title = s->title;
    r->artist = s->artist;
    r->drama = s->drama;
    r->year = s->year;
    r->instrumental = s->instrumental;
    r->valence = s->valence;
    r->arousal = s->arousal;
    r->score = index_score_terms(index, query, row, r->terms);
}
