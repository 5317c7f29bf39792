/* suggest.c: edit distance, behind every "did you mean" the library offers. */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Two-row Levenshtein over bytes; ASCII letters compare case-insensitively.
 * Returns SIZE_MAX if memory runs out, which ranks the pair last. */
size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    size_t *prev = malloc((m + 1) * sizeof *prev);
    size_t *cur = malloc((m + 1) * sizeof *cur);
    size_t result = (size_t)-1;
    if (prev == NULL || cur == NULL) goto done;
    for (size_t j = 0; j <= m; j++) prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t best = prev[j - 1] + (same ? 0 : 1);
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            cur[j] = best;
        }
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    result = prev[m];
done:
    free(prev);
    free(cur);
    return result;
}

/* Ukkonen's cut-off: only the cells within `max` of the diagonal can hold a
 * distance of at most max, and the smallest value of a row never shrinks in
 * the rows below it. So compute that band alone, and stop at the first row
 * whose every cell exceeds max. Lengths that differ by more than max stop at
 * once. Time O(max * min(n, m)), memory O(m) (on the stack for titles). */
size_t edit_distance_within(const char *a, size_t n, const char *b, size_t m, size_t max)
{
    if (max > n + m) max = n + m;
    const size_t far = max + 1;
    if ((n > m ? n - m : m - n) > max) return far;
    size_t stack[2 * (OSTREC_FIELD_MAX + 2)];
    size_t *prev = stack, *cur = stack + OSTREC_FIELD_MAX + 2, *heap = NULL;
    if (m > OSTREC_FIELD_MAX) {
        if ((heap = malloc(2 * (m + 1) * sizeof *heap)) == NULL) return far;
        prev = heap;
        cur = heap + m + 1;
    }
    for (size_t j = 0; j <= m; j++) prev[j] = j <= max ? j : far;
    size_t result = far;
    for (size_t i = 1; i <= n; i++) {
        size_t lo = i > max ? i - max : 1, hi = i + max < m ? i + max : m;
        /* The cells just outside the band read as "too far". */
        cur[lo - 1] = lo == 1 && i <= max ? i : far;
        if (hi < m) cur[hi + 1] = far;
        size_t row_min = cur[lo - 1];
        int ca = tolower((unsigned char)a[i - 1]);
        for (size_t j = lo; j <= hi; j++) {
            size_t best = prev[j - 1] + (ca == tolower((unsigned char)b[j - 1]) ? 0 : 1);
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            if (best > far) best = far;
            cur[j] = best;
            if (best < row_min) row_min = best;
        }
        if (row_min > max) goto done;
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    result = prev[m] <= max ? prev[m] : far;
done:
    free(heap);
    return result;
}
