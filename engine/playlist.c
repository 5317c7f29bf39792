/* playlist.c: mood playlists. Every playlist is a walk of n steps, each
 * aiming at a target vector: the same target at every step (then the songs
 * are reordered so that neighbours flow), the blend of waypoints at the
 * step's fraction of the way along their path on the plane (an arc), or the
 * blend of two songs' vectors (a path). Each step takes the best song the
 * filters, caps and versions still allow. The songs are read by (genre set,
 * mood set) pair, pairs grouped by mood set: a step skips every mood set,
 * and every pair, whose score bound cannot reach the best song so far. A
 * target's vector has only genre and mood blocks, so the songs of one pair
 * score alike and a step takes the first allowed song of the best pair; on
 * a path the context entry tells them apart. After each pick, the song's
 * versions (and its drama, when capped) leave the candidates by walking the
 * rings that link them, and so do the songs of each person it credits who
 * reaches the cap, read from that person's list: no step reads every
 * song. */
#include "internal.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void ostrec_playlist_free(ostrec_playlist *playlist)
{
    if (playlist == NULL) return;
    free(playlist->items);
    free(playlist);
}

static int check_request(ostrec *db, const ostrec_playlist_query *q)
{
    int path = q->from != 0 || q->to != 0;
    if (path && (q->from == 0 || q->to == 0))
        return ostrec__fail(db, OSTREC_EINVAL, "playlist: a path needs both from and to");
    if (path && q->target_count > 0)
        return ostrec__fail(db, OSTREC_EINVAL, "playlist: give targets or a path (from, to), not both");
    if (!path && (q->target_count == 0 || q->targets == NULL))
        return ostrec__fail(db, OSTREC_EINVAL, "playlist: no target given");
    if (path && q->from == q->to) return ostrec__fail(db, OSTREC_EINVAL, "playlist: a path needs two different songs");
    if (q->n == 0) return ostrec__fail(db, OSTREC_EINVAL, "playlist: n: must be at least 1");
    if (path && q->n < 2) return ostrec__fail(db, OSTREC_EINVAL, "playlist: n: a path needs at least 2 songs");
    if ((unsigned)q->instrumental > OSTREC_INSTRUMENTAL_NONE)
        return ostrec__fail(db, OSTREC_EINVAL, "playlist: instrumental: unknown value %d", (int)q->instrumental);
    if (q->year_from && q->year_to && q->year_from > q->year_to)
        return ostrec__fail(db, OSTREC_EINVAL, "playlist: years: %d is after %d", q->year_from, q->year_to);
    if ((q->only_count > 0 && q->only == NULL) || (q->never_count > 0 && q->never == NULL))
        return ostrec__fail(db, OSTREC_EINVAL, "playlist: %s: NULL with a count", q->only_count && !q->only ? "only" : "never");
    return OSTREC_OK;
}

/* What a walk needs besides the request: the candidates still allowed, the
 * songs per person so far, the current target and its score tables, and a
 * random source for shuffles (NULL without). */
typedef struct {
    const ostrec_index *index;
    const ostrec_playlist_query *q;
    int by_pair;            /* 1: the target has only genre and mood blocks */
    unsigned char *keep;    /* per song: may still be chosen */
    uint32_t *cursor;       /* per pair: its first song that may still be allowed */
    size_t *artist_count;
    double *query;          /* the current target vector, dim */
    score_tables tables;
    score_filter no_filter; /* for the context table: the filters are in keep */
    ranked *near;           /* scratch: candidates of a step */
    size_t near_cap;
    gsl_rng *rng;
} walk;

/* Which songs the filters let through, decided per context, then kept to
 * `only` and kept from `never`; returns how many ((size_t)-1: no memory). */
