/* index_build.c: building the compact index in one ordered pass over the
 * catalog (songs, song_genres, song_moods and song_credits each read once in
 * id order and merged; no window function, no sort in SQLite): each song's
 * genre set, mood set and context get a code, the first time a set is seen
 * its block is encoded into the group's dictionary, the people credited get
 * dense keys from their artist ids and dramas keys from a hash of their
 * names, and at the end the versions and dramas are linked into rings, each
 * person's songs listed, and the songs grouped by (genre, mood) pair. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- a map from 64-bit keys to 32-bit values (open addressing) ---- */

typedef struct {
    uint64_t *keys;   /* key + 1; 0 marks an empty slot */
    uint32_t *values;
    size_t cap, count;
    int has_max;      /* UINT64_MAX, whose key + 1 would be the empty mark, is kept here */
    uint32_t max_value;
} u64_map;

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

static void map_release(u64_map *m)
{
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

static int map_grow(u64_map *m)
{
    u64_map bigger = {calloc(m->cap ? 2 * m->cap : 64, sizeof *bigger.keys),
                      malloc((m->cap ? 2 * m->cap : 64) * sizeof *bigger.values), m->cap ? 2 * m->cap : 64, m->count,
                      m->has_max, m->max_value};
    if (bigger.keys == NULL || bigger.values == NULL) {
        map_release(&bigger);
        return OSTREC_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] == 0) continue;
        size_t j = mix(m->keys[i]) & (bigger.cap - 1);
        while (bigger.keys[j] != 0) j = (j + 1) & (bigger.cap - 1);
        bigger.keys[j] = m->keys[i];
        bigger.values[j] = m->values[i];
    }
    map_release(m);
    *m = bigger;
    return OSTREC_OK;
}

/* The value of `key`; when absent, `fresh` is stored and *added set.
 * OSTREC_ENOMEM when the map cannot grow. */
static int map_get(u64_map *m, uint64_t key, uint32_t fresh, uint32_t *value, int *added)
{
    if (key == UINT64_MAX) {
        *added = !m->has_max;
        if (*added) m->max_value = fresh;
        m->has_max = 1;
        *value = m->max_value;
        return OSTREC_OK;
    }
    if (2 * (m->count + 1) > m->cap && map_grow(m) != OSTREC_OK) return OSTREC_ENOMEM;
    size_t j = mix(key + 1) & (m->cap - 1);
    while (m->keys[j] != 0 && m->keys[j] != key + 1) j = (j + 1) & (m->cap - 1);
    *added = m->keys[j] == 0;
    if (*added) {
        m->keys[j] = key + 1;
        m->values[j] = fresh;
        m->count++;
    }
    *value = m->values[j];
    return OSTREC_OK;
}

/* ---- growable arrays ---- */

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return OSTREC_OK;
    size_t n = *cap ? *cap : 256;
    while (n < need) n *= 2;
    void *q = realloc(*p, n * size);
    if (q == NULL) return OSTREC_ENOMEM;
    *p = q;
    *cap = n;
    return OSTREC_OK;
}

/* ---- the builder ---- */

typedef struct {
    ostrec_index *index;
    size_t cap[SECTIONS];      /* capacities of the growing sections, in elements */
    u64_map sets[2], years, contexts, dramas; /* genre and mood sets; drama names */
    u64_map people;            /* artist id -> person key */
    u64_map words[OSTREC_VOCAB_KINDS];         /* hash of a word id -> its position + 1 */
    double *work;              /* one row of scratch */
    uint32_t *keys;            /* the current song's person keys, from the catalog */
    size_t keys_cap;
    uint32_t *credited;        /* per person key: the last row that credited it, + 1 */
    size_t credited_cap;
} builder;

static void *sec(builder *b, int s) { return b->index->section[s]; }

/* Room for one more element of section s with `count` elements now. */
static int room(builder *b, int s, size_t need)
{
    size_t count;
    size_t size = index_section_size(b->index, s, &count);
    return grow(&b->index->section[s], &b->cap[s], need, size);
}

/* The dictionary row of a genre set (sorted) or a mood set (in the song's order: the
 * first tag weighs most), encoding it on first sight. */
