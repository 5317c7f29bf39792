/* title_key.c: the keys histories are matched to songs by: a title with its
 * soundtrack, feature and version notes set aside, and each name of an
 * artist text, reduced to lowered letters and digits (Hangul kept). */
#include "profile.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Words that mark a note about the release rather than the title. */
static const char *const note_words[] = {"ost", "o.s.t", "soundtrack", "from ", "feat", "ft.", "prod",
                                         "original", "drama", "part ", "theme"};

static int is_note(const char *s, size_t n)
{
    for (size_t w = 0; w < sizeof note_words / sizeof note_words[0]; w++) {
        size_t k = strlen(note_words[w]);
        for (size_t i = 0; i + k <= n; i++)
            if (strncasecmp(s + i, note_words[w], k) == 0) return 1;
    }
    return 0;
}

/* The next code point of s (n bytes left) and its length; a bad byte is
 * taken alone. */
static unsigned next_char(const unsigned char *s, size_t n, size_t *len)
{
    unsigned c = s[0];
    size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (k > n) k = 1;
    if (k == 1) {
        *len = 1;
        return c;
    }
    c &= 0x3F >> (k - 1);
    for (size_t i = 1; i < k; i++) c = (c << 6) | (s[i] & 0x3F);
    *len = k;
    return c;
}

/* Punctuation and spaces outside ASCII: Latin-1's signs, general
 * punctuation, CJK symbols and the full-width forms of ASCII's signs. */
static int is_wide_sign(unsigned c)
{
    return (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
           (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

/* Append the key of s[0, n) to out (used bytes in *at, size bytes). */
static void key_append(const char *s, size_t n, char *out, size_t size, size_t *at)
{
    for (size_t i = 0; i < n;) {
        size_t len;
        unsigned c = next_char((const unsigned char *)s + i, n - i, &len);
        int keep = c < 0x80 ? isalnum((int)c) : !is_wide_sign(c);
        if (keep && *at + len < size) {
            for (size_t j = 0; j < len; j++) out[(*at)++] = c < 0x80 ? (char)tolower((int)c) : s[i + j];
        }
        i += len;
    }
    out[*at] = '\0';
}

static const char *closing(char open)
{
    return open == '(' ? ")" : open == '[' ? "]" : open == '{' ? "}" : NULL;
}

size_t title_key(const char *text, char *out, size_t size)
{
    size_t at = 0, n = strlen(text);
    out[0] = '\0';
    /* " - From ..." / " - Goblin OST Part 1": the rest is a note. */
    for (const char *dash = strstr(text, " - "); dash; dash = strstr(dash + 3, " - "))
        if (is_note(dash + 3, strlen(dash + 3))) {
            n = (size_t)(dash - text);
            break;
        }
    for (size_t i = 0; i < n;) {
        const char *close = closing(text[i]);
        const char *end = close && i + 1 < n ? memchr(text + i + 1, close[0], n - i - 1) : NULL;
        if (end != NULL && is_note(text + i + 1, (size_t)(end - text) - i - 1)) {
            i = (size_t)(end - text) + 1;
            continue;
        }
        size_t len;
        next_char((const unsigned char *)text + i, n - i, &len);
        key_append(text + i, len, out, size, &at);
        i += len;
    }
    return at;
}

/* Add the key of s[0, n), and of its parts outside and inside one pair of
 * brackets ("찬열 (CHANYEOL)"), when new and not empty. */
static void add_name(const char *s, size_t n, char keys[][KEY_MAX], size_t max, size_t *count)
{
    char part[KEY_MAX];
    const char *open = memchr(s, '(', n), *close = open ? memchr(open, ')', n - (size_t)(open - s)) : NULL;
    struct {
        const char *s;
        size_t n;
    } pieces[3] = {{s, n}, {s, open && close ? (size_t)(open - s) : 0},
                   {open ? open + 1 : s, open && close ? (size_t)(close - open) - 1 : 0}};
    for (int p = 0; p < 3; p++) {
        if (pieces[p].n == 0 || pieces[p].n >= sizeof part) continue;
        size_t at = 0;
        key_append(pieces[p].s, pieces[p].n, part, sizeof part, &at);
        int seen = at == 0;
        for (size_t k = 0; !seen && k < *count; k++) seen = strcmp(keys[k], part) == 0;
        if (!seen && *count < max) memcpy(keys[(*count)++], part, at + 1);
    }
}

/* Where the next separator of names starts in s (n bytes), and its length;
 * n when there is none. */
static size_t next_separator(const char *s, size_t n, size_t *len)
{
    static const char *const seps[] = {", ", ",", " & ", "&", " x ", " X ", " feat. ", " feat ", " Feat. ",
                                       " ft. ", " with ", " With ", ";", "/", " and "};
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
            size_t m = strlen(seps[k]);
            if (i + m <= n && memcmp(s + i, seps[k], m) == 0) {
                *len = m;
                return i;
            }
        }
    *len = 0;
    return n;
}

size_t artist_keys(const char *text, char keys[][KEY_MAX], size_t max)
{
    size_t count = 0, n = strlen(text);
    add_name(text, n, keys, max, &count); /* the whole text: a name with "&" in it */
    for (size_t i = 0; i < n;) {
        size_t len, at = next_separator(text + i, n - i, &len);
        add_name(text + i, at, keys, max, &count);
        i += at + len;
        if (len == 0) break;
    }
    return count;
}
