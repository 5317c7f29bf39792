/* explain.c: why a song is where it is, for a fan: a result's score in
 * words (what it shares with the seeds: soundtrack, people, genres, moods
 * and the near ones, years, voice, artist type), each group's term as a
 * share of its maximum, and where a given song ranks for a query with the
 * terms that hold it back against the top result. */
#include "internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Two moods this close on the valence/arousal plane read as near ("≈"). */
#define NEAR_MOODS 0.35

double ostrec_term_share(const ostrec_index *index, const ostrec_result *r, ostrec_group g)
{
    if (index == NULL || r == NULL || (unsigned)g >= OSTREC_GROUPS) return 0;
    double max = index->scale[g] * index->scale[g];
    return max > 0 ? r->terms[g] / max : 0;
}

/* Append printf text to buf (used bytes in *used), truncating safely. */
static void put(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
    if (*used + 1 >= size) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *used, size - *used, fmt, ap);
    va_end(ap);
    if (n > 0) *used = *used + (size_t)n < size ? *used + (size_t)n : size - 1;
}

/* The next word of a ';'-joined list from *p (advanced), its length in *n;
 * NULL at the end. A "feat:" before a name is skipped. */
static const char *next_word(const char **p, size_t *n)
{
    if (**p == '\0') return NULL;
    const char *w = *p, *end = strchr(w, ';');
    *n = end ? (size_t)(end - w) : strlen(w);
    *p = end ? end + 1 : w + *n;
    if (*n > 5 && strncmp(w, "feat:", 5) == 0) {
        w += 5;
        *n -= 5;
    }
    return w;
}

/* The seeds' words of one kind, ';'-joined into buf. */
static void seed_words(const ostrec_song_list *seeds, size_t which, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < seeds->count; i++) {
        const ostrec_song *s = &seeds->items[i];
        const char *list = which == 0 ? s->genres : which == 1 ? s->moods : s->credits;
        size_t n;
        for (const char *p = list, *w; (w = next_word(&p, &n)) != NULL;)
            if (!joined_has(buf, w, n)) put(buf, size, &used, "%s%.*s", used ? ";" : "", (int)n, w);
    }
}

static int mood_distance(ostrec *db, const char *a, size_t na, const char *b, size_t nb, double *d)
{
    char x[64], y[64];
    snprintf(x, sizeof x, "%.*s", (int)na, a);
    snprintf(y, sizeof y, "%.*s", (int)nb, b);
    const ostrec_term *s = ostrec_vocab_find(db, OSTREC_VOCAB_MOODS, x), *t = ostrec_vocab_find(db, OSTREC_VOCAB_MOODS, y);
    if (s == NULL || t == NULL) return 0;
    *d = hypot(s->valence - t->valence, s->arousal - t->arousal);
    return 1;
}

