/* index.c: the index as the engine reads it: its layout for a model (blocks,
 * scales, column names), its sections and their sizes, and a song's fields,
 * blocks and dense row read back from the codes. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

size_t ostrec_index_songs(const ostrec_index *index) { return index ? index->count : 0; }
size_t ostrec_index_dimension(const ostrec_index *index) { return index ? index->dim : 0; }

const char *ostrec_index_column(const ostrec_index *index, size_t j)
{
    return index && j < index->dim ? index->columns[j] : NULL;
}

void ostrec_index_free(ostrec_index *index)
{
    if (index == NULL) return;
    if (index->owns_sections)
        for (int s = 0; s < SECTIONS; s++) free(index->section[s]);
    if (index->map) munmap(index->map, index->map_size);
    if (index->columns)
        for (size_t j = 0; j < index->dim; j++) free(index->columns[j]);
    free(index->columns);
    free(index->mood_va);
    free(index);
}

size_t index_section_size(const ostrec_index *index, int s, size_t *count)
{
    size_t n = index->count;
    switch (s) {
    case SEC_GENRE_DICT: *count = index->genre_sets * index_width(index, OSTREC_GROUP_GENRE); return sizeof(float);
    case SEC_MOOD_DICT: *count = index->mood_sets * index_width(index, OSTREC_GROUP_MOOD); return sizeof(float);
    case SEC_ERA_DICT: *count = index->years * index_width(index, OSTREC_GROUP_ERA); return sizeof(float);
    case SEC_VOCAL_DICT: *count = index->vocal_count * index->vocal_count; return sizeof(float);
    case SEC_TYPE_DICT: *count = index->artist_count * index->artist_count; return sizeof(float);
    case SEC_MOOD_POINT: *count = 2 * index->mood_sets; return sizeof(double);
    case SEC_ERA_YEAR: *count = index->years; return sizeof(int32_t);
    case SEC_CONTEXTS: *count = index->contexts; return sizeof(song_context);
    case SEC_CODES: *count = n; return sizeof(song_code);
    case SEC_IDS: *count = n; return sizeof(int64_t);
    case SEC_TEXT_AT: *count = n + 1; return sizeof(uint32_t);
    case SEC_TEXTS: *count = index->text_bytes; return 1;
    case SEC_PAIR_KEY: *count = index->pairs; return sizeof(uint32_t);
    case SEC_PAIR_START: *count = index->pairs + 1; return sizeof(uint32_t);
    case SEC_MOOD_PAIRS: *count = index->mood_sets + 1; return sizeof(uint32_t);
    case SEC_CREDIT_AT: *count = n + 1; return sizeof(uint32_t);
    case SEC_CREDIT_KEYS: case SEC_ARTIST_ROWS: *count = index->credits; return sizeof(uint32_t);
    case SEC_ARTIST_START: *count = index->artists + 1; return sizeof(uint32_t);
    default: *count = n; return sizeof(uint32_t); /* drama keys, rings, pair rows */
    }
}