static size_t mark_candidates(walk *w)
{
    const ostrec_index *index = w->index;
    const ostrec_playlist_query *q = w->q;
    score_filter f = {.year_from = q->year_from, .year_to = q->year_to, .instrumental = q->instrumental};
    unsigned char *allowed = malloc(index->contexts ? index->contexts : 1);
    size_t n = 0;
    if (allowed == NULL) return (size_t)-1;
    for (size_t c = 0; c < index->contexts; c++) {
        const song_context *x = &index->context[c];
        int year = index->era_year[x->era];
        allowed[c] = (!f.year_from || year >= f.year_from) && (!f.year_to || year <= f.year_to) &&
                     (f.instrumental != OSTREC_INSTRUMENTAL_ONLY || x->instrumental) &&
                     (f.instrumental != OSTREC_INSTRUMENTAL_NONE || !x->instrumental);
    }
    for (size_t r = 0; r < index->count; r++) w->keep[r] = allowed[index->code[r].context];
    free(allowed);
    if (q->only != NULL) { /* a taste's pool: only its songs stay */
        unsigned char *in = calloc(index->count + 1, 1);
        if (in == NULL) return (size_t)-1;
        for (size_t i = 0; i < q->only_count; i++) {
            long r = index_find(index, q->only[i]);
            if (r >= 0) in[r] = 1;
        }
        for (size_t r = 0; r < index->count; r++) w->keep[r] &= in[r];
        free(in);
    }
    for (size_t i = 0; i < q->never_count; i++) {
        long r = index_find(index, q->never[i]);
        if (r >= 0) w->keep[r] = 0;
    }
    for (size_t r = 0; r < index->count; r++) n += w->keep[r];
    return n;
}

/* Every song of the ring through `row` leaves the candidates (a link out of
 * range, or a ring longer than the index, from a damaged file, ends it). */
static void drop_ring(walk *w, const uint32_t *next, size_t row)
{
    size_t r = row, steps = 0;
    do {
        w->keep[r] = 0;
        r = next[r];
    } while (r != row && r < w->index->count && ++steps < w->index->count);
}

/* Every song of person `key` leaves the candidates (the sections were
 * checked when mapped: the rows lie inside the songs). */
static void drop_person(walk *w, uint32_t key)
{
    const ostrec_index *index = w->index;
    for (uint32_t i = index->artist_start[key]; i < index->artist_start[key + 1]; i++) w->keep[index->artist_rows[i]] = 0;
}

/* The song at `row` joins the playlist: it, its other versions, its drama
 * when capped, and every song of each person it credits who reaches the
 * cap, leave the candidates. */
static void take(walk *w, size_t row)
{
    const ostrec_index *index = w->index;
    drop_ring(w, index->next_version, row);
    if (w->q->max_per_artist) {
        const uint32_t *keys;
        for (size_t i = 0, n = index_credits(index, row, &keys); i < n; i++)
            if (++w->artist_count[keys[i]] >= w->q->max_per_artist) drop_person(w, keys[i]);
    }
    if (w->q->one_per_drama) drop_ring(w, index->next_drama, row);
}

/* Room for n candidates in w->near. */
static int near_room(walk *w, size_t n)
{
    if (n <= w->near_cap) return OSTREC_OK;
    size_t cap = w->near_cap ? 2 * w->near_cap : 64;
    while (cap < n) cap *= 2;
    ranked *bigger = realloc(w->near, cap * sizeof *bigger);
    if (bigger == NULL) return OSTREC_ENOMEM;
    w->near = bigger;
    w->near_cap = cap;
    return OSTREC_OK;
}

/* The first allowed song of pair p, or -1 (the pair's cursor moves past
 * songs that left the candidates; they never come back). */
static long pair_first(walk *w, size_t p)
{
    const ostrec_index *index = w->index;
    uint32_t end = index->pair_start[p + 1];
    while (w->cursor[p] < end && (index->pair_rows[w->cursor[p]] >= index->count || !w->keep[index->pair_rows[w->cursor[p]]]))
        w->cursor[p]++;
    return w->cursor[p] < end ? (long)index->pair_rows[w->cursor[p]] : -1;
}

