/* test_utf8.c: the UTF-8 validator, on sequences worked out byte by byte. */
#include "helpers.h"

size_t utf8_invalid_at(const char *s, size_t n);

static void valid_text(void **state)
{
    (void)state;
    assert_int_equal(utf8_invalid_at("", 0), 0);
    assert_int_equal(utf8_invalid_at("Goblin", 6), 0);
    /* 도깨비: three 3-byte Hangul syllables, EB 8F 84 / EA B9 A8 / EB B9 84. */
    assert_int_equal(utf8_invalid_at("\xEB\x8F\x84\xEA\xB9\xA8\xEB\xB9\x84", 9), 0);
    /* U+1F3B5 (a musical note emoji), 4 bytes F0 9F 8E B5. */
    assert_int_equal(utf8_invalid_at("\xF0\x9F\x8E\xB5", 4), 0);
}

static void invalid_text(void **state)
{
    (void)state;
    /* A lone continuation byte at byte 3. */
    assert_int_equal(utf8_invalid_at("ab\x80", 3), 3);
    /* Latin-1 'é' (E9) followed by ASCII: E9 needs two continuation bytes;
     * the second byte 'x' is the bad one. */
    assert_int_equal(utf8_invalid_at("\xE9x", 2), 2);
    /* Overlong '/' as C0 AF: C0 can never start a sequence. */
    assert_int_equal(utf8_invalid_at("\xC0\xAF", 2), 1);
    /* A UTF-16 surrogate encoded (ED A0 80): second byte above 9F. */
    assert_int_equal(utf8_invalid_at("\xED\xA0\x80", 3), 2);
    /* Truncated 3-byte sequence at the end. */
    assert_int_equal(utf8_invalid_at("ok\xEB\x8F", 4), 3);
    /* Above U+10FFFF: F4 90 80 80. */
    assert_int_equal(utf8_invalid_at("\xF4\x90\x80\x80", 4), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(valid_text), cmocka_unit_test(invalid_text)};
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