static int set_code(builder *b, int mood, const size_t *words, size_t n, uint16_t *code)
{
    ostrec_index *index = b->index;
    uint64_t key = 0;
    for (size_t i = 0; i < n; i++) key = key << 16 | (uint64_t)(words[i] + 1);
    size_t *count = mood ? &index->mood_sets : &index->genre_sets;
    uint32_t value;
    int added;
    if (map_get(&b->sets[mood], key, (uint32_t)*count, &value, &added) != OSTREC_OK) return OSTREC_ENOMEM;
    if (!added) {
        *code = (uint16_t)value;
        return OSTREC_OK;
    }
    if (*count == UINT16_MAX) return OSTREC_EDATA;
    int g = mood ? OSTREC_GROUP_MOOD : OSTREC_GROUP_GENRE, s = mood ? SEC_MOOD_DICT : SEC_GENRE_DICT;
    size_t width = index_width(index, g);
    if (room(b, s, (*count + 1) * width) != OSTREC_OK ||
        (mood && room(b, SEC_MOOD_POINT, 2 * (*count + 1)) != OSTREC_OK))
        return OSTREC_ENOMEM;
    memset(b->work, 0, width * sizeof *b->work);
    if (mood) {
        double ones[3]; /* the tags' weights by position */
        mood_tag_weights(index, ones);
        double *point = (double *)sec(b, SEC_MOOD_POINT) + 2 * *count;
        mood_point(index, words, n, &point[0], &point[1]);
        encode_mood(index, words, ones, n, point[0], point[1], b->work);
    } else {
        encode_genres(index, words, n, b->work);
    }
    float *row = (float *)sec(b, s) + *count * width;
    for (size_t j = 0; j < width; j++) row[j] = (float)b->work[j];
    *code = (uint16_t)(*count)++;
    return OSTREC_OK;
}

static int context_code(builder *b, int year, size_t vocal, size_t type, int instrumental, uint16_t *code)
{
    ostrec_index *index = b->index;
    uint32_t era;
    int added;
    if (map_get(&b->years, (uint64_t)(uint32_t)year, (uint32_t)index->years, &era, &added) != OSTREC_OK)
        return OSTREC_ENOMEM;
    if (added) {
        size_t width = index_width(index, OSTREC_GROUP_ERA);
        if (index->years == UINT16_MAX) return OSTREC_EDATA;
        if (room(b, SEC_ERA_DICT, (index->years + 1) * width) != OSTREC_OK ||
            room(b, SEC_ERA_YEAR, index->years + 1) != OSTREC_OK)
            return OSTREC_ENOMEM;
        encode_era(index, year, b->work);
        float *row = (float *)sec(b, SEC_ERA_DICT) + index->years * width;
        for (size_t j = 0; j < width; j++) row[j] = (float)b->work[j];
        ((int32_t *)sec(b, SEC_ERA_YEAR))[index->years++] = year;
    }
    uint64_t key = (uint64_t)era << 40 | (uint64_t)vocal << 24 | (uint64_t)type << 8 | (uint64_t)(instrumental != 0);
    uint32_t value;
    if (map_get(&b->contexts, key, (uint32_t)index->contexts, &value, &added) != OSTREC_OK) return OSTREC_ENOMEM;
    if (added) {
        if (index->contexts == UINT16_MAX) return OSTREC_EDATA;
        if (room(b, SEC_CONTEXTS, index->contexts + 1) != OSTREC_OK) return OSTREC_ENOMEM;
        ((song_context *)sec(b, SEC_CONTEXTS))[index->contexts++] =
            (song_context){(uint16_t)era, (uint16_t)vocal, (uint16_t)type, (uint16_t)(instrumental != 0)};
    }
    *code = (uint16_t)value;
    return OSTREC_OK;
}