/* float32 scores may sit this far from the double ones (see rank.c). */
#define PICK_SLACK 1e-5f

/* Which songs a step gathers: those whose float score reaches both
 * `floor` and the best so far less `below_best`; all the songs of a pair
 * that does, or (targets, whose songs in one pair score alike) only its
 * first allowed one. */
typedef struct {
    float below_best, floor;
    int every_song;
    float best;              /* the best float score gathered so far */
    float top_genre, top_context; /* bounds: the largest genre and context entries */
} gather;

static float gather_threshold(const gather *g)
{
    float relative = g->best - g->below_best;
    return relative > g->floor ? relative : g->floor;
}

/* Keep song `row` (float score s) among the gathered, w->near[0..*n). */
static int gather_add(walk *w, gather *g, size_t *n, float s, size_t row)
{
    if (*n == w->near_cap) { /* drop what fell behind before growing */
        size_t kept = 0;
        for (size_t i = 0; i < *n; i++)
            if (w->near[i].score >= gather_threshold(g)) w->near[kept++] = w->near[i];
        *n = kept;
        if (near_room(w, *n + 1) != OSTREC_OK) return OSTREC_ENOMEM;
    }
    w->near[(*n)++] = (ranked){s, row};
    if (s > g->best) g->best = s;
    return OSTREC_OK;
}

/* Gather from pair p, whose genre + mood entries sum to `pair_score`. */
static int gather_pair(walk *w, gather *g, size_t p, float pair_score, size_t *n)
{
    const ostrec_index *index = w->index;
    long first = pair_first(w, p);
    if (first < 0) return OSTREC_OK;
    if (w->by_pair && !g->every_song) return gather_add(w, g, n, pair_score, (size_t)first);
    const float *tc = w->tables.context;
    for (uint32_t i = w->cursor[p]; i < index->pair_start[p + 1]; i++) {
        uint32_t r = index->pair_rows[i];
        if (r >= index->count || !w->keep[r]) continue;
        float s = w->by_pair ? pair_score : pair_score + tc[index->code[r].context];
        if (s >= gather_threshold(g) && gather_add(w, g, n, s, r) != OSTREC_OK) return OSTREC_ENOMEM;
    }
    return OSTREC_OK;
}

/* Gather from the pairs of mood set m that can reach the threshold. */
static int gather_mood(walk *w, gather *g, size_t m, size_t *n)
{
    const ostrec_index *index = w->index;
    const float *tg = w->tables.table[OSTREC_GROUP_GENRE], tm = w->tables.table[OSTREC_GROUP_MOOD][m];
    for (size_t p = index->mood_pairs[m]; p < index->mood_pairs[m + 1]; p++) {
        float pair_score = tg[index->pair_key[p] >> 16] + tm;
        if (pair_score + g->top_context >= gather_threshold(g) && gather_pair(w, g, p, pair_score, n) != OSTREC_OK)
            return OSTREC_ENOMEM;
    }
    return OSTREC_OK;
}

/* Gather the allowed songs near the top for the current tables into
 * w->near[0..*n), each rescored in double. A song's float score is its genre
 * + mood (+ context, on a path) entries; no song of mood set m beats
 * mood[m] + the largest genre entry (+ the largest context entry). So
 * after the best mood set, every mood set that cannot reach the threshold
 * is skipped whole, and so is every such pair within the others: a step
 * reads only the songs that can matter. */
