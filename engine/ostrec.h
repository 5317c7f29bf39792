/* ostrec.h: the one public header of libostrec, a recommendation engine for
 * Korean drama soundtrack (OST) songs.
 *
 * Conventions (see README.md, "Library"):
 * - every public name starts with ostrec_ / OSTREC_;
 * - functions return 0 (OSTREC_OK) or a negative OSTREC_E... code, and the
 *   message of the last failure on a handle is ostrec_errmsg(handle);
 * - what comes back through an `out` parameter belongs to the caller and has a
 *   matching _free; every _free accepts NULL;
 * - the library never prints, exits or aborts.
 */
#ifndef OSTREC_H
#define OSTREC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OSTREC_VERSION "0.1.0"

/* Return codes. */
enum {
    OSTREC_OK = 0,
    OSTREC_ENOMEM = -1,     /* out of memory */
    OSTREC_EIO = -2,        /* a file could not be read or written */
    OSTREC_EDATA = -3,      /* bad input: the message names file, line, field */
    OSTREC_ENOTFOUND = -4,  /* no song matched */
    OSTREC_EAMBIGUOUS = -5, /* several songs matched */
    OSTREC_EINVAL = -6,     /* a bad argument from the caller */
    OSTREC_EDB = -7         /* the database failed (message from SQLite) */
};

/* Years a song may carry; anything outside is a data error. */
#define OSTREC_YEAR_MIN 1960
#define OSTREC_YEAR_MAX 2030

/* Longest accepted text field in bytes (the source field may be longer). */
#define OSTREC_FIELD_MAX 1024
#define OSTREC_SOURCE_MAX 4096

typedef struct ostrec ostrec; /* an open catalog: database plus vocabulary */

/* The four controlled vocabularies. */
typedef enum {
    OSTREC_VOCAB_GENRES = 0,
    OSTREC_VOCAB_MOODS,
    OSTREC_VOCAB_VOCAL_STYLES,
    OSTREC_VOCAB_ARTIST_TYPES,
    OSTREC_VOCAB_KINDS
} ostrec_vocab_kind;

/* One word of a vocabulary. Borrowed from the handle: valid until ostrec_close.
 * `ko`, `valence` and `arousal` are set for moods only (ko is NULL otherwise). */
typedef struct {
    const char *id;    /* what the catalog uses, e.g. "bittersweet" */
    const char *name;  /* English display name */
    const char *ko;    /* Korean name (moods), e.g. "애틋한" */
    const char *about; /* one line on what the word means */
    double valence;    /* [-1, 1], moods only */
    double arousal;    /* [-1, 1], moods only */
} ostrec_term;

/* A named era of K-drama music: an inclusive range of years. Borrowed. */
typedef struct {
    const char *id;
    const char *name;
    int from, to;
} ostrec_era;

/* One song of the catalog. Owned by the list that holds it. Multi-valued
 * fields (genres, moods) are ';'-joined ids, most characteristic first.
 * Optional text fields are "" when absent; ost_part is 0 when unknown. */
typedef struct {
    int64_t id;
    char *title, *title_ko;
    char *artist, *artist_ko;
    char *drama, *drama_ko;
    int year;
    int ost_part;
    int instrumental; /* 1 or 0 */
    char *genres, *moods;
    char *vocal_style, *artist_type;
    char *source;
} ostrec_song;

typedef struct {
    size_t count;
    ostrec_song *items;
} ostrec_song_list;

/* File formats for import and export. */
typedef enum {
    OSTREC_FORMAT_AUTO = 0, /* import: from the file name's extension */
    OSTREC_FORMAT_CSV,
    OSTREC_FORMAT_JSON
} ostrec_format;

/* What an import did. */
typedef struct {
    size_t rows;    /* songs read from the file */
    size_t added;   /* of which were new ids */
    size_t updated; /* of which replaced a song with the same id */
} ostrec_import_result;

/* Counts over the catalog, for `ostrec stats`. Owned by the caller; free with
 * ostrec_stats_free. Each count array is indexed like the vocabulary's terms
 * (ostrec_vocab_term), era_songs like ostrec_era_at. */
typedef struct {
    size_t songs, dramas, artists, instrumental;
    int year_min, year_max; /* 0 when the catalog is empty */
    size_t *era_songs;
    size_t *term_songs[OSTREC_VOCAB_KINDS];
} ostrec_stats;