/* Append title, artist and drama to the texts; returns 0 or OSTREC_ENOMEM. */
static int add_texts(builder *b, size_t row, const char *title, const char *artist, const char *drama)
{
    ostrec_index *index = b->index;
    size_t a = strlen(title) + 1, r = strlen(artist) + 1, d = strlen(drama) + 1;
    if (index->text_bytes + a + r + d > UINT32_MAX) return OSTREC_EDATA;
    if (room(b, SEC_TEXTS, index->text_bytes + a + r + d) != OSTREC_OK) return OSTREC_ENOMEM;
    char *t = (char *)sec(b, SEC_TEXTS) + index->text_bytes;
    memcpy(t, title, a);
    memcpy(t + a, artist, r);
    memcpy(t + a + r, drama, d);
    ((uint32_t *)sec(b, SEC_TEXT_AT))[row] = (uint32_t)index->text_bytes;
    index->text_bytes += a + r + d;
    return OSTREC_OK;
}

/* Add one song as the next row (ids must ascend). Returns 0, OSTREC_ENOMEM,
 * or OSTREC_EDATA when a limit of the index is reached. */
static int add_song(builder *b, const song_input *in)
{
    ostrec_index *index = b->index;
    size_t row = index->count;
    if (row >= UINT32_MAX - 1) return OSTREC_EDATA;
    if (in->artist_key_count >= UINT32_MAX - 1 - index->credits) return OSTREC_EDATA;
    static const int per_song[] = {SEC_CODES, SEC_IDS, SEC_DRAMA_KEY, SEC_TEXT_AT, SEC_CREDIT_AT};
    for (size_t i = 0; i < sizeof per_song / sizeof *per_song; i++)
        if (room(b, per_song[i], row + 2) != OSTREC_OK) return OSTREC_ENOMEM;
    if (room(b, SEC_CREDIT_KEYS, index->credits + in->artist_key_count) != OSTREC_OK) return OSTREC_ENOMEM;
    for (size_t i = 0; i < in->artist_key_count; i++) { /* room to mark each person, zeroed */
        size_t was = b->credited_cap;
        if (grow((void **)&b->credited, &b->credited_cap, (size_t)in->artist_keys[i] + 1, sizeof *b->credited) != OSTREC_OK)
            return OSTREC_ENOMEM;
        memset(b->credited + was, 0, (b->credited_cap - was) * sizeof *b->credited);
    }
    song_features f = in->f;
    sort_positions(f.genres, f.genre_count);
    song_code *c = (song_code *)sec(b, SEC_CODES) + row;
    int rc;
    if ((rc = set_code(b, 0, f.genres, f.genre_count, &c->genre)) != OSTREC_OK ||
        (rc = set_code(b, 1, f.moods, f.mood_count, &c->mood)) != OSTREC_OK ||
        (rc = context_code(b, (int)f.year, f.vocal_style, f.artist_type, in->instrumental, &c->context)) != OSTREC_OK ||
        (rc = add_texts(b, row, in->title ? in->title : "", in->artist ? in->artist : "", in->drama ? in->drama : "")))
        return rc;
    ((int64_t *)sec(b, SEC_IDS))[row] = in->id;
    ((uint32_t *)sec(b, SEC_DRAMA_KEY))[row] = in->drama_key;
    if (in->drama_key >= index->dramas) index->dramas = (size_t)in->drama_key + 1;
    /* The song's people, each once (a person counts once toward a cap). */
    ((uint32_t *)sec(b, SEC_CREDIT_AT))[row] = (uint32_t)index->credits;
    for (size_t i = 0; i < in->artist_key_count; i++) {
        uint32_t key = in->artist_keys[i];
        if (b->credited[key] == row + 1) continue;
        b->credited[key] = (uint32_t)row + 1;
        ((uint32_t *)sec(b, SEC_CREDIT_KEYS))[index->credits++] = key;
        if (key >= index->artists) index->artists = (size_t)key + 1;
    }
    index->count++;
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
    uint32_t drama_key;
    const char *title;
    size_t base_length, row;
} titled_row;

