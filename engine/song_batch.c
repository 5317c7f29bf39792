/* song_batch.c: the songs of one import, held once they are valid until the
 * whole file has been read, then stored in the order of their ids. SQLite's
 * tables and indexes then grow at their ends, and FTS5 gets rising rowids
 * (a rowid below the last one makes it flush its pending terms), so a file
 * in any order of ids imports as fast as a sorted one. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* The texts of a song, in this order, one after another with their NULs,
 * at `text` in the batch's arena. */
enum {
    TEXT_TITLE, TEXT_TITLE_KO, TEXT_ARTIST, TEXT_ARTIST_KO, TEXT_DRAMA, TEXT_DRAMA_KO, TEXT_SOURCE,
    TEXT_TITLE_ROMANIZED, TEXT_CREDITS, TEXTS
};

static const char **text_slot(song_row *r, int which)
{
    const char **slots[TEXTS] = {&r->title, &r->title_ko, &r->artist, &r->artist_ko,
                                 &r->drama, &r->drama_ko, &r->source, &r->title_romanized, &r->credits};
    return slots[which];
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return OSTREC_OK;
    size_t cap2 = *cap ? *cap : 1024;
    while (cap2 < need) cap2 *= 2;
    void *bigger = realloc(*p, cap2 * size);
    if (bigger == NULL) return OSTREC_ENOMEM;
    *p = bigger;
    *cap = cap2;
    return OSTREC_OK;
}

int song_batch_add(song_batch *b, const song_row *row)
{
    size_t len[TEXTS], total = 0;
    for (int t = 0; t < TEXTS; t++) total += len[t] = strlen(*text_slot((song_row *)row, t)) + 1;
    if (grow((void **)&b->songs, &b->cap, b->count + 1, sizeof *b->songs) != OSTREC_OK ||
        grow((void **)&b->text, &b->text_cap, b->text_used + total, 1) != OSTREC_OK)
        return OSTREC_ENOMEM;
    batch_song *s = &b->songs[b->count++];
    s->id = row->id;
    s->text = b->text_used;
    s->year = row->year;
    s->ost_part = row->ost_part;
    s->instrumental = row->instrumental;
    s->genre_count = (unsigned char)row->genre_count;
    s->mood_count = (unsigned char)row->mood_count;
    memcpy(s->genres, row->genres, sizeof s->genres);
    memcpy(s->moods, row->moods, sizeof s->moods);
    s->vocal_style = row->vocal_style;
    s->artist_type = row->artist_type;
    for (int t = 0; t < TEXTS; t++) {
        memcpy(b->text + b->text_used, *text_slot((song_row *)row, t), len[t]);
        b->text_used += len[t];
    }
    return OSTREC_OK;
}

static int by_id(const void *a, const void *b)
{
    int64_t x = ((const batch_song *)a)->id, y = ((const batch_song *)b)->id;
    return (x > y) - (x < y);
}

int song_batch_store(ostrec *db, song_batch *b, int known_new, ostrec_import_result *result)
{
    song_row *row = malloc(sizeof *row);
    if (row == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "import: out of memory");
    if (b->count > 1) qsort(b->songs, b->count, sizeof *b->songs, by_id); /* songs is NULL when empty */
    int rc = OSTREC_OK;
    for (size_t i = 0; i < b->count && rc == OSTREC_OK; i++) {
        const batch_song *s = &b->songs[i];
        memset(row, 0, offsetof(song_row, list_buf));
        row->id = s->id;
        row->year = s->year;
        row->ost_part = s->ost_part;
        row->instrumental = s->instrumental;
        row->genre_count = s->genre_count;
        row->mood_count = s->mood_count;
        memcpy(row->genres, s->genres, sizeof row->genres);
        memcpy(row->moods, s->moods, sizeof row->moods);
        row->vocal_style = s->vocal_style;
        row->artist_type = s->artist_type;
        const char *text = b->text + s->text;
        for (int t = 0; t < TEXTS; t++) {
            *text_slot(row, t) = text;
            text += strlen(text) + 1;
        }
        int was_new = 0;
        rc = store_put_song(db, row, known_new, &was_new);
        if (rc != OSTREC_OK) break;
        result->rows++;
        if (was_new) result->added++;
        else result->updated++;
    }
    free(row);
    return rc;
}

void song_batch_release(song_batch *b)
{
    free(b->songs);
    free(b->text);
    memset(b, 0, sizeof *b);
}
