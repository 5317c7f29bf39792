/* visible.c: text from the catalog or the command line made safe for a
 * terminal: control characters are shown escaped, never sent raw, so a title
 * cannot clear the screen, retitle the window or move the cursor. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The escape for the character at s (its byte length in *len), or NULL when
 * it is shown as it is: C0 controls and DEL as \xHH, C1 controls (U+0080 to
 * U+009F, two bytes in UTF-8) as \u00HH. */
static const char *escape_at(const unsigned char *s, size_t *len, char buf[8])
{
    if (s[0] < 0x20 || s[0] == 0x7F) {
        snprintf(buf, 8, "\\x%02x", s[0]);
        *len = 1;
        return buf;
    }
    if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) {
        snprintf(buf, 8, "\\u%04x", s[1]);
        *len = 2;
        return buf;
    }
    *len = 1;
    return NULL;
}

char *cli_visible(const char *s)
{
    size_t n = 0, len;
    char buf[8];
    for (const unsigned char *p = (const unsigned char *)s; *p; p += len) {
        const char *e = escape_at(p, &len, buf);
        n += e ? strlen(e) : len;
    }
    char *out = malloc(n + 1), *q = out;
    if (out == NULL) return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p += len) {
        const char *e = escape_at(p, &len, buf);
        size_t m = e ? strlen(e) : len;
        memcpy(q, e ? e : (const char *)p, m);
        q += m;
    }
    *q = '\0';
    return out;
}

void cli_put_visible(FILE *out, const char *s)
{
    size_t len;
    char buf[8];
    for (const unsigned char *p = (const unsigned char *)s; *p; p += len) {
        const char *e = escape_at(p, &len, buf);
        if (e) fputs(e, out);
        else fputc(*p, out);
    }
}

void cli_vput_visible(FILE *out, const char *fmt, va_list ap)
{
    char text[4096];
    vsnprintf(text, sizeof text, fmt, ap);
    cli_put_visible(out, text);
}
