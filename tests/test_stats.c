/* test_stats.c: counts over the catalog, checked against the mini fixture
 * counted by hand: 6 songs, 5 dramas (Goblin twice), 1 instrumental; years
 * 2016, 2016, 2019 in the 2015-2019 era and 2021, 2020, 2022 in 2020-2025;
 * "ballad" on songs 1, 2, 3, 6; "romantic" on 2, 3, 6; two idol artists;
 * 7 credited artists (Chanyeol and Punch two of them); one Korean title
 * (마음을 드려요), none romanized. */
#include "helpers.h"

static size_t term_count(ostrec *db, const ostrec_stats *st, ostrec_vocab_kind kind, const char *id)
{
    for (size_t i = 0; i < ostrec_vocab_count(db, kind); i++)
        if (strcmp(ostrec_vocab_term(db, kind, i)->id, id) == 0) return st->term_songs[kind][i];
    fail_msg("no word %s", id);
    return 0;
}

static void counts_mini(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_stats *st = NULL;
    assert_int_equal(ostrec_stats_get(db, &st), OSTREC_OK);
    assert_int_equal(st->songs, 6);
    assert_int_equal(st->dramas, 5);
    assert_int_equal(st->artists, 7);
    assert_int_equal(st->titles_ko, 1);
    assert_int_equal(st->titles_romanized, 0);
    assert_int_equal(st->instrumental, 1);
    assert_int_equal(st->year_min, 2016);
    assert_int_equal(st->year_max, 2022);
    assert_int_equal(st->era_songs[0], 0);
    assert_int_equal(st->era_songs[1], 3);
    assert_int_equal(st->era_songs[2], 3);
    assert_int_equal(term_count(db, st, OSTREC_VOCAB_GENRES, "ballad"), 4);
    assert_int_equal(term_count(db, st, OSTREC_VOCAB_MOODS, "romantic"), 3);
    assert_int_equal(term_count(db, st, OSTREC_VOCAB_MOODS, "heartbroken"), 0);
    assert_int_equal(term_count(db, st, OSTREC_VOCAB_ARTIST_TYPES, "idol"), 2);
    assert_int_equal(term_count(db, st, OSTREC_VOCAB_VOCAL_STYLES, "instrumental"), 1);
    ostrec_stats_free(st);
    ostrec_stats_free(NULL);
    ostrec_close(db);
}

static void empty_catalog(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    ostrec_stats *st = NULL;
    assert_int_equal(ostrec_stats_get(db, &st), OSTREC_OK);
    assert_int_equal(st->songs, 0);
    assert_int_equal(st->year_min, 0);
    ostrec_stats_free(st);
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(counts_mini), cmocka_unit_test(empty_catalog)};
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