static int gather_near(walk *w, gather *g, size_t *n)
{
    const ostrec_index *index = w->index;
    const float *tg = w->tables.table[OSTREC_GROUP_GENRE], *tm = w->tables.table[OSTREC_GROUP_MOOD];
    g->best = -INFINITY;
    g->top_genre = -INFINITY;
    g->top_context = 0; /* a target's context entries are 0 (its era and voice blocks are) */
    *n = 0;
    for (size_t i = 0; i < index->genre_sets; i++) g->top_genre = tg[i] > g->top_genre ? tg[i] : g->top_genre;
    if (!w->by_pair) {
        g->top_context = -INFINITY;
        for (size_t c = 0; c < index->contexts; c++)
            if (w->tables.context[c] > g->top_context) g->top_context = w->tables.context[c];
    }
    size_t first = 0;
    for (size_t m = 1; m < index->mood_sets; m++) first = tm[m] > tm[first] ? m : first;
    if (index->mood_sets > 0 && gather_mood(w, g, first, n) != OSTREC_OK) return OSTREC_ENOMEM;
    for (size_t m = 0; m < index->mood_sets; m++)
        if (m != first && tm[m] + g->top_genre + g->top_context >= gather_threshold(g) &&
            gather_mood(w, g, m, n) != OSTREC_OK)
            return OSTREC_ENOMEM;
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++)
        if (w->near[i].score >= gather_threshold(g))
            w->near[kept++] = (ranked){index_score_terms(index, w->query, w->near[i].row, NULL), w->near[i].row};
    *n = kept;
    return OSTREC_OK;
}

/* The best allowed song for the current target, exactly (by double score,
 * then row), or -1. */
static int pick_best(walk *w, long *row)
{
    gather g = {.below_best = PICK_SLACK, .floor = -INFINITY};
    size_t n, best = 0;
    *row = -1;
    if (gather_near(w, &g, &n) != OSTREC_OK) return OSTREC_ENOMEM;
    for (size_t i = 1; i < n; i++)
        if (w->near[i].score > w->near[best].score ||
            (w->near[i].score == w->near[best].score && w->near[i].row < w->near[best].row))
            best = i;
    if (n > 0) *row = (long)w->near[best].row;
    return OSTREC_OK;
}

static int by_row(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* The allowed songs whose double score is at least `floor`, ascending by
 * row, into w->near[0..*n). */
static int songs_from(walk *w, double floor, size_t *n)
{
    gather g = {.below_best = INFINITY, .floor = (float)floor - PICK_SLACK, .every_song = 1};
    if (gather_near(w, &g, n) != OSTREC_OK) return OSTREC_ENOMEM;
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++)
        if (w->near[i].score >= floor) w->near[kept++] = w->near[i];
    *n = kept;
    qsort(w->near, *n, sizeof *w->near, by_row);
    return OSTREC_OK;
}

/* The best allowed row for the current target, or, when shuffling, one
 * chosen uniformly among those within OSTREC_SHUFFLE_BAND of the best.
 * *row is -1 when no candidate is left. */
static int pick(walk *w, long *row)
{
    if (pick_best(w, row) != OSTREC_OK) return OSTREC_ENOMEM;
    if (*row < 0 || w->rng == NULL) return OSTREC_OK;
    size_t n;
    double best = index_score_terms(w->index, w->query, (size_t)*row, NULL);
    if (songs_from(w, best - OSTREC_SHUFFLE_BAND, &n) != OSTREC_OK) return OSTREC_ENOMEM;
    if (n > 0) *row = (long)w->near[gsl_rng_uniform_int(w->rng, n)].row;
    return OSTREC_OK;
}

/* Where step fraction f falls on the arc through the waypoints' points:
 * segment *segment, at *u of the way along it. Steps are spaced by length
 * on the plane; when every waypoint is at one point, by segment. */
static void locate_on_arc(const target_weights *points, size_t count, double f, size_t *segment, double *u)
{
    double total = 0;
    for (size_t j = 0; j + 1 < count; j++)
        total += hypot(points[j + 1].valence - points[j].valence, points[j + 1].arousal - points[j].arousal);
    *segment = count - 2;
    *u = 1;
    if (total == 0) {
        double pos = f * (double)(count - 1);
        size_t j = (size_t)pos;
        if (j < count - 1) {
            *segment = j;
            *u = pos - (double)j;
        }
        return;
    }
    double pos = f * total, start = 0;
    for (size_t j = 0; j + 1 < count; j++) {
        double len = hypot(points[j + 1].valence - points[j].valence, points[j + 1].arousal - points[j].arousal);
        if (pos <= start + len && len > 0) {
            *segment = j;
            *u = (pos - start) / len;
            return;
        }
        start += len;
    }
}

