/* encode.c: the encoders that turn a song's features into its row of the
 * feature matrix, one block per group:
 *   genre        multi-hot over the genre vocabulary;
 *   mood         multi-hot over the mood words (share tag_share of the block's
 *                cosine) and Gaussian RBFs over a grid on the valence/arousal
 *                plane at the mean of the moods' coordinates (the rest), so
 *                near moods (bittersweet, melancholic) score close;
 *   era          Gaussian RBFs over years, so era similarity falls off smoothly
 *                with the years between two songs;
 *   vocal style  one-hot;   artist type  one-hot.
 * Each block is made unit length, then scaled by sqrt(w_g / sum w), so the
 * dot product of two rows is the weighted mean of the per-group cosines. */
#include "internal.h"

#include <math.h>
#include <string.h>

/* Scale v[0..n) to length `length`; a zero vector stays zero. */
static void normalise(double *v, size_t n, double length)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += v[i] * v[i];
    if (sum <= 0) return;
    double f = length / sqrt(sum);
    for (size_t i = 0; i < n; i++) v[i] *= f;
}

void mood_point(const ostrec_index *index, const size_t *moods, size_t count, double *valence, double *arousal)
{
    double v = 0, a = 0;
    for (size_t i = 0; i < count; i++) {
        v += index->mood_va[2 * moods[i]];
        a += index->mood_va[2 * moods[i] + 1];
    }
    *valence = count ? v / (double)count : 0;
    *arousal = count ? a / (double)count : 0;
}

/* The centre of grid point i of n on [-1, 1]. */
static double grid_centre(int i, int n) { return -1.0 + 2.0 * i / (n - 1); }

/* The RBF part of the mood block for a point on the plane, length `length`. */
static void encode_plane(const ostrec_model *m, double valence, double arousal, double *out, double length)
{
    int n = m->mood_grid;
    double denom = 2 * m->mood_width * m->mood_width;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double dv = valence - grid_centre(i, n), da = arousal - grid_centre(j, n);
            out[i * n + j] = exp(-(dv * dv + da * da) / denom);
        }
    normalise(out, (size_t)n * (size_t)n, length);
}

void encode_era(const ostrec_index *index, double year, double *block)
{
    const ostrec_model *m = &index->model;
    double denom = 2 * m->era_width * m->era_width, sum = 0;
    for (int i = 0; i < m->era_points; i++) {
        double d = year - (m->era_from + i * m->era_step);
        block[i] = exp(-d * d / denom);
        sum += block[i];
    }
    /* A year so far outside the centres that every kernel underflows gets
     * the nearest centre, so its block still has unit length. */
    if (sum == 0) {
        double pos = (year - m->era_from) / m->era_step;
        block[pos <= 0 ? 0 : m->era_points - 1] = 1;
    }
    normalise(block, (size_t)m->era_points, index->scale[OSTREC_GROUP_ERA]);
}

void encode_mood(const ostrec_index *index, const size_t *moods, const double *weights, size_t count,
                 double valence, double arousal, double *block)
{
    /* Tags and plane are each unit length times the square root of their
     * share, so the mood block is unit length and its cosine is
     * tag_share * cos(tags) + (1 - tag_share) * cos(plane). */
    const ostrec_model *m = &index->model;
    double *tags = block, *plane = block + index->mood_count;
    double mood_scale = index->scale[OSTREC_GROUP_MOOD];
    /* Each tag also credits the words near it on the plane (tag_width > 0),
     * so a heartbroken song still shares something with a longing one. */
    double w2 = 2 * m->mood_tag_width * m->mood_tag_width;
    for (size_t i = 0; i < count; i++) {
        size_t word = moods ? moods[i] : i;
        if (weights[i] == 0) continue;
        if (w2 == 0) {
            tags[word] += weights[i];
            continue;
        }
        for (size_t j = 0; j < index->mood_count; j++) {
            double dv = index->mood_va[2 * j] - index->mood_va[2 * word];
            double da = index->mood_va[2 * j + 1] - index->mood_va[2 * word + 1];
            tags[j] += weights[i] * exp(-(dv * dv + da * da) / w2);
        }
    }
    normalise(tags, index->mood_count, mood_scale * sqrt(m->mood_tag_share));
    if (m->mood_tag_share < 1) encode_plane(m, valence, arousal, plane, mood_scale * sqrt(1 - m->mood_tag_share));
}

void encode_genres(const ostrec_index *index, const size_t *genres, size_t count, double *block)
{
    for (size_t i = 0; i < count; i++) block[genres[i]] = 1;
    normalise(block, index->genre_count, index->scale[OSTREC_GROUP_GENRE]);
}

void sort_positions(size_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
            size_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

void mood_tag_weights(const ostrec_index *index, double weights[3])
{
    weights[0] = 1;
    weights[1] = index->model.mood_tag_decay;
    weights[2] = weights[1] * index->model.mood_tag_decay;
}

void encode_song(const ostrec_index *index, const song_features *given, double *work, float *row)
{
    /* Genres in ascending order, moods in the song's own order (the first
     * weighs most), as the index's dictionaries encode them, so the mood
     * point's sum (and so every bit of the row) is the same. */
    song_features sorted = *given;
    const song_features *f = &sorted;
    sort_positions(sorted.genres, sorted.genre_count);
    memset(work, 0, index->dim * sizeof *work);

    encode_genres(index, f->genres, f->genre_count, work + index->block[OSTREC_GROUP_GENRE]);

    double weights[3];
    mood_tag_weights(index, weights);
    double valence, arousal;
    mood_point(index, f->moods, f->mood_count, &valence, &arousal);
    encode_mood(index, f->moods, weights, f->mood_count, valence, arousal, work + index->block[OSTREC_GROUP_MOOD]);

    encode_era(index, f->year, work + index->block[OSTREC_GROUP_ERA]);

    work[index->block[OSTREC_GROUP_VOCAL_STYLE] + f->vocal_style] = index->scale[OSTREC_GROUP_VOCAL_STYLE];
    work[index->block[OSTREC_GROUP_ARTIST_TYPE] + f->artist_type] = index->scale[OSTREC_GROUP_ARTIST_TYPE];

    for (size_t j = 0; j < index->dim; j++) row[j] = (float)work[j];
}
