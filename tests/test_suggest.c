/* test_suggest.c: edit distance, with distances counted by hand, and the
 * banded distance with a cut-off checked against the plain one. */
#include "helpers.h"

size_t edit_distance(const char *a, const char *b);
size_t edit_distance_within(const char *a, size_t n, const char *b, size_t m, size_t max);

static size_t within(const char *a, const char *b, size_t max)
{
    return edit_distance_within(a, strlen(a), b, strlen(b), max);
}

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

/* The same worked examples under a cut-off: the distance when it is within
 * the bound, and max + 1 (meaning "farther") when it is not. */
static void banded_worked_examples(void **state)
{
    (void)state;
    assert_int_equal(within("kitten", "sitting", 3), 3);
    assert_int_equal(within("kitten", "sitting", 10), 3);
    assert_int_equal(within("kitten", "sitting", 2), 3); /* 3 > 2: max + 1 */
    assert_int_equal(within("kitten", "sitting", 0), 1);
    assert_int_equal(within("Goblin", "gOBLIN", 0), 0);
    assert_int_equal(within("", "", 0), 0);
    assert_int_equal(within("", "sad", 3), 3);
    assert_int_equal(within("", "sad", 2), 3);
    assert_int_equal(within("sad", "", 1), 2);
    /* Stay With Mee -> Stay With Me: one deletion. */
    assert_int_equal(within("Stay With Mee", "Stay With Me", 8), 1);
    /* abcdef -> azcdxf: two substitutions; the lengths differ by 0, but a
     * band of 1 cannot hold two edits. */
    assert_int_equal(within("abcdef", "azcdxf", 2), 2);
    assert_int_equal(within("abcdef", "azcdxf", 1), 2);
    /* Lengths 3 and 9 differ by 6: at least 6 edits, whatever the band. */
    assert_int_equal(within("abc", "abcdefghi", 6), 6);
    assert_int_equal(within("abc", "abcdefghi", 5), 6);
    /* xyz...: every character differs, nothing is shared. */
    assert_int_equal(within("xyzxyz", "abcabc", 6), 6);
    assert_int_equal(within("xyzxyz", "abcabc", 4), 5);
}

/* Random strings over a small alphabet (so near pairs are common): within
 * the bound the banded distance equals the plain one exactly; beyond it, it
 * says so by returning max + 1. */
static void banded_matches_plain(void **state)
{
    (void)state;
    unsigned long seed = 12345;
    char a[24], b[24];
    for (int trial = 0; trial < 4000; trial++) {
        char *s[2] = {a, b};
        for (int k = 0; k < 2; k++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            size_t len = (seed >> 33) % 16;
            for (size_t i = 0; i < len; i++) {
                seed = seed * 6364136223846793005UL + 1442695040888963407UL;
                s[k][i] = "abcAB"[(seed >> 33) % 5];
            }
            s[k][len] = '\0';
        }
        size_t d = edit_distance(a, b);
        for (size_t max = 0; max <= 17; max++) {
            size_t got = within(a, b, max);
            if (d <= max ? got != d : got != max + 1)
                fail_msg("'%s' '%s' max %zu: banded %zu, plain %zu", a, b, max, got, d);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(distances), cmocka_unit_test(banded_worked_examples),
                                       cmocka_unit_test(banded_matches_plain)};
    return cmocka_run_group_tests_name("suggest", tests, NULL, NULL);
}
