/* target.c: mood targets, the places a playlist aims at: mood words (English
 * ids or Korean names) in equal shares, or a bare point of the
 * valence/arousal plane; and the blend of two targets an arc passes through. */
#include "internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The `count` mood words nearest to `word` by edit distance to their id or
 * Korean name, best first, as "sad (슬픈), lonely (쓸쓸한)" in buf. */
static void nearest_moods(const vocab *v, const char *word, char *buf, size_t size)
{
    enum { COUNT = 3 };
    const vocab_list *l = &v->kinds[OSTREC_VOCAB_MOODS];
    const ostrec_term *best[COUNT] = {NULL};
    size_t best_d[COUNT];
    for (size_t i = 0; i < l->count; i++) {
        size_t d = edit_distance(word, l->terms[i].id);
        if (l->terms[i].ko) {
            size_t k = edit_distance(word, l->terms[i].ko);
            d = k < d ? k : d;
        }
        for (size_t j = 0; j < COUNT; j++) {
            if (best[j] != NULL && best_d[j] <= d) continue;
            for (size_t m = COUNT - 1; m > j; m--) {
                best[m] = best[m - 1];
                best_d[m] = best_d[m - 1];
            }
            best[j] = &l->terms[i];
            best_d[j] = d;
            break;
        }
    }
    size_t used = 0;
    buf[0] = '\0';
    for (size_t j = 0; j < COUNT && best[j] && used < size; j++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s (%s)", j ? ", " : "", best[j]->id,
                                 best[j]->ko ? best[j]->ko : "");
}

int ostrec_target_moods(ostrec *db, const char *words, ostrec_target *out)
{
    memset(out, 0, sizeof *out);
    if (words == NULL) return ostrec__fail(db, OSTREC_EINVAL, "mood: no words given");
    out->label = words;
    const char *p = words;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len > 0 && isspace((unsigned char)*p)) p++, len--;
        while (len > 0 && isspace((unsigned char)p[len - 1])) len--;
        char word[128];
        if (len == 0) return ostrec__fail(db, OSTREC_EINVAL, "mood: an empty word in '%s'", words);
        if (len >= sizeof word) return ostrec__fail(db, OSTREC_EINVAL, "mood: a word of %zu bytes is too long", len);
        if (out->mood_count == OSTREC_TARGET_WORDS)
            return ostrec__fail(db, OSTREC_EINVAL, "mood: at most %d words", OSTREC_TARGET_WORDS);
        for (size_t i = 0; i < len; i++) word[i] = (char)tolower((unsigned char)p[i]);
        word[len] = '\0';
        const ostrec_term *t = vocab_lookup(&db->vocab, OSTREC_VOCAB_MOODS, word);
        if (t == NULL) {
            char nearest[512];
            nearest_moods(&db->vocab, word, nearest, sizeof nearest);
            return ostrec__fail(db, OSTREC_ENOTFOUND, "mood: '%.*s' is not a mood word; nearest: %s (see 'ostrec vocab moods')",
                                (int)len, p, nearest);
        }
        out->moods[out->mood_count++] = t->id;
        out->valence += t->valence;
        out->arousal += t->arousal;
        if (end == NULL) break;
        p = end + 1;
    }
    for (size_t i = 0; i < out->mood_count; i++) out->mood_weights[i] = 1.0 / (double)out->mood_count;
    out->valence /= (double)out->mood_count;
    out->arousal /= (double)out->mood_count;
    return OSTREC_OK;
}

int ostrec_target_point(ostrec *db, double valence, double arousal, ostrec_target *out)
{
    memset(out, 0, sizeof *out);
    if (!(valence >= -1 && valence <= 1)) return ostrec__fail(db, OSTREC_EINVAL, "valence: expected a number in [-1, 1]");
    if (!(arousal >= -1 && arousal <= 1)) return ostrec__fail(db, OSTREC_EINVAL, "arousal: expected a number in [-1, 1]");
    out->valence = valence;
    out->arousal = arousal;
    return OSTREC_OK;
}

int target_check(ostrec *db, const ostrec_target *t, size_t i, target_weights *out)
{
    const vocab *v = &db->vocab;
    const vocab_list *moods = &v->kinds[OSTREC_VOCAB_MOODS], *genres = &v->kinds[OSTREC_VOCAB_GENRES];
    if (!(t->valence >= -1 && t->valence <= 1 && t->arousal >= -1 && t->arousal <= 1))
        return ostrec__fail(db, OSTREC_EINVAL, "targets[%zu]: valence and arousal must be in [-1, 1]", i);
    if (t->mood_count > OSTREC_TARGET_WORDS || t->genre_count > OSTREC_TARGET_WORDS)
        return ostrec__fail(db, OSTREC_EINVAL, "targets[%zu]: at most %d moods and genres", i, OSTREC_TARGET_WORDS);
    memset(out->moods, 0, moods->count * sizeof *out->moods);
    memset(out->genres, 0, genres->count * sizeof *out->genres);
    out->valence = t->valence;
    out->arousal = t->arousal;
    for (size_t j = 0; j < t->mood_count; j++) {
        const ostrec_term *term = vocab_lookup(v, OSTREC_VOCAB_MOODS, t->moods[j]);
        if (term == NULL) return ostrec__fail(db, OSTREC_EINVAL, "targets[%zu]: moods[%zu]: not a mood word", i, j);
        if (!(t->mood_weights[j] > 0 && isfinite(t->mood_weights[j])))
            return ostrec__fail(db, OSTREC_EINVAL, "targets[%zu]: mood_weights[%zu]: must be > 0", i, j);
        out->moods[term - moods->terms] += t->mood_weights[j];
    }
    for (size_t j = 0; j < t->genre_count; j++) {
        const ostrec_term *term = vocab_lookup(v, OSTREC_VOCAB_GENRES, t->genres[j]);
        if (term == NULL) return ostrec__fail(db, OSTREC_EINVAL, "targets[%zu]: genres[%zu]: not a genre", i, j);
        out->genres[term - genres->terms] = 1;
    }
    return OSTREC_OK;
}

void target_blend(const ostrec_index *index, const target_weights *a, const target_weights *b, double u,
                  target_weights *out)
{
    out->valence = (1 - u) * a->valence + u * b->valence;
    out->arousal = (1 - u) * a->arousal + u * b->arousal;
    for (size_t i = 0; i < index->mood_count; i++) out->moods[i] = (1 - u) * a->moods[i] + u * b->moods[i];
    for (size_t i = 0; i < index->genre_count; i++) out->genres[i] = (1 - u) * a->genres[i] + u * b->genres[i];
}

void target_encode(const ostrec_index *index, const target_weights *t, double *query)
{
    memset(query, 0, index->dim * sizeof *query);
    double *genre = query + index->block[OSTREC_GROUP_GENRE], sum = 0;
    for (size_t i = 0; i < index->genre_count; i++) sum += t->genres[i] * t->genres[i];
    for (size_t i = 0; sum > 0 && i < index->genre_count; i++)
        genre[i] = t->genres[i] * index->scale[OSTREC_GROUP_GENRE] / sqrt(sum);
    encode_mood(index, NULL, t->moods, index->mood_count, t->valence, t->arousal,
                query + index->block[OSTREC_GROUP_MOOD]);
}