void index_point_sections(ostrec_index *index)
{
    void **s = index->section;
    index->dict[OSTREC_GROUP_GENRE] = s[SEC_GENRE_DICT];
    index->dict[OSTREC_GROUP_MOOD] = s[SEC_MOOD_DICT];
    index->dict[OSTREC_GROUP_ERA] = s[SEC_ERA_DICT];
    index->dict[OSTREC_GROUP_VOCAL_STYLE] = s[SEC_VOCAL_DICT];
    index->dict[OSTREC_GROUP_ARTIST_TYPE] = s[SEC_TYPE_DICT];
    index->dict_rows[OSTREC_GROUP_GENRE] = index->genre_sets;
    index->dict_rows[OSTREC_GROUP_MOOD] = index->mood_sets;
    index->dict_rows[OSTREC_GROUP_ERA] = index->years;
    index->dict_rows[OSTREC_GROUP_VOCAL_STYLE] = index->vocal_count;
    index->dict_rows[OSTREC_GROUP_ARTIST_TYPE] = index->artist_count;
    index->mood_point = s[SEC_MOOD_POINT];
    index->era_year = s[SEC_ERA_YEAR];
    index->context = s[SEC_CONTEXTS];
    index->code = s[SEC_CODES];
    index->id = s[SEC_IDS];
    index->drama_key = s[SEC_DRAMA_KEY];
    index->next_version = s[SEC_NEXT_VERSION];
    index->next_drama = s[SEC_NEXT_DRAMA];
    index->credit_at = s[SEC_CREDIT_AT];
    index->credit_keys = s[SEC_CREDIT_KEYS];
    index->artist_start = s[SEC_ARTIST_START];
    index->artist_rows = s[SEC_ARTIST_ROWS];
    index->text_at = s[SEC_TEXT_AT];
    index->texts = s[SEC_TEXTS];
    index->pair_key = s[SEC_PAIR_KEY];
    index->pair_start = s[SEC_PAIR_START];
    index->mood_pairs = s[SEC_MOOD_PAIRS];
    index->pair_rows = s[SEC_PAIR_ROWS];
}