/* Beyond this many songs a playlist keeps pick order: flow ordering keeps
 * an n x n table of distances and is quadratic in n. */
#define FLOW_MAX 1000

/* Reorder so neighbours flow: a nearest-neighbour chain from the first (the
 * best) song, then 2-opt moves (reverse a stretch when that shortens the
 * walk) until none helps. Distance is Euclidean between unit rows,
 * sqrt(2 - 2 dot). Returns 0 or OSTREC_ENOMEM. */
static int order_by_flow(const ostrec_index *index, ostrec_playlist_item *items, size_t *rows, size_t count)
{
    if (count < 3 || count > FLOW_MAX) return OSTREC_OK;
    double *d = malloc(count * count * sizeof *d);
    size_t *order = malloc(count * sizeof *order);
    ostrec_playlist_item *copy = malloc(count * sizeof *copy);
    size_t *rows_copy = malloc(count * sizeof *rows_copy);
    int rc = OSTREC_ENOMEM;
    if (!d || !order || !copy || !rows_copy) goto done;
    for (size_t a = 0; a < count; a++)
        for (size_t b = 0; b < count; b++) d[a * count + b] = sqrt(fmax(0, 2 - 2 * index_row_dot(index, rows[a], rows[b])));
    for (size_t i = 0; i < count; i++) order[i] = i;
    for (size_t i = 1; i < count; i++) { /* the chain: nearest remaining next; ties keep pick order */
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
                    for (size_t a = i, b = j; a < b; a++, b--) {
                        size_t t = order[a];
                        order[a] = order[b];
                        order[b] = t;
                    }
                    improved = 1;
                }
            }
    }
    memcpy(copy, items, count * sizeof *copy);
    memcpy(rows_copy, rows, count * sizeof *rows_copy);
    for (size_t i = 0; i < count; i++) {
        items[i] = copy[order[i]];
        rows[i] = rows_copy[order[i]];
    }
    rc = OSTREC_OK;
done:
    free(d);
    free(order);
    free(copy);
    free(rows_copy);
    return rc;
}

/* Append the song at `row` as the next item, scored against w->query and
 * aiming at (valence, arousal). The score and its terms are divided by the
 * query's squared length, the score a song matching the target in every
 * group it names would get: so 1 is a perfect match here too, as in
 * `similar` (a mood target names only the mood group). Ranking is not
 * changed by it. */
static void append(walk *w, size_t row, double valence, double arousal, ostrec_playlist *p, size_t *rows)
{
    ostrec_playlist_item *item = &p->items[p->count];
    index_result(w->index, w->query, row, &item->song);
    double best = 0;
    for (size_t j = 0; j < w->index->dim; j++) best += w->query[j] * w->query[j];
    if (best > 0) {
        item->song.score /= best;
        for (int g = 0; g < OSTREC_GROUPS; g++) item->song.terms[g] /= best;
    }
    item->target_valence = valence;
    item->target_arousal = arousal;
    rows[p->count++] = row;
}

/* Append it, and it leaves the candidates. */
static void place(walk *w, size_t row, double valence, double arousal, ostrec_playlist *p, size_t *rows)
{
    append(w, row, valence, arousal, p, rows);
    take(w, row);
}

/* One step: the best allowed song for w->query (rescored first when the
 * target moved). *exhausted is set when no candidate is left. */
