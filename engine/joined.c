/* joined.c: the ';'-joined lists the catalog keeps words and names in
 * (genres, moods, credits, aliases, groups): whether one holds a word, and
 * the list as a JSON array. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

int joined_has(const char *list, const char *word, size_t n)
{
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ';');
        size_t m = end ? (size_t)(end - p) : strlen(p);
        if (m == n && memcmp(p, word, n) == 0) return 1;
        if (end == NULL) break;
        p = end + 1;
    }
    return 0;
}

cJSON *joined_json_array(const char *joined)
{
    cJSON *arr = cJSON_CreateArray();
    for (const char *p = joined; arr != NULL && *p;) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *word = malloc(n + 1);
        cJSON *s = NULL;
        if (word != NULL) {
            memcpy(word, p, n);
            word[n] = '\0';
            s = cJSON_CreateString(word);
            free(word);
        }
        if (s == NULL || !cJSON_AddItemToArray(arr, s)) {
            cJSON_Delete(s);
            cJSON_Delete(arr);
            return NULL;
        }
        if (end == NULL) break;
        p = end + 1;
    }
    return arr;
}
