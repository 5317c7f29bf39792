/* test_playlist.c: mood playlists. Scores worked by hand on the six-song
 * fixture (tests/fixtures/mini.csv, listed in test_similar.c); on the
 * shipped catalog: every playlist's size, no repeats or versions, filters and
 * caps, each path step the best song still allowed (scored here from the
 * rows), arcs that follow their waypoints (Spearman), flow against a random
 * order, scenes, and bad words and requests. */
#include "model_helpers.h"
#include "internal.h"

#include "credit_helpers.h"

#include <ctype.h>
#include <math.h>
#include <strings.h>

/* The song at a row of the index, as the engine reads it. */
static index_song song_at(const ostrec_index *index, size_t row)
{
    index_song s;
    index_song_at(index, row, &s);
    return s;
}

static ostrec_playlist *make(ostrec *db, const ostrec_index *index, const ostrec_playlist_query *q)
{
    ostrec_playlist *p = NULL;
    if (ostrec_playlist_make(db, index, q, &p) != OSTREC_OK) fail_msg("playlist: %s", ostrec_errmsg(db));
    return p;
}

static ostrec_target moods(ostrec *db, const char *words)
{
    ostrec_target t;
    if (ostrec_target_moods(db, words, &t) != OSTREC_OK) fail_msg("moods '%s': %s", words, ostrec_errmsg(db));
    return t;
}

typedef struct {
    ostrec *db;
    ostrec_model *model;
    ostrec_index *index;
} catalog;

