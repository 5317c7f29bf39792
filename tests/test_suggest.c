/* test_suggest.c: edit distance, with distances counted by hand. */
#include "helpers.h"

size_t edit_distance(const char *a, const char *b);

static void distances(void **state)
{
    (void)state;
    assert_int_equal(edit_distance("", ""), 0);
    assert_int_equal(edit_distance("", "sad"), 3);
    /* kitten -> sitten (substitute) -> sittin (substitute) -> sitting (insert) */
    assert_int_equal(edit_distance("kitten", "sitting"), 3);
    /* ASCII case does not count. */
    assert_int_equal(edit_distance("Goblin", "gOBLIN"), 0);
    /* melancolic -> melancholic: one insertion. */
    assert_int_equal(edit_distance("melancolic", "melancholic"), 1);
    /* romantik -> romantic: one substitution. */
    assert_int_equal(edit_distance("romantik", "romantic"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(distances)};
    return cmocka_run_group_tests_name("suggest", tests, NULL, NULL);
}
