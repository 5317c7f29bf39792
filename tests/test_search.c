/* test_search.c: full-text search (any part of a word, English and Korean)
 * and resolving a song the way a user names it. Expected ids are read off
 * tests/fixtures/mini.csv by hand. */
#include "helpers.h"

/* Search and compare the ids found with `want` (in order). */
static void expect_ids(ostrec *db, const char *text, const int64_t *want, size_t n)
{
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_search(db, text, 0, &list), OSTREC_OK);
    if (list->count != n) fail_msg("'%s': %zu songs, expected %zu", text, list->count, n);
    for (size_t i = 0; i < n; i++) assert_int_equal(list->items[i].id, want[i]);
    ostrec_song_list_free(list);
}

#define EXPECT(db, text, ...)                                   \
    do {                                                        \
        static const int64_t want_[] = {__VA_ARGS__};           \
        expect_ids(db, text, want_, sizeof want_ / sizeof *want_); \
    } while (0)

static void finds_parts_of_words(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    EXPECT(db, "goblin", 1, 2);       /* drama, English, case-insensitive */
    EXPECT(db, "도깨비", 1, 2);       /* drama, Korean */
    EXPECT(db, "stay with", 1);       /* part of a title, two words */
    EXPECT(db, "gob crush", 2);       /* every word must match */
    EXPECT(db, "IU", 3);              /* a two-letter artist */
    EXPECT(db, "마음을", 3);          /* Korean title */
    EXPECT(db, "정재일", 4);          /* Korean artist */
    EXPECT(db, "maybe", 6);
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_search(db, "nothing like this", 0, &list), OSTREC_OK);
    assert_int_equal(list->count, 0);
    ostrec_song_list_free(list);
    ostrec_close(db);
}

static void exact_title_first_and_limit(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    /* "beautiful" is in song 2's title (exact) only. */
    EXPECT(db, "Beautiful", 2);
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_search(db, "goblin", 1, &list), OSTREC_OK);
    assert_int_equal(list->count, 1);
    ostrec_song_list_free(list);
    ostrec_close(db);
}

/* Every word counts, the ninth and the sixty-fourth too; more than 64 words
 * is refused, not cut. */
static void every_word_counts(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_song_list *list = NULL;
    EXPECT(db, "stay with me stay with me stay with me", 1);
    assert_int_equal(ostrec_search(db, "stay stay stay stay stay stay stay stay nothing", 0, &list), OSTREC_OK);
    assert_int_equal(list->count, 0);
    ostrec_song_list_free(list);
    char text[64 * 5 + 16] = "";
    for (int i = 0; i < 63; i++) strcat(text, "stay ");
    strcat(text, "me");
    EXPECT(db, text, 1);
    strcat(text, " x");
    assert_int_equal(ostrec_search(db, text, 0, &list), OSTREC_EINVAL);
    assert_null(list);
    assert_non_null(strstr(ostrec_errmsg(db), "at most 64 words, found 65"));
    ostrec_close(db);
}

static void hostile_search_text(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_song_list *list = NULL;
    /* FTS5 syntax and SQL are just text to look for. */
    const char *texts[] = {"'); DROP TABLE songs;--", "\"unbalanced", "a OR b", "NEAR(x y)", "100%", "_", "*"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        assert_int_equal(ostrec_search(db, texts[i], 0, &list), OSTREC_OK);
        assert_int_equal(list->count, 0);
        ostrec_song_list_free(list);
    }
    assert_int_equal(ostrec_search(db, "   ", 0, &list), OSTREC_EINVAL);
    assert_null(list);
    assert_int_equal(ostrec_search(db, "\xff\xfe", 0, &list), OSTREC_EINVAL);
    EXPECT(db, "goblin", 1, 2); /* the catalog is intact */
    ostrec_close(db);
}

static void resolve_by_id_title_artist(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_resolve(db, "4", &list), OSTREC_OK);
    assert_string_equal(list->items[0].title, "Way Back Then");
    ostrec_song_list_free(list);
    assert_int_equal(ostrec_resolve(db, "stay with me", &list), OSTREC_OK);
    assert_int_equal(list->items[0].id, 1);
    ostrec_song_list_free(list);
    assert_int_equal(ostrec_resolve(db, "마음을 드려요", &list), OSTREC_OK);
    assert_int_equal(list->items[0].id, 3);
    ostrec_song_list_free(list);
    assert_int_equal(ostrec_resolve(db, "Love, Maybe / melomance", &list), OSTREC_OK);
    assert_int_equal(list->items[0].id, 6);
    ostrec_song_list_free(list);
    ostrec_close(db);
}

