/* table.c: aligned text tables for the terminal. Hangul and other wide
 * characters take two cells, so Korean titles line up with English ones;
 * control characters in a cell are shown escaped (visible.c). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CELL_WIDTH 42

struct table {
    size_t columns, rows, cap;
    char **cells; /* rows * columns, row 0 is the header */
};

/* Decode one UTF-8 character; returns its length (input is valid UTF-8). */
static size_t decode(const unsigned char *s, unsigned *cp)
{
    if (s[0] < 0x80) { *cp = s[0]; return 1; }
    if (s[0] < 0xE0) { *cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu); return 2; }
    if (s[0] < 0xF0) { *cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu); return 3; }
    *cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
    return 4;
}

/* East Asian wide ranges that matter here: Hangul, CJK, full-width forms. */
static size_t char_width(unsigned cp)
{
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

size_t display_width(const char *s)
{
    size_t w = 0;
    unsigned cp;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        p += decode(p, &cp);
        w += char_width(cp);
    }
    return w;
}

table *table_new(size_t columns, const char *const *headers)
{
    table *t = calloc(1, sizeof *t);
    if (t == NULL) return NULL;
    t->columns = columns;
    if (table_add(t, headers) != 0) {
        table_free(t);
        return NULL;
    }
    return t;
}

/* Copy a cell, its control characters escaped, cut to MAX_CELL_WIDTH cells
 * with an ellipsis. */
static char *cell_copy(const char *text)
{
    char *s = cli_visible(text);
    if (s == NULL) return NULL;
    size_t n = strlen(s), i = 0, w = 0;
    if (display_width(s) <= MAX_CELL_WIDTH) return s;
    char *c = malloc(n + 4);
    if (c == NULL) {
        free(s);
        return NULL;
    }
    unsigned cp;
    while (s[i]) { /* keep one cell for the ellipsis */
        size_t len = decode((const unsigned char *)s + i, &cp);
        if (w + char_width(cp) >= MAX_CELL_WIDTH) break;
        w += char_width(cp);
        i += len;
    }
    memcpy(c, s, i);
    memcpy(c + i, "\xE2\x80\xA6", 4); /* an ellipsis and the NUL */
    free(s);
    return c;
}

int table_add(table *t, const char *const *cells)
{
    if (t->rows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **more = realloc(t->cells, cap * t->columns * sizeof *more);
        if (more == NULL) return -1;
        t->cells = more;
        t->cap = cap;
    }
    char **row = t->cells + t->rows * t->columns;
    for (size_t c = 0; c < t->columns; c++) {
        row[c] = cell_copy(cells[c] ? cells[c] : "");
        if (row[c] == NULL) {
            while (c-- > 0) free(row[c]);
            return -1;
        }
    }
    t->rows++;
    return 0;
}

void table_print(const table *t, FILE *out)
{
    size_t widths[32] = {0};
    size_t ncol = t->columns < 32 ? t->columns : 32;
    for (size_t r = 0; r < t->rows; r++)
        for (size_t c = 0; c < ncol; c++) {
            size_t w = display_width(t->cells[r * t->columns + c]);
            if (w > widths[c]) widths[c] = w;
        }
    for (size_t r = 0; r < t->rows; r++) {
        for (size_t c = 0; c < ncol; c++) {
            const char *cell = t->cells[r * t->columns + c];
            fputs(cell, out);
            if (c + 1 < ncol)
                for (size_t pad = display_width(cell); pad < widths[c] + 2; pad++) fputc(' ', out);
        }
        fputc('\n', out);
    }
}

void table_free(table *t)
{
    if (t == NULL) return;
    for (size_t i = 0; i < t->rows * t->columns; i++) free(t->cells[i]);
    free(t->cells);
    free(t);
}
