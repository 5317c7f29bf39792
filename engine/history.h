/* history.h: listening histories and playlists read into plain entries
 * (history_read.c). Matching them to songs and storing them is profile.c's. */
#ifndef OSTREC_HISTORY_H
#define OSTREC_HISTORY_H

#include "internal.h"

/* One play, scrobble or playlist entry, as the file gives it. */
typedef struct {
    char *title;       /* trimmed; never NULL or empty */
    char *artist;      /* as given ("CHANYEOL, Punch"); "" when the file names none */
    char *album;       /* "" when the file names none */
    int64_t played_at; /* when it was played (Spotify: the play's end; Last.fm: the
                          scrobble), seconds since 1970-01-01 UTC; 0 for a playlist entry */
    int64_t ms_played; /* how long it played in milliseconds; -1 when the file does not say */
    int skipped;       /* 1 skipped, 0 not, -1 when the file does not say */
    size_t position;   /* 1-based order among the file's entries (those kept) */
    char *where;       /* where it is in the file, for messages: "FILE:LINE" (CSV, M3U,
                          XSPF) or "FILE: [i]" (JSON, i 0-based) */
} history_entry;

typedef struct {
    ostrec_history_format format; /* the format read: never OSTREC_HISTORY_AUTO */
    size_t count;
    history_entry *items;
    size_t not_music; /* entries left out as not songs: podcast episodes and plays with
                         no track name (Spotify extended), kept out of count */
} history_entries;

/* Read the file at `path` (format AUTO: from its name and content) into
 * *out, all or nothing. A malformed file, or an entry without a title or
 * with a bad time or number, is OSTREC_EDATA with the handle's message naming
 * FILE:LINE (or FILE: [i].FIELD for JSON) and what is wrong; a file that
 * cannot be read is OSTREC_EIO; OSTREC_ENOMEM. *out is zeroed on failure. */
int history_read(ostrec *db, const char *path, ostrec_history_format format, history_entries *out);

/* history_read on text already in memory (len bytes, NUL after them need not
 * be there); `name` stands for the file in messages and in AUTO detection. */
int history_parse(ostrec *db, const char *name, const char *text, size_t len, ostrec_history_format format,
                  history_entries *out);

/* Free what *entries holds (not entries itself) and zero it. */
void history_entries_free(history_entries *entries);

/* The format's name as the command line takes it ("spotify",
 * "spotify-extended", "lastfm", "m3u", "xspf", "csv"; "auto"), and back:
 * 0 and *out set, or OSTREC_EINVAL for an unknown name. */
const char *history_format_name(ostrec_history_format format);
int history_format_from_name(const char *name, ostrec_history_format *out);

#endif