static int step(ostrec *db, walk *w, int rescore, double valence, double arousal, ostrec_playlist *p, size_t *rows,
                int *exhausted)
{
    int rc;
    long row;
    if (rescore && (rc = score_tables_fill(db, w->index, w->query, &w->no_filter, &w->tables)) != OSTREC_OK) return rc;
    if (pick(w, &row) != OSTREC_OK) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    if (row < 0) *exhausted = 1;
    else place(w, (size_t)row, valence, arousal, p, rows);
    return OSTREC_OK;
}

/* One target: n picks against the same vector, then ordered to flow. */
static int walk_target(ostrec *db, walk *w, const target_weights *t, size_t n, ostrec_playlist *p, size_t *rows)
{
    int rc = OSTREC_OK, exhausted = 0;
    target_encode(w->index, t, w->query);
    for (size_t i = 0; rc == OSTREC_OK && !exhausted && i < n; i++)
        rc = step(db, w, i == 0, t->valence, t->arousal, p, rows, &exhausted);
    if (rc == OSTREC_OK && order_by_flow(w->index, p->items, rows, p->count) != OSTREC_OK)
        rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    return rc;
}

/* An arc: step i aims at the blend of the waypoints at i/(n-1) of the way. */
static int walk_arc(ostrec *db, walk *w, target_weights *tw, size_t waypoints, size_t n, ostrec_playlist *p,
                    size_t *rows)
{
    int rc = OSTREC_OK, exhausted = 0;
    target_weights *blend = &tw[waypoints];
    for (size_t i = 0; rc == OSTREC_OK && !exhausted && i < n; i++) {
        size_t segment;
        double u;
        locate_on_arc(tw, waypoints, n > 1 ? (double)i / (double)(n - 1) : 0, &segment, &u);
        target_blend(w->index, &tw[segment], &tw[segment + 1], u, blend);
        target_encode(w->index, blend, w->query);
        rc = step(db, w, 1, blend->valence, blend->arousal, p, rows, &exhausted);
    }
    return rc;
}

/* A path from row a to row b: the ends, and between them step i aims at
 * (1 - f) a + f b, f = i/(n-1), made unit length. */
