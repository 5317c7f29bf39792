/* song_match.h: matching history entries to catalog songs (song_match.c). */
#ifndef OSTREC_SONG_MATCH_H
#define OSTREC_SONG_MATCH_H

#include "profile.h"

typedef struct {
    uint64_t hash; /* of a title key */
    int64_t id;    /* the song with that title */
} title_slot;

typedef struct {
    ostrec *db;
    title_slot *slots; /* every title key of every song, by hash then id */
    size_t count;
    sqlite3_stmt *names; /* every name a song is found by */
} song_matcher;

/* Read every song's title keys. Returns 0, or an error with the message set. */
int song_matcher_open(ostrec *db, song_matcher *m);
void song_matcher_close(song_matcher *m);

enum { MATCH_NONE = 0, MATCH_ONE = 1, MATCH_SEVERAL = 2 };
/* The song titled `title` by `artist` ("" for any artist): MATCH_ONE with
 * *id set, MATCH_NONE, MATCH_SEVERAL (*id 0), or a negative code. */
int song_matcher_find(song_matcher *m, const char *title, const char *artist, int64_t *id);

#endif
