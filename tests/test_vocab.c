/* test_vocab.c: the vocabulary file: the shipped one loads with every word the
 * catalog needs, and broken files are refused with the field named. */
#include "helpers.h"

/* Open an in-memory catalog with the vocabulary file at `path`. */
static int open_with_vocab(ostrec **db, const char *path)
{
    ostrec_open_options options = OSTREC_OPEN_INIT;
    options.vocab_path = path;
    return ostrec_open(db, ":memory:", &options);
}

static const char *const required_moods[] = {
    "calm", "cheerful", "playful", "romantic", "tender", "warm", "hopeful", "triumphant", "epic", "passionate",
    "tense", "eerie", "mysterious", "dreamy", "nostalgic", "bittersweet", "longing", "melancholic", "sad",
    "lonely", "heartbroken", "comforting"};

static void shipped_vocabulary(void **state)
{
    (void)state;
    ostrec *db = NULL;
    assert_int_equal(open_with_vocab(&db, "../models/vocab.json"), OSTREC_OK);
    for (size_t i = 0; i < sizeof required_moods / sizeof required_moods[0]; i++) {
        const ostrec_term *t = ostrec_vocab_find(db, OSTREC_VOCAB_MOODS, required_moods[i]);
        if (t == NULL) fail_msg("mood '%s' missing", required_moods[i]);
        assert_true(t->valence >= -1 && t->valence <= 1 && t->arousal >= -1 && t->arousal <= 1);
        assert_non_null(t->ko);
    }
    /* Korean names find their mood. */
    const ostrec_term *t = ostrec_vocab_find(db, OSTREC_VOCAB_MOODS, "설레는");
    assert_non_null(t);
    assert_string_equal(t->id, "fluttering");
    /* The circumplex places sad unpleasant and triumphant pleasant and aroused. */
    assert_true(ostrec_vocab_find(db, OSTREC_VOCAB_MOODS, "sad")->valence < 0);
    const ostrec_term *tri = ostrec_vocab_find(db, OSTREC_VOCAB_MOODS, "triumphant");
    assert_true(tri->valence > 0 && tri->arousal > 0);
    assert_null(ostrec_vocab_term(db, OSTREC_VOCAB_GENRES, ostrec_vocab_count(db, OSTREC_VOCAB_GENRES)));
    assert_int_equal(ostrec_era_count(db), 3);
    assert_int_equal(ostrec_era_at(db, 0)->from, 2009);
    assert_int_equal(ostrec_era_at(db, 2)->to, 2025);
    ostrec_close(db);
}

/* The built-in copy is the same file as models/vocab.json. */
static void builtin_matches_file(void **state)
{
    (void)state;
    ostrec *a = open_memory(), *b = NULL;
    assert_int_equal(open_with_vocab(&b, "../models/vocab.json"), OSTREC_OK);
    for (int k = 0; k < OSTREC_VOCAB_KINDS; k++) {
        assert_int_equal(ostrec_vocab_count(a, (ostrec_vocab_kind)k), ostrec_vocab_count(b, (ostrec_vocab_kind)k));
        for (size_t i = 0; i < ostrec_vocab_count(a, (ostrec_vocab_kind)k); i++)
            assert_string_equal(ostrec_vocab_term(a, (ostrec_vocab_kind)k, i)->id,
                                ostrec_vocab_term(b, (ostrec_vocab_kind)k, i)->id);
    }
    ostrec_close(a);
    ostrec_close(b);
}

/* Open with a vocabulary text; expect failure whose message contains `want`. */
static void expect_refused(const char *json, const char *want)
{
    char *path = temp_text(".json", json);
    ostrec *db = NULL;
    int rc = open_with_vocab(&db, path);
    assert_int_equal(rc, OSTREC_EDATA);
    if (strstr(ostrec_errmsg(db), want) == NULL) fail_msg("message '%s' lacks '%s'", ostrec_errmsg(db), want);
    ostrec_close(db);
    temp_remove(path);
}

#define KINDS_OK                                                                              \
    "\"genres\":[{\"id\":\"ballad\"}],\"vocal_styles\":[{\"id\":\"female-solo\"}],"          \
    "\"artist_types\":[{\"id\":\"idol\"}]"

static void broken_files(void **state)
{
    (void)state;
    expect_refused("not json", "not a JSON object");
    expect_refused("{" KINDS_OK "}", "moods: expected a non-empty array");
    expect_refused("{" KINDS_OK ",\"moods\":[{\"id\":\"sad\",\"valence\":-0.7,\"arousal\":-0.3}]}", "moods[0].ko");
    expect_refused("{" KINDS_OK ",\"moods\":[{\"id\":\"sad\",\"ko\":\"슬픈\",\"valence\":-1.5,\"arousal\":0}]}",
                   "moods[0].valence: expected a number in [-1, 1]");
    expect_refused("{" KINDS_OK ",\"moods\":[{\"id\":\"Sad Song\",\"ko\":\"슬픈\",\"valence\":0,\"arousal\":0}]}",
                   "moods[0].id");
    expect_refused("{" KINDS_OK ",\"moods\":[{\"id\":\"sad\",\"ko\":\"a\",\"valence\":0,\"arousal\":0},"
                   "{\"id\":\"sad\",\"ko\":\"b\",\"valence\":0,\"arousal\":0}]}",
                   "'sad' appears twice");
}

static void missing_file(void **state)
{
    (void)state;
    ostrec *db = NULL;
    assert_int_equal(open_with_vocab(&db, "/nonexistent/vocab.json"), OSTREC_EIO);
    assert_non_null(strstr(ostrec_errmsg(db), "/nonexistent/vocab.json"));
    ostrec_close(db);
    ostrec_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(shipped_vocabulary), cmocka_unit_test(builtin_matches_file),
                                       cmocka_unit_test(broken_files), cmocka_unit_test(missing_file)};
    return cmocka_run_group_tests_name("vocab", tests, NULL, NULL);
}
