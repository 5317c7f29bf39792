/* test_model.c: the model file is checked field by field, and the index it
 * builds has the promised layout: blocks of the vocabularies' sizes, unit
 * rows, and each block's length sqrt(w_g / sum w). */
#include "model_helpers.h"

#include <cjson/cJSON.h>
#include <math.h>

static void default_model_loads(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    ostrec_model *builtin = NULL, *file = NULL;
    assert_int_equal(ostrec_model_load(db, NULL, &builtin), OSTREC_OK);
    assert_int_equal(ostrec_model_load(db, "../models/default.json", &file), OSTREC_OK);
    assert_string_equal(ostrec_model_name(builtin), "default");
    /* The weights of models/default.json, read here with cJSON, are the
     * built-in copy's and the file's, group by group. */
    char *text = read_whole("../models/default.json");
    cJSON *root = cJSON_Parse(text), *groups = cJSON_GetObjectItemCaseSensitive(root, "groups");
    assert_non_null(groups);
    for (int g = 0; g < OSTREC_GROUPS; g++) {
        cJSON *group = cJSON_GetObjectItemCaseSensitive(groups, ostrec_group_name((ostrec_group)g));
        cJSON *w = group ? cJSON_GetObjectItemCaseSensitive(group, "weight") : NULL;
        assert_non_null(w);
        assert_true(ostrec_model_weight(builtin, (ostrec_group)g) == w->valuedouble);
        assert_true(ostrec_model_weight(file, (ostrec_group)g) == w->valuedouble);
    }
    cJSON_Delete(root);
    free(text);
    /* A model from before the soundtrack and artist groups loads, without them. */
    ostrec_model *before = NULL;
    assert_int_equal(ostrec_model_load(db, "../models/before.json", &before), OSTREC_OK);
    assert_true(ostrec_model_weight(before, OSTREC_GROUP_ERA) == 0.75);
    assert_true(ostrec_model_weight(before, OSTREC_GROUP_SOUNDTRACK) == 0);
    assert_true(ostrec_model_weight(before, OSTREC_GROUP_ARTIST) == 0);
    ostrec_model_free(before);
    assert_string_equal(ostrec_group_name(OSTREC_GROUP_VOCAL_STYLE), "vocal_style");
    assert_null(ostrec_group_name(OSTREC_GROUPS));
    ostrec_model_free(builtin);
    ostrec_model_free(file);
    ostrec_model_free(NULL);
    ostrec_close(db);
}

/* Replace the first `from` in the even model's JSON with `to`, load it and
 * expect a refusal whose message contains `want`. */
static void expect_refused(const char *from, const char *to, const char *want)
{
    model_params p = MODEL_PARAMS_EVEN;
    char *json = model_json(&p);
    char *at = strstr(json, from);
    if (at == NULL) fail_msg("'%s' not in the model text", from);
    char edited[1200];
    snprintf(edited, sizeof edited, "%.*s%s%s", (int)(at - json), json, to, at + strlen(from));
    ostrec *db = open_memory();
    ostrec_model *m = (ostrec_model *)&p; /* must be reset to NULL */
    int rc = load_model_text(db, edited, &m);
    assert_int_equal(rc, OSTREC_EDATA);
    assert_null(m);
    if (strstr(ostrec_errmsg(db), want) == NULL) fail_msg("message '%s' lacks '%s'", ostrec_errmsg(db), want);
    free(json);
    ostrec_close(db);
}

static void bad_models_refused(void **state)
{
    (void)state;
    expect_refused("\"genre\":", "\"tempo\": {\"weight\": 1}, \"genre\":", "groups.tempo: unknown group");
    expect_refused("\"weight\": 1, \"from\"", "\"weight\": -0.5, \"from\"", "groups.era.weight: must not be negative");
    expect_refused("\"vocabulary\": \"genres\",", "", "groups.genre.vocabulary: missing");
    expect_refused("\"vocabulary\": \"moods\"", "\"vocabulary\": \"feelings\"", "groups.mood.vocabulary: expected \"moods\"");
    expect_refused("\"tag_share\": 0.5", "\"tag_share\": 1.5", "groups.mood.tag_share: expected a number in [0, 1]");
    expect_refused("\"grid\": 7", "\"grid\": 7.5", "groups.mood.grid: expected a whole number");
    expect_refused("\"step\": 1,", "\"step\": 1, \"colour\": 3,", "groups.era.colour: unknown field");
    expect_refused("\"to\": 2030", "\"to\": 2001", "groups.era.to: must be after");
    expect_refused("\"name\": \"test\",", "", "name: expected a string");
    expect_refused("{\"name\"", "[{\"name\"", "not valid JSON");
    expect_refused("\"artist_type\": {\"vocabulary\": \"artist-types\", \"weight\": 1}", "\"x\": 1",
                   "groups.x: unknown group");
    expect_refused("\"artist_type\": {\"vocabulary\": \"artist-types\", \"weight\": 1}",
                   "\"artist_type\": {\"vocabulary\": \"artist-types\"}", "groups.artist_type.weight: missing");
}