static void resolve_ambiguous_and_missing(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_song_list *list = NULL;
    char *path = temp_text(".csv", CSV_HEADER "7,Beautiful,,Someone Else,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n");
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    temp_remove(path);

    assert_int_equal(ostrec_resolve(db, "beautiful", &list), OSTREC_EAMBIGUOUS);
    assert_int_equal(list->count, 2);
    assert_int_equal(list->items[0].id, 2);
    assert_int_equal(list->items[1].id, 7);
    ostrec_song_list_free(list);
    assert_int_equal(ostrec_resolve(db, "Beautiful / Crush", &list), OSTREC_OK);
    assert_int_equal(list->items[0].id, 2);
    ostrec_song_list_free(list);

    /* "Stay With Mee" is one edit from "Stay With Me": suggested first. */
    assert_int_equal(ostrec_resolve(db, "Stay With Mee", &list), OSTREC_ENOTFOUND);
    assert_true(list->count >= 1);
    assert_int_equal(list->items[0].id, 1);
    assert_non_null(strstr(ostrec_errmsg(db), "Stay With Mee"));
    ostrec_song_list_free(list);
    /* An id that is not there, and nothing near it. */
    assert_int_equal(ostrec_resolve(db, "999", &list), OSTREC_ENOTFOUND);
    ostrec_song_list_free(list);
    assert_int_equal(ostrec_resolve(db, "", &list), OSTREC_EINVAL);
    ostrec_song_list_free(list);
    ostrec_close(db);
}

/* A 100,000-character name is answered: not found, with no suggestion (no
 * title is within len / 2 + 2 edits of it), and a near one still gets its
 * suggestion. */
static void resolve_long_name(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    size_t n = 100000;
    char *spec = malloc(n + 1);
    assert_non_null(spec);
    memset(spec, 'x', n);
    spec[n] = '\0';
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_resolve(db, spec, &list), OSTREC_ENOTFOUND);
    assert_non_null(list);
    assert_int_equal(list->count, 0);
    ostrec_song_list_free(list);
    /* "Stay With Me" and 38 more characters: 38 edits, within 50 / 2 + 2? No. */
    memcpy(spec, "Stay With Me", 12);
    spec[50] = '\0';
    assert_int_equal(ostrec_resolve(db, spec, &list), OSTREC_ENOTFOUND);
    assert_int_equal(list->count, 0);
    ostrec_song_list_free(list);
    /* "Stay With Me" and 8 more: 8 edits, within 20 / 2 + 2 = 12. */
    spec[20] = '\0';
    assert_int_equal(ostrec_resolve(db, spec, &list), OSTREC_ENOTFOUND);
    assert_true(list->count >= 1);
    assert_int_equal(list->items[0].id, 1);
    ostrec_song_list_free(list);
    free(spec);
    ostrec_close(db);
}

/* A number too big for an id is not an id: it does not saturate to the
 * largest id (strtoll's ERANGE) and name that song. */
static void resolve_id_out_of_range(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    char *path = temp_text(".csv", CSV_HEADER "9223372036854775807,Max,,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n");
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    temp_remove(path);
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_resolve(db, "9223372036854775807", &list), OSTREC_OK);
    assert_string_equal(list->items[0].title, "Max");
    ostrec_song_list_free(list);
    assert_int_equal(ostrec_resolve(db, "9223372036854775808", &list), OSTREC_ENOTFOUND);
    ostrec_song_list_free(list);
    assert_int_equal(ostrec_resolve(db, "99999999999999999999999", &list), OSTREC_ENOTFOUND);
    ostrec_song_list_free(list);
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(finds_parts_of_words), cmocka_unit_test(exact_title_first_and_limit),
                                       cmocka_unit_test(hostile_search_text), cmocka_unit_test(every_word_counts), cmocka_unit_test(resolve_by_id_title_artist),
                                       cmocka_unit_test(resolve_ambiguous_and_missing),
                                       cmocka_unit_test(resolve_long_name), cmocka_unit_test(resolve_id_out_of_range)};
    return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