static int by_drama_then_base_title(const void *a, const void *b)
{
    const titled_row *x = a, *y = b;
    if (x->drama_key != y->drama_key) return x->drama_key < y->drama_key ? -1 : 1;
    int c = strncasecmp(x->title, y->title, x->base_length < y->base_length ? x->base_length : y->base_length);
    if (c != 0) return c;
    if (x->base_length != y->base_length) return x->base_length < y->base_length ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

static int same_song(const titled_row *x, const titled_row *y)
{
    return x->drama_key == y->drama_key && x->base_length == y->base_length &&
           strncasecmp(x->title, y->title, x->base_length) == 0;
}

/* Songs of one drama whose base titles match (case aside) are versions of
 * one song: they form a ring, in row order. */
static int link_versions(builder *b)
{
    ostrec_index *index = b->index;
    uint32_t *next = sec(b, SEC_NEXT_VERSION);
    titled_row *all = malloc((index->count ? index->count : 1) * sizeof *all);
    if (all == NULL) return OSTREC_ENOMEM;
    const char *texts = sec(b, SEC_TEXTS);
    const uint32_t *at = sec(b, SEC_TEXT_AT), *drama = sec(b, SEC_DRAMA_KEY);
    for (size_t r = 0; r < index->count; r++)
        all[r] = (titled_row){drama[r], texts + at[r], base_title_length(texts + at[r]), r};
    qsort(all, index->count, sizeof *all, by_drama_then_base_title);
    for (size_t i = 0, end; i < index->count; i = end) {
        for (end = i + 1; end < index->count && same_song(&all[i], &all[end]); end++)
            next[all[end - 1].row] = (uint32_t)all[end].row;
        next[all[end - 1].row] = (uint32_t)all[i].row;
    }
    free(all);
    return OSTREC_OK;
}

/* Rows sharing a key form a ring, in row order. */
static int link_keys(size_t count, const uint32_t *key, size_t keys, uint32_t *next)
{
    uint32_t *first = malloc((keys ? keys : 1) * sizeof *first), *last = malloc((keys ? keys : 1) * sizeof *last);
    if (first == NULL || last == NULL) {
        free(first);
        free(last);
        return OSTREC_ENOMEM;
    }
    for (size_t k = 0; k < keys; k++) first[k] = UINT32_MAX;
    for (size_t r = 0; r < count; r++) {
        uint32_t k = key[r];
        if (first[k] == UINT32_MAX) first[k] = (uint32_t)r;
        else next[last[k]] = (uint32_t)r;
        last[k] = (uint32_t)r;
    }
    for (size_t k = 0; k < keys; k++)
        if (first[k] != UINT32_MAX) next[last[k]] = first[k];
    free(first);
    free(last);
    return OSTREC_OK;
}

/* Each person's rows, ascending: artist_start and artist_rows, the credits
 * turned around (a counting sort by person, rows taken in order). */
static int list_people(builder *b)
{
    ostrec_index *index = b->index;
    uint32_t *start = calloc(index->artists + 1, sizeof *start);
    uint32_t *rows = malloc((index->credits ? index->credits : 1) * sizeof *rows);
    if (start == NULL || rows == NULL) {
        free(start);
        free(rows);
        return OSTREC_ENOMEM;
    }
    index->section[SEC_ARTIST_START] = start;
    index->section[SEC_ARTIST_ROWS] = rows;
    const uint32_t *at = sec(b, SEC_CREDIT_AT), *keys = sec(b, SEC_CREDIT_KEYS);
    for (size_t i = 0; i < index->credits; i++) start[keys[i] + 1]++;
    for (size_t k = 0; k < index->artists; k++) start[k + 1] += start[k];
    for (size_t r = 0; r < index->count; r++)
        for (uint32_t i = at[r]; i < at[r + 1]; i++) rows[start[keys[i]]++] = (uint32_t)r; /* start[k] moves to its end */
    for (size_t k = index->artists; k > 0; k--) start[k] = start[k - 1];
    start[0] = 0;
    return OSTREC_OK;
}

typedef struct {
    uint32_t key, seen; /* genre << 16 | mood; the order it was first seen in */
} pair_entry;

static int by_mood_then_genre(const void *a, const void *b)
{
    uint32_t x = ((const pair_entry *)a)->key, y = ((const pair_entry *)b)->key;
    uint32_t mx = x & 0xFFFF, my = y & 0xFFFF;
    if (mx != my) return mx < my ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Group the rows by (genre, mood) pair: pairs ordered by mood set, then
 * genre set (each mood set's pairs start at mood_pairs[mood]), each pair's
 * rows ascending. */
static int group_pairs(builder *b)
{
    ostrec_index *index = b->index;
    size_t n = index->count;
    const song_code *code = sec(b, SEC_CODES);
    uint32_t *pair_of = malloc((n ? n : 1) * sizeof *pair_of), *rank = NULL;
    pair_entry *seen = NULL;
    size_t seen_cap = 0;
    u64_map pairs = {0};
    int rc = pair_of ? OSTREC_OK : OSTREC_ENOMEM;
    for (size_t r = 0; rc == OSTREC_OK && r < n; r++) {
        int added;
        uint32_t key = (uint32_t)code[r].genre << 16 | code[r].mood;
        rc = map_get(&pairs, key, (uint32_t)index->pairs, &pair_of[r], &added);
        if (rc == OSTREC_OK && added &&
            (rc = grow((void **)&seen, &seen_cap, index->pairs + 1, sizeof *seen)) == OSTREC_OK) {
            seen[index->pairs] = (pair_entry){key, (uint32_t)index->pairs};
            index->pairs++;
        }
    }
    map_release(&pairs);
    if (rc == OSTREC_OK && ((index->section[SEC_PAIR_KEY] = malloc((index->pairs + 1) * sizeof(uint32_t))) == NULL ||
                            (index->section[SEC_PAIR_START] = calloc(index->pairs + 1, sizeof(uint32_t))) == NULL ||
                            (index->section[SEC_MOOD_PAIRS] = calloc(index->mood_sets + 1, sizeof(uint32_t))) == NULL ||
                            (index->section[SEC_PAIR_ROWS] = malloc((n ? n : 1) * sizeof(uint32_t))) == NULL ||
                            (rank = malloc((index->pairs + 1) * sizeof *rank)) == NULL))
        rc = OSTREC_ENOMEM;
    if (rc == OSTREC_OK) {
        uint32_t *key = sec(b, SEC_PAIR_KEY), *start = sec(b, SEC_PAIR_START), *rows = sec(b, SEC_PAIR_ROWS);
        uint32_t *mood_pairs = sec(b, SEC_MOOD_PAIRS);
        if (index->pairs) qsort(seen, index->pairs, sizeof *seen, by_mood_then_genre);
        for (size_t p = 0; p < index->pairs; p++) {
            key[p] = seen[p].key;
            rank[seen[p].seen] = (uint32_t)p;
            mood_pairs[(key[p] & 0xFFFF) + 1]++;
        }
        for (size_t m = 0; m < index->mood_sets; m++) mood_pairs[m + 1] += mood_pairs[m];
        for (size_t r = 0; r < n; r++) start[(pair_of[r] = rank[pair_of[r]]) + 1]++;
        for (size_t p = 0; p < index->pairs; p++) start[p + 1] += start[p];
        for (size_t r = 0; r < n; r++) rows[start[pair_of[r]]++] = (uint32_t)r; /* start[p] moves to its end */
        for (size_t p = index->pairs; p > 0; p--) start[p] = start[p - 1];
        start[0] = 0;
    }
    free(pair_of);
    free(rank);
    free(seen);
    return rc;
}

/* The fixed dictionaries (one-hot vocal style and artist type), then the
 * rings, the people's rows and the pairs once every song is in. */
static int finish(builder *b)
{
    ostrec_index *index = b->index;
    static const struct { int group, section; } one_hot[] = {{OSTREC_GROUP_VOCAL_STYLE, SEC_VOCAL_DICT},
                                                             {OSTREC_GROUP_ARTIST_TYPE, SEC_TYPE_DICT}};
    for (size_t i = 0; i < 2; i++) {
        size_t w = index_width(index, one_hot[i].group);
        float *d = calloc(w ? w * w : 1, sizeof *d);
        if (d == NULL) return OSTREC_ENOMEM;
        for (size_t j = 0; j < w; j++) d[j * w + j] = (float)index->scale[one_hot[i].group];
        index->section[one_hot[i].section] = d;
    }
    static const int rings[] = {SEC_NEXT_VERSION, SEC_NEXT_DRAMA};
    for (size_t i = 0; i < 2; i++)
        if ((index->section[rings[i]] = malloc((index->count ? index->count : 1) * sizeof(uint32_t))) == NULL)
            return OSTREC_ENOMEM;
    if (room(b, SEC_TEXT_AT, index->count + 1) != OSTREC_OK || room(b, SEC_CREDIT_AT, index->count + 1) != OSTREC_OK)
        return OSTREC_ENOMEM;
    ((uint32_t *)sec(b, SEC_TEXT_AT))[index->count] = (uint32_t)index->text_bytes;
    ((uint32_t *)sec(b, SEC_CREDIT_AT))[index->count] = (uint32_t)index->credits;
    if (link_versions(b) != OSTREC_OK ||
        link_keys(index->count, sec(b, SEC_DRAMA_KEY), index->dramas, sec(b, SEC_NEXT_DRAMA)) != OSTREC_OK ||
        list_people(b) != OSTREC_OK || group_pairs(b) != OSTREC_OK)
        return OSTREC_ENOMEM;
    /* Every section exists, even when empty, so pointers are never NULL. */
    for (int s = 0; s < SECTIONS; s++)
        if (index->section[s] == NULL && (index->section[s] = malloc(8)) == NULL) return OSTREC_ENOMEM;
    index_point_sections(index);
    return OSTREC_OK;
}

static int builder_start(ostrec *db, const ostrec_model *model, builder *b)
{
    memset(b, 0, sizeof *b);
    int rc = index_new(db, model, &b->index);
    if (rc != OSTREC_OK) return rc;
    if ((b->work = malloc(b->index->dim * sizeof *b->work)) == NULL)
        return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    return OSTREC_OK;
}

static void builder_release(builder *b)
{
    for (int i = 0; i < 2; i++) map_release(&b->sets[i]);
    map_release(&b->years);
    map_release(&b->contexts);
    map_release(&b->dramas);
    map_release(&b->people);
    for (int k = 0; k < OSTREC_VOCAB_KINDS; k++) map_release(&b->words[k]);
    free(b->work);
    free(b->keys);
    free(b->credited);
}

/* What a failed add_song or finish means, as the handle's message. */
static int build_failed(ostrec *db, int rc, const ostrec_index *index)
{
    if (rc == OSTREC_ENOMEM) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory for an index of %zu songs", index->count);
    return ostrec__fail(db, OSTREC_EDATA,
                        "index: the catalog is beyond the index's limits (65,535 distinct genre sets, mood "
                        "sets, years or contexts; 4 GiB of titles; 4 billion songs or credits)");
}

int index_from_songs(ostrec *db, const ostrec_model *model, const song_input *songs, size_t count,
                     ostrec_index **out)
{
    builder b;
    *out = NULL;
    int rc = builder_start(db, model, &b);
    for (size_t i = 0; rc == OSTREC_OK && i < count; i++)
        if ((rc = add_song(&b, &songs[i])) != OSTREC_OK) rc = build_failed(db, rc, b.index);
    if (rc == OSTREC_OK && (rc = finish(&b)) != OSTREC_OK) rc = build_failed(db, rc, b.index);
    builder_release(&b);
    if (rc != OSTREC_OK) {
        ostrec_index_free(b.index);
        return rc;
    }
    *out = b.index;
    return OSTREC_OK;
}

/* ---- from the catalog ---- */

static uint64_t text_hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* The key of a drama name: equal names, equal keys. Names are told apart
 * by their hash, and a hash seen before is checked against the name of the
 * row that brought it. */
static int name_key(builder *b, const char *name, size_t row, uint32_t *key)
{
    ostrec_index *index = b->index;
    const uint32_t *owner_keys = sec(b, SEC_DRAMA_KEY);
    uint64_t h = text_hash(name) >> 1; /* below 2^63: h + 1 is never the map's empty mark, nor wraps */
    for (;; h++) { /* a clash of hashes between two names moves on to h + 1 */
        uint32_t owner;
        int added;
        if (map_get(&b->dramas, h, (uint32_t)row, &owner, &added) != OSTREC_OK) return OSTREC_ENOMEM;
        if (added) {
            *key = (uint32_t)index->dramas++;
            return OSTREC_OK;
        }
        const char *title = (const char *)sec(b, SEC_TEXTS) + ((uint32_t *)sec(b, SEC_TEXT_AT))[owner];
        const char *artist = title + strlen(title) + 1, *drama = artist + strlen(artist) + 1;
        if (strcmp(drama, name) == 0) {
            *key = owner_keys[owner];
            return OSTREC_OK;
        }
    }
}

static const char *text_column(sqlite3_stmt *stmt, int col)
{
    const unsigned char *t = sqlite3_column_text(stmt, col);
    return t ? (const char *)t : "";
}

/* The vocabulary position of a word id as the catalog stores it: a map
 * from the id's hash, each hit confirmed by comparing the id (the catalog's
 * foreign keys guarantee known ids; a clash of hashes falls back to the
 * vocabulary's own lookup). */
static int one_position(ostrec *db, builder *b, ostrec_vocab_kind kind, const char *word, size_t *out, int64_t id)
{
    const vocab_list *l = &db->vocab.kinds[kind];
    if (b->words[kind].count == 0)
        for (size_t i = 0; i < l->count; i++) {
            uint32_t value;
            int added;
            if (map_get(&b->words[kind], text_hash(l->terms[i].id) >> 1, (uint32_t)i + 1, &value, &added) != OSTREC_OK)
                return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
        }
    uint32_t value;
    int added;
    if (map_get(&b->words[kind], text_hash(word) >> 1, 0, &value, &added) != OSTREC_OK)
        return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    if (value > 0 && strcmp(l->terms[value - 1].id, word) == 0) {
        *out = value - 1;
        return OSTREC_OK;
    }
    const ostrec_term *t = vocab_lookup(&db->vocab, kind, word);
    if (t == NULL)
        return ostrec__fail(db, OSTREC_EDATA, "song %lld: %s: '%s' is not in the vocabulary", (long long)id,
                            ostrec_vocab_kind_name(kind), word);
    *out = (size_t)(t - l->terms);
    return OSTREC_OK;
}

/* The words of song `id` from a (song_id, word) cursor in song order,
 * positions ascending; *step is the cursor's state. */
static int take_words(ostrec *db, builder *b, sqlite3_stmt *stmt, int *step, int64_t id, ostrec_vocab_kind kind,
                      size_t *out, size_t *count)
{
    *count = 0;
    while (*step == SQLITE_ROW && sqlite3_column_int64(stmt, 0) <= id) {
        if (sqlite3_column_int64(stmt, 0) == id) {
            if (*count == 3)
                return ostrec__fail(db, OSTREC_EDATA, "song %lld: %s: more than 3", (long long)id,
                                    ostrec_vocab_kind_name(kind));
            int rc = one_position(db, b, kind, text_column(stmt, 1), &out[(*count)++], id);
            if (rc != OSTREC_OK) return rc;
        }
        *step = sqlite3_step(stmt);
    }
    if (*step != SQLITE_ROW && *step != SQLITE_DONE) return ostrec__fail_sql(db, "index");
    return OSTREC_OK;
}

/* The people credited on song `id`, in credit order, from a (song_id,
 * artist_id) cursor in song order, as dense keys into b->keys (a person's
 * key is given the first time the person is seen); *step is the cursor's
 * state. */
static int take_credits(ostrec *db, builder *b, sqlite3_stmt *stmt, int *step, int64_t id, size_t *count)
{
    *count = 0;
    while (*step == SQLITE_ROW && sqlite3_column_int64(stmt, 0) <= id) {
        if (sqlite3_column_int64(stmt, 0) == id) {
            uint32_t key;
            int added;
            size_t people = b->people.count + (size_t)b->people.has_max;
            if (people >= UINT32_MAX - 1) return build_failed(db, OSTREC_EDATA, b->index);
            if (grow((void **)&b->keys, &b->keys_cap, *count + 1, sizeof *b->keys) != OSTREC_OK ||
                map_get(&b->people, (uint64_t)sqlite3_column_int64(stmt, 1), (uint32_t)people, &key, &added) !=
                    OSTREC_OK)
                return build_failed(db, OSTREC_ENOMEM, b->index);
            b->keys[(*count)++] = key;
        }
        *step = sqlite3_step(stmt);
    }
    if (*step != SQLITE_ROW && *step != SQLITE_DONE) return ostrec__fail_sql(db, "index");
    return OSTREC_OK;
}

int ostrec_index_build(ostrec *db, const ostrec_model *model, ostrec_index **out)
{
    static const char *const sql[4] = {
        "SELECT id, title, artist, drama, year, instrumental, vocal_style, artist_type FROM songs ORDER BY id",
        "SELECT song_id, genre FROM song_genres ORDER BY song_id, position",
        "SELECT song_id, mood FROM song_moods ORDER BY song_id, position",
        "SELECT song_id, artist_id FROM song_credits ORDER BY song_id, position"};
    *out = NULL;
    if (model == NULL) return ostrec__fail(db, OSTREC_EINVAL, "no model given");
    builder b;
    sqlite3_stmt *stmt[4] = {NULL, NULL, NULL, NULL};
    int step[4] = {0, 0, 0, 0};
    /* One read transaction, so the four cursors see one catalog (the
     * caller's, when it has one open). */
    int own = sqlite3_get_autocommit(db->sql);
    if (own && sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) return ostrec__fail_sql(db, "index");
    int rc = builder_start(db, model, &b);
    for (int i = 0; rc == OSTREC_OK && i < 4; i++) {
        if (sqlite3_prepare_v2(db->sql, sql[i], -1, &stmt[i], NULL) != SQLITE_OK) rc = ostrec__fail_sql(db, "index");
        else step[i] = sqlite3_step(stmt[i]);
    }
    while (rc == OSTREC_OK && step[0] == SQLITE_ROW) {
        song_input in = {.id = sqlite3_column_int64(stmt[0], 0), .instrumental = sqlite3_column_int(stmt[0], 5),
                         .title = text_column(stmt[0], 1), .artist = text_column(stmt[0], 2),
                         .drama = text_column(stmt[0], 3)};
        in.f.year = sqlite3_column_int(stmt[0], 4);
        size_t row = b.index->count;
        if ((rc = one_position(db, &b, OSTREC_VOCAB_VOCAL_STYLES, text_column(stmt[0], 6), &in.f.vocal_style, in.id)) ||
            (rc = one_position(db, &b, OSTREC_VOCAB_ARTIST_TYPES, text_column(stmt[0], 7), &in.f.artist_type, in.id)) ||
            (rc = take_words(db, &b, stmt[1], &step[1], in.id, OSTREC_VOCAB_GENRES, in.f.genres, &in.f.genre_count)) ||
            (rc = take_words(db, &b, stmt[2], &step[2], in.id, OSTREC_VOCAB_MOODS, in.f.moods, &in.f.mood_count)) ||
            (rc = take_credits(db, &b, stmt[3], &step[3], in.id, &in.artist_key_count)))
            break;
        in.artist_keys = b.keys;
        /* A name seen before is compared with the row that first brought
         * it; a new one takes this row, whose texts add_song keeps. */
        if ((rc = name_key(&b, in.drama, row, &in.drama_key)) != OSTREC_OK || (rc = add_song(&b, &in)) != OSTREC_OK) {
            rc = build_failed(db, rc, b.index);
            break;
        }
        step[0] = sqlite3_step(stmt[0]);
    }
    if (rc == OSTREC_OK && step[0] != SQLITE_DONE) rc = ostrec__fail_sql(db, "index");
    if (rc == OSTREC_OK && (rc = finish(&b)) != OSTREC_OK) rc = build_failed(db, rc, b.index);
    for (int i = 0; i < 4; i++) sqlite3_finalize(stmt[i]);
    if (own) sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
    builder_release(&b);
    if (rc != OSTREC_OK) {
        ostrec_index_free(b.index);
        return rc;
    }
    *out = b.index;
    return OSTREC_OK;
}
