/* test_compact.c: the compact index (per-group dictionaries of distinct
 * blocks, three codes per song, per-group score tables, double rescoring of
 * near-ties) must give the results of the plain dense computation for every
 * query. The reference here never reads the index's codes, dictionaries,
 * score tables or rank functions: it encodes the features this file
 * generated into dense rows with encode_song (a gsl_matrix_float), builds
 * query vectors from those rows (targets with target_check, target_blend and
 * target_encode; era shifts with encode_era), scores every song with a plain
 * loop in double over all columns, and walks down that scoring itself.
 *
 * Catalogs: three random ones (1,500 to 2,200 songs, 40 artists, 150 dramas,
 * years 2009-2025, about one song in ten instrumental), written to a CSV in
 * shuffled order and imported. Some songs are versions of others ("X (Inst.)",
 * "X (Piano ver.)", ... in the same drama), with decoys that are not ("X
 * (Live)", or "X (Inst.)" in another drama); some are exact copies of a few
 * templates' features (dozens of songs with equal scores for every query);
 * half the genre and mood sets come from small pools, so many songs share a
 * (genre set, mood set) pair and tie for every mood target.
 *
 * Comparison, step by step: each result must be the reference's best song
 * still allowed at that step (filters, caps, versions, songs already taken),
 * by score and then by lower id, with its score within 1e-9. Two songs may
 * swap only when their reference scores differ and are within 1e-12 (equal
 * in exact arithmetic, summed in another order); songs whose reference
 * scores are equal to the bit must come by lower id. After an allowed swap
 * the reference goes on from the library's pick. */
#include "model_helpers.h"

#include "internal.h"

#include "credit_helpers.h"

#include <ctype.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <strings.h>

#define CATALOGS 3
#define CLUSTERS 6     /* templates whose features many songs copy */
#define SET_POOL 40    /* genre sets and mood sets most songs draw from */
#define NEAR_TIE 1e-12 /* reference scores this close may come in either order */

static const unsigned long catalog_seeds[CATALOGS] = {20260315, 7, 99991};

/* A song as this file made it: features as vocabulary positions, artist and
 * drama numbers, and its title. */
typedef struct {
    int64_t id;
    song_features f;
    int instrumental, artist, drama;
    char base[32], title[64];
} gen_song;

typedef struct {
    unsigned long seed;
    gsl_rng *rng;
    ostrec *db;
    ostrec_index *index;
    size_t count, dim;
    gen_song *songs;           /* by row, which is ascending id */
    gsl_matrix_float *dense;   /* the reference's rows */
    size_t *version;           /* per row: the first row of its versions */
    size_t cluster_row[CLUSTERS]; /* the first song of each template's copies */
} catalog;

/* ---- the random catalogs -------------------------------------------------- */

static void random_set(gsl_rng *rng, size_t vocab_size, size_t *out, size_t *n)
{
    *n = 1 + gsl_rng_uniform_int(rng, 3);
    for (size_t i = 0; i < *n; i++) {
        int again;
        do {
            out[i] = gsl_rng_uniform_int(rng, vocab_size);
            again = 0;
            for (size_t j = 0; j < i; j++) again |= out[j] == out[i];
        } while (again);
    }
}

typedef struct {
    size_t words[SET_POOL][3], count[SET_POOL];
} set_pool;

/* Fresh features: sets from the pools half the time, the rest at random. */
static void fresh_song(catalog *c, const set_pool pools[2], gen_song *s)
{
    gsl_rng *rng = c->rng;
    ostrec *db = c->db;
    size_t g = gsl_rng_uniform_int(rng, 2 * SET_POOL), m = gsl_rng_uniform_int(rng, 2 * SET_POOL);
    if (g < SET_POOL) {
        memcpy(s->f.genres, pools[0].words[g], sizeof s->f.genres);
        s->f.genre_count = pools[0].count[g];
    } else {
        random_set(rng, ostrec_vocab_count(db, OSTREC_VOCAB_GENRES), s->f.genres, &s->f.genre_count);
    }
    if (m < SET_POOL) {
        memcpy(s->f.moods, pools[1].words[m], sizeof s->f.moods);
        s->f.mood_count = pools[1].count[m];
    } else {
        random_set(rng, ostrec_vocab_count(db, OSTREC_VOCAB_MOODS), s->f.moods, &s->f.mood_count);
    }
    s->f.year = 2009 + (double)gsl_rng_uniform_int(rng, 17);
    s->instrumental = gsl_rng_uniform_int(rng, 10) == 0;
    size_t voices = ostrec_vocab_count(db, OSTREC_VOCAB_VOCAL_STYLES) - 1; /* the last is instrumental */
    s->f.vocal_style = s->instrumental ? voices : gsl_rng_uniform_int(rng, voices);
    s->f.artist_type = gsl_rng_uniform_int(rng, ostrec_vocab_count(db, OSTREC_VOCAB_ARTIST_TYPES));
    s->artist = (int)gsl_rng_uniform_int(rng, 40);
    s->drama = (int)gsl_rng_uniform_int(rng, 150);
}

/* The length of a title's base, as the API documents versions: a trailing
 * "(Inst.)", "(Instrumental)", "(... ver.)" or "(... version)", any case,
 * is set aside, and the spaces before it. Written from the documentation,
 * not from the library's code. */
static size_t base_length(const char *title)
{
    size_t n = strlen(title);
    const char *open = strrchr(title, '(');
    if (n < 2 || title[n - 1] != ')' || open == NULL || open == title) return n;
    char inside[64];
    size_t len = (size_t)(title + n - 1 - (open + 1));
    if (len >= sizeof inside) return n;
    for (size_t i = 0; i < len; i++) inside[i] = (char)tolower((unsigned char)open[1 + i]);
    inside[len] = '\0';
    int version = strcmp(inside, "inst.") == 0 || strcmp(inside, "instrumental") == 0 ||
                  (len >= 4 && strcmp(inside + len - 4, "ver.") == 0) ||
                  (len >= 7 && strcmp(inside + len - 7, "version") == 0);
    if (!version) return n;
    size_t base = (size_t)(open - title);
    while (base > 0 && title[base - 1] == ' ') base--;
    return base;
}

static int same_version(const gen_song *a, const gen_song *b)
{
    size_t la = base_length(a->title), lb = base_length(b->title);
    return a->drama == b->drama && la == lb && strncasecmp(a->title, b->title, la) == 0;
}

/* What an earlier song's version is called, and whether it is an
 * instrumental; "(Live)" is not a version. */
static const struct {
    const char *suffix;
    int instrumental;
} version_kinds[] = {{" (Inst.)", 1},   {" (Piano ver.)", 1},        {" (instrumental)", 1},
                     {" (INST.)", 1},   {" (Acoustic Version)", 0},  {" (Live)", 0}};

