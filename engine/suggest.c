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
