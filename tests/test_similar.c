/* test_similar.c: "more like this" on the six-song fixture, with the
 * expected scores worked out by hand from the songs' features (below), and
 * the filters, the era shift and the output formats.
 *
 * The fixture (tests/fixtures/mini.csv):
 *   1 Stay With Me       ballad;rnb-soul        longing;mysterious   mixed-duet  idol         2016 Goblin
 *   2 Beautiful          ballad;rnb-soul        romantic;tender      male-solo   hip-hop-rnb  2016 Goblin
 *   3 Give You My Heart  ballad;piano           tender;romantic      female-solo vocalist     2019
 *   4 Way Back Then      orchestral-score       eerie;nostalgic      instrumental composer    2021 (instr.)
 *   5 Sweet Night        acoustic-folk;pop      dreamy;comforting    male-solo   idol         2020
 *   6 Love, Maybe        pop;ballad             fluttering;romantic  male-duet   indie        2022
 * For multi-hot blocks the cosine is |A and B| / sqrt(|A| |B|). */
#include "model_helpers.h"

#include "credit_helpers.h"

#include <cjson/cJSON.h>
#include <math.h>

static ostrec_results *run(ostrec *db, const ostrec_index *index, const ostrec_query *q)
{
    ostrec_results *res = NULL;
    if (ostrec_similar(db, index, q, &res) != OSTREC_OK) fail_msg("similar: %s", ostrec_errmsg(db));
    return res;
}

static void expect_result(const ostrec_result *r, int64_t id, double score)
{
    if (r->id != id || fabs(r->score - score) > 1e-6)
        fail_msg("rank %zu: got id %lld score %.9f, want id %lld score %.9f", r->rank, (long long)r->id,
                 r->score, (long long)id, score);
    double sum = 0;
    for (int g = 0; g < OSTREC_GROUPS; g++) sum += r->terms[g];
    assert_true(fabs(sum - r->score) < 1e-6);
}

/* Weights genre 2, mood 1 (tags only), era 0, vocal 0.5, artist 0.5: sum 4.
 * From song 1:
 *   2: genre cos 1                           -> 2 * 1 / 4            = 0.5
 *   3: genre {ballad} of 2x2 = 1/2           -> 2 * 0.5 / 4          = 0.25
 *   6: genre {ballad} shared = 1/2           -> 2 * 0.5 / 4          = 0.25
 *   5: artist type idol = idol               -> 0.5 * 1 / 4          = 0.125
 *   4: nothing shared                        -> 0
 * 3 and 6 tie: the lower id ranks first. */