/* The library's version, OSTREC_VERSION. */
const char *ostrec_version(void);

/* Open (creating if needed) the catalog database at `db_path` (":memory:" for
 * a private in-memory one) with the vocabulary file at `vocab_path`, or the
 * built-in default vocabulary when `vocab_path` is NULL. File databases use
 * WAL journalling and enforce foreign keys.
 * On success *out is the handle and 0 is returned. On failure a negative code
 * is returned and *out is still a handle (or NULL if memory ran out) whose
 * ostrec_errmsg says what went wrong; close it with ostrec_close. */
int ostrec_open(ostrec **out, const char *db_path, const char *vocab_path);

/* Close the handle and free everything it owns. No operation if NULL. */
void ostrec_close(ostrec *db);

/* The message of the last failure on `db`, or "" if none. Borrowed; valid
 * until the next call on the handle. NULL gives "out of memory". */
const char *ostrec_errmsg(const ostrec *db);

/* Vocabulary access. Count of words of a kind, and the i-th (0-based) word,
 * or NULL when i is out of range. */
size_t ostrec_vocab_count(const ostrec *db, ostrec_vocab_kind kind);
const ostrec_term *ostrec_vocab_term(const ostrec *db, ostrec_vocab_kind kind, size_t i);
/* The word with this id (or, for moods, this Korean name), or NULL. */
const ostrec_term *ostrec_vocab_find(const ostrec *db, ostrec_vocab_kind kind, const char *word);
/* The kind's name as used on the command line: "genres", "moods",
 * "vocal-styles", "artist-types". */
const char *ostrec_vocab_kind_name(ostrec_vocab_kind kind);

/* Named eras: their count, and the i-th, or NULL when out of range. */
size_t ostrec_era_count(const ostrec *db);
const ostrec_era *ostrec_era_at(const ostrec *db, size_t i);

/* Import the songs of the file at `path` in one transaction. Rows with an id
 * already in the catalog replace that song, so importing a file twice leaves
 * one copy of each song. Any bad row aborts the whole import, leaves the
 * database as it was, and returns OSTREC_EDATA with a message of the form
 * "FILE:LINE: FIELD: what was expected". `result` may be NULL. */
int ostrec_import(ostrec *db, const char *path, ostrec_format format,
                  ostrec_import_result *result);

/* Write the whole catalog, ordered by id, to `out` as CSV (the columns of
 * data/catalog.csv) or JSON. The output imports back to the same catalog, and
 * exporting that gives the same bytes. Returns OSTREC_EIO if writing failed. */
int ostrec_export(ostrec *db, FILE *out, ostrec_format format);

/* The song with this id, as a one-item list in *out; OSTREC_ENOTFOUND if none. */
int ostrec_song_get(ostrec *db, int64_t id, ostrec_song_list **out);

/* Full-text search over titles, artists and dramas in English and Korean; a
 * word matches any part of a word ("gob" finds "Goblin"), case-insensitively
 * for Latin letters, and every word of `text` must match. At most `limit`
 * songs (0 means no limit), best first: exact titles, then by id.
 * An empty result is not an error: *out has count 0. */
int ostrec_search(ostrec *db, const char *text, size_t limit, ostrec_song_list **out);

/* Resolve a song as a user names it: an id, a title (case-insensitive, English
 * or Korean), or "TITLE / ARTIST". Returns 0 with one song in *out;
 * OSTREC_EAMBIGUOUS with the candidates in *out; OSTREC_ENOTFOUND with up to
 * five nearest titles in *out (possibly none). *out is always set on these
 * three returns and must be freed. */
int ostrec_resolve(ostrec *db, const char *spec, ostrec_song_list **out);

/* The songs of `list` as a JSON array of objects, in the shape of the JSON
 * export. Returns text the caller frees with free(), or NULL if memory ran
 * out or list is NULL. */
char *ostrec_songs_to_json(const ostrec_song_list *list);

/* Free a song list. No operation if NULL. */
void ostrec_song_list_free(ostrec_song_list *list);

/* Counts over the catalog. */
int ostrec_stats_get(ostrec *db, ostrec_stats **out);
void ostrec_stats_free(ostrec_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* OSTREC_H */
