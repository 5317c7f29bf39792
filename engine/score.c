/* score.c: scoring against the compact index: a query's score tables (one
 * gsl_blas_sgemv per group over its dictionary), the filter that decides
 * which songs may be chosen, and exact scores and terms in double from the
 * dictionary blocks, for the few songs that need them. */
#include "internal.h"

#include <gsl/gsl_blas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int score_tables_alloc(const ostrec_index *index, score_tables *t)
{
    memset(t, 0, sizeof *t);
    int ok = 1;
    for (int g = 0; g < OSTREC_GROUPS; g++)
        ok &= (t->table[g] = malloc((index->dict_rows[g] ? index->dict_rows[g] : 1) * sizeof(float))) != NULL;
    ok &= (t->context = malloc((index->contexts ? index->contexts : 1) * sizeof(float))) != NULL;
    ok &= (t->query = malloc(index->dim * sizeof(float))) != NULL;
    if (!ok) {
        score_tables_free(t);
        return OSTREC_ENOMEM;
    }
    return OSTREC_OK;
}

void score_tables_free(score_tables *t)
{
    for (int g = 0; g < OSTREC_GROUPS; g++) free(t->table[g]);
    free(t->context);
    free(t->query);
    memset(t, 0, sizeof *t);
}

/* Does a context pass the year and instrumental filters? */
static int context_allowed(const ostrec_index *index, const score_filter *f, const song_context *x)
{
    int year = index->era_year[x->era];
    return (!f->year_from || year >= f->year_from) && (!f->year_to || year <= f->year_to) &&
           (f->instrumental != OSTREC_INSTRUMENTAL_ONLY || x->instrumental) &&
           (f->instrumental != OSTREC_INSTRUMENTAL_NONE || !x->instrumental);
}

void score_context_table(const ostrec_index *index, const score_filter *f, score_tables *t)
{
    for (size_t c = 0; c < index->contexts; c++) {
        const song_context *x = &index->context[c];
        t->context[c] = context_allowed(index, f, x)
                            ? t->table[OSTREC_GROUP_ERA][x->era] + t->table[OSTREC_GROUP_VOCAL_STYLE][x->vocal_style] +
                                  t->table[OSTREC_GROUP_ARTIST_TYPE][x->artist_type]
                            : -INFINITY;
    }
}

int score_tables_fill(ostrec *db, const ostrec_index *index, const double *q, const score_filter *f,
                      score_tables *t)
{
    for (size_t j = 0; j < index->dim; j++) t->query[j] = (float)q[j];
    for (int g = 0; g < OSTREC_GROUPS; g++) {
        size_t width = index_width(index, g), rows = index->dict_rows[g];
        if (rows == 0 || width == 0) {
            if (rows) memset(t->table[g], 0, rows * sizeof(float));
            continue;
        }
        gsl_matrix_float_const_view d = gsl_matrix_float_const_view_array(index->dict[g], rows, width);
        gsl_vector_float_const_view x = gsl_vector_float_const_view_array(t->query + index->block[g], width);
        gsl_vector_float_view y = gsl_vector_float_view_array(t->table[g], rows);
        if (blas_room(db) != OSTREC_OK) return OSTREC_ENOMEM;
        gsl_blas_sgemv(CblasNoTrans, 1.0f, &d.matrix, &x.vector, 0.0f, &y.vector);
    }
    score_context_table(index, f, t);
    return OSTREC_OK;
}

static int has_u32(const uint32_t *v, size_t n, uint32_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x) return 1;
    return 0;
}

int score_filter_allows(const ostrec_index *index, const score_filter *f, size_t row)
{
    if (f->keep && !f->keep[row]) return 0;
    size_t lo = 0, hi = f->row_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->rows[mid] < row) lo = mid + 1;
        else hi = mid;
    }
    if (lo < f->row_count && f->rows[lo] == row) return 0;
    if (f->drama_count && has_u32(f->dramas, f->drama_count, index_drama(index, row))) return 0;
    if (f->artist_count) {
        const uint32_t *keys;
        for (size_t i = 0, n = index_credits(index, row, &keys); i < n; i++)
            if (has_u32(f->artists, f->artist_count, keys[i])) return 0;
    }
    return context_allowed(index, f, &index->context[index->code[row].context]);
}

double index_score_terms(const ostrec_index *index, const double *query, size_t row, double *terms)
{
    double score = 0;
    for (int g = 0; g < OSTREC_GROUPS; g++) {
        const float *x = index_block(index, row, g);
        const double *q = query + index->block[g];
        double term = 0;
        for (size_t j = 0, w = index_width(index, g); j < w; j++) term += q[j] * x[j];
        if (terms) terms[g] = term;
        score += term;
    }
    return score;
}

double index_row_dot(const ostrec_index *index, size_t a, size_t b)
{
    double sum = 0; /* one running sum in column order, as over the dense rows */
    for (int g = 0; g < OSTREC_GROUPS; g++) {
        const float *x = index_block(index, a, g), *y = index_block(index, b, g);
        for (size_t j = 0, w = index_width(index, g); j < w; j++) sum += (double)x[j] * y[j];
    }
    return sum;
}

void index_result(const ostrec_index *index, const double *query, size_t row, ostrec_result *r)
{
    index_song s;
    index_song_at(index, row, &s);
    r->id = s.id;
    r->title = s.title;
    r->artist = s.artist;
    r->drama = s.drama;
    r->year = s.year;
    r->instrumental = s.instrumental;
    r->valence = s.valence;
    r->arousal = s.arousal;
    r->score = index_score_terms(index, query, row, r->terms);
}