long index_find(const ostrec_index *index, int64_t id)
{
    size_t lo = 0, hi = index->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (index->id[mid] < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < index->count && index->id[lo] == id ? (long)lo : -1;
}

size_t index_credits(const ostrec_index *index, size_t row, const uint32_t **keys)
{
    *keys = index->credit_keys + index->credit_at[row];
    return index->credit_at[row + 1] - index->credit_at[row];
}

uint32_t index_drama(const ostrec_index *index, size_t row)
{
    uint32_t key = index->drama_key[row];
    return key < index->dramas ? key : (uint32_t)index->dramas;
}

/* The next of n texts from *at, or "" past the end of the texts (which end
 * with a NUL, so no text runs past them). */
static const char *next_text(const ostrec_index *index, size_t *at)
{
    if (*at >= index->text_bytes) return "";
    const char *t = index->texts + *at;
    *at += strlen(t) + 1;
    return t;
}

void index_song_at(const ostrec_index *index, size_t row, index_song *out)
{
    const song_code *c = &index->code[row];
    const song_context *x = &index->context[c->context];
    size_t at = index->text_at[row];
    out->id = index->id[row];
    out->year = index->era_year[x->era];
    out->instrumental = x->instrumental;
    out->drama_key = index_drama(index, row);
    out->valence = index->mood_point[2 * c->mood];
    out->arousal = index->mood_point[2 * c->mood + 1];
    out->title = next_text(index, &at);
    out->artist = next_text(index, &at);
    out->drama = next_text(index, &at);
}

const char *index_title(const ostrec_index *index, size_t row)
{
    size_t at = index->text_at[row];
    return next_text(index, &at);
}

int index_pairs_fit(const ostrec_index *index)
{
    if (index->pair_start[0] != 0 || index->pair_start[index->pairs] != index->count) return 0;
    if (index->mood_pairs[0] != 0 || index->mood_pairs[index->mood_sets] != index->pairs) return 0;
    for (size_t m = 0; m < index->mood_sets; m++) {
        if (index->mood_pairs[m] > index->mood_pairs[m + 1] || index->mood_pairs[m + 1] > index->pairs) return 0;
        for (size_t p = index->mood_pairs[m]; p < index->mood_pairs[m + 1]; p++)
            if ((index->pair_key[p] & 0xFFFF) != m || (index->pair_key[p] >> 16) >= index->genre_sets ||
                index->pair_start[p] > index->pair_start[p + 1])
                return 0;
    }
    return 1;
}

int index_credits_fit(const ostrec_index *index)
{
    const uint32_t *at = index->credit_at, *start = index->artist_start;
    if (at[0] != 0 || at[index->count] != index->credits) return 0;
    for (size_t r = 0; r < index->count; r++)
        if (at[r] > at[r + 1]) return 0;
    for (size_t i = 0; i < index->credits; i++)
        if (index->credit_keys[i] >= index->artists || index->artist_rows[i] >= index->count) return 0;
    if (start[0] != 0 || start[index->artists] != index->credits) return 0;
    for (size_t k = 0; k < index->artists; k++)
        if (start[k] > start[k + 1]) return 0;
    return 1;
}

const float *index_block(const ostrec_index *index, size_t row, int g)
{
    static const float none[1] = {0}; /* the sparse groups (soundtrack, artist) have no columns */
    if (index->dict[g] == NULL || index_width(index, g) == 0) return none;
    const song_code *c = &index->code[row];
    const song_context *x = &index->context[c->context];
    size_t r = g == OSTREC_GROUP_GENRE ? c->genre
             : g == OSTREC_GROUP_MOOD  ? c->mood
             : g == OSTREC_GROUP_ERA   ? x->era
             : g == OSTREC_GROUP_VOCAL_STYLE ? x->vocal_style
                                             : x->artist_type;
    return index->dict[g] + r * index_width(index, g);
}

void index_row(const ostrec_index *index, size_t row, float *out)
{
    for (int g = 0; g < OSTREC_GROUPS; g++)
        if (index_width(index, g)) memcpy(out + index->block[g], index_block(index, row, g), index_width(index, g) * sizeof *out);
}

/* Name the columns: "genre:ballad", "mood:sad", "mood_va:-0.33/0.67",
 * "era:2016", "vocal_style:male-solo", "artist_type:idol". */
static int name_columns(ostrec_index *index, const vocab *v)
{
    const ostrec_model *m = &index->model;
    static const int kinds[OSTREC_GROUPS] = {OSTREC_VOCAB_GENRES, OSTREC_VOCAB_MOODS, -1,
                                             OSTREC_VOCAB_VOCAL_STYLES, OSTREC_VOCAB_ARTIST_TYPES, -1, -1};
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

int index_new(ostrec *db, const ostrec_model *model, ostrec_index **out)
{
    *out = NULL;
    const vocab *v = &db->vocab;
    ostrec_index *index = calloc(1, sizeof *index);
    if (index == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    index->model = *model;
    index->owns_sections = 1;
    index->genre_count = v->kinds[OSTREC_VOCAB_GENRES].count;
    index->mood_count = v->kinds[OSTREC_VOCAB_MOODS].count;
    index->vocal_count = v->kinds[OSTREC_VOCAB_VOCAL_STYLES].count;
    index->artist_count = v->kinds[OSTREC_VOCAB_ARTIST_TYPES].count;
    size_t widths[OSTREC_GROUPS] = {index->genre_count,
                                    index->mood_count + (size_t)(model->mood_grid * model->mood_grid),
                                    (size_t)model->era_points, index->vocal_count, index->artist_count,
                                    0, 0}; /* soundtrack and artist: sparse, no columns (similar.c) */
    double total = 0;
    for (int g = 0; g < OSTREC_GROUPS; g++) total += model->weight[g];
    for (int g = 0; g < OSTREC_GROUPS; g++) {
        index->block[g + 1] = index->block[g] + widths[g];
        index->scale[g] = sqrt(model->weight[g] / total);
    }
    index->dim = index->block[OSTREC_GROUPS];
    index->mood_va = malloc(2 * index->mood_count * sizeof *index->mood_va);
    index->columns = calloc(index->dim, sizeof *index->columns);
    if (index->mood_va == NULL || index->columns == NULL || name_columns(index, v) != OSTREC_OK) {
        ostrec_index_free(index);
        return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < index->mood_count; i++) {
        index->mood_va[2 * i] = v->kinds[OSTREC_VOCAB_MOODS].terms[i].valence;
        index->mood_va[2 * i + 1] = v->kinds[OSTREC_VOCAB_MOODS].terms[i].arousal;
    }
    *out = index;
    return OSTREC_OK;
}
