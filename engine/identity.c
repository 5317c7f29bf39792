/* identity.c: the soundtrack and artist groups. A song's soundtrack block
 * is one-hot over the dramas and its artist block spreads over the people
 * it credits (1 / sqrt(n) each), so against a query made of songs their
 * terms are zero for every song that shares no drama and no person with
 * them. Those few songs are found through the drama rings and the people's
 * song lists, and scored on top of the content groups: exactly, by ranking
 * the content score for as many more songs as have an identity term. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void identity_terms_free(identity_terms *t)
{
    free(t->rows);
    free(t->soundtrack);
    free(t->artist);
    memset(t, 0, sizeof *t);
}

typedef struct {
    size_t row;
    double soundtrack, artist;
} identity_entry;

static int by_entry_row(const void *a, const void *b)
{
    size_t x = ((const identity_entry *)a)->row, y = ((const identity_entry *)b)->row;
    return x < y ? -1 : x > y;
}

static int push(identity_entry **v, size_t *n, size_t *cap, identity_entry e)
{
    if (*n == *cap) {
        size_t bigger = *cap ? 2 * *cap : 64;
        identity_entry *p = realloc(*v, bigger * sizeof *p);
        if (p == NULL) return OSTREC_ENOMEM;
        *v = p;
        *cap = bigger;
    }
    (*v)[(*n)++] = e;
    return OSTREC_OK;
}

int identity_terms_build(const ostrec_index *index, const long *rows, const double *factors, size_t n,
                         identity_terms *out)
{
    memset(out, 0, sizeof *out);
    double st = index->scale[OSTREC_GROUP_SOUNDTRACK] * index->scale[OSTREC_GROUP_SOUNDTRACK];
    double ar = index->scale[OSTREC_GROUP_ARTIST] * index->scale[OSTREC_GROUP_ARTIST];
    identity_entry *v = NULL;
    size_t count = 0, cap = 0;
    int rc = OSTREC_OK;
    for (size_t i = 0; i < n && rc == OSTREC_OK; i++) {
        size_t u = (size_t)rows[i];
        if (st > 0) { /* the songs of u's drama: its ring (bounded, as a damaged file may loop) */
            size_t r = u, steps = 0;
            do {
                rc = push(&v, &count, &cap, (identity_entry){r, factors[i] * st, 0});
                r = index->next_drama[r];
            } while (rc == OSTREC_OK && r != u && r < index->count && ++steps < index->count);
        }
        const uint32_t *people;
        size_t np = ar > 0 ? index_credits(index, u, &people) : 0;
        for (size_t p = 0; p < np && rc == OSTREC_OK; p++) {
            for (uint32_t j = index->artist_start[people[p]]; j < index->artist_start[people[p] + 1]; j++) {
                size_t r = index->artist_rows[j];
                const uint32_t *theirs;
                size_t nr = index_credits(index, r, &theirs);
                rc = push(&v, &count, &cap, (identity_entry){r, 0, factors[i] * ar / sqrt((double)np * (double)nr)});
                if (rc != OSTREC_OK) break;
            }
        }
    }
    if (rc == OSTREC_OK && count) {
        qsort(v, count, sizeof *v, by_entry_row);
        size_t m = 0;
        for (size_t i = 0; i < count; i++) {
            if (m && v[m - 1].row == v[i].row) {
                v[m - 1].soundtrack += v[i].soundtrack;
                v[m - 1].artist += v[i].artist;
            } else {
                v[m++] = v[i];
            }
        }
        out->rows = malloc(m * sizeof *out->rows);
        out->soundtrack = malloc(m * sizeof *out->soundtrack);
        out->artist = malloc(m * sizeof *out->artist);
        if (!out->rows || !out->soundtrack || !out->artist) rc = OSTREC_ENOMEM;
        for (size_t i = 0; rc == OSTREC_OK && i < m; i++) {
            out->rows[i] = v[i].row;
            out->soundtrack[i] = v[i].soundtrack;
            out->artist[i] = v[i].artist;
        }
        out->count = rc == OSTREC_OK ? m : 0;
    }
    free(v);
    if (rc != OSTREC_OK) identity_terms_free(out);
    return rc;
}

/* Where `row` is among the terms' rows (binary search), or t->count. */
static size_t identity_slot(const identity_terms *t, size_t row)
{
    size_t lo = 0, hi = t->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->rows[mid] < row) lo = mid + 1;
        else hi = mid;
    }
    return lo < t->count && t->rows[lo] == row ? lo : t->count;
}

double identity_terms_of(const identity_terms *t, size_t row, double *soundtrack, double *artist)
{
    size_t lo = identity_slot(t, row);
    int found = lo < t->count;
    double s = found ? t->soundtrack[lo] : 0, a = found ? t->artist[lo] : 0;
    if (soundtrack) *soundtrack = s;
    if (artist) *artist = a;
    return s + a;
}

static int by_score_then_row(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

int rank_with_identity(const ostrec_index *index, const double *query, const score_tables *t, const score_filter *f,
                       const identity_terms *ident, size_t want, ranked **out, size_t *count)
{
    if (ident->count == 0) return rank_exact(index, query, t, f, want, out, count);
    /* A song outside the identity set scores its content score alone; the
     * content top (want + set size) holds at least `want` songs outside the
     * set, whose totals are their content scores, at least that song's: so
     * no song left out of it can reach the top, even when negatives make
     * some identity terms below zero. */
    size_t more = want + ident->count < index->count ? want + ident->count : index->count;
    ranked *pool = NULL;
    size_t n = 0;
    int rc = rank_exact(index, query, t, f, more, &pool, &n);
    if (rc != OSTREC_OK) return rc;
    ranked *all = realloc(pool, (n + ident->count + 1) * sizeof *all);
    if (all == NULL) {
        free(pool);
        return OSTREC_ENOMEM;
    }
    unsigned char *in_pool = calloc(ident->count ? ident->count : 1, 1);
    if (in_pool == NULL) {
        free(all);
        return OSTREC_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        size_t lo = identity_slot(ident, all[i].row);
        if (lo < ident->count) {
            in_pool[lo] = 1;
            all[i].score += ident->soundtrack[lo] + ident->artist[lo];
        }
    }
    for (size_t j = 0; j < ident->count; j++) {
        size_t r = ident->rows[j];
        if (in_pool[j] || !score_filter_allows(index, f, r)) continue;
        all[n++] = (ranked){index_score_terms(index, query, r, NULL) + ident->soundtrack[j] + ident->artist[j], r};
    }
    free(in_pool);
    qsort(all, n, sizeof *all, by_score_then_row);
    *out = all;
    *count = n < want ? n : want;
    return OSTREC_OK;
}
