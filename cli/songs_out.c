/* songs_out.c: songs as a terminal table. */
#include "cli.h"

#include <stdio.h>

int print_song_table(const ostrec_song_list *list, FILE *out)
{
    static const char *const headers[] = {"ID", "TITLE", "ARTIST", "DRAMA", "YEAR"};
    table *t = table_new(5, headers);
    if (t == NULL) goto oom;
    for (size_t i = 0; i < list->count; i++) {
        const ostrec_song *s = &list->items[i];
        char id[24], year[8];
        snprintf(id, sizeof id, "%lld", (long long)s->id);
        snprintf(year, sizeof year, "%d", s->year);
        const char *cells[] = {id, s->title, s->artist, s->drama, year};
        if (table_add(t, cells) != 0) goto oom;
    }
    table_print(t, out);
    table_free(t);
    return EXIT_OK;
oom:
    table_free(t);
    cli_error("out of memory");
    return EXIT_RUNTIME;
}
