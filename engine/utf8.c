/* utf8.c: UTF-8 validation, so no invalid text ever reaches the database. */
#include "internal.h"

/* Follows RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF. */
size_t utf8_invalid_at(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t len;
        unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return i + 1;
        }
        /* Point at the first byte that breaks the sequence; a sequence cut
         * short by the end of the text is reported at its start. */
        for (size_t k = 1; k < len; k++) {
            if (i + k >= n) return i + 1;
            unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
            if (s[i + k] < min || s[i + k] > max) return i + k + 1;
        }
        i += len;
    }
    return 0;
}