static catalog open_catalog(void)
{
    catalog c = {open_memory(), NULL, NULL};
    assert_int_equal(ostrec_import(c.db, "../data/catalog.csv", OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    assert_int_equal(ostrec_model_load(c.db, NULL, &c.model), OSTREC_OK);
    c.index = build_index(c.db, c.model);
    return c;
}

static void close_catalog(catalog *c)
{
    ostrec_index_free(c->index);
    ostrec_model_free(c->model);
    ostrec_close(c->db);
}

static int64_t song_id(ostrec *db, const char *spec)
{
    ostrec_song_list *found = NULL;
    if (ostrec_resolve(db, spec, &found) != OSTREC_OK) fail_msg("no song '%s'", spec);
    int64_t id = found->items[0].id;
    ostrec_song_list_free(found);
    return id;
}

/* ---- hand-worked scores on the fixture ---------------------------------- */

/* Genre 1, mood 1 (tags only), the rest 0: sum 2. Target: mood romantic,
 * genre hint ballad. Cosines of multi-hot blocks are |A and B|/sqrt(|A||B|):
 *   2 Beautiful      ballad;rnb-soul / romantic;tender    (1/sqrt2 + 1/sqrt2)/2 = 0.70711
 *   3 Give You ...   ballad;piano    / tender;romantic    the same             = 0.70711
 *   6 Love, Maybe    pop;ballad      / fluttering;romantic the same            = 0.70711
 *   1 Stay With Me   ballad;rnb-soul / longing;mysterious (1/sqrt2 + 0)/2     = 0.35355
 *   4, 5             no ballad, no romantic                                    = 0 */
static void target_scores_by_hand(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    model_params p = {1, 1, 0, 0, 0, 1.0, 0.35, 7, 2005, 2030, 1, 3};
    ostrec_model *m = load_model_params(db, &p);
    ostrec_index *index = build_index(db, m);
    ostrec_target t = moods(db, "romantic");
    t.genres[0] = "ballad";
    t.genre_count = 1;
    ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
    q.targets = &t;
    q.target_count = 1;
    q.n = 4;
    ostrec_playlist *pl = make(db, index, &q);
    assert_int_equal(pl->count, 4);
    int seen[7] = {0};
    for (size_t i = 0; i < pl->count; i++) {
        const ostrec_result *r = &pl->items[i].song;
        double want = r->id == 1 ? sqrt(0.5) / 2 : sqrt(0.5);
        if (r->id != 1 && r->id != 2 && r->id != 3 && r->id != 6) fail_msg("song %lld is not among the best four", (long long)r->id);
        assert_true(fabs(r->score - want) < 1e-6);
        assert_true(fabs(r->terms[OSTREC_GROUP_GENRE] + r->terms[OSTREC_GROUP_MOOD] - r->score) < 1e-9);
        assert_int_equal(r->rank, i + 1);
        seen[r->id]++;
    }
    assert_int_equal(seen[1] + seen[2] + seen[3] + seen[6], 4);
    /* The best comes first, and of the three that tie, the lowest id. */
    assert_int_equal(pl->items[0].song.id, 2);
    ostrec_playlist_free(pl);

    /* Two words in equal shares: romantic + tender. Songs 2 and 3 carry both
     * (tag cosine 2/(sqrt2 sqrt2) = 1), song 6 one (1/2); with genre 0 and
     * mood 1 the score is the tag cosine. */
    p.genre = 0;
    ostrec_model_free(m);
    ostrec_index_free(index);
    m = load_model_params(db, &p);
    index = build_index(db, m);
    t = moods(db, "romantic, 다정한"); /* tender, by its Korean name */
    q.n = 3;
    pl = make(db, index, &q);
    assert_int_equal(pl->count, 3);
    for (size_t i = 0; i < 3; i++) {
        const ostrec_result *r = &pl->items[i].song;
        assert_true(fabs(r->score - (r->id == 6 ? 0.5 : 1.0)) < 1e-6);
    }
    ostrec_playlist_free(pl);
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

/* ---- the shipped catalog -------------------------------------------------- */

/* The title without a trailing "(... ver.)" or "(Inst.)", written here
 * apart from the library's own rule. */
static size_t base_length(const char *title)
{
    const char *open = strrchr(title, '(');
    size_t n = strlen(title);
    if (open == NULL || title[n - 1] != ')') return n;
    char lower[64] = "";
    for (size_t i = 0; open[i] && i + 1 < sizeof lower; i++) lower[i] = (char)tolower((unsigned char)open[i]);
    if (strstr(lower, "ver") == NULL && strstr(lower, "inst") == NULL) return n;
    while (open > title && open[-1] == ' ') open--;
    return (size_t)(open - title);
}

static int same_song(const ostrec_result *a, const ostrec_result *b)
{
    size_t la = base_length(a->title), lb = base_length(b->title);
    return a->id == b->id ||
           (strcmp(a->drama, b->drama) == 0 && la == lb && strncasecmp(a->title, b->title, la) == 0);
}

static void expect_no_repeats(const ostrec_playlist *p)
{
    for (size_t i = 0; i < p->count; i++)
        for (size_t j = i + 1; j < p->count; j++)
            if (same_song(&p->items[i].song, &p->items[j].song))
                fail_msg("'%s' and '%s' are one song", p->items[i].song.title, p->items[j].song.title);
}

/* A playlist as long as the catalog holds every song but one of each group
 * of versions: the test counts the groups itself. */
static void every_song_once(void **state)
{
    (void)state;
    catalog c = open_catalog();
    size_t songs = ostrec_index_songs(c.index), groups = 0;
    ostrec_result *all = calloc(songs, sizeof *all);
    for (size_t r = 0; r < songs; r++) {
        all[r].id = song_at(c.index, r).id;
        all[r].title = song_at(c.index, r).title;
        all[r].drama = song_at(c.index, r).drama;
        int first = 1;
        for (size_t s = 0; s < r && first; s++) first = !same_song(&all[s], &all[r]);
        groups += (size_t)first;
    }
    assert_true(groups < songs); /* the catalog has versions: (Acoustic Ver.), (Band ver.) */
    ostrec_target t = moods(c.db, "sad");
    ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
    q.targets = &t;
    q.target_count = 1;
    q.n = songs;
    ostrec_playlist *p = make(c.db, c.index, &q);
    assert_int_equal(p->count, groups);
    assert_int_equal(p->candidates, songs);
    expect_no_repeats(p);
    ostrec_playlist_free(p);
    free(all);
    close_catalog(&c);
}

static void filters_and_caps(void **state)
{
    (void)state;
    catalog c = open_catalog();
    ostrec_scenes *scenes = NULL;
    assert_int_equal(ostrec_scenes_load(c.db, NULL, &scenes), OSTREC_OK);
    ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
    q.targets = &ostrec_scenes_find(scenes, "heartbreak")->target;
    q.target_count = 1;
    q.n = 15;
    q.year_from = 2015;
    q.year_to = 2020;
    q.instrumental = OSTREC_INSTRUMENTAL_NONE;
    q.max_per_artist = 1;
    q.one_per_drama = 1;
    ostrec_playlist *p = make(c.db, c.index, &q);
    assert_int_equal(p->count, 15);
    for (size_t i = 0; i < p->count; i++) {
        const ostrec_result *a = &p->items[i].song;
        assert_true(a->year >= 2015 && a->year <= 2020);
        assert_false(a->instrumental);
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(a->artist, p->items[j].song.artist);
            assert_string_not_equal(a->drama, p->items[j].song.drama);
        }
    }
    ostrec_playlist_free(p);

    /* The villain's theme draws instrumentals; "sung songs only" keeps them out. */
    q.targets = &ostrec_scenes_find(scenes, "villain")->target;
    q.year_from = q.year_to = 0;
    q.max_per_artist = 0;
    q.one_per_drama = 0;
    size_t instrumentals[2] = {0, 0};
    for (int only_sung = 0; only_sung < 2; only_sung++) {
        q.instrumental = only_sung ? OSTREC_INSTRUMENTAL_NONE : OSTREC_INSTRUMENTAL_ANY;
        p = make(c.db, c.index, &q);
        for (size_t i = 0; i < p->count; i++) instrumentals[only_sung] += (size_t)p->items[i].song.instrumental;
        ostrec_playlist_free(p);
    }
    assert_true(instrumentals[0] > 0);
    assert_int_equal(instrumentals[1], 0);

    /* Too few songs: a year with a handful of instrumentals (the first year
     * of the catalog that has 1 to 14) says so. */
    size_t want = 0;
    int year = 2009;
    for (; year <= 2025; year++) {
        want = 0;
        for (size_t r = 0; r < ostrec_index_songs(c.index); r++)
            want += song_at(c.index, r).year == year && song_at(c.index, r).instrumental;
        if (want > 0 && want < 15) break;
    }
    assert_true(year <= 2025);
    q.year_from = q.year_to = year;
    q.instrumental = OSTREC_INSTRUMENTAL_ONLY;
    q.max_per_artist = 0;
    q.one_per_drama = 0;
    p = make(c.db, c.index, &q);
    assert_int_equal(p->candidates, want);
    assert_int_equal(p->count, want);
    ostrec_playlist_free(p);
    ostrec_scenes_free(scenes);
    close_catalog(&c);
}

/* Which of ids 1..8 a playlist holds, as "1 4 6" (into buf, ascending:
 * flow ordering moves the songs about). */
static const char *playlist_ids(const ostrec_playlist *p, char *buf, size_t size)
{
    int in[9] = {0};
    for (size_t i = 0; i < p->count; i++) {
        assert_true(p->items[i].song.id >= 1 && p->items[i].song.id <= 8);
        in[p->items[i].song.id]++;
    }
    size_t len = 0;
    buf[0] = '\0';
    for (int id = 1; id <= 8; id++)
        if (in[id]) len += (size_t)snprintf(buf + len, size - len, "%s%d", len ? " " : "", id);
    return buf;
}

/* Songs crediting several people (index_from_songs), alike but for their
 * years, so a mood target scores them all the same and each step takes the
 * lowest id still allowed:
 *   1 AB  2 A  3 B  4 C  5 BC  6 D  7 -  8 -
 * One per person: 1 fills A and B, so 2, 3 and 5 leave the candidates (5
 * for B, though C is free); 4 fills C, 6 D; 7 and 8 credit nobody and stay:
 * 1 4 6 7 8, then nothing is left. Two per person: 1, 2 (A full), 3 (B
 * full, so 5 leaves), 4, 6, 7, 8. A path from 1 to 8 under one per person
 * never shares a person either. */
static void caps_count_every_person(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    static const char *const people[] = {"AB", "A", "B", "C", "BC", "D", "", ""};
    ostrec_index *index = credited_index(db, people, 8, 2016);
    ostrec_target t = moods(db, "sad");
    ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
    q.targets = &t;
    q.target_count = 1;
    q.n = 8;
    char ids[64];
    static const struct { size_t cap; const char *want; } cases[] = {
        {0, "1 2 3 4 5 6 7 8"}, {1, "1 4 6 7 8"}, {2, "1 2 3 4 6 7 8"}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        q.max_per_artist = cases[c].cap;
        ostrec_playlist *p = make(db, index, &q);
        if (strcmp(playlist_ids(p, ids, sizeof ids), cases[c].want) != 0)
            fail_msg("max_per_artist %zu: songs %s, expected %s", cases[c].cap, ids, cases[c].want);
        ostrec_playlist_free(p);
    }
    q.targets = NULL;
    q.target_count = 0;
    q.from = 1;
    q.to = 8;
    q.max_per_artist = 1;
    ostrec_playlist *p = make(db, index, &q);
    assert_int_equal(p->items[0].song.id, 1);
    assert_int_equal(p->items[p->count - 1].song.id, 8);
    assert_int_equal(p->count, 5); /* 1; then 4, 6 and 7, all that is left; and 8 */
    if (strcmp(playlist_ids(p, ids, sizeof ids), "1 4 6 7 8") != 0) fail_msg("path, one per person: songs %s", ids);
    ostrec_playlist_free(p);
    ostrec_index_free(index);
    ostrec_close(db);
}

static double row_value(const ostrec_index *index, size_t row, size_t j)
{
    for (int g = 0;; g++)
        if (j < index->block[g + 1]) return index_block(index, row, g)[j - index->block[g]];
}

/* --from A --to B: A first, B last, and each step between is the best song
 * still allowed for (1 - f) a + f b, scored here from the rows in double. */
static void path_steps_are_best(void **state)
{
    (void)state;
    catalog c = open_catalog();
    const ostrec_index *ix = c.index;
    ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
    q.from = song_id(c.db, "Stay With Me");
    q.to = song_id(c.db, "Sweet Night");
    q.n = 8;
    q.max_per_artist = 1;
    ostrec_playlist *p = make(c.db, ix, &q);
    assert_int_equal(p->count, 8);
    assert_int_equal(p->items[0].song.id, q.from);
    assert_int_equal(p->items[7].song.id, q.to);
    expect_no_repeats(p);
    size_t a = (size_t)index_find(ix, q.from), b = (size_t)index_find(ix, q.to);
    for (size_t i = 1; i + 1 < p->count; i++) {
        double f = (double)i / 7.0, best = -INFINITY;
        int64_t best_id = 0;
        for (size_t r = 0; r < ix->count; r++) {
            ostrec_result cand = {.id = song_at(ix, r).id, .title = song_at(ix, r).title, .drama = song_at(ix, r).drama};
            int allowed = 1;
            for (size_t k = 0; k < p->count && allowed; k++) {
                const ostrec_result *in = &p->items[k].song;
                if ((k < i || k == p->count - 1) &&
                    (same_song(&cand, in) || strcmp(song_at(ix, r).artist, in->artist) == 0))
                    allowed = 0;
            }
            if (!allowed) continue;
            double dot = 0, len = 0;
            for (size_t j = 0; j < ix->dim; j++) {
                double t = (1 - f) * row_value(ix, a, j) + f * row_value(ix, b, j);
                dot += t * row_value(ix, r, j);
                len += t * t;
            }
            if (dot / sqrt(len) > best + 1e-9) {
                best = dot / sqrt(len);
                best_id = song_at(ix, r).id;
            }
        }
        if (p->items[i].song.id != best_id || fabs(p->items[i].song.score - best) > 1e-6)
            fail_msg("step %zu: got %lld (%.6f), the best allowed is %lld (%.6f)", i, (long long)p->items[i].song.id,
                     p->items[i].song.score, (long long)best_id, best);
    }
    ostrec_playlist_free(p);
    /* The ends are always in, whatever the filters say: two sung songs and
     * only instrumentals between them. */
    q.instrumental = OSTREC_INSTRUMENTAL_ONLY;
    p = make(c.db, ix, &q);
    size_t instrumentals = 0;
    for (size_t r = 0; r < ix->count; r++) instrumentals += (size_t)song_at(ix, r).instrumental;
    assert_int_equal(p->candidates, instrumentals + 2);
    assert_int_equal(p->items[0].song.id, q.from);
    for (size_t i = 1; i + 1 < p->count; i++) assert_true(p->items[i].song.instrumental);
    ostrec_playlist_free(p);
    q.instrumental = OSTREC_INSTRUMENTAL_ANY;
    q.n = 2; /* just the ends */
    p = make(c.db, ix, &q);
    assert_int_equal(p->count, 2);
    assert_int_equal(p->items[0].song.id, q.from);
    assert_int_equal(p->items[1].song.id, q.to);
    ostrec_playlist_free(p);
    close_catalog(&c);
}

/* How far along the waypoints' path (0..1, by length on the plane) the
 * nearest point to (v, a) lies. */
static double progress(const double (*w)[2], size_t count, double v, double a)
{
    double total = 0, start = 0, best_d = INFINITY, best = 0;
    for (size_t j = 0; j + 1 < count; j++) total += hypot(w[j + 1][0] - w[j][0], w[j + 1][1] - w[j][1]);
    for (size_t j = 0; j + 1 < count; j++) {
        double dx = w[j + 1][0] - w[j][0], dy = w[j + 1][1] - w[j][1], len = hypot(dx, dy);
        double t = len > 0 ? ((v - w[j][0]) * dx + (a - w[j][1]) * dy) / (len * len) : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        double d = hypot(v - (w[j][0] + t * dx), a - (w[j][1] + t * dy));
        if (d < best_d - 1e-12) {
            best_d = d;
            best = (start + t * len) / total;
        }
        start += len;
    }
    return best;
}

/* Ranks with ties given their mean rank. */
static void ranks(const double *x, size_t n, double *out)
{
    for (size_t i = 0; i < n; i++) {
        size_t below = 0, equal = 0;
        for (size_t j = 0; j < n; j++) below += x[j] < x[i], equal += x[j] == x[i];
        out[i] = (double)below + ((double)equal - 1) / 2;
    }
}

static double spearman(const double *x, const double *y, size_t n)
{
    double rx[64], ry[64], mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    ranks(x, n, rx);
    ranks(y, n, ry);
    for (size_t i = 0; i < n; i++) mx += rx[i] / (double)n, my += ry[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        sxy += (rx[i] - mx) * (ry[i] - my);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxy / sqrt(sxx * syy);
}

static void spearman_by_hand(void **state)
{
    (void)state;
    double x[] = {1, 2, 3, 4, 5}, y[] = {2, 1, 4, 3, 5}; /* d^2 = 1+1+1+1+0: 1 - 6*4/(5*24) = 0.8 */
    assert_true(fabs(spearman(x, y, 5) - 0.8) < 1e-12);
}

static void arcs_follow_waypoints(void **state)
{
    (void)state;
    static const struct {
        const char *words[3];
        size_t count, n;
    } arcs[] = {{{"calm", "tense", "triumphant"}, 3, 12},
                {{"sad", "hopeful"}, 2, 12},
                {{"heartbroken", "calm", "cheerful"}, 3, 15}};
    catalog c = open_catalog();
    for (size_t k = 0; k < sizeof arcs / sizeof arcs[0]; k++) {
        ostrec_target t[3];
        double w[3][2], pos[64], along[64];
        for (size_t j = 0; j < arcs[k].count; j++) {
            t[j] = moods(c.db, arcs[k].words[j]);
            const ostrec_term *term = ostrec_vocab_find(c.db, OSTREC_VOCAB_MOODS, arcs[k].words[j]);
            w[j][0] = term->valence;
            w[j][1] = term->arousal;
        }
        ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
        q.targets = t;
        q.target_count = arcs[k].count;
        q.n = arcs[k].n;
        ostrec_playlist *p = make(c.db, c.index, &q);
        assert_int_equal(p->count, arcs[k].n);
        expect_no_repeats(p);
        for (size_t i = 0; i < p->count; i++) {
            pos[i] = (double)i;
            along[i] = progress((const double (*)[2])w, arcs[k].count, p->items[i].song.valence, p->items[i].song.arousal);
        }
        double rho = spearman(pos, along, p->count);
        print_message("arc %s..%s: Spearman %.3f\n", arcs[k].words[0], arcs[k].words[arcs[k].count - 1], rho);
        if (rho < 0.8) fail_msg("arc %zu: Spearman %.3f < 0.8", k, rho);
        /* The steps aim at points that move along the path. */
        for (size_t i = 1; i < p->count; i++)
            assert_true(progress((const double (*)[2])w, arcs[k].count, p->items[i].target_valence, p->items[i].target_arousal) >=
                        progress((const double (*)[2])w, arcs[k].count, p->items[i - 1].target_valence,
                                 p->items[i - 1].target_arousal) - 1e-9);
        ostrec_playlist_free(p);
    }
    close_catalog(&c);
}

static double distance(const ostrec_index *ix, int64_t x, int64_t y)
{
    size_t a = (size_t)index_find(ix, x), b = (size_t)index_find(ix, y);
    double sum = 0;
    for (size_t j = 0; j < ix->dim; j++) sum += pow(row_value(ix, a, j) - row_value(ix, b, j), 2);
    return sqrt(sum);
}

/* The mean step of a uniformly random order of the same songs is the mean
 * distance over all pairs, so no random sample is needed. */
static void flow_beats_random(void **state)
{
    (void)state;
    static const char *const targets[] = {"sad,longing,bittersweet", "tense,determined", "calm", "hopeful,cheerful",
                                          "comforting,warm", "슬픈", "fluttering,dreamy,playful"};
    catalog c = open_catalog();
    double ratio_sum = 0;
    size_t count = sizeof targets / sizeof targets[0];
    for (size_t k = 0; k < count; k++) {
        ostrec_target t = moods(c.db, targets[k]);
        ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
        q.targets = &t;
        q.target_count = 1;
        ostrec_playlist *p = make(c.db, c.index, &q);
        assert_int_equal(p->count, 20);
        double steps = 0, pairs = 0;
        for (size_t i = 1; i < p->count; i++) steps += distance(c.index, p->items[i - 1].song.id, p->items[i].song.id);
        for (size_t i = 0; i < p->count; i++)
            for (size_t j = i + 1; j < p->count; j++) pairs += distance(c.index, p->items[i].song.id, p->items[j].song.id);
        double ratio = (steps / 19.0) / (pairs / (20.0 * 19.0 / 2.0));
        print_message("flow %-26s %.3f of a random order's mean step\n", targets[k], ratio);
        ratio_sum += ratio;
        ostrec_playlist_free(p);
    }
    print_message("flow: mean ratio %.3f\n", ratio_sum / (double)count);
    assert_true(ratio_sum / (double)count <= 0.7);
    close_catalog(&c);
}

static void shuffle_is_reproducible(void **state)
{
    (void)state;
    catalog c = open_catalog();
    ostrec_target t = moods(c.db, "sad");
    ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
    q.targets = &t;
    q.target_count = 1;
    ostrec_playlist *plain = make(c.db, c.index, &q);
    double nth = INFINITY; /* the 20th best score: every shuffled pick is within the band of it or better */
    for (size_t i = 0; i < plain->count; i++) nth = fmin(nth, plain->items[i].song.score);
    q.shuffle = 1;
    q.seed = 7;
    ostrec_playlist *a = make(c.db, c.index, &q), *b = make(c.db, c.index, &q);
    for (size_t i = 0; i < a->count; i++) {
        assert_int_equal(a->items[i].song.id, b->items[i].song.id);
        assert_true(a->items[i].song.score >= nth - OSTREC_SHUFFLE_BAND - 1e-9);
    }
    int differs = 0;
    for (unsigned long seed = 1; seed <= 5 && !differs; seed++) {
        q.seed = seed;
        ostrec_playlist *other = make(c.db, c.index, &q);
        for (size_t i = 0; i < other->count; i++) differs |= other->items[i].song.id != plain->items[i].song.id;
        ostrec_playlist_free(other);
    }
    assert_true(differs);
    ostrec_playlist_free(plain);
    ostrec_playlist_free(a);
    ostrec_playlist_free(b);
    close_catalog(&c);
}

static void every_scene_resolves(void **state)
{
    (void)state;
    static const char *const required[] = {"first-meeting", "confession", "first-kiss", "heartbreak", "farewell",
                                           "reunion",       "flashback",  "chase",      "villain",    "comic-relief",
                                           "grief",         "triumph",    "healing",    "fated-love"};
    catalog c = open_catalog();
    ostrec_scenes *scenes = NULL;
    assert_int_equal(ostrec_scenes_load(c.db, NULL, &scenes), OSTREC_OK);
    assert_true(ostrec_scenes_count(scenes) >= 12);
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (ostrec_scenes_find(scenes, required[i]) == NULL) fail_msg("no scene '%s'", required[i]);
    assert_ptr_equal(ostrec_scenes_find(scenes, "이별"), ostrec_scenes_find(scenes, "farewell"));
    assert_ptr_equal(ostrec_scenes_find(scenes, "FAREWELL"), ostrec_scenes_find(scenes, "farewell"));
    for (size_t i = 0; i < ostrec_scenes_count(scenes); i++) {
        const ostrec_scene *s = ostrec_scenes_at(scenes, i);
        double sum = 0, v = 0, a = 0;
        for (size_t j = 0; j < s->target.mood_count; j++) {
            const ostrec_term *term = ostrec_vocab_find(c.db, OSTREC_VOCAB_MOODS, s->target.moods[j]);
            sum += s->target.mood_weights[j];
            v += s->target.mood_weights[j] * term->valence;
            a += s->target.mood_weights[j] * term->arousal;
        }
        assert_true(fabs(sum - 1) < 1e-9);
        assert_true(fabs(v - s->target.valence) < 1e-9 && fabs(a - s->target.arousal) < 1e-9);
        ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
        q.targets = &s->target;
        q.target_count = 1;
        q.n = 10;
        ostrec_playlist *p = make(c.db, c.index, &q);
        if (p->count != 10) fail_msg("scene %s: %zu songs", s->id, p->count);
        ostrec_playlist_free(p);
    }
    ostrec_scenes_free(scenes);
    close_catalog(&c);
}

static void expect_message(ostrec *db, const char *part)
{
    if (strstr(ostrec_errmsg(db), part) == NULL) fail_msg("message '%s' lacks '%s'", ostrec_errmsg(db), part);
}

static void bad_words_fail_well(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_target t;
    assert_int_equal(ostrec_target_moods(db, "sadd", &t), OSTREC_ENOTFOUND);
    expect_message(db, "'sadd' is not a mood word");
    expect_message(db, "nearest: sad (슬픈)");
    assert_int_equal(ostrec_target_moods(db, "calm,slepy", &t), OSTREC_ENOTFOUND);
    expect_message(db, "'slepy'");
    assert_int_equal(ostrec_target_moods(db, "sad,,calm", &t), OSTREC_EINVAL);
    assert_int_equal(ostrec_target_moods(db, "sad,sad,sad,sad,sad,sad,sad,sad,sad", &t), OSTREC_EINVAL);
    assert_int_equal(ostrec_target_moods(db, "Sad , 잔잔한", &t), OSTREC_OK);
    assert_int_equal(t.mood_count, 2);
    assert_string_equal(t.moods[1], "calm");
    assert_int_equal(ostrec_target_point(db, 1.5, 0, &t), OSTREC_EINVAL);
    expect_message(db, "valence");
    assert_int_equal(ostrec_target_point(db, 0, NAN, &t), OSTREC_EINVAL);

    static const struct {
        const char *json, *message;
    } files[] = {
        {"{\"scenes\": [{\"id\": \"x\", \"name\": \"X\", \"ko\": \"엑스\", \"moods\": {\"sadd\": 1}}]}",
         "scene 'x': moods: 'sadd' is not a mood id (did you mean 'sad'?)"},
        {"{\"scenes\": [{\"id\": \"x\", \"name\": \"X\", \"ko\": \"엑스\", \"moods\": {\"sad\": 0.5, \"calm\": 0.4}}]}",
         "the weights sum to 0.9, not 1"},
        {"{\"scenes\": [{\"id\": \"x\", \"name\": \"X\", \"ko\": \"엑스\", \"moods\": {\"sad\": 1}, \"genre\": []}]}",
         "scenes[0]: unknown field 'genre'"},
        {"{\"scenes\": [{\"id\": \"x\", \"name\": \"X\", \"ko\": \"엑스\", \"moods\": {\"sad\": 1}, \"genres\": [\"polka\"]}]}",
         "genres: 'polka' is not a genre id"},
        {"{\"scenes\": [{\"id\": \"x\", \"name\": \"X\", \"ko\": \"엑스\", \"moods\": {\"sad\": 1}},"
         " {\"id\": \"x\", \"name\": \"Y\", \"ko\": \"와이\", \"moods\": {\"sad\": 1}}]}",
         "scene 'x': its id or name is used by an earlier scene"},
        {"{\"scenes\": [{\"id\": \"x\", \"ko\": \"엑스\", \"moods\": {\"sad\": 1}}]}", "scenes[0].name: expected"},
        {"{\"scenes\": []}", "scenes: expected a non-empty array"},
        {"{\"scenes\": [", "not valid JSON"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *path = temp_text(".json", files[i].json);
        ostrec_scenes *scenes = (ostrec_scenes *)1;
        assert_int_equal(ostrec_scenes_load(db, path, &scenes), OSTREC_EDATA);
        assert_null(scenes);
        expect_message(db, files[i].message);
        temp_remove(path);
    }
    ostrec_close(db);
}

static void bad_requests(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_model *m = NULL;
    assert_int_equal(ostrec_model_load(db, NULL, &m), OSTREC_OK);
    ostrec_index *index = build_index(db, m);
    ostrec_target t = moods(db, "sad");
    ostrec_playlist *p = (ostrec_playlist *)1;
    ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
    assert_int_equal(ostrec_playlist_make(db, index, &q, &p), OSTREC_EINVAL); /* no target */
    assert_null(p);
    expect_message(db, "no target");
    q.targets = &t;
    q.target_count = 1;
    q.from = 1;
    q.to = 5;
    assert_int_equal(ostrec_playlist_make(db, index, &q, &p), OSTREC_EINVAL);
    expect_message(db, "not both");
    q.target_count = 0;
    q.n = 1;
    assert_int_equal(ostrec_playlist_make(db, index, &q, &p), OSTREC_EINVAL);
    expect_message(db, "at least 2");
    q.n = 5;
    q.to = 99;
    assert_int_equal(ostrec_playlist_make(db, index, &q, &p), OSTREC_ENOTFOUND);
    expect_message(db, "to: no song with id 99");
    q.to = 1;
    assert_int_equal(ostrec_playlist_make(db, index, &q, &p), OSTREC_EINVAL);
    q.from = q.to = 0;
    q.target_count = 1;
    q.n = 0;
    assert_int_equal(ostrec_playlist_make(db, index, &q, &p), OSTREC_EINVAL);
    q.n = 3;
    t.valence = 2;
    assert_int_equal(ostrec_playlist_make(db, index, &q, &p), OSTREC_EINVAL);
    expect_message(db, "targets[0]");
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(target_scores_by_hand), cmocka_unit_test(every_song_once),
        cmocka_unit_test(filters_and_caps),      cmocka_unit_test(caps_count_every_person),
        cmocka_unit_test(path_steps_are_best),
        cmocka_unit_test(spearman_by_hand),      cmocka_unit_test(arcs_follow_waypoints),
        cmocka_unit_test(flow_beats_random),     cmocka_unit_test(shuffle_is_reproducible),
        cmocka_unit_test(every_scene_resolves),  cmocka_unit_test(bad_words_fail_well),
        cmocka_unit_test(bad_requests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