static void worked_example_categorical(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    model_params p = {2, 1, 0, 0.5, 0.5, 1.0, 0.35, 7, 2005, 2030, 1, 3};
    ostrec_model *m = load_model_params(db, &p);
    ostrec_index *index = build_index(db, m);
    int64_t seed = 1;
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    ostrec_results *res = run(db, index, &q);
    assert_int_equal(res->count, 5); /* every song but the seed */
    expect_result(&res->items[0], 2, 0.5);
    expect_result(&res->items[1], 3, 0.25);
    expect_result(&res->items[2], 6, 0.25);
    expect_result(&res->items[3], 5, 0.125);
    expect_result(&res->items[4], 4, 0.0);
    assert_true(fabs(res->items[0].terms[OSTREC_GROUP_GENRE] - 0.5) < 1e-6);
    assert_true(fabs(res->items[3].terms[OSTREC_GROUP_ARTIST_TYPE] - 0.125) < 1e-6);
    assert_int_equal(res->items[0].rank, 1);
    assert_string_equal(res->items[0].title, "Beautiful");
    ostrec_results_free(res);

    /* From song 3:
     *   2: genre 1/2 -> 0.25; mood tags {tender, romantic} both -> 1 * 1 / 4 = 0.25; total 0.5
     *   6: genre 1/2 -> 0.25; mood {romantic} of 2x2 = 1/2 -> 0.125;       total 0.375
     *   1: genre 1/2 -> 0.25                                               total 0.25 */
    seed = 3;
    q.k = 3;
    res = run(db, index, &q);
    assert_int_equal(res->count, 3);
    expect_result(&res->items[0], 2, 0.5);
    expect_result(&res->items[1], 6, 0.375);
    expect_result(&res->items[2], 1, 0.25);
    assert_true(fabs(res->items[1].terms[OSTREC_GROUP_MOOD] - 0.125) < 1e-6);
    ostrec_results_free(res);
    ostrec_results_free(NULL);
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

/* Mood plane only (tag_share 0), grid 2 (centres -1 and 1 on each axis),
 * width 1. The kernel exp(-|p-c|^2 / 2) factors over the axes, and on one
 * axis the pair of centres gives u(x) = e^{-(x^2+1)/2} (e^{-x}, e^{x}), so
 *   cos(u(x), u(y)) = cosh(x + y) / sqrt(cosh 2x cosh 2y)
 * and the plane's cosine is that product over valence and arousal.
 * Song 1 sits at (-0.175, 0.1) (longing, mysterious); songs 2 and 3 at
 * (0.65, -0.125) (romantic, tender); song 6 at (0.725, 0.3). */
static double axis_cos(double x, double y) { return cosh(x + y) / sqrt(cosh(2 * x) * cosh(2 * y)); }

static void worked_example_mood_plane(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    model_params p = {0, 1, 0, 0, 0, 0.0, 1.0, 2, 2005, 2030, 1, 3};
    ostrec_model *m = load_model_params(db, &p);
    ostrec_index *index = build_index(db, m);
    int64_t seed = 2;
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    ostrec_results *res = run(db, index, &q);
    /* Song 3 has the same moods, so the same point: cosine 1. */
    expect_result(&res->items[0], 3, 1.0);
    double want6 = axis_cos(0.65, 0.725) * axis_cos(-0.125, 0.3);
    double want1 = axis_cos(0.65, -0.175) * axis_cos(-0.125, 0.1);
    for (size_t i = 0; i < res->count; i++) {
        if (res->items[i].id == 6) expect_result(&res->items[i], 6, want6);
        if (res->items[i].id == 1) expect_result(&res->items[i], 1, want1);
    }
    assert_true(want6 > want1); /* the nearer point scores higher */
    ostrec_results_free(res);
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

/* Era only, centres 2016..2022 every year, width 1: a year's block is
 * e(y)_c = exp(-(y - c)^2 / 2), and the cosine is e(y).e(z) / |e(y)| |e(z)|,
 * summed here over the seven centres independently of the library. */
static double era_cos(int y, int z)
{
    double yz = 0, yy = 0, zz = 0;
    for (int c = 2016; c <= 2022; c++) {
        double a = exp(-(y - c) * (y - c) / 2.0), b = exp(-(z - c) * (z - c) / 2.0);
        yz += a * b;
        yy += a * a;
        zz += b * b;
    }
    return yz / sqrt(yy * zz);
}

static void worked_example_era(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    model_params p = {0, 0, 1, 0, 0, 0.5, 0.35, 7, 2016, 2022, 1, 1};
    ostrec_model *m = load_model_params(db, &p);
    ostrec_index *index = build_index(db, m);
    int64_t seed = 5; /* 2020 */
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    ostrec_results *res = run(db, index, &q);
    /* 2021 (song 4) and 2019 (song 3) are one year away, 2022 (6) two,
     * 2016 (1 and 2) four: scores fall off with the gap. */
    assert_int_equal(res->count, 5);
    static const int64_t order[] = {4, 3, 6, 1, 2};
    static const int years[] = {2021, 2019, 2022, 2016, 2016};
    for (int i = 0; i < 5; i++) expect_result(&res->items[i], order[i], era_cos(2020, years[i]));
    assert_true(res->items[0].score > res->items[2].score && res->items[2].score > res->items[3].score);
    ostrec_results_free(res);
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

/* Two seeds: the query is their mean, so a score is the mean of the two
 * similarities. With the categorical model above, song 2 scores 0.5 from
 * song 1 and 0.5 from song 3 (worked out there): mean 0.5; song 6 scores
 * 0.25 and 0.375: mean 0.3125. */
static void two_seeds_average(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    model_params p = {2, 1, 0, 0.5, 0.5, 1.0, 0.35, 7, 2005, 2030, 1, 3};
    ostrec_model *m = load_model_params(db, &p);
    ostrec_index *index = build_index(db, m);
    int64_t seeds[] = {1, 3};
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = seeds;
    q.seed_count = 2;
    ostrec_results *res = run(db, index, &q);
    assert_int_equal(res->count, 4);
    expect_result(&res->items[0], 2, 0.5);
    expect_result(&res->items[1], 6, 0.3125);
    for (size_t i = 0; i < res->count; i++) assert_true(res->items[i].id != 1 && res->items[i].id != 3);
    ostrec_results_free(res);

    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

/* A negative moves the query away from what it does not share with the
 * seeds. Genre alone (weight 1, the rest 0): seed S ballad;piano is
 * s = (b + p) / sqrt2, negative N ballad;rock n = (b + r) / sqrt2. N's part
 * along s (n.s / s.s = 1/2) is kept out: n' = n - s / 2 =
 * (b / 2 + r - p / 2) / sqrt2, and the query s - 0.5 n' =
 * (0.75 b + 1.25 p - 0.5 r) / sqrt2. So a ballad scores 0.75 / sqrt2 (it
 * would be 0.5 / sqrt2 with the whole negative taken off), a piano song
 * 1.25 / sqrt2, a rock song -0.5 / sqrt2. A negative that is also a seed
 * is refused, as is diversity 1. */
static void negatives_keep_what_seeds_share(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    char *path = temp_text(".csv", CSV_HEADER
                           "1,S,,A,,D1,,2016,,no,ballad;piano,sad,male-solo,idol,t\n"
                           "2,N,,B,,D2,,2016,,no,ballad;rock,sad,male-solo,idol,t\n"
                           "3,Ballad,,C,,D3,,2016,,no,ballad,sad,male-solo,idol,t\n"
                           "4,Piano,,E,,D4,,2016,,no,piano,sad,male-solo,idol,t\n"
                           "5,Rock,,F,,D5,,2016,,no,rock,sad,male-solo,idol,t\n");
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    temp_remove(path);
    model_params p = {1, 0, 0, 0, 0, 1.0, 0.35, 7, 2005, 2030, 1, 3};
    ostrec_model *m = load_model_params(db, &p);
    ostrec_index *index = build_index(db, m);
    int64_t seed = 1, negative = 2;
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    q.negatives = &negative;
    q.negative_count = 1;
    ostrec_results *res = run(db, index, &q);
    assert_int_equal(res->count, 3);
    expect_result(&res->items[0], 4, 1.25 / sqrt(2));
    expect_result(&res->items[1], 3, 0.75 / sqrt(2));
    expect_result(&res->items[2], 5, -0.5 / sqrt(2));
    ostrec_results_free(res);
    q.negatives = &seed;
    ostrec_results *none = NULL;
    assert_int_equal(ostrec_similar(db, index, &q, &none), OSTREC_EINVAL);
    assert_non_null(strstr(ostrec_errmsg(db), "also a seed"));
    q.negative_count = 0;
    q.diversity = 1;
    assert_int_equal(ostrec_similar(db, index, &q, &none), OSTREC_EINVAL);
    assert_null(none);
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

/* The mini catalog's index under the content groups alone
 * (models/before.json): the worked examples below count genre, mood, era,
 * voice and type; the soundtrack and artist terms have tests of their own. */
static ostrec_index *mini_default(ostrec *db)
{
    ostrec_model *m = NULL;
    assert_int_equal(ostrec_model_load(db, "../models/before.json", &m), OSTREC_OK);
    ostrec_index *index = build_index(db, m);
    ostrec_model_free(m);
    return index;
}

static void filters(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_index *index = mini_default(db);
    int64_t seed = 1;
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;

    q.exclude_seed_dramas = 1; /* Beautiful shares Goblin */
    ostrec_results *res = run(db, index, &q);
    assert_int_equal(res->count, 4);
    for (size_t i = 0; i < res->count; i++) assert_true(res->items[i].id != 2);
    ostrec_results_free(res);
    q.exclude_seed_dramas = 0;

    q.instrumental = OSTREC_INSTRUMENTAL_ONLY;
    res = run(db, index, &q);
    assert_int_equal(res->count, 1);
    assert_int_equal(res->items[0].id, 4);
    ostrec_results_free(res);
    q.instrumental = OSTREC_INSTRUMENTAL_NONE;
    res = run(db, index, &q);
    assert_int_equal(res->count, 4);
    for (size_t i = 0; i < res->count; i++) assert_true(res->items[i].id != 4);
    ostrec_results_free(res);
    q.instrumental = OSTREC_INSTRUMENTAL_ANY;

    q.year_from = 2020;
    q.year_to = 2021;
    res = run(db, index, &q);
    assert_int_equal(res->count, 2); /* 4 (2021) and 5 (2020) */
    for (size_t i = 0; i < res->count; i++) assert_true(res->items[i].year >= 2020 && res->items[i].year <= 2021);
    ostrec_results_free(res);
    q.year_from = q.year_to = 0;

    q.k = (size_t)1 << 60; /* more than the catalog: every other song, no huge allocation */
    res = run(db, index, &q);
    assert_int_equal(res->count, 5);
    ostrec_results_free(res);

    q.k = 2;
    res = run(db, index, &q);
    assert_int_equal(res->count, 2);
    assert_true(res->items[0].score >= res->items[1].score);
    ostrec_results_free(res);
    ostrec_index_free(index);
    ostrec_close(db);
}

/* Songs by one artist: import three more songs by Crush, one from Goblin. */
static void artist_exclusion_and_caps(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    char *path = temp_text(".csv", CSV_HEADER
                           "7,Sleepless Night,,Crush,,Hotel del Luna,,2019,,no,ballad;rnb-soul,longing;tender,male-solo,hip-hop-rnb,test\n"
                           "8,Let Us Go,,Crush,,Hometown Cha-Cha-Cha,,2021,,no,ballad;rnb-soul,tender;romantic,male-solo,hip-hop-rnb,test\n"
                           "9,Dreaming,,Crush,,Hotel del Luna,,2019,,no,ballad;rnb-soul,romantic;tender,male-solo,hip-hop-rnb,test\n");
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    temp_remove(path);
    ostrec_index *index = mini_default(db);
    int64_t seed = 2; /* Beautiful, by Crush */
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    ostrec_results *res = run(db, index, &q);
    assert_int_equal(res->count, 8);
    /* Crush's own songs are the nearest: all three on top. */
    for (size_t i = 0; i < 3; i++) assert_string_equal(res->items[i].artist, "Crush");
    ostrec_results_free(res);

    q.exclude_seed_artists = 1;
    res = run(db, index, &q);
    assert_int_equal(res->count, 5);
    for (size_t i = 0; i < res->count; i++) assert_string_not_equal(res->items[i].artist, "Crush");
    ostrec_results_free(res);
    q.exclude_seed_artists = 0;

    q.max_per_artist = 1;
    q.k = 4;
    res = run(db, index, &q);
    assert_int_equal(res->count, 4);
    size_t crush = 0;
    for (size_t i = 0; i < res->count; i++) crush += strcmp(res->items[i].artist, "Crush") == 0;
    assert_int_equal(crush, 1);
    ostrec_results_free(res);
    q.max_per_artist = 0;

    q.one_per_drama = 1;
    q.k = 10;
    res = run(db, index, &q);
    /* Dramas: Goblin (1), Hotel del Luna (7, 9), Hometown (8), CLOY (3),
     * Squid Game (4), Itaewon Class (5), Business Proposal (6): 7 dramas,
     * but only one from Hotel del Luna. */
    assert_int_equal(res->count, 7);
    size_t del_luna = 0;
    for (size_t i = 0; i < res->count; i++) del_luna += strcmp(res->items[i].drama, "Hotel del Luna") == 0;
    assert_int_equal(del_luna, 1);
    ostrec_results_free(res);

    /* Diversity: the first pick is still the best match; later picks are
     * less alike each other than the plain ranking's. */
    q.one_per_drama = 0;
    q.k = 4;
    ostrec_results *plain = run(db, index, &q);
    q.diversity = 0.7;
    res = run(db, index, &q);
    assert_int_equal(res->items[0].id, plain->items[0].id);
    size_t plain_crush = 0;
    crush = 0;
    for (size_t i = 0; i < 4; i++) {
        crush += strcmp(res->items[i].artist, "Crush") == 0;
        plain_crush += strcmp(plain->items[i].artist, "Crush") == 0;
    }
    assert_true(crush < plain_crush);
    ostrec_results_free(res);
    ostrec_results_free(plain);
    ostrec_index_free(index);
    ostrec_close(db);
}

/* The ids of a result list, as "2 5 7" (into buf). */
static const char *result_ids(const ostrec_results *res, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < res->count && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%lld", i ? " " : "", (long long)res->items[i].id);
    return buf;
}

/* Similar from `seed` (and `seed2`, when not 0) under the query's caps and
 * exclusions (k: every song); the ids must be `want`. */
static void expect_ids(ostrec *db, const ostrec_index *index, ostrec_query *q, int64_t seed, int64_t seed2,
                       const char *want, const char *what)
{
    int64_t seeds[2] = {seed, seed2};
    q->seeds = seeds;
    q->seed_count = seed2 ? 2 : 1;
    q->k = ostrec_index_songs(index);
    ostrec_results *res = run(db, index, q);
    char ids[256];
    if (strcmp(result_ids(res, ids, sizeof ids), want) != 0) fail_msg("%s: ids %s, expected %s", what, ids, want);
    ostrec_results_free(res);
    q->seeds = NULL;
}

/* Songs crediting several people (index_from_songs), scores falling with
 * the id from seed 1:
 *   1 D (seed)  2 AB  3 A  4 B  5 C  6 EB  7 D  8 -  9 -
 * One song per person: 2 takes A and B, which blocks 3 (A) and 4 (B); 5
 * takes C; 6 is blocked by B, though E is free; 7 takes D (the seed's own
 * person: a seed is not counted); 8 and 9 credit nobody, so no cap holds
 * them. Two per person: 2, 3 (A full), 4 (B full), 5, 7, 8, 9; 6 stays out.
 * Counting only a song's first person would let 4 in; blocking only by
 * its first person, 6. */
static void caps_count_every_person(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    static const char *const people[] = {"D", "AB", "A", "B", "C", "EB", "D", "", ""};
    ostrec_index *index = credited_index(db, people, 9, 2016);
    ostrec_query q = OSTREC_QUERY_INIT;
    expect_ids(db, index, &q, 1, 0, "2 3 4 5 6 7 8 9", "no cap (the worked example's order)");
    q.max_per_artist = 1;
    expect_ids(db, index, &q, 1, 0, "2 5 7 8 9", "one per person");
    q.diversity = 0.3; /* the pooled choice with diversity keeps the same songs out */
    q.k = 9;
    int64_t seed = 1;
    q.seeds = &seed;
    q.seed_count = 1;
    ostrec_results *res = run(db, index, &q);
    assert_int_equal(res->count, 5);
    for (size_t i = 0; i < res->count; i++) {
        int64_t id = res->items[i].id;
        if (id == 3 || id == 4 || id == 6) fail_msg("one per person, with diversity: song %lld let in", (long long)id);
    }
    ostrec_results_free(res);
    q.diversity = 0;
    q.max_per_artist = 2;
    expect_ids(db, index, &q, 1, 0, "2 3 4 5 7 8 9", "two per person");
    ostrec_index_free(index);

    /* A person named twice on a song is credited once, and counts once:
     * with two per person, 2 (A, A) and 3 (A) both come. */
    static const char *const twice[] = {"B", "AA", "A"};
    index = credited_index(db, twice, 3, 2016);
    const uint32_t *keys;
    assert_int_equal(index_credits(index, 1, &keys), 1);
    expect_ids(db, index, &q, 1, 0, "2 3", "two per person, A named twice on 2");
    ostrec_index_free(index);
    ostrec_close(db);
}

/* Excluding the seeds' artists leaves out every song crediting any of the
 * seeds' people:
 *   1 AB (seed)  2 A  3 B  4 C  5 CB  6 -  7 D  8 CDEFG
 * From 1: 2 (A), 3 (B) and 5 (B second) go; 4, 6, 7 and 8 stay. From 1 and
 * 8 (seven people between two seeds, more than one key per seed): only 6,
 * which credits nobody, stays. */
static void exclusion_takes_every_seed_person(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    static const char *const people[] = {"AB", "A", "B", "C", "CB", "", "D", "CDEFG"};
    ostrec_index *index = credited_index(db, people, 8, 2016);
    ostrec_query q = OSTREC_QUERY_INIT;
    expect_ids(db, index, &q, 1, 0, "2 3 4 5 6 7 8", "no exclusion");
    q.exclude_seed_artists = 1;
    expect_ids(db, index, &q, 1, 0, "4 6 7 8", "the people of seed 1 excluded");
    expect_ids(db, index, &q, 1, 8, "6", "the people of seeds 1 and 8 excluded");
    ostrec_index_free(index);
    ostrec_close(db);
}

/* The index reads the people from song_credits in credit order (not by
 * artist id), one key per artist id (-1 and 0 among them), none for a song
 * without credits:
 *   1 Stay With Me: Chanyeol (id -1), Punch (id 7)   2 Beautiful: Crush (id 0)
 *   3 Give You My Heart: nobody   4 Way Back Then: Jung Jae-il
 *   5 Sweet Night: V (id 30), Punch   6 Love, Maybe: Chanyeol
 * From song 1, its people excluded: 5 (Punch) and 6 (Chanyeol) go; 2, 3
 * (nobody's) and 4 stay. With artist texts for keys, as before, 6 (another
 * text) and 5 would have stayed. */
static void credits_from_the_catalog(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    credit_sql(db, "DELETE FROM song_credits; DELETE FROM artists;"
                   "INSERT INTO artists (id, name) VALUES (-1, 'Chanyeol'), (7, 'Punch'), (30, 'V'), "
                   "(0, 'Crush'), (21, 'Jung Jae-il');"
                   "INSERT INTO song_credits (song_id, position, artist_id) VALUES "
                   "(1, 1, 7), (1, 0, -1), (2, 0, 0), (4, 0, 21), (5, 1, 7), (5, 0, 30), (6, 0, -1)");
    ostrec_index *index = mini_default(db);
    assert_int_equal(index->artists, 5);
    assert_int_equal(index->credits, 7);
    const uint32_t *stay, *beautiful, *heart, *night, *maybe;
    assert_int_equal(index_credits(index, (size_t)index_find(index, 1), &stay), 2);
    assert_int_equal(index_credits(index, (size_t)index_find(index, 2), &beautiful), 1);
    assert_int_equal(index_credits(index, (size_t)index_find(index, 3), &heart), 0);
    assert_int_equal(index_credits(index, (size_t)index_find(index, 5), &night), 2);
    assert_int_equal(index_credits(index, (size_t)index_find(index, 6), &maybe), 1);
    assert_true(stay[0] != stay[1] && night[0] != night[1] && beautiful[0] != stay[0] && beautiful[0] != stay[1]);
    assert_int_equal(stay[1], night[1]); /* Punch, second on both */
    assert_int_equal(maybe[0], stay[0]);  /* Chanyeol (id -1) on 1 and 6 */
    assert_true(night[0] != stay[0] && night[0] != stay[1] && night[0] != beautiful[0]); /* V */

    ostrec_query q = OSTREC_QUERY_INIT;
    q.exclude_seed_artists = 1;
    int64_t seed = 1;
    q.seeds = &seed;
    q.seed_count = 1;
    q.k = 10;
    ostrec_results *res = run(db, index, &q);
    char ids[64];
    assert_int_equal(res->count, 3);
    for (size_t i = 0; i < res->count; i++)
        if (res->items[i].id == 5 || res->items[i].id == 6)
            fail_msg("the seed's people excluded: song %lld is still there (%s)", (long long)res->items[i].id,
                     result_ids(res, ids, sizeof ids));
    ostrec_results_free(res);
    ostrec_index_free(index);
    ostrec_close(db);
}

/* The soundtrack and artist groups, worked out on the mini catalog plus
 * two songs, with the shipped weights read from models/default.json:
 * against Stay With Me (Chanyeol;Punch, Goblin), Beautiful (Goblin) gains
 * w_soundtrack / W; song 8 crediting Punch and someone else gains
 * w_artist / W * 1 / sqrt(2 * 2); song 7 crediting Chanyeol alone
 * w_artist / W * 1 / sqrt(2 * 1); songs of neither get nothing. Each
 * result's terms add up to its score. */
static void soundtrack_and_people(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    char *path = temp_text(".csv", CSV_EXPORT_HEADER
                           "7,Solo,,Chanyeol,,D7,,2016,,no,rock,sad,male-solo,idol,test,,Chanyeol\n"
                           "8,Pair,,\"Punch, Zed\",,D8,,2016,,no,rock,sad,mixed-duet,vocalist,test,,Punch;Zed\n");
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    temp_remove(path);
    char *text = read_whole("../models/default.json");
    cJSON *root = cJSON_Parse(text), *groups = cJSON_GetObjectItemCaseSensitive(root, "groups"), *g;
    double total = 0, w_st = 0, w_ar = 0;
    cJSON_ArrayForEach(g, groups)
    {
        double w = cJSON_GetObjectItemCaseSensitive(g, "weight")->valuedouble;
        total += w;
        if (strcmp(g->string, "soundtrack") == 0) w_st = w;
        if (strcmp(g->string, "artist") == 0) w_ar = w;
    }
    cJSON_Delete(root);
    free(text);
    assert_true(w_st > 0 && w_ar > 0);
    ostrec_model *m = NULL;
    assert_int_equal(ostrec_model_load(db, NULL, &m), OSTREC_OK);
    ostrec_index *index = build_index(db, m);
    int64_t seed = 1;
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    ostrec_results *res = run(db, index, &q);
    assert_int_equal(res->count, 7);
    for (size_t i = 0; i < res->count; i++) {
        const ostrec_result *r = &res->items[i];
        double st = r->id == 2 ? w_st / total : 0;
        double ar = r->id == 8 ? w_ar / total / 2 : r->id == 7 ? w_ar / total / sqrt(2) : 0;
        if (fabs(r->terms[OSTREC_GROUP_SOUNDTRACK] - st) > 1e-9 || fabs(r->terms[OSTREC_GROUP_ARTIST] - ar) > 1e-9)
            fail_msg("song %lld: soundtrack %.9f (want %.9f), artist %.9f (want %.9f)", (long long)r->id,
                     r->terms[OSTREC_GROUP_SOUNDTRACK], st, r->terms[OSTREC_GROUP_ARTIST], ar);
        double sum = 0;
        for (int t = 0; t < OSTREC_GROUPS; t++) sum += r->terms[t];
        assert_true(fabs(sum - r->score) < 1e-12);
    }
    ostrec_results_free(res);
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

/* The era shift moves the results' years toward the target, on the shipped
 * catalog: "Stay With Me" (2016), shifted to 2024. */
static void era_shift_moves_years(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    assert_int_equal(ostrec_import(db, "../data/catalog.csv", OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    ostrec_index *index = mini_default(db);
    ostrec_song_list *found = NULL;
    assert_int_equal(ostrec_resolve(db, "Stay With Me", &found), OSTREC_OK);
    int64_t seed = found->items[0].id;
    ostrec_song_list_free(found);
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    q.k = 20;
    double before = 0, after = 0;
    ostrec_results *res = run(db, index, &q);
    for (size_t i = 0; i < res->count; i++) before += fabs(res->items[i].year - 2024.0) / (double)res->count;
    ostrec_results_free(res);
    q.shift_year = 2024;
    res = run(db, index, &q);
    for (size_t i = 0; i < res->count; i++) after += fabs(res->items[i].year - 2024.0) / (double)res->count;
    ostrec_results_free(res);
    if (!(after < before - 2)) fail_msg("mean distance to 2024: %.2f before, %.2f after the shift", before, after);
    ostrec_index_free(index);
    ostrec_close(db);
}

static void bad_queries(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_index *index = mini_default(db);
    int64_t seed = 1, missing = 99;
    ostrec_query q = OSTREC_QUERY_INIT;
    ostrec_results *res = (ostrec_results *)&q;
    assert_int_equal(ostrec_similar(db, index, &q, &res), OSTREC_EINVAL); /* no seed */
    assert_null(res);
    assert_non_null(strstr(ostrec_errmsg(db), "seeds"));
    q.seeds = &missing;
    q.seed_count = 1;
    assert_int_equal(ostrec_similar(db, index, &q, &res), OSTREC_ENOTFOUND);
    assert_non_null(strstr(ostrec_errmsg(db), "99"));
    q.seeds = &seed;
    q.diversity = 1.5;
    assert_int_equal(ostrec_similar(db, index, &q, &res), OSTREC_EINVAL);
    assert_non_null(strstr(ostrec_errmsg(db), "diversity"));
    q.diversity = 0;
    q.k = 0;
    assert_int_equal(ostrec_similar(db, index, &q, &res), OSTREC_EINVAL);
    q.k = 10;
    q.year_from = 2022;
    q.year_to = 2016;
    assert_int_equal(ostrec_similar(db, index, &q, &res), OSTREC_EINVAL);
    q.year_from = q.year_to = 0;
    q.version = 99;
    assert_int_equal(ostrec_similar(db, index, &q, &res), OSTREC_EINVAL);
    ostrec_index_free(index);
    ostrec_close(db);
}

static char *write_results(ostrec *db, const ostrec_index *index, const ostrec_query *q,
                           const ostrec_results *res, ostrec_results_format format)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(ostrec_results_write(db, index, q, res, format, f), OSTREC_OK);
    fclose(f);
    return buf;
}

/* The outputs name the songs; text needing escapes is escaped. */
static void output_formats(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_index *index = mini_default(db);
    int64_t seed = 3;
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    q.k = 5;
    ostrec_results *res = run(db, index, &q);
    char *json = write_results(db, index, &q, res, OSTREC_RESULTS_JSON);
    assert_non_null(strstr(json, "\"title\":\t\"Give You My Heart\"")); /* the seed, in the query */
    assert_non_null(strstr(json, "\"vocal_style\":"));
    char *csv = write_results(db, index, &q, res, OSTREC_RESULTS_CSV);
    assert_non_null(strstr(csv, "rank,id,title,artist,drama,year,score,genre,mood,era,vocal_style,artist_type"));
    assert_non_null(strstr(csv, ",\"Love, Maybe\",MeloMance,")); /* quoted: it has a comma */
    char *xspf = write_results(db, index, &q, res, OSTREC_RESULTS_XSPF);
    assert_non_null(strstr(xspf, "<creator>MeloMance</creator>"));
    assert_non_null(strstr(xspf, "<album>Business Proposal</album>"));
    assert_int_equal(ostrec_results_write(db, index, &q, res, (ostrec_results_format)9, stdout), OSTREC_EINVAL);
    free(json);
    free(csv);
    free(xspf);
    ostrec_results_free(res);
    ostrec_index_free(index);
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worked_example_categorical),
        cmocka_unit_test(worked_example_mood_plane),
        cmocka_unit_test(worked_example_era),
        cmocka_unit_test(two_seeds_average),
        cmocka_unit_test(filters),
        cmocka_unit_test(artist_exclusion_and_caps),
        cmocka_unit_test(caps_count_every_person),
        cmocka_unit_test(exclusion_takes_every_seed_person),
        cmocka_unit_test(credits_from_the_catalog),
        cmocka_unit_test(soundtrack_and_people),
        cmocka_unit_test(negatives_keep_what_seeds_share),
        cmocka_unit_test(era_shift_moves_years),
        cmocka_unit_test(bad_queries),
        cmocka_unit_test(output_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