static void make_songs(catalog *c)
{
    gsl_rng *rng = c->rng;
    set_pool pools[2];
    for (int kind = 0; kind < 2; kind++)
        for (size_t i = 0; i < SET_POOL; i++)
            random_set(rng, ostrec_vocab_count(c->db, kind ? OSTREC_VOCAB_MOODS : OSTREC_VOCAB_GENRES),
                       pools[kind].words[i], &pools[kind].count[i]);
    gen_song templates[CLUSTERS];
    for (size_t t = 0; t < CLUSTERS; t++) fresh_song(c, pools, &templates[t]);
    for (size_t t = 0; t < CLUSTERS; t++) c->cluster_row[t] = SIZE_MAX;
    c->count = 1500 + gsl_rng_uniform_int(rng, 701);
    c->songs = calloc(c->count, sizeof *c->songs);
    assert_non_null(c->songs);
    int64_t id = 0;
    for (size_t r = 0; r < c->count; r++) {
        gen_song *s = &c->songs[r];
        id += 1 + (int64_t)gsl_rng_uniform_int(rng, 3);
        unsigned long kind = gsl_rng_uniform_int(rng, 100);
        if (kind < 9 && r > 0) { /* a version of an earlier song, or a decoy */
            const gen_song *of = &c->songs[gsl_rng_uniform_int(rng, r)];
            size_t v = gsl_rng_uniform_int(rng, sizeof version_kinds / sizeof version_kinds[0]);
            *s = *of;
            snprintf(s->title, sizeof s->title, "%s%s", of->base, version_kinds[v].suffix);
            if (version_kinds[v].instrumental) {
                s->instrumental = 1;
                s->f.vocal_style = ostrec_vocab_count(c->db, OSTREC_VOCAB_VOCAL_STYLES) - 1;
            }
            if (gsl_rng_uniform_int(rng, 5) == 0) s->artist = (int)gsl_rng_uniform_int(rng, 40);
            if (gsl_rng_uniform_int(rng, 10) == 0) s->drama = (s->drama + 1) % 150; /* not a version */
        } else if (kind < 21) { /* a copy of a template's features */
            size_t t = gsl_rng_uniform_int(rng, CLUSTERS);
            *s = templates[t];
            s->artist = (int)gsl_rng_uniform_int(rng, 40);
            s->drama = (int)gsl_rng_uniform_int(rng, 150);
            snprintf(s->base, sizeof s->base, "Song %lld", (long long)id);
            snprintf(s->title, sizeof s->title, "%s", s->base);
            if (c->cluster_row[t] == SIZE_MAX) c->cluster_row[t] = r;
        } else {
            fresh_song(c, pools, s);
            snprintf(s->base, sizeof s->base, "Song %lld", (long long)id);
            snprintf(s->title, sizeof s->title, "%s", s->base);
        }
        s->id = id;
    }
    for (size_t t = 0; t < CLUSTERS; t++)
        if (c->cluster_row[t] == SIZE_MAX) c->cluster_row[t] = 0;
}

/* Words of a set joined by ';'. */
static void join_words(ostrec *db, ostrec_vocab_kind kind, const size_t *words, size_t n, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strncat(out, i ? ";" : "", size - strlen(out) - 1);
        strncat(out, ostrec_vocab_term(db, kind, words[i])->id, size - strlen(out) - 1);
    }
}

/* Write the songs as CSV in a shuffled order and import them. */
static void import_songs(catalog *c)
{
    size_t cap = c->count * 256 + 256, len = 0, *order = malloc(c->count * sizeof *order);
    char *csv = malloc(cap);
    assert_non_null(csv);
    assert_non_null(order);
    for (size_t r = 0; r < c->count; r++) order[r] = r;
    for (size_t r = c->count; r > 1; r--) {
        size_t j = gsl_rng_uniform_int(c->rng, r), t = order[r - 1];
        order[r - 1] = order[j];
        order[j] = t;
    }
    len += (size_t)snprintf(csv, cap, "%s", CSV_HEADER);
    for (size_t i = 0; i < c->count; i++) {
        const gen_song *s = &c->songs[order[i]];
        char genres[128], moods[128];
        join_words(c->db, OSTREC_VOCAB_GENRES, s->f.genres, s->f.genre_count, genres, sizeof genres);
        join_words(c->db, OSTREC_VOCAB_MOODS, s->f.moods, s->f.mood_count, moods, sizeof moods);
        len += (size_t)snprintf(csv + len, cap - len, "%lld,%s,,Artist %d,,Drama %d,,%d,,%s,%s,%s,%s,%s,random\n",
                                (long long)s->id, s->title, s->artist, s->drama, (int)s->f.year,
                                s->instrumental ? "yes" : "no", genres, moods,
                                ostrec_vocab_term(c->db, OSTREC_VOCAB_VOCAL_STYLES, s->f.vocal_style)->id,
                                ostrec_vocab_term(c->db, OSTREC_VOCAB_ARTIST_TYPES, s->f.artist_type)->id);
        assert_true(len < cap);
    }
    char *path = temp_text(".csv", csv);
    if (ostrec_import(c->db, path, OSTREC_FORMAT_AUTO, NULL) != OSTREC_OK)
        fail_msg("seed %lu: import: %s", c->seed, ostrec_errmsg(c->db));
    temp_remove(path);
    free(csv);
    free(order);
}

static void catalog_open(catalog *c, unsigned long seed)
{
    memset(c, 0, sizeof *c);
    c->seed = seed;
    c->rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(c->rng);
    gsl_rng_set(c->rng, seed);
    c->db = open_memory();
    make_songs(c);
    import_songs(c);
    ostrec_model *m = NULL;
    assert_int_equal(ostrec_model_load(c->db, NULL, &m), OSTREC_OK);
    c->index = build_index(c->db, m);
    ostrec_model_free(m);
    assert_int_equal(ostrec_index_songs(c->index), c->count);
    c->dim = ostrec_index_dimension(c->index);
    /* The reference's rows, from the features this file made. */
    c->dense = gsl_matrix_float_alloc(c->count, c->dim);
    double *work = malloc(c->dim * sizeof *work);
    assert_non_null(c->dense);
    assert_non_null(work);
    for (size_t r = 0; r < c->count; r++) encode_song(c->index, &c->songs[r].f, work, gsl_matrix_float_ptr(c->dense, r, 0));
    free(work);
    /* Versions: the first row of the same drama and base title (a
     * quadratic scan, cheap at this size). */
    c->version = malloc(c->count * sizeof *c->version);
    assert_non_null(c->version);
    for (size_t r = 0; r < c->count; r++) {
        c->version[r] = r;
        for (size_t e = 0; e < r; e++)
            if (c->version[e] == e && c->songs[e].drama == c->songs[r].drama && same_version(&c->songs[e], &c->songs[r])) {
                c->version[r] = e;
                break;
            }
    }
}

static void catalog_close(catalog *c)
{
    ostrec_index_free(c->index);
    ostrec_close(c->db);
    gsl_rng_free(c->rng);
    gsl_matrix_float_free(c->dense);
    free(c->songs);
    free(c->version);
}

static int setup(void **state)
{
    catalog *all = calloc(CATALOGS, sizeof *all);
    if (all == NULL) return -1;
    for (size_t i = 0; i < CATALOGS; i++) catalog_open(&all[i], catalog_seeds[i]);
    *state = all;
    return 0;
}

static int teardown(void **state)
{
    catalog *all = *state;
    for (size_t i = 0; i < CATALOGS; i++) catalog_close(&all[i]);
    free(all);
    return 0;
}

/* ---- the reference -------------------------------------------------------- */

static const float *dense_row(const catalog *c, size_t r) { return gsl_matrix_float_const_ptr(c->dense, r, 0); }