static void missing_group_and_zero_weights_refused(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    ostrec_model *m = NULL;
    model_params zero = {0, 0, 0, 0, 0, 0.5, 0.35, 7, 2005, 2030, 1, 3};
    char *json = model_json(&zero);
    assert_int_equal(load_model_text(db, json, &m), OSTREC_EDATA);
    assert_non_null(strstr(ostrec_errmsg(db), "at least one weight"));
    free(json);
    assert_int_equal(load_model_text(db, "{\"name\": \"x\", \"groups\": {}}", &m), OSTREC_EDATA);
    assert_non_null(strstr(ostrec_errmsg(db), "groups.genre: missing"));
    assert_int_equal(ostrec_model_load(db, "no/such/model.json", &m), OSTREC_EIO);
    assert_null(m);
    ostrec_close(db);
}

/* The layout: genre 14, mood 24 tags + 7x7 grid, era 2005..2030 = 26,
 * vocal 9, artist type 8 (models/vocab.json) = 130 columns. */
static void index_layout(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_model *m = NULL;
    assert_int_equal(ostrec_model_load(db, NULL, &m), OSTREC_OK);
    ostrec_index *index = build_index(db, m);
    ostrec_model_free(m); /* the index keeps its own copy */
    assert_int_equal(ostrec_index_songs(index), 6);
    assert_int_equal(ostrec_index_dimension(index), 130);
    assert_string_equal(ostrec_index_column(index, 0), "genre:ballad");
    assert_string_equal(ostrec_index_column(index, 14), "mood:calm");
    assert_string_equal(ostrec_index_column(index, 38), "mood_va:-1.00/-1.00");
    assert_string_equal(ostrec_index_column(index, 86), "mood_va:1.00/1.00");
    assert_string_equal(ostrec_index_column(index, 87), "era:2005");
    assert_string_equal(ostrec_index_column(index, 112), "era:2030");
    assert_string_equal(ostrec_index_column(index, 113), "vocal_style:female-solo");
    assert_string_equal(ostrec_index_column(index, 129), "artist_type:international");
    assert_null(ostrec_index_column(index, 130));
    ostrec_index_free(index);
    ostrec_index_free(NULL);
    ostrec_close(db);
}

/* Read the vectors back from the CSV output and check each row's block
 * lengths: block g has length sqrt(w_g / sum w), so rows have length 1. */
static void rows_have_block_lengths(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    model_params p = {2, 3, 1, 0.5, 1.5, 0.5, 0.35, 7, 2005, 2030, 1, 3};
    ostrec_model *m = load_model_params(db, &p);
    ostrec_index *index = build_index(db, m);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(ostrec_index_write_vectors(db, index, f, OSTREC_FORMAT_CSV), OSTREC_OK);
    fclose(f);
    const double weights[OSTREC_GROUPS] = {2, 3, 1, 0.5, 1.5}; /* sum 8 */
    const size_t starts[OSTREC_GROUPS + 1] = {0, 14, 87, 113, 122, 130};
    char *line = strchr(buf, '\n') + 1; /* skip the header */
    size_t rows = 0;
    for (; *line; line = strchr(line, '\n') + 1, rows++) {
        char *p_ = line;
        long long id = strtoll(p_, &p_, 10);
        assert_int_equal(id, (long long)rows + 1);
        double sums[OSTREC_GROUPS] = {0};
        for (size_t j = 0; j < 130; j++) {
            assert_int_equal(*p_, ',');
            double x = strtod(p_ + 1, &p_);
            int g = 0;
            while (j >= starts[g + 1]) g++;
            sums[g] += x * x;
        }
        assert_int_equal(*p_, '\n');
        for (int g = 0; g < OSTREC_GROUPS; g++) assert_true(fabs(sqrt(sums[g]) - sqrt(weights[g] / 8)) < 1e-6);
    }
    assert_int_equal(rows, 6);
    free(buf);
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(db);
}

/* The model's view of a song: Stay With Me is longing (-0.3, -0.05) and
 * mysterious (-0.05, 0.25), so it sits at (-0.175, 0.1); 2016 is "blend". */
static void mood_point_and_era(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_song_get(db, 1, &list), OSTREC_OK);
    double v, a;
    assert_int_equal(ostrec_song_mood_point(db, &list->items[0], &v, &a), OSTREC_OK);
    assert_true(fabs(v + 0.175) < 1e-12 && fabs(a - 0.1) < 1e-12);
    assert_string_equal(ostrec_era_of_year(db, 2016)->id, "blend");
    assert_string_equal(ostrec_era_of_year(db, 2014)->id, "rise");
    assert_null(ostrec_era_of_year(db, 1999));
    ostrec_song_list_free(list);
    ostrec_close(db);
}

