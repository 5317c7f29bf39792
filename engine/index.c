/* index.c: the index: the catalog encoded once into a float32 row-major
 * gsl_matrix_float (one unit-length row per song, ordered by id), with what
 * ranking needs of each song (year, artist and drama keys, titles). */
#include "internal.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t ostrec_index_songs(const ostrec_index *index) { return index ? index->count : 0; }
size_t ostrec_index_dimension(const ostrec_index *index) { return index ? index->dim : 0; }

const char *ostrec_index_column(const ostrec_index *index, size_t j)
{
    return index && j < index->dim ? index->columns[j] : NULL;
}

void ostrec_index_free(ostrec_index *index)
{
    if (index == NULL) return;
    if (index->songs)
        for (size_t i = 0; i < index->count; i++) free(index->songs[i].title);
    free(index->songs);
    if (index->columns)
        for (size_t j = 0; j < index->dim; j++) free(index->columns[j]);
    free(index->columns);
    free(index->mood_va);
    if (index->rows) gsl_matrix_float_free(index->rows);
    free(index);
}

long index_find(const ostrec_index *index, int64_t id)
{
    size_t lo = 0, hi = index->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (index->songs[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < index->count && index->songs[lo].id == id ? (long)lo : -1;
}

/* Name the columns: "genre:ballad", "mood:sad", "mood_va:-0.33/0.67",
 * "era:2016", "vocal_style:male-solo", "artist_type:idol". */
static int name_columns(ostrec_index *index, const vocab *v)
{
    const ostrec_model *m = &index->model;
    static const int kinds[OSTREC_GROUPS] = {OSTREC_VOCAB_GENRES, OSTREC_VOCAB_MOODS, -1,
                                             OSTREC_VOCAB_VOCAL_STYLES, OSTREC_VOCAB_ARTIST_TYPES};
    char name[160];
    size_t j = 0;
    for (int g = 0; g < OSTREC_GROUPS; g++) {
        const char *gname = ostrec_group_name((ostrec_group)g);
        if (kinds[g] >= 0) {
            const vocab_list *list = &v->kinds[kinds[g]];
            for (size_t i = 0; i < list->count; i++) {
                snprintf(name, sizeof name, "%s:%s", gname, list->terms[i].id);
                if ((index->columns[j++] = strdup(name)) == NULL) return OSTREC_ENOMEM;
            }
        }
        if (g == OSTREC_GROUP_MOOD) {
            int n = m->mood_grid;
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++) {
                    snprintf(name, sizeof name, "mood_va:%.2f/%.2f", -1.0 + 2.0 * a / (n - 1),
                             -1.0 + 2.0 * b / (n - 1));
                    if ((index->columns[j++] = strdup(name)) == NULL) return OSTREC_ENOMEM;
                }
        }
        if (g == OSTREC_GROUP_ERA) {
            for (int i = 0; i < m->era_points; i++) {
                snprintf(name, sizeof name, "era:%g", m->era_from + i * m->era_step);
                if ((index->columns[j++] = strdup(name)) == NULL) return OSTREC_ENOMEM;
            }
        }
    }
    return OSTREC_OK;
}

int index_new(ostrec *db, const ostrec_model *model, size_t count, ostrec_index **out)
{
    *out = NULL;
    const vocab *v = &db->vocab;
    ostrec_index *index = calloc(1, sizeof *index);
    if (index == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    index->model = *model;
    index->genre_count = v->kinds[OSTREC_VOCAB_GENRES].count;
    index->mood_count = v->kinds[OSTREC_VOCAB_MOODS].count;
    index->vocal_count = v->kinds[OSTREC_VOCAB_VOCAL_STYLES].count;
    index->artist_count = v->kinds[OSTREC_VOCAB_ARTIST_TYPES].count;
    size_t widths[OSTREC_GROUPS] = {index->genre_count,
                                    index->mood_count + (size_t)(model->mood_grid * model->mood_grid),
                                    (size_t)model->era_points, index->vocal_count, index->artist_count};
    double total = 0;
    for (int g = 0; g < OSTREC_GROUPS; g++) total += model->weight[g];
    for (int g = 0; g < OSTREC_GROUPS; g++) {
        index->block[g + 1] = index->block[g] + widths[g];
        index->scale[g] = sqrt(model->weight[g] / total);
    }
    index->dim = index->block[OSTREC_GROUPS];

    index->mood_va = malloc(2 * index->mood_count * sizeof *index->mood_va);
    index->columns = calloc(index->dim, sizeof *index->columns);
    index->songs = calloc(count ? count : 1, sizeof *index->songs);
    if (count > 0) index->rows = gsl_matrix_float_calloc(count, index->dim);
    if (index->mood_va == NULL || index->columns == NULL || index->songs == NULL ||
        (count > 0 && index->rows == NULL) || name_columns(index, v) != OSTREC_OK) {
        ostrec_index_free(index);
        return ostrec__fail(db, OSTREC_ENOMEM, "out of memory for an index of %zu songs", count);
    }
    index->count = count;
    for (size_t r = 0; r < count; r++) index->songs[r].version_key = r; /* each its own song */
    for (size_t i = 0; i < index->mood_count; i++) {
        index->mood_va[2 * i] = v->kinds[OSTREC_VOCAB_MOODS].terms[i].valence;
        index->mood_va[2 * i + 1] = v->kinds[OSTREC_VOCAB_MOODS].terms[i].arousal;
    }
    *out = index;
    return OSTREC_OK;
}

static int one_position(ostrec *db, ostrec_vocab_kind kind, const char *word, size_t *out, int64_t id)
{
    size_t count;
    int rc = vocab_positions(db, kind, word, out, &count, id);
    if (rc == OSTREC_OK && count != 1)
        rc = ostrec__fail(db, OSTREC_EDATA, "song %lld: %s: expected one word", (long long)id,
                          ostrec_vocab_kind_name(kind));
    return rc;
}

static char *text_column(sqlite3_stmt *stmt, int col)
{
    const unsigned char *t = sqlite3_column_text(stmt, col);
    return (char *)(t ? t : (const unsigned char *)"");
}

/* Copy title, artist and drama into one allocation owned by the song. */
static int keep_texts(index_song *s, const char *title, const char *artist, const char *drama)
{
    size_t a = strlen(title) + 1, b = strlen(artist) + 1, c = strlen(drama) + 1;
    char *buf = malloc(a + b + c);
    if (buf == NULL) return OSTREC_ENOMEM;
    s->title = memcpy(buf, title, a);
    s->artist = memcpy(buf + a, artist, b);
    s->drama = memcpy(buf + a + b, drama, c);
    return OSTREC_OK;
}

static int count_songs(ostrec *db, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db->sql, "SELECT count(*) FROM songs", -1, &stmt, NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW) {
        sqlite3_finalize(stmt);
        return ostrec__fail_sql(db, "index");
    }
    *count = (size_t)sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return OSTREC_OK;
}

/* The length of a title once a trailing "(Inst.)", "(Instrumental)" or
 * "(... ver.)" / "(... version)" is set aside: what versions share. */
static size_t base_title_length(const char *title)
{
    size_t n = strlen(title);
    const char *open = strrchr(title, '(');
    if (n == 0 || title[n - 1] != ')' || open == NULL || open == title) return n;
    int version = 0;
    for (const char *p = open + 1; p + 3 <= title + n - 1 && !version; p++)
        version = strncasecmp(p, "inst", 4) == 0 || strncasecmp(p, "ver", 3) == 0;
    if (!version) return n;
    size_t len = (size_t)(open - title);
    while (len > 0 && title[len - 1] == ' ') len--;
    return len;
}

typedef struct {
    int drama_key;
    const char *title;
    size_t base_length, row;
} titled_row;

static int by_drama_then_base_title(const void *a, const void *b)
{
    const titled_row *x = a, *y = b;
    if (x->drama_key != y->drama_key) return x->drama_key < y->drama_key ? -1 : 1;
    int c = strncasecmp(x->title, y->title, x->base_length < y->base_length ? x->base_length : y->base_length);
    if (c != 0) return c;
    return x->base_length < y->base_length ? -1 : x->base_length > y->base_length;
}

/* Songs of one drama whose base titles match (case aside) are versions of
 * one song: they share a version key, the lowest row among them. */
static int assign_version_keys(ostrec_index *index)
{
    titled_row *all = malloc((index->count ? index->count : 1) * sizeof *all);
    if (all == NULL) return OSTREC_ENOMEM;
    for (size_t r = 0; r < index->count; r++)
        all[r] = (titled_row){index->songs[r].drama_key, index->songs[r].title,
                              base_title_length(index->songs[r].title), r};
    qsort(all, index->count, sizeof *all, by_drama_then_base_title);
    for (size_t i = 0, end; i < index->count; i = end) {
        size_t key = all[i].row;
        for (end = i + 1; end < index->count && by_drama_then_base_title(&all[i], &all[end]) == 0; end++)
            if (all[end].row < key) key = all[end].row;
        for (size_t j = i; j < end; j++) index->songs[all[j].row].version_key = key;
    }
    free(all);
    return OSTREC_OK;
}

int ostrec_index_build(ostrec *db, const ostrec_model *model, ostrec_index **out)
{
    static const char sql[] =
        "SELECT s.id, s.title, s.artist, s.drama, s.year, s.instrumental, s.vocal_style, "
        "s.artist_type, dense_rank() OVER (ORDER BY s.artist), dense_rank() OVER (ORDER BY s.drama), "
        "(SELECT group_concat(genre, ';') FROM (SELECT genre FROM song_genres "
        "  WHERE song_id = s.id ORDER BY position)), "
        "(SELECT group_concat(mood, ';') FROM (SELECT mood FROM song_moods "
        "  WHERE song_id = s.id ORDER BY position)) "
        "FROM songs s ORDER BY s.id";
    *out = NULL;
    if (model == NULL) return ostrec__fail(db, OSTREC_EINVAL, "no model given");
    ostrec_index *index = NULL;
    sqlite3_stmt *stmt = NULL;
    double *work = NULL;
    size_t count = 0, row = 0;
    int rc, step;
    /* One read transaction, so the count and the rows agree. */
    if (sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) return ostrec__fail_sql(db, "index");
    if ((rc = count_songs(db, &count)) != OSTREC_OK) goto done;
    if ((rc = index_new(db, model, count, &index)) != OSTREC_OK) goto done;
    work = malloc((index->dim ? index->dim : 1) * sizeof *work);
    if (work == NULL) {
        rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
        goto done;
    }
    if (sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL) != SQLITE_OK) {
        rc = ostrec__fail_sql(db, "index");
        goto done;
    }
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW && row < count) {
        index_song *s = &index->songs[row];
        song_features f;
        s->id = sqlite3_column_int64(stmt, 0);
        s->year = sqlite3_column_int(stmt, 4);
        s->instrumental = sqlite3_column_int(stmt, 5);
        s->artist_key = sqlite3_column_int(stmt, 8);
        s->drama_key = sqlite3_column_int(stmt, 9);
        f.year = s->year;
        if ((rc = one_position(db, OSTREC_VOCAB_VOCAL_STYLES, text_column(stmt, 6), &f.vocal_style, s->id)) ||
            (rc = one_position(db, OSTREC_VOCAB_ARTIST_TYPES, text_column(stmt, 7), &f.artist_type, s->id)) ||
            (rc = vocab_positions(db, OSTREC_VOCAB_GENRES, text_column(stmt, 10), f.genres, &f.genre_count, s->id)) ||
            (rc = vocab_positions(db, OSTREC_VOCAB_MOODS, text_column(stmt, 11), f.moods, &f.mood_count, s->id)))
            goto done;
        if (keep_texts(s, text_column(stmt, 1), text_column(stmt, 2), text_column(stmt, 3)) != OSTREC_OK) {
            rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
            goto done;
        }
        mood_point(index, f.moods, f.mood_count, &s->valence, &s->arousal);
        encode_song(index, &f, work, gsl_matrix_float_ptr(index->rows, row, 0));
        row++;
    }
    if (step != SQLITE_DONE && step != SQLITE_ROW) rc = ostrec__fail_sql(db, "index");
    else if (row != count) rc = ostrec__fail(db, OSTREC_EDB, "index: the catalog changed while it was read");
    else if (assign_version_keys(index) != OSTREC_OK) rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
done:
    sqlite3_finalize(stmt);
    sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
    free(work);
    if (rc != OSTREC_OK) {
        ostrec_index_free(index);
        return rc;
    }
    *out = index;
    return OSTREC_OK;
}

int index_score_batch(const ostrec_index *index, const gsl_matrix_float *queries, gsl_matrix_float *scores)
{
    return gsl_blas_sgemm(CblasNoTrans, CblasTrans, 1.0f, queries, index->rows, 0.0f, scores);
}