int ostrec_result_words(ostrec *db, const ostrec_query *query, const ostrec_result *r, char *out, size_t size)
{
    if (db == NULL || query == NULL || r == NULL || out == NULL || size == 0) return OSTREC_EINVAL;
    out[0] = '\0';
    ostrec_song_list *seeds = NULL, *song = NULL;
    int rc = song_list_new(&seeds);
    for (size_t i = 0; rc == OSTREC_OK && i < query->seed_count; i++) {
        ostrec_song_list *one = NULL;
        rc = ostrec_song_get(db, query->seeds[i], &one);
        if (rc == OSTREC_OK) {
            ostrec_song *grown = realloc(seeds->items, (seeds->count + 1) * sizeof *grown);
            if (grown == NULL) rc = OSTREC_ENOMEM;
            else {
                seeds->items = grown;
                seeds->items[seeds->count++] = one->items[0];
                one->count = 0; /* moved */
            }
        }
        ostrec_song_list_free(one);
    }
    if (rc == OSTREC_OK) rc = ostrec_song_get(db, r->id, &song);
    if (rc != OSTREC_OK) {
        ostrec_song_list_free(seeds);
        ostrec_song_list_free(song);
        return rc == OSTREC_ENOMEM ? ostrec__fail(db, rc, "out of memory") : rc;
    }
    const ostrec_song *s = &song->items[0];
    char genres[1024], moods[1024], people[2048];
    seed_words(seeds, 0, genres, sizeof genres);
    seed_words(seeds, 1, moods, sizeof moods);
    seed_words(seeds, 2, people, sizeof people);
    size_t used = 0, n;
    const char *w;
    for (size_t i = 0; i < seeds->count; i++)
        if (strcmp(seeds->items[i].drama, s->drama) == 0) {
            put(out, size, &used, "same soundtrack (%s)", s->drama);
            break;
        }
    int first = 1;
    for (const char *p = s->credits; (w = next_word(&p, &n)) != NULL;)
        if (joined_has(people, w, n)) {
            put(out, size, &used, "%s%.*s", first ? (used ? "; also " : "also ") : ", ", (int)n, w);
            first = 0;
        }
    first = 1;
    for (const char *p = s->genres; (w = next_word(&p, &n)) != NULL;)
        if (joined_has(genres, w, n)) {
            put(out, size, &used, "%s%.*s", first ? (used ? "; both " : "both ") : ", ", (int)n, w);
            first = 0;
        }
    if (first) put(out, size, &used, "%sgenre %s (seeds: %s)", used ? "; " : "", s->genres, genres);
    first = 1;
    for (const char *p = s->moods; (w = next_word(&p, &n)) != NULL;) {
        if (joined_has(moods, w, n)) {
            put(out, size, &used, "%s%.*s", first ? (used ? "; moods " : "moods ") : ", ", (int)n, w);
            first = 0;
            continue;
        }
        const char *best = NULL;
        size_t best_n = 0, m;
        double best_d = NEAR_MOODS, d;
        for (const char *q = moods, *v; (v = next_word(&q, &m)) != NULL;)
            if (mood_distance(db, w, n, v, m, &d) && d <= best_d) {
                best = v;
                best_n = m;
                best_d = d;
            }
        if (best) {
            put(out, size, &used, "%s%.*s \xe2\x89\x88 %.*s", first ? (used ? "; moods " : "moods ") : ", ", (int)n, w,
                (int)best_n, best);
            first = 0;
        }
    }
    put(out, size, &used, "%s%d vs %d", used ? "; " : "", s->year, seeds->count ? seeds->items[0].year : 0);
    for (size_t i = 0; i < seeds->count; i++)
        if (strcmp(seeds->items[i].vocal_style, s->vocal_style) == 0) {
            put(out, size, &used, "; same voice (%s)", s->vocal_style);
            break;
        }
    for (size_t i = 0; i < seeds->count; i++)
        if (strcmp(seeds->items[i].artist_type, s->artist_type) == 0) {
            put(out, size, &used, "; both %s", s->artist_type);
            break;
        }
    ostrec_song_list_free(seeds);
    ostrec_song_list_free(song);
    return OSTREC_OK;
}

int ostrec_why(ostrec *db, const ostrec_index *index, const ostrec_query *query, int64_t id, ostrec_why_result *out)
{
    memset(out, 0, sizeof *out);
    if (index == NULL || query == NULL) return ostrec__fail(db, OSTREC_EINVAL, "why: no index or query");
    if (index_find(index, id) < 0) return ostrec__fail(db, OSTREC_ENOTFOUND, "why: no song with id %lld", (long long)id);
    for (size_t i = 0; i < query->seed_count; i++)
        if (query->seeds[i] == id)
            return ostrec__fail(db, OSTREC_EINVAL, "why: song %lld is one of the seeds", (long long)id);
    ostrec_query all = *query; /* the query's filters, ranked by score alone */
    all.k = index->count;
    all.max_per_artist = 0;
    all.one_per_drama = 0;
    all.diversity = 0;
    ostrec_results *res = NULL;
    int rc = ostrec_similar(db, index, &all, &res);
    if (rc != OSTREC_OK) return rc;
    out->candidates = res->count;
    for (size_t i = 0; i < res->count; i++)
        if (res->items[i].id == id) {
            out->rank = i + 1;
            out->song = res->items[i];
        }
    if (res->count) out->top = res->items[0];
    ostrec_results_free(res);
    if (out->rank == 0)
        return ostrec__fail(db, OSTREC_ENOTFOUND, "why: song %lld is left out by the query's filters", (long long)id);
    return OSTREC_OK;
}
