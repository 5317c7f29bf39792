/* song_record.c: the columns of a catalog row and the checks every imported
 * song passes, whatever file format it came in. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *const song_columns[SONG_COLUMN_COUNT] = {
    "id", "title", "title_ko", "artist", "artist_ko", "drama", "drama_ko", "year",
    "ost_part", "instrumental", "genres", "moods", "vocal_style", "artist_type", "source",
    "title_romanized", "credits"};

size_t song_column_index(const char *name)
{
    size_t c = 0;
    while (c < SONG_COLUMN_COUNT && strcmp(name, song_columns[c]) != 0) c++;
    return c;
}

int song_column_required(size_t index)
{
    const char *c = song_columns[index];
    size_t n = strlen(c);
    return !(strcmp(c, "ost_part") == 0 || strcmp(c, "title_romanized") == 0 || strcmp(c, "credits") == 0 ||
             (n > 3 && strcmp(c + n - 3, "_ko") == 0));
}

const char **song_fields_slot(song_fields *f, size_t index)
{
    const char **slots[] = {&f->id, &f->title, &f->title_ko, &f->artist, &f->artist_ko,
                            &f->drama, &f->drama_ko, &f->year, &f->ost_part, &f->instrumental,
                            &f->genres, &f->moods, &f->vocal_style, &f->artist_type, &f->source,
                            &f->title_romanized, &f->credits};
    return index < SONG_COLUMN_COUNT ? slots[index] : NULL;
}

/* Parse a whole decimal integer in [lo, hi]; 0 on success. */
static int parse_int(const char *s, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    if (*s == '\0' || *s == ' ' || *s == '+') return -1;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

static int check_text(ostrec *db, const char *where, const char *field, const char *value,
                      int required, size_t max)
{
    size_t n = strlen(value);
    if (required && n == 0) return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected a value, found nothing", where, field);
    if (n > max)
        return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected at most %zu bytes, found %zu", where, field, max, n);
    size_t bad = utf8_invalid_at(value, n);
    if (bad) return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected UTF-8 text, found an invalid byte at byte %zu", where, field, bad);
    return OSTREC_OK;
}

/* Split a ';'-joined list into `items` (1..3 vocabulary words, no repeats),
 * copying into `buf`. */
static int check_list(ostrec *db, const char *where, const char *field, const char *value,
                      ostrec_vocab_kind kind, char *buf, const char **items, size_t *count)
{
    strcpy(buf, value);
    *count = 0;
    for (char *tok = buf, *next; tok != NULL; tok = next) {
        next = strchr(tok, ';');
        if (next) *next++ = '\0';
        while (*tok == ' ') tok++;
        for (char *e = tok + strlen(tok); e > tok && e[-1] == ' ';) *--e = '\0';
        if (*tok == '\0')
            return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected 1 to 3 words joined by ';', found an empty word", where, field);
        const ostrec_term *t = vocab_lookup(&db->vocab, kind, tok);
        if (t == NULL) {
            const char *hint = vocab_suggest(&db->vocab, kind, tok);
            return ostrec__fail(db, OSTREC_EDATA, "%s: %s: unknown %s '%s'%s%s%s (see 'ostrec vocab %s')",
                                where, field, kind == OSTREC_VOCAB_MOODS ? "mood" : "genre", tok,
                                hint ? ", did you mean '" : "", hint ? hint : "", hint ? "'?" : "",
                                ostrec_vocab_kind_name(kind));
        }
        if (*count == 3)
            return ostrec__fail(db, OSTREC_EDATA, "%s: %s: expected 1 to 3 words, found more", where, field);
        for (size_t i = 0; i < *count; i++)
            if (strcmp(items[i], t->id) == 0)
                return ostrec__fail(db, OSTREC_EDATA, "%s: %s: '%s' appears twice", where, field, t->id);
        items[(*count)++] = t->id;
    }
    return OSTREC_OK;
}

/* The credits: 1 to OSTREC_CREDITS_MAX names joined by ';', each with an
 * optional "feat:" before it, none empty, none twice, no space at either end
 * (so the stored form is the one written). */
static int check_credits(ostrec *db, const char *where, const char *value)
{
    const char *names[OSTREC_CREDITS_MAX];
    size_t lens[OSTREC_CREDITS_MAX], count = 0;
    for (const char *p = value;;) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n >= 5 && strncmp(p, "feat:", 5) == 0) {
            p += 5;
            n -= 5;
        }
        if (n == 0 || *p == ' ' || p[n - 1] == ' ')
            return ostrec__fail(db, OSTREC_EDATA,
                                "%s: credits: expected names joined by ';' (\"feat:\" before a featured one), "
                                "found an empty name or one with a space at an end", where);
        if (count == OSTREC_CREDITS_MAX)
            return ostrec__fail(db, OSTREC_EDATA, "%s: credits: expected at most %d names", where, OSTREC_CREDITS_MAX);
        for (size_t i = 0; i < count; i++)
            if (lens[i] == n && memcmp(names[i], p, n) == 0)
                return ostrec__fail(db, OSTREC_EDATA, "%s: credits: '%.*s' appears twice", where, (int)n, p);
        names[count] = p;
        lens[count++] = n;
        if (end == NULL) break;
        p = end + 1;
    }
    return OSTREC_OK;
}

static int check_one(ostrec *db, const char *where, const char *field, const char *value,
                     ostrec_vocab_kind kind, const char **out)
{
    const ostrec_term *t = vocab_lookup(&db->vocab, kind, value);
    if (t != NULL) {
        *out = t->id;
        return OSTREC_OK;
    }
    const char *hint = vocab_suggest(&db->vocab, kind, value);
    return ostrec__fail(db, OSTREC_EDATA, "%s: %s: unknown %s '%s'%s%s%s (see 'ostrec vocab %s')", where,
                        field, field, value, hint ? ", did you mean '" : "", hint ? hint : "",
                        hint ? "'?" : "", ostrec_vocab_kind_name(kind));
}