/* The row of an id (binary search over the generated songs), or -1. */
static long row_of(const catalog *c, int64_t id)
{
    size_t lo = 0, hi = c->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->songs[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < c->count && c->songs[lo].id == id ? (long)lo : -1;
}

/* Every song's score against q: one running sum in column order. Columns
 * where q is zero are skipped: adding a zero product leaves a sum as it
 * was, so the sums are the same, to the bit, and the test runs faster. */
static void dense_scores(const catalog *c, const double *q, double *out)
{
    size_t *cols = malloc(c->dim * sizeof *cols), n = 0;
    assert_non_null(cols);
    for (size_t j = 0; j < c->dim; j++)
        if (q[j] != 0) cols[n++] = j;
    for (size_t r = 0; r < c->count; r++) {
        const float *x = dense_row(c, r);
        double s = 0;
        for (size_t i = 0; i < n; i++) s += q[cols[i]] * (double)x[cols[i]];
        out[r] = s;
    }
    free(cols);
}

static double dense_dot(const catalog *c, size_t a, size_t b)
{
    const float *x = dense_row(c, a), *y = dense_row(c, b);
    double s = 0;
    for (size_t j = 0; j < c->dim; j++) s += (double)x[j] * (double)y[j];
    return s;
}

/* The best allowed row (highest score, then lowest row), or -1. */
static long best_allowed(const catalog *c, const double *score, const unsigned char *allowed)
{
    long best = -1;
    for (size_t r = 0; r < c->count; r++)
        if (allowed[r] && (best < 0 || score[r] > score[best])) best = (long)r;
    return best;
}

/* Are rows a and b equal wherever q is not zero (everywhere, with q NULL)?
 * Then every way of summing gives them equal scores, to the bit, and the
 * lower id must come first. */
static const double *identity_part; /* the current query's identity terms per row, or NULL */

static int same_for(const catalog *c, const double *q, size_t a, size_t b)
{
    const float *x = dense_row(c, a), *y = dense_row(c, b);
    if (identity_part != NULL && identity_part[a] != identity_part[b]) return 0;
    for (size_t j = 0; j < c->dim; j++)
        if ((q == NULL || q[j] != 0) && x[j] != y[j]) return 0;
    return 1;
}

/* Check the library's pick (got_id, got_score) at 1-based `rank` of case
 * `what` for query q against the reference's best allowed song; returns
 * the pick's row. Another song passes only when its reference score is
 * within NEAR_TIE of the best's, the two differ where q looks, and no
 * allowed lower row equals it there. */
static size_t expect_pick(const catalog *c, const char *what, size_t rank, const double *q, const double *score,
                          const unsigned char *allowed, int64_t got_id, double got_score)
{
    long best = best_allowed(c, score, allowed), got = row_of(c, got_id);
    if (best < 0)
        fail_msg("seed %lu, %s: rank %zu: got id %lld (score %.12f), reference has no song left", c->seed, what,
                 rank, (long long)got_id, got_score);
    if (got < 0 || !allowed[got])
        fail_msg("seed %lu, %s: rank %zu: got id %lld (score %.12f), not allowed here; reference id %lld (score %.12f)",
                 c->seed, what, rank, (long long)got_id, got_score, (long long)c->songs[best].id, score[best]);
    if (got != best) {
        int near = fabs(score[got] - score[best]) <= NEAR_TIE && !same_for(c, q, (size_t)got, (size_t)best), lowest = 1;
        for (long r = 0; r < got && lowest; r++)
            lowest = !(allowed[r] && score[r] == score[got] && same_for(c, q, (size_t)r, (size_t)got));
        if (!near || !lowest)
            fail_msg("seed %lu, %s: rank %zu: got id %lld (score %.12f, reference %.17g), reference id %lld (score %.17g)",
                     c->seed, what, rank, (long long)got_id, got_score, score[got], (long long)c->songs[best].id,
                     score[best]);
    }
    if (fabs(got_score - score[got]) > 1e-9)
        fail_msg("seed %lu, %s: rank %zu: id %lld has score %.12f, reference %.12f", c->seed, what, rank,
                 (long long)got_id, got_score, score[got]);
    return (size_t)got;
}

/* Leave out every row x_ for which `cond` holds. */
#define DROP_WHERE(c, allowed, cond)                                                                        \
    for (size_t x_ = 0; x_ < (c)->count; x_++)                                                              \
        if (cond) (allowed)[x_] = 0

/* ---- similar ---------------------------------------------------------------- */

/* The query vector of a similar query: the seeds' mean, minus
 * negative_weight times what the negatives' mean does not share with it
 * (group by group), era block shifted. */
static void similar_query(const catalog *c, const ostrec_query *q, double *query)
{
    memset(query, 0, c->dim * sizeof *query);
    for (size_t i = 0; i < q->seed_count; i++) {
        const float *x = dense_row(c, (size_t)row_of(c, q->seeds[i]));
        for (size_t j = 0; j < c->dim; j++) query[j] += (1.0 / (double)q->seed_count) * x[j];
    }
    /* The negatives' mean, each group's part stripped of its component
     * along the seeds' part of that group, times negative_weight, off. */
    double *neg = calloc(c->dim, sizeof *neg);
    assert_non_null(neg);
    for (size_t i = 0; i < q->negative_count; i++) {
        const float *x = dense_row(c, (size_t)row_of(c, q->negatives[i]));
        for (size_t j = 0; j < c->dim; j++) neg[j] += x[j] / (double)q->negative_count;
    }
    for (int g = 0; q->negative_count && g < OSTREC_GROUPS; g++) {
        size_t from = c->index->block[g], to = c->index->block[g + 1];
        double ss = 0, sn = 0;
        for (size_t j = from; j < to; j++) {
            ss += query[j] * query[j];
            sn += query[j] * neg[j];
        }
        for (size_t j = from; j < to; j++) query[j] -= q->negative_weight * (neg[j] - (ss > 0 ? sn / ss * query[j] : 0));
    }
    free(neg);
    if (q->shift_year != 0) encode_era(c->index, q->shift_year, query + c->index->block[OSTREC_GROUP_ERA]);
}

/* The soundtrack and artist terms of a similar query, added to each song's
 * score (and kept in ident): a song's soundtrack block is one-hot over the
 * dramas and its artist block one-hot over its one artist here, each scaled
 * by sqrt(w / sum of w), so against the query (the seeds' mean; negatives
 * move content only) a song's term is that scale squared times the share
 * of the seeds of its drama (of its artist). */
static void identity_scores(const catalog *c, const ostrec_query *q, double *score, double *ident)
{
    double st = c->index->scale[OSTREC_GROUP_SOUNDTRACK] * c->index->scale[OSTREC_GROUP_SOUNDTRACK];
    double ar = c->index->scale[OSTREC_GROUP_ARTIST] * c->index->scale[OSTREC_GROUP_ARTIST];
    for (size_t r = 0; r < c->count; r++) {
        double sum = 0;
        for (size_t i = 0; i < q->seed_count; i++) { /* negatives move content only */
            int64_t id = q->seeds[i];
            double f = 1.0 / (double)q->seed_count;
            const gen_song *u = &c->songs[row_of(c, id)];
            if (u->drama == c->songs[r].drama) sum += f * st;
            if (u->artist == c->songs[r].artist) sum += f * ar;
        }
        ident[r] = sum;
        score[r] += sum;
    }
}

/* A playlist's scores are divided by the query's squared length (the score
 * of a song matching the target in every group it names). */
static void playlist_scale(const catalog *c, const double *q, double *score)
{
    double qq = 0;
    for (size_t j = 0; j < c->dim; j++) qq += q[j] * q[j];
    for (size_t r = 0; qq > 0 && r < c->count; r++) score[r] /= qq;
}

/* Which songs a similar query may return at all. */
static void similar_allowed(const catalog *c, const ostrec_query *q, unsigned char *allowed)
{
    for (size_t r = 0; r < c->count; r++) {
        const gen_song *s = &c->songs[r];
        int year = (int)s->f.year;
        allowed[r] = (!q->year_from || year >= q->year_from) && (!q->year_to || year <= q->year_to) &&
                     (q->instrumental != OSTREC_INSTRUMENTAL_ONLY || s->instrumental) &&
                     (q->instrumental != OSTREC_INSTRUMENTAL_NONE || !s->instrumental);
    }
    for (size_t i = 0; i < q->seed_count; i++) {
        const gen_song *seed = &c->songs[row_of(c, q->seeds[i])];
        if (q->exclude_seed_dramas) DROP_WHERE(c, allowed, c->songs[x_].drama == seed->drama);
        if (q->exclude_seed_artists) DROP_WHERE(c, allowed, c->songs[x_].artist == seed->artist);
    }
    for (size_t i = 0; i < q->seed_count; i++) allowed[row_of(c, q->seeds[i])] = 0;
    for (size_t i = 0; i < q->negative_count; i++) allowed[row_of(c, q->negatives[i])] = 0;
}

/* After a pick: it, and its artist or drama once capped, are gone. */
static void similar_take(const catalog *c, const ostrec_query *q, size_t row, size_t *per_artist,
                         unsigned char *allowed)
{
    allowed[row] = 0;
    if (q->max_per_artist && ++per_artist[c->songs[row].artist] >= q->max_per_artist)
        DROP_WHERE(c, allowed, c->songs[x_].artist == c->songs[row].artist);
    if (q->one_per_drama) DROP_WHERE(c, allowed, c->songs[x_].drama == c->songs[row].drama);
}

static const double *sort_by; /* the scores by_score sorts rows by */

static int by_score(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (sort_by[x] != sort_by[y]) return sort_by[x] > sort_by[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Maximal marginal relevance on the pool (rows best first): each pick
 * maximises (1 - d) score - d max_sim (max_sim over the picks so far, left
 * out for the first), ties to the earlier in the pool, under the caps.
 * With `got` NULL it runs on its own and returns how many it picks; else it
 * checks the library's results pick by pick, following them. */
static size_t mmr(const catalog *c, const ostrec_query *q, const char *what, const size_t *pool, size_t n,
                  const double *score, const ostrec_results *got)
{
    double *max_sim = malloc((n + 1) * sizeof *max_sim), *value = malloc((n + 1) * sizeof *value);
    unsigned char *taken = calloc(n + 1, 1);
    size_t *per_artist = calloc(40, sizeof *per_artist), count = 0;
    unsigned char drama_used[150] = {0};
    assert_true(max_sim && value && taken && per_artist);
    for (size_t i = 0; i < n; i++) max_sim[i] = -INFINITY;
    size_t want = got ? got->count : q->k;
    while (count < want) {
        long best = -1;
        for (size_t i = 0; i < n; i++) {
            const gen_song *s = &c->songs[pool[i]];
            value[i] = -INFINITY;
            if (taken[i] || (q->max_per_artist && per_artist[s->artist] >= q->max_per_artist) ||
                (q->one_per_drama && drama_used[s->drama]))
                continue;
            value[i] = (1 - q->diversity) * score[pool[i]] - (count ? q->diversity * max_sim[i] : 0);
            if (best < 0 || value[i] > value[best]) best = (long)i;
        }
        if (best < 0) {
            if (got)
                fail_msg("seed %lu, %s: rank %zu: got id %lld, reference has no song left", c->seed, what,
                         count + 1, (long long)got->items[count].id);
            break;
        }
        size_t pick = (size_t)best;
        if (got) {
            const ostrec_result *g = &got->items[count];
            long at = -1;
            for (size_t i = 0; i < n && at < 0; i++)
                if (c->songs[pool[i]].id == g->id) at = (long)i;
            if (at < 0 || value[at] == -INFINITY)
                fail_msg("seed %lu, %s: rank %zu: got id %lld (score %.12f), not in the reference's pool or not "
                         "allowed; reference id %lld (score %.12f)",
                         c->seed, what, count + 1, (long long)g->id, g->score, (long long)c->songs[pool[best]].id,
                         score[pool[best]]);
            if (at != best) { /* copies (equal rows) have equal values to the bit: pool order */
                int near = fabs(value[at] - value[best]) <= NEAR_TIE && !same_for(c, NULL, pool[at], pool[best]);
                int first = 1;
                for (long i = 0; i < at && first; i++)
                    first = !(value[i] != -INFINITY && same_for(c, NULL, pool[i], pool[at]));
                if (!near || !first)
                    fail_msg("seed %lu, %s: rank %zu: got id %lld (value %.17g), reference id %lld (value %.17g)",
                             c->seed, what, count + 1, (long long)g->id, value[at],
                             (long long)c->songs[pool[best]].id, value[best]);
            }
            if (fabs(g->score - score[pool[at]]) > 1e-9)
                fail_msg("seed %lu, %s: rank %zu: id %lld has score %.12f, reference %.12f", c->seed, what,
                         count + 1, (long long)g->id, g->score, score[pool[at]]);
            pick = (size_t)at;
        }
        taken[pick] = 1;
        per_artist[c->songs[pool[pick]].artist]++;
        drama_used[c->songs[pool[pick]].drama] = 1;
        count++;
        for (size_t i = 0; i < n; i++)
            if (!taken[i]) max_sim[i] = fmax(max_sim[i], dense_dot(c, pool[i], pool[pick]));
    }
    free(max_sim);
    free(value);
    free(taken);
    free(per_artist);
    return count;
}

/* Run a similar query through the library and check it against the
 * reference. Without diversity the answer is the greedy walk down the
 * reference ranking (a plain top-k without caps): the library's pool that
 * grows until the caps can fill k gives the same songs. With diversity, MMR
 * runs on the pool the library documents: the best max(64, 10k) allowed
 * songs (at most all songs), four times larger while the caps leave fewer
 * than k and songs remain. */
static void check_similar(const catalog *c, const ostrec_query *q, const char *what)
{
    ostrec_results *got = NULL;
    if (ostrec_similar(c->db, c->index, q, &got) != OSTREC_OK)
        fail_msg("seed %lu, %s: %s", c->seed, what, ostrec_errmsg(c->db));
    double *query = malloc(c->dim * sizeof *query), *score = malloc(c->count * sizeof *score);
    unsigned char *allowed = malloc(c->count);
    size_t *per_artist = calloc(40, sizeof *per_artist), k = q->k < c->count ? q->k : c->count;
    assert_true(query && score && allowed && per_artist);
    double *ident = malloc(c->count * sizeof *ident);
    assert_non_null(ident);
    similar_query(c, q, query);
    dense_scores(c, query, score);
    identity_scores(c, q, score, ident);
    identity_part = ident;
    similar_allowed(c, q, allowed);
    if (got->count > k) fail_msg("seed %lu, %s: %zu results for k = %zu", c->seed, what, got->count, k);
    for (size_t i = 0; i < got->count; i++)
        if (got->items[i].rank != i + 1) fail_msg("seed %lu, %s: item %zu has rank %zu", c->seed, what, i, got->items[i].rank);
    if (q->diversity == 0) {
        for (size_t i = 0; i < got->count; i++) {
            size_t row = expect_pick(c, what, i + 1, query, score, allowed, got->items[i].id, got->items[i].score);
            similar_take(c, q, row, per_artist, allowed);
        }
        long next = best_allowed(c, score, allowed);
        if (got->count < k && next >= 0)
            fail_msg("seed %lu, %s: %zu results, reference has rank %zu: id %lld (score %.12f)", c->seed, what,
                     got->count, got->count + 1, (long long)c->songs[next].id, score[next]);
    } else {
        size_t *ranked = malloc(c->count * sizeof *ranked), n = 0;
        assert_non_null(ranked);
        for (size_t r = 0; r < c->count; r++)
            if (allowed[r]) ranked[n++] = r;
        sort_by = score;
        qsort(ranked, n, sizeof *ranked, by_score);
        size_t pool = 10 * k > 64 ? 10 * k : 64, picked;
        for (;;) {
            if (pool > c->count) pool = c->count;
            size_t in_pool = n < pool ? n : pool;
            picked = mmr(c, q, what, ranked, in_pool, score, NULL);
            if (picked == k || in_pool < pool || pool >= c->count) break;
            pool *= 4;
        }
        if (got->count != picked)
            fail_msg("seed %lu, %s: %zu results, reference %zu", c->seed, what, got->count, picked);
        mmr(c, q, what, ranked, n < pool ? n : pool, score, got);
        free(ranked);
    }
    ostrec_results_free(got);
    free(query);
    free(ident);
    identity_part = NULL;
    free(score);
    free(allowed);
    free(per_artist);
}

static int64_t random_id(const catalog *c) { return c->songs[gsl_rng_uniform_int(c->rng, c->count)].id; }

/* One seed, k = 1, 10, 100: random songs and the first of each template's
 * copies (whose dozens of copies all score the same, to the bit). */
static void similar_one_seed(void **state)
{
    catalog *all = *state;
    static const size_t ks[] = {1, 10, 100};
    for (size_t ci = 0; ci < CATALOGS; ci++) {
        const catalog *c = &all[ci];
        for (size_t trial = 0; trial < 6; trial++) {
            int64_t seed = trial < 2 ? c->songs[c->cluster_row[trial]].id : random_id(c);
            for (size_t i = 0; i < 3; i++) {
                ostrec_query q = OSTREC_QUERY_INIT;
                q.seeds = &seed;
                q.seed_count = 1;
                q.k = ks[i];
                char what[96];
                snprintf(what, sizeof what, "similar to %lld, k %zu", (long long)seed, ks[i]);
                check_similar(c, &q, what);
            }
        }
    }
}

/* Several seeds (their mean), and negatives at the default and other weights. */
static void similar_seeds_and_negatives(void **state)
{
    catalog *all = *state;
    for (size_t ci = 0; ci < CATALOGS; ci++) {
        const catalog *c = &all[ci];
        for (size_t trial = 0; trial < 4; trial++) {
            int64_t seeds[4], negatives[2];
            size_t seed_count = 2 + trial % 3;
            for (size_t i = 0; i < seed_count; i++) seeds[i] = random_id(c);
            if (trial == 3) seeds[1] = c->songs[c->cluster_row[2]].id;
            for (size_t i = 0; i < 2; i++) { /* never a seed: that is refused (test_similar) */
                int clash;
                do {
                    negatives[i] = random_id(c);
                    clash = 0;
                    for (size_t j = 0; j < seed_count; j++) clash |= negatives[i] == seeds[j];
                } while (clash);
            }
            if (trial == 0) seeds[seed_count - 1] = seeds[0]; /* a seed given twice counts twice */
            for (size_t mode = 0; mode < 4; mode++) {
                ostrec_query q = OSTREC_QUERY_INIT;
                q.seeds = seeds;
                q.seed_count = mode == 3 ? 1 : seed_count;
                q.negatives = mode ? negatives : NULL;
                q.negative_count = mode == 0 ? 0 : mode == 1 ? 1 : 2;
                if (mode == 2) q.negative_weight = 1.25;
                q.k = mode == 1 ? 10 : 100;
                char what[128];
                snprintf(what, sizeof what, "similar to %zu seeds from %lld, %zu negatives (weight %g), k %zu",
                         q.seed_count, (long long)seeds[0], q.negative_count, q.negative_weight, q.k);
                check_similar(c, &q, what);
            }
        }
    }
}

/* Years, instrumentals, the seeds' dramas and artists left out. */
static void similar_filters(void **state)
{
    catalog *all = *state;
    for (size_t ci = 0; ci < CATALOGS; ci++) {
        const catalog *c = &all[ci];
        for (size_t trial = 0; trial < 3; trial++) {
            int64_t seeds[2] = {trial == 0 ? c->songs[c->cluster_row[1]].id : random_id(c), random_id(c)};
            for (size_t mode = 0; mode < 6; mode++) {
                ostrec_query q = OSTREC_QUERY_INIT;
                q.seeds = seeds;
                q.seed_count = 1 + trial % 2;
                q.k = mode % 2 ? 100 : 10;
                const char *name = "";
                switch (mode) {
                case 0: q.year_from = 2012, q.year_to = 2018, name = "years 2012-2018"; break;
                case 1: q.year_from = 2020, name = "from 2020"; break;
                case 2: q.instrumental = OSTREC_INSTRUMENTAL_ONLY, name = "instrumentals only"; break;
                case 3: q.instrumental = OSTREC_INSTRUMENTAL_NONE, q.year_to = 2015, name = "sung, to 2015"; break;
                case 4: q.exclude_seed_dramas = 1, name = "not the seeds' dramas"; break;
                default: q.exclude_seed_artists = q.exclude_seed_dramas = 1, name = "not the seeds' artists or dramas";
                }
                char what[160];
                snprintf(what, sizeof what, "similar to %lld (+%zu), %s, k %zu", (long long)seeds[0], q.seed_count - 1,
                         name, q.k);
                check_similar(c, &q, what);
            }
        }
    }
}

/* Caps: at most n per artist, one per drama, both, and with filters. */
static void similar_caps(void **state)
{
    catalog *all = *state;
    for (size_t ci = 0; ci < CATALOGS; ci++) {
        const catalog *c = &all[ci];
        for (size_t trial = 0; trial < 3; trial++) {
            int64_t seed = trial == 0 ? c->songs[c->cluster_row[3]].id : random_id(c);
            for (size_t mode = 0; mode < 5; mode++) {
                ostrec_query q = OSTREC_QUERY_INIT;
                q.seeds = &seed;
                q.seed_count = 1;
                q.k = mode == 0 ? 60 : mode == 4 ? 30 : 100; /* 60 > 40 artists: the cap runs dry */
                q.max_per_artist = mode == 0 ? 1 : mode == 1 ? 3 : mode == 3 ? 2 : 0;
                q.one_per_drama = mode >= 2;
                if (mode == 4) q.year_from = 2015, q.instrumental = OSTREC_INSTRUMENTAL_NONE;
                char what[128];
                snprintf(what, sizeof what, "similar to %lld, k %zu, max_per_artist %zu, one_per_drama %d%s",
                         (long long)seed, q.k, q.max_per_artist, q.one_per_drama, mode == 4 ? ", from 2015, sung" : "");
                check_similar(c, &q, what);
            }
        }
    }
}

/* Diversity (MMR), alone and with caps. */
static void similar_diversity(void **state)
{
    catalog *all = *state;
    for (size_t ci = 0; ci < CATALOGS; ci++) {
        const catalog *c = &all[ci];
        for (size_t trial = 0; trial < 2; trial++) {
            int64_t seed = trial == 0 ? c->songs[c->cluster_row[4]].id : random_id(c);
            for (size_t mode = 0; mode < (trial == 0 ? 4u : 3u); mode++) { /* mode 3 is the slow one */
                ostrec_query q = OSTREC_QUERY_INIT;
                q.seeds = &seed;
                q.seed_count = 1;
                q.k = mode == 3 ? 45 : 10 + 10 * mode;
                q.diversity = mode == 0 ? 0.3 : mode == 1 ? 0.7 : 0.5;
                q.max_per_artist = mode == 3 ? 1 : 0; /* 45 > 40 artists: the pool grows till it holds */
                if (mode == 3) q.year_from = 2017;    /* every song allowed, fewer of them since 2017 */
                q.one_per_drama = mode == 2;
                char what[128];
                snprintf(what, sizeof what, "similar to %lld, k %zu, diversity %g, max_per_artist %zu, one_per_drama %d%s",
                         (long long)seed, q.k, q.diversity, q.max_per_artist, q.one_per_drama, mode == 3 ? ", from 2017" : "");
                check_similar(c, &q, what);
            }
        }
    }
}

/* "This feel, from then": the era block replaced by another year's. */
static void similar_shift_year(void **state)
{
    catalog *all = *state;
    static const double years[] = {2010, 2024, 1995};
    for (size_t ci = 0; ci < CATALOGS; ci++) {
        const catalog *c = &all[ci];
        for (size_t trial = 0; trial < 3; trial++) {
            int64_t seeds[2] = {random_id(c), trial == 1 ? c->songs[c->cluster_row[5]].id : random_id(c)};
            ostrec_query q = OSTREC_QUERY_INIT;
            q.seeds = seeds;
            q.seed_count = 1 + (trial == 1);
            q.k = trial == 2 ? 100 : 10;
            q.shift_year = years[trial];
            q.one_per_drama = trial == 2;
            char what[128];
            snprintf(what, sizeof what, "similar to %lld, shifted to %g, k %zu", (long long)seeds[0], q.shift_year, q.k);
            check_similar(c, &q, what);
        }
    }
}

/* ---- playlists ---------------------------------------------------------------- */

/* The candidates of a playlist walk, and what a pick takes away. */
typedef struct {
    const catalog *c;
    const ostrec_playlist_query *q;
    unsigned char *keep;
    size_t per_artist[40];
    size_t candidates;
} ref_walk;

static void walk_start(ref_walk *w, const catalog *c, const ostrec_playlist_query *q)
{
    memset(w, 0, sizeof *w);
    w->c = c;
    w->q = q;
    w->keep = malloc(c->count);
    assert_non_null(w->keep);
    for (size_t r = 0; r < c->count; r++) {
        const gen_song *s = &c->songs[r];
        int year = (int)s->f.year;
        w->keep[r] = (!q->year_from || year >= q->year_from) && (!q->year_to || year <= q->year_to) &&
                     (q->instrumental != OSTREC_INSTRUMENTAL_ONLY || s->instrumental) &&
                     (q->instrumental != OSTREC_INSTRUMENTAL_NONE || !s->instrumental);
        w->candidates += w->keep[r];
    }
}

/* A pick: it and its versions leave, and its artist or drama when capped. */
static void walk_take(ref_walk *w, size_t row)
{
    const catalog *c = w->c;
    DROP_WHERE(c, w->keep, c->version[x_] == c->version[row]);
    if (w->q->max_per_artist && ++w->per_artist[c->songs[row].artist] >= w->q->max_per_artist)
        DROP_WHERE(c, w->keep, c->songs[x_].artist == c->songs[row].artist);
    if (w->q->one_per_drama) DROP_WHERE(c, w->keep, c->songs[x_].drama == c->songs[row].drama);
}

static ostrec_playlist *make_playlist(const catalog *c, const ostrec_playlist_query *q, const char *what)
{
    ostrec_playlist *p = NULL;
    if (ostrec_playlist_make(c->db, c->index, q, &p) != OSTREC_OK)
        fail_msg("seed %lu, %s: %s", c->seed, what, ostrec_errmsg(c->db));
    for (size_t i = 0; i < p->count; i++)
        if (p->items[i].song.rank != i + 1) fail_msg("seed %lu, %s: item %zu has rank %zu", c->seed, what, i, p->items[i].song.rank);
    return p;
}

/* Dense weights for `count` targets and one blend after them. */
static target_weights *targets_spread(const catalog *c, const ostrec_target *t, size_t count)
{
    size_t words = c->index->mood_count + c->index->genre_count;
    target_weights *tw = calloc(count + 1, sizeof *tw);
    double *weights = calloc((count + 1) * words, sizeof *weights);
    assert_true(tw && weights);
    for (size_t i = 0; i <= count; i++) {
        tw[i].moods = weights + i * words;
        tw[i].genres = tw[i].moods + c->index->mood_count;
    }
    for (size_t i = 0; i < count; i++)
        if (target_check(c->db, &t[i], i, &tw[i]) != OSTREC_OK) fail_msg("target %zu: %s", i, ostrec_errmsg(c->db));
    return tw;
}

static void targets_free(target_weights *tw)
{
    free(tw[0].moods);
    free(tw);
}

/* Where fraction f of an arc falls, as the API documents it: steps spaced
 * by length along the waypoints' points on the plane, or by segment when
 * they are all one point. */
static void arc_position(const target_weights *p, size_t count, double f, size_t *segment, double *u)
{
    double total = 0;
    for (size_t j = 0; j + 1 < count; j++) total += hypot(p[j + 1].valence - p[j].valence, p[j + 1].arousal - p[j].arousal);
    *segment = count - 2;
    *u = 1;
    if (total == 0) {
        double at = f * (double)(count - 1);
        if ((size_t)at < count - 1) *segment = (size_t)at, *u = at - (double)(size_t)at;
        return;
    }
    double at = f * total, start = 0;
    for (size_t j = 0; j + 1 < count; j++) {
        double len = hypot(p[j + 1].valence - p[j].valence, p[j + 1].arousal - p[j].arousal);
        if (len > 0 && at <= start + len) {
            *segment = j;
            *u = (at - start) / len;
            return;
        }
        start += len;
    }
}

/* An arc: step i aims at the blend at i/(n-1) of the way, and takes the
 * best song still allowed; compared pick by pick, in order. */
static void check_arc(const catalog *c, const ostrec_playlist_query *q, const char *what)
{
    ostrec_playlist *p = make_playlist(c, q, what);
    target_weights *tw = targets_spread(c, q->targets, q->target_count), *blend = &tw[q->target_count];
    double *query = malloc(c->dim * sizeof *query), *score = malloc(c->count * sizeof *score);
    assert_true(query && score);
    ref_walk w;
    walk_start(&w, c, q);
    if (p->candidates != w.candidates)
        fail_msg("seed %lu, %s: %zu candidates, reference %zu", c->seed, what, p->candidates, w.candidates);
    size_t n = q->n < c->count ? q->n : c->count;
    if (p->count > n) fail_msg("seed %lu, %s: %zu songs for n = %zu", c->seed, what, p->count, n);
    for (size_t i = 0; i < n; i++) {
        size_t segment;
        double u;
        arc_position(tw, q->target_count, n > 1 ? (double)i / (double)(n - 1) : 0, &segment, &u);
        target_blend(c->index, &tw[segment], &tw[segment + 1], u, blend);
        target_encode(c->index, blend, query);
        dense_scores(c, query, score);
        playlist_scale(c, query, score); /* a playlist reports 1 for a perfect match */
        if (i == p->count) {
            long next = best_allowed(c, score, w.keep);
            if (next >= 0)
                fail_msg("seed %lu, %s: %zu songs, reference has step %zu: id %lld (score %.12f)", c->seed, what,
                         p->count, i + 1, (long long)c->songs[next].id, score[next]);
            break;
        }
        const ostrec_playlist_item *item = &p->items[i];
        size_t row = expect_pick(c, what, i + 1, query, score, w.keep, item->song.id, item->song.score);
        if (fabs(item->target_valence - blend->valence) > 1e-12 || fabs(item->target_arousal - blend->arousal) > 1e-12)
            fail_msg("seed %lu, %s: step %zu aims at (%.6f, %.6f), reference (%.6f, %.6f)", c->seed, what, i + 1,
                     item->target_valence, item->target_arousal, blend->valence, blend->arousal);
        walk_take(&w, row);
    }
    targets_free(tw);
    free(query);
    free(score);
    free(w.keep);
    ostrec_playlist_free(p);
}

/* Neighbours flow: a nearest-neighbour chain from the first pick, then 2-opt
 * reversals while one shortens the walk by more than 1e-12, at most 100
 * passes, over distances sqrt(2 - 2 dot) of the dense rows (as the library
 * documents its flow order). */
static void flow_order(const catalog *c, size_t *rows, size_t count)
{
    if (count < 3) return;
    double *d = malloc(count * count * sizeof *d);
    assert_non_null(d);
    for (size_t a = 0; a < count; a++)
        for (size_t b = 0; b < count; b++) d[a * count + b] = sqrt(fmax(0, 2 - 2 * dense_dot(c, rows[a], rows[b])));
    size_t *order = malloc(count * sizeof *order), *copy = malloc(count * sizeof *copy);
    assert_true(order && copy);
    for (size_t i = 0; i < count; i++) order[i] = i;
    for (size_t i = 1; i < count; i++) {
        size_t best = i;
        for (size_t j = i + 1; j < count; j++)
            if (d[order[i - 1] * count + order[j]] < d[order[i - 1] * count + order[best]]) best = j;
        size_t t = order[i];
        order[i] = order[best];
        order[best] = t;
    }
    for (int improved = 1, passes = 0; improved && passes < 100; passes++) {
        improved = 0;
        for (size_t i = 1; i + 1 < count; i++)
            for (size_t j = i + 1; j < count; j++) {
                double before = d[order[i - 1] * count + order[i]], after = d[order[i - 1] * count + order[j]];
                if (j + 1 < count) {
                    before += d[order[j] * count + order[j + 1]];
                    after += d[order[i] * count + order[j + 1]];
                }
                if (after < before - 1e-12) {
                    for (size_t x = i, y = j; x < y; x++, y--) {
                        size_t t = order[x];
                        order[x] = order[y];
                        order[y] = t;
                    }
                    improved = 1;
                }
            }
    }
    for (size_t i = 0; i < count; i++) copy[i] = rows[order[i]];
    memcpy(rows, copy, count * sizeof *rows);
    free(d);
    free(order);
    free(copy);
}

/* One target: the reference's n picks, against the same vector, as a set;
 * then in flow order, which must be the playlist's order exactly. */
static void check_target(const catalog *c, const ostrec_playlist_query *q, const char *what)
{
    ostrec_playlist *p = make_playlist(c, q, what);
    target_weights *tw = targets_spread(c, q->targets, 1);
    double *query = malloc(c->dim * sizeof *query), *score = malloc(c->count * sizeof *score);
    size_t n = q->n < c->count ? q->n : c->count, *picks = malloc(n * sizeof *picks), count = 0;
    assert_true(query && score && picks);
    target_encode(c->index, &tw[0], query);
    dense_scores(c, query, score);
    playlist_scale(c, query, score); /* a playlist reports 1 for a perfect match */
    ref_walk w;
    walk_start(&w, c, q);
    if (p->candidates != w.candidates)
        fail_msg("seed %lu, %s: %zu candidates, reference %zu", c->seed, what, p->candidates, w.candidates);
    for (long best; count < n && (best = best_allowed(c, score, w.keep)) >= 0; count++) {
        picks[count] = (size_t)best;
        walk_take(&w, (size_t)best);
    }
    if (p->count != count) fail_msg("seed %lu, %s: %zu songs, reference %zu", c->seed, what, p->count, count);
    for (size_t i = 0; i < count; i++) { /* every reference pick is in the playlist */
        size_t at = 0;
        while (at < count && p->items[at].song.id != c->songs[picks[i]].id) at++;
        if (at == count)
            fail_msg("seed %lu, %s: reference pick %zu, id %lld (score %.12f), is not in the playlist", c->seed, what,
                     i + 1, (long long)c->songs[picks[i]].id, score[picks[i]]);
    }
    flow_order(c, picks, count);
    for (size_t i = 0; i < count; i++) {
        const ostrec_result *s = &p->items[i].song;
        if (s->id != c->songs[picks[i]].id)
            fail_msg("seed %lu, %s: flow position %zu: id %lld, reference id %lld", c->seed, what, i + 1,
                     (long long)s->id, (long long)c->songs[picks[i]].id);
        if (fabs(s->score - score[picks[i]]) > 1e-9)
            fail_msg("seed %lu, %s: position %zu: id %lld has score %.12f, reference %.12f", c->seed, what, i + 1,
                     (long long)s->id, s->score, score[picks[i]]);
    }
    targets_free(tw);
    free(query);
    free(score);
    free(picks);
    free(w.keep);
    ostrec_playlist_free(p);
}

/* A path from A to B: the ends, and step i aims at normalize((1-f) a + f b). */
static void check_path(const catalog *c, ostrec_playlist_query *q, size_t a, size_t b, const char *what)
{
    q->from = c->songs[a].id;
    q->to = c->songs[b].id;
    ostrec_playlist *p = make_playlist(c, q, what);
    double *query = malloc(c->dim * sizeof *query), *score = malloc(c->count * sizeof *score);
    assert_true(query && score);
    const float *ra = dense_row(c, a), *rb = dense_row(c, b);
    ref_walk w;
    walk_start(&w, c, q);
    size_t candidates = w.candidates + !w.keep[a] + !w.keep[b], n = q->n < c->count ? q->n : c->count;
    if (p->candidates != candidates)
        fail_msg("seed %lu, %s: %zu candidates, reference %zu", c->seed, what, p->candidates, candidates);
    walk_take(&w, a);
    walk_take(&w, b);
    if (p->count < 2 || p->items[0].song.id != c->songs[a].id || p->items[p->count - 1].song.id != c->songs[b].id)
        fail_msg("seed %lu, %s: the path does not run from %lld to %lld", c->seed, what, (long long)q->from, (long long)q->to);
    size_t i = 1;
    for (; i + 1 < n; i++) {
        double f = (double)i / (double)(n - 1), length = 0;
        for (size_t j = 0; j < c->dim; j++) {
            query[j] = (1 - f) * ra[j] + f * rb[j];
            length += query[j] * query[j];
        }
        for (size_t j = 0; length > 0 && j < c->dim; j++) query[j] /= sqrt(length);
        dense_scores(c, query, score);
        playlist_scale(c, query, score); /* a playlist reports 1 for a perfect match */
        if (i + 1 == p->count) {
            long next = best_allowed(c, score, w.keep);
            if (next >= 0)
                fail_msg("seed %lu, %s: %zu songs, reference has step %zu: id %lld (score %.12f)", c->seed, what,
                         p->count, i + 1, (long long)c->songs[next].id, score[next]);
            break;
        }
        const ostrec_result *s = &p->items[i].song;
        walk_take(&w, expect_pick(c, what, i + 1, query, score, w.keep, s->id, s->score));
    }
    if (p->count != i + 1) fail_msg("seed %lu, %s: %zu songs, reference %zu", c->seed, what, p->count, i + 1);
    /* The ends score against their own rows. */
    for (int e = 0; e < 2; e++) {
        const float *x = e ? rb : ra;
        double s = 0;
        for (size_t j = 0; j < c->dim; j++) s += (double)x[j] * (double)x[j];
        double got = p->items[e ? p->count - 1 : 0].song.score; /* its own row: a perfect match */
        if (fabs(got - (s > 0 ? 1 : 0)) > 1e-9)
            fail_msg("seed %lu, %s: end %d scores %.12f, reference 1", c->seed, what, e, got);
    }
    free(query);
    free(score);
    free(w.keep);
    ostrec_playlist_free(p);
}

static ostrec_target mood_target(const catalog *c, const char *words)
{
    ostrec_target t;
    if (ostrec_target_moods(c->db, words, &t) != OSTREC_OK) fail_msg("moods '%s': %s", words, ostrec_errmsg(c->db));
    return t;
}

static ostrec_target point_target(const catalog *c, double valence, double arousal)
{
    ostrec_target t;
    if (ostrec_target_point(c->db, valence, arousal, &t) != OSTREC_OK) fail_msg("point: %s", ostrec_errmsg(c->db));
    return t;
}

/* A scene-like target: weighted moods, its own point, and genre hints. */
static ostrec_target scene_target(const char *genre_a, const char *genre_b)
{
    ostrec_target t = {.label = "scene", .valence = -0.35, .arousal = -0.2, .mood_count = 3,
                       .moods = {"longing", "bittersweet", "tender"}, .mood_weights = {0.5, 0.3, 0.2},
                       .genre_count = genre_b ? 2 : 1, .genres = {genre_a, genre_b}};
    return t;
}

static void playlist_one_target(void **state)
{
    catalog *all = *state;
    for (size_t ci = 0; ci < CATALOGS; ci++) {
        const catalog *c = &all[ci];
        ostrec_target targets[4] = {mood_target(c, "sad"), scene_target("ballad", "piano"),
                                    point_target(c, 0.5, 0.6), mood_target(c, "calm,warm")};
        for (size_t t = 0; t < 4; t++) {
            ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
            q.targets = &targets[t];
            q.target_count = 1;
            q.n = 30;
            if (t == 1) q.max_per_artist = 1;
            if (t == 2) q.year_from = 2013, q.year_to = 2021, q.one_per_drama = 1;
            if (t == 3) q.instrumental = OSTREC_INSTRUMENTAL_ONLY;
            char what[96];
            snprintf(what, sizeof what, "playlist target %zu (%s)", t, targets[t].label ? targets[t].label : "point");
            check_target(c, &q, what);
        }
    }
}

static void playlist_arcs(void **state)
{
    catalog *all = *state;
    for (size_t ci = 0; ci < CATALOGS; ci++) {
        const catalog *c = &all[ci];
        ostrec_target same_point[2] = {scene_target("ballad", NULL), scene_target("rock", "dance")};
        struct {
            ostrec_target t[3];
            size_t count;
            const char *name;
        } arcs[] = {
            {{mood_target(c, "calm"), mood_target(c, "cheerful")}, 2, "calm to cheerful"},
            {{point_target(c, -0.6, -0.4), mood_target(c, "tense,determined"), scene_target("orchestral-score", "piano")},
             3, "point, tense, scene; 2011-2020, sung, 2 per artist"},
            {{mood_target(c, "sad"), mood_target(c, "hopeful"), mood_target(c, "triumphant")}, 3,
             "sad, hopeful, triumphant; instrumentals, one per drama"},
            {{same_point[0], same_point[1]}, 2, "one point, other genre hints"},
        };
        for (size_t a = 0; a < sizeof arcs / sizeof arcs[0]; a++) {
            ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
            q.targets = arcs[a].t;
            q.target_count = arcs[a].count;
            q.n = 40;
            if (a == 1) q.year_from = 2011, q.year_to = 2020, q.instrumental = OSTREC_INSTRUMENTAL_NONE, q.max_per_artist = 2;
            if (a == 2) q.instrumental = OSTREC_INSTRUMENTAL_ONLY, q.one_per_drama = 1;
            char what[128];
            snprintf(what, sizeof what, "arc %s", arcs[a].name);
            check_arc(c, &q, what);
        }
    }
}

static void playlist_paths(void **state)
{
    catalog *all = *state;
    for (size_t ci = 0; ci < CATALOGS; ci++) {
        catalog *c = &all[ci];
        for (size_t trial = 0; trial < 4; trial++) {
            size_t a = gsl_rng_uniform_int(c->rng, c->count), b;
            do b = gsl_rng_uniform_int(c->rng, c->count); while (b == a);
            if (trial == 1) a = c->cluster_row[0]; /* from a song with dozens of exact copies */
            if (trial == 3) /* to a version of A, when A has one */
                for (size_t r = 0; r < c->count; r++)
                    if (r != a && c->version[r] == c->version[a]) b = r;
            if (a == b) b = (a + 1) % c->count;
            ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
            q.n = 12;
            if (trial == 2) q.year_from = 2016, q.max_per_artist = 1, q.one_per_drama = 1;
            char what[128];
            snprintf(what, sizeof what, "path %lld to %lld%s", (long long)c->songs[a].id, (long long)c->songs[b].id,
                     trial == 2 ? ", from 2016, capped" : "");
            check_path(c, &q, a, b, what);
        }
    }
}

/* ---- sanity: the reference's rows are the index's --------------------------- */

/* Every row the index gives back from its codes is the reference's row, bit
 * for bit, and rows follow ascending ids; the catalog has what the file
 * says (clusters of copies, versions). */
static void dense_rows_equal_index_rows(void **state)
{
    catalog *all = *state;
    for (size_t ci = 0; ci < CATALOGS; ci++) {
        const catalog *c = &all[ci];
        float *row = malloc(c->dim * sizeof *row);
        assert_non_null(row);
        size_t versions = 0, copies = 0;
        for (size_t r = 0; r < c->count; r++) {
            if (c->index->id[r] != c->songs[r].id)
                fail_msg("seed %lu: row %zu: id %lld, generated %lld", c->seed, r, (long long)c->index->id[r],
                         (long long)c->songs[r].id);
            index_row(c->index, r, row);
            if (memcmp(row, dense_row(c, r), c->dim * sizeof *row) != 0)
                fail_msg("seed %lu: row %zu (id %lld) differs from the dense row", c->seed, r, (long long)c->songs[r].id);
            versions += c->version[r] != r;
            copies += r != c->cluster_row[0] && memcmp(dense_row(c, r), dense_row(c, c->cluster_row[0]), c->dim * sizeof *row) == 0;
        }
        assert_true(versions > 50);
        assert_true(copies > 15);
        free(row);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dense_rows_equal_index_rows),
        cmocka_unit_test(similar_one_seed),
        cmocka_unit_test(similar_seeds_and_negatives),
        cmocka_unit_test(similar_filters),
        cmocka_unit_test(similar_caps),
        cmocka_unit_test(similar_diversity),
        cmocka_unit_test(similar_shift_year),
        cmocka_unit_test(playlist_one_target),
        cmocka_unit_test(playlist_arcs),
        cmocka_unit_test(playlist_paths),
    };
    return cmocka_run_group_tests_name("compact", tests, setup, teardown);
}