/* The mood term of song a against song b under a model of the mood group
 * alone with tags only (tag_share 1): the cosine of their tag vectors. */
static double mood_cosine(ostrec *db, double tag_width, double tag_decay, const char *moods_a, const char *moods_b)
{
    char json[1024], csv[512];
    snprintf(json, sizeof json,
             "{\"name\": \"t\", \"groups\": {\"genre\": {\"vocabulary\": \"genres\", \"weight\": 0},"
             "\"mood\": {\"vocabulary\": \"moods\", \"weight\": 1, \"tag_share\": 1, \"grid\": 7, \"width\": 0.35,"
             "\"tag_width\": %g, \"tag_decay\": %g},"
             "\"era\": {\"weight\": 0, \"from\": 2005, \"to\": 2030, \"step\": 1, \"width\": 3},"
             "\"vocal_style\": {\"vocabulary\": \"vocal-styles\", \"weight\": 0},"
             "\"artist_type\": {\"vocabulary\": \"artist-types\", \"weight\": 0}}}",
             tag_width, tag_decay);
    snprintf(csv, sizeof csv, CSV_HEADER "1,A,,X,,D,,2016,,no,ballad,%s,male-solo,idol,s\n2,B,,Y,,E,,2016,,no,ballad,%s,male-solo,idol,s\n",
             moods_a, moods_b);
    ostrec *mem = open_memory();
    char *path = temp_text(".csv", csv);
    assert_int_equal(ostrec_import(mem, path, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    temp_remove(path);
    ostrec_model *m = NULL;
    if (load_model_text(mem, json, &m) != OSTREC_OK) fail_msg("model: %s", ostrec_errmsg(mem));
    ostrec_index *index = build_index(mem, m);
    ostrec_query q = OSTREC_QUERY_INIT;
    int64_t seed = 1;
    q.seeds = &seed;
    q.seed_count = 1;
    ostrec_results *res = NULL;
    assert_int_equal(ostrec_similar(mem, index, &q, &res), OSTREC_OK);
    assert_int_equal(res->count, 1);
    double cos = res->items[0].terms[OSTREC_GROUP_MOOD];
    ostrec_results_free(res);
    ostrec_index_free(index);
    ostrec_model_free(m);
    ostrec_close(mem);
    (void)db;
    return cos;
}

/* A mood as a profile: with tag_width w each tag credits every word by
 * exp(-d^2 / (2 w^2)) of its distance on the plane, so heartbroken
 * (-0.75, +0.15) and longing (-0.30, -0.05) share something; with width 0
 * nothing. The i-th tag weighs decay^i: sad;calm against calm;sad is
 * 2d / (1 + d^2). Expected values computed here from the vocabulary's
 * coordinates, not from the library's encoder. */
static void mood_profile(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    assert_true(fabs(mood_cosine(db, 0, 1, "heartbroken", "longing")) < 1e-12);
    double w = 0.3;
    size_t n = ostrec_vocab_count(db, OSTREC_VOCAB_MOODS);
    const ostrec_term *h = ostrec_vocab_find(db, OSTREC_VOCAB_MOODS, "heartbroken");
    const ostrec_term *l = ostrec_vocab_find(db, OSTREC_VOCAB_MOODS, "longing");
    double hh = 0, ll = 0, hl = 0;
    for (size_t j = 0; j < n; j++) {
        const ostrec_term *t = ostrec_vocab_term(db, OSTREC_VOCAB_MOODS, j);
        double kh = exp(-(pow(t->valence - h->valence, 2) + pow(t->arousal - h->arousal, 2)) / (2 * w * w));
        double kl = exp(-(pow(t->valence - l->valence, 2) + pow(t->arousal - l->arousal, 2)) / (2 * w * w));
        hh += kh * kh;
        ll += kl * kl;
        hl += kh * kl;
    }
    double want = hl / sqrt(hh * ll);
    assert_true(want > 0.1);
    assert_true(fabs(mood_cosine(db, w, 1, "heartbroken", "longing") - want) < 1e-6);
    double d = 0.6;
    assert_true(fabs(mood_cosine(db, 0, d, "sad;calm", "calm;sad") - 2 * d / (1 + d * d)) < 1e-6);
    assert_true(fabs(mood_cosine(db, 0, 1, "sad;calm", "calm;sad") - 1) < 1e-6);
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_model_loads),
        cmocka_unit_test(bad_models_refused),
        cmocka_unit_test(missing_group_and_zero_weights_refused),
        cmocka_unit_test(index_layout),
        cmocka_unit_test(rows_have_block_lengths),
        cmocka_unit_test(mood_point_and_era),
        cmocka_unit_test(mood_profile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