int song_validate(ostrec *db, const song_fields *f, const char *where, song_row *r)
{
    song_fields copy = *f;
    int rc;
    /* Text checks first, so nothing below sees invalid UTF-8 or huge fields. */
    for (size_t i = 0; i < SONG_COLUMN_COUNT; i++) {
        const char **slot = song_fields_slot(&copy, i);
        if (*slot == NULL) *slot = "";
        size_t max = strcmp(song_columns[i], "source") == 0 ? OSTREC_SOURCE_MAX : OSTREC_FIELD_MAX;
        rc = check_text(db, where, song_columns[i], *slot, song_column_required(i), max);
        if (rc != OSTREC_OK) return rc;
    }
    long long v;
    if (parse_int(copy.id, 1, INT64_MAX, &v) != 0)
        return ostrec__fail(db, OSTREC_EDATA, "%s: id: expected a positive whole number, found '%s'", where, copy.id);
    r->id = v;
    if (parse_int(copy.year, OSTREC_YEAR_MIN, OSTREC_YEAR_MAX, &v) != 0)
        return ostrec__fail(db, OSTREC_EDATA, "%s: year: expected a year from %d to %d, found '%s'", where,
                            OSTREC_YEAR_MIN, OSTREC_YEAR_MAX, copy.year);
    r->year = (int)v;
    r->ost_part = 0;
    if (*copy.ost_part != '\0') {
        if (parse_int(copy.ost_part, 1, 999, &v) != 0)
            return ostrec__fail(db, OSTREC_EDATA, "%s: ost_part: expected nothing or a number from 1 to 999, found '%s'",
                                where, copy.ost_part);
        r->ost_part = (int)v;
    }
    if (strcmp(copy.instrumental, "yes") == 0) r->instrumental = 1;
    else if (strcmp(copy.instrumental, "no") == 0) r->instrumental = 0;
    else return ostrec__fail(db, OSTREC_EDATA, "%s: instrumental: expected 'yes' or 'no', found '%s'", where, copy.instrumental);

    rc = check_list(db, where, "genres", copy.genres, OSTREC_VOCAB_GENRES, r->list_buf, r->genres, &r->genre_count);
    if (rc == OSTREC_OK)
        rc = check_list(db, where, "moods", copy.moods, OSTREC_VOCAB_MOODS, r->list_buf + OSTREC_FIELD_MAX + 1,
                        r->moods, &r->mood_count);
    if (rc == OSTREC_OK) rc = check_one(db, where, "vocal_style", copy.vocal_style, OSTREC_VOCAB_VOCAL_STYLES, &r->vocal_style);
    if (rc == OSTREC_OK) rc = check_one(db, where, "artist_type", copy.artist_type, OSTREC_VOCAB_ARTIST_TYPES, &r->artist_type);
    if (rc != OSTREC_OK) return rc;
    if (r->instrumental != (strcmp(r->vocal_style, "instrumental") == 0))
        return ostrec__fail(db, OSTREC_EDATA, "%s: vocal_style: expected 'instrumental' exactly when instrumental is 'yes', found '%s'",
                            where, r->vocal_style);
    r->title = copy.title;
    r->title_ko = copy.title_ko;
    r->artist = copy.artist;
    r->artist_ko = copy.artist_ko;
    r->drama = copy.drama;
    r->drama_ko = copy.drama_ko;
    r->source = copy.source;
    r->title_romanized = copy.title_romanized;
    /* A file of the older form names no credits: the artist text is then
     * one artist, as the catalog took it before. */
    r->credits = *copy.credits ? copy.credits : copy.artist;
    return check_credits(db, where, r->credits);
}

/* Where id lives in a table of cap slots (a power of two), or the free slot
 * where it would go. The multiply scatters ids that come in runs. */
static size_t id_slot(const int64_t *ids, size_t cap, int64_t id)
{
    size_t j = (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ULL) >> 17) & (cap - 1);
    while (ids[j] != 0 && ids[j] != id) j = (j + 1) & (cap - 1);
    return j;
}

static int id_seen_grow(id_seen *s)
{
    size_t cap = s->cap ? s->cap * 2 : 1024;
    int64_t *ids = calloc(cap, sizeof *ids);
    size_t *lines = malloc(cap * sizeof *lines);
    if (ids == NULL || lines == NULL) {
        free(ids);
        free(lines);
        return OSTREC_ENOMEM;
    }
    for (size_t i = 0; i < s->cap; i++) {
        if (s->ids[i] == 0) continue;
        size_t j = id_slot(ids, cap, s->ids[i]);
        ids[j] = s->ids[i];
        lines[j] = s->lines[i];
    }
    free(s->ids);
    free(s->lines);
    s->ids = ids;
    s->lines = lines;
    s->cap = cap;
    return OSTREC_OK;
}

int id_seen_add(id_seen *s, int64_t id, size_t line, size_t *first_line)
{
    if (2 * (s->count + 1) > s->cap && id_seen_grow(s) != OSTREC_OK) return OSTREC_ENOMEM;
    size_t j = id_slot(s->ids, s->cap, id);
    if (s->ids[j] == id) {
        *first_line = s->lines[j];
        return 1;
    }
    s->ids[j] = id;
    s->lines[j] = line;
    s->count++;
    return 0;
}

void id_seen_release(id_seen *s)
{
    free(s->ids);
    free(s->lines);
    memset(s, 0, sizeof *s);
}