static int walk_path(ostrec *db, walk *w, size_t a, size_t b, size_t n, ostrec_playlist *p, size_t *rows)
{
    const ostrec_index *index = w->index;
    float *ra = malloc(2 * index->dim * sizeof *ra), *rb = ra + index->dim;
    if (ra == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    index_row(index, a, ra);
    index_row(index, b, rb);
    index_song sa, sb;
    index_song_at(index, a, &sa);
    index_song_at(index, b, &sb);
    int rc = OSTREC_OK, exhausted = 0;
    for (size_t j = 0; j < index->dim; j++) w->query[j] = ra[j];
    place(w, a, sa.valence, sa.arousal, p, rows);
    take(w, b); /* no version of b, and b counts toward the caps, before it is placed */
    for (size_t i = 1; rc == OSTREC_OK && !exhausted && i + 1 < n; i++) {
        double f = (double)i / (double)(n - 1), length = 0;
        for (size_t j = 0; j < index->dim; j++) {
            w->query[j] = (1 - f) * ra[j] + f * rb[j];
            length += w->query[j] * w->query[j];
        }
        for (size_t j = 0; length > 0 && j < index->dim; j++) w->query[j] /= sqrt(length);
        rc = step(db, w, 1, (1 - f) * sa.valence + f * sb.valence, (1 - f) * sa.arousal + f * sb.arousal, p,
                  rows, &exhausted);
    }
    if (rc == OSTREC_OK) {
        for (size_t j = 0; j < index->dim; j++) w->query[j] = rb[j];
        append(w, b, sb.valence, sb.arousal, p, rows); /* taken before the steps between */
    }
    free(ra);
    return rc;
}

/* The ends of a path as rows, or OSTREC_ENOTFOUND. */
static int find_ends(ostrec *db, const ostrec_index *index, const ostrec_playlist_query *q, long ends[2])
{
    const int64_t ids[2] = {q->from, q->to};
    for (int e = 0; e < 2; e++)
        if ((ends[e] = index_find(index, ids[e])) < 0)
            return ostrec__fail(db, OSTREC_ENOTFOUND, "playlist: %s: no song with id %lld", e ? "to" : "from",
                                (long long)ids[e]);
    return OSTREC_OK;
}

int ostrec_playlist_make(ostrec *db, const ostrec_index *index, const ostrec_playlist_query *query_in,
                         ostrec_playlist **out)
{
    *out = NULL;
    if (index == NULL) return ostrec__fail(db, OSTREC_EINVAL, "no index given");
    ostrec_playlist_query request;
    const ostrec_playlist_query *q = &request;
    int rc = options_read_playlist(db, query_in, &request);
    if (rc != OSTREC_OK) return rc;
    int path = q->from != 0;
    rc = check_request(db, q);
    long ends[2] = {-1, -1};
    if (rc == OSTREC_OK && path) rc = find_ends(db, index, q, ends);
    if (rc != OSTREC_OK) return rc;
    size_t n = q->n < index->count ? q->n : index->count;
    size_t waypoints = path ? 0 : q->target_count, words = index->mood_count + index->genre_count;

    walk w = {.index = index, .q = q, .by_pair = !path};
    target_weights *tw = calloc(waypoints + 1, sizeof *tw);
    double *weights = calloc((waypoints + 1) * words + 1, sizeof *weights);
    size_t *rows = malloc((n ? n : 1) * sizeof *rows);
    ostrec_playlist *p = calloc(1, sizeof *p);
    if (p) p->items = calloc(n ? n : 1, sizeof *p->items);
    w.keep = malloc(index->count + 1);
    w.cursor = malloc((index->pairs + 1) * sizeof *w.cursor);
    w.artist_count = calloc(index->artists + 1, sizeof *w.artist_count);
    w.query = calloc(index->dim, sizeof *w.query);
    if (q->shuffle && (w.rng = gsl_rng_alloc(gsl_rng_mt19937)) != NULL) gsl_rng_set(w.rng, q->seed);
    if (!tw || !weights || !rows || !p || !p->items || !w.keep || !w.cursor || !w.artist_count || !w.query ||
        score_tables_alloc(index, &w.tables) != OSTREC_OK || (q->shuffle && !w.rng)) {
        rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(w.cursor, index->pair_start, (index->pairs + 1) * sizeof *w.cursor);
    for (size_t i = 0; i <= waypoints; i++) {
        tw[i].moods = weights + i * words;
        tw[i].genres = tw[i].moods + index->mood_count;
    }
    for (size_t i = 0; i < waypoints; i++)
        if ((rc = target_check(db, &q->targets[i], i, &tw[i])) != OSTREC_OK) goto done;

    if ((p->candidates = mark_candidates(&w)) == (size_t)-1) {
        rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
        goto done;
    }
    if (path) { /* the ends are always in, whatever the filters say */
        for (int e = 0; e < 2; e++) p->candidates += !w.keep[ends[e]];
        rc = walk_path(db, &w, (size_t)ends[0], (size_t)ends[1], n, p, rows);
    } else if (n > 0) {
        rc = waypoints == 1 ? walk_target(db, &w, &tw[0], n, p, rows) : walk_arc(db, &w, tw, waypoints, n, p, rows);
    }
    if (rc != OSTREC_OK) goto done;
    for (size_t i = 0; i < p->count; i++) p->items[i].song.rank = i + 1;
    *out = p;
    p = NULL;
done:
    ostrec_playlist_free(p);
    free(tw);
    free(weights);
    free(rows);
    free(w.keep);
    free(w.cursor);
    free(w.artist_count);
    free(w.query);
    free(w.near);
    score_tables_free(&w.tables);
    if (w.rng) gsl_rng_free(w.rng);
    return rc;
}
