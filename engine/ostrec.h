/* ostrec.h: the one public header of libostrec, a recommendation engine for
 * Korean drama soundtrack (OST) songs.
 *
 * Conventions (see README.md, "Library"):
 * - every public name starts with ostrec_ / OSTREC_;
 * - functions return 0 (OSTREC_OK) or a negative OSTREC_E... code, and the
 *   message of the last failure on a handle is ostrec_errmsg(handle);
 * - what comes back through an `out` parameter belongs to the caller and has a
 *   matching _free; every _free accepts NULL;
 * - the library never prints, exits or aborts;
 * - option structs (ostrec_open_options, ostrec_query, ostrec_playlist_query)
 *   carry a version first: start from the _INIT macro or the _init()
 *   function. New fields are only ever added at the end, with a new version,
 *   and the library accepts every version from 1 to the current one, reading
 *   only the fields the caller's version has (the rest take their defaults).
 */
#ifndef OSTREC_H
#define OSTREC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OSTREC_VERSION "0.3.0"

/* Marks the library's public functions: the shared library is built with
 * -fvisibility=hidden, so these are the only names it exports. */
#if defined(__GNUC__) || defined(__clang__)
#define OSTREC_API __attribute__((visibility("default")))
#else
#define OSTREC_API
#endif

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
/* The most artists one song may credit. */
#define OSTREC_CREDITS_MAX 16

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
    char *title_romanized; /* for a song released with a Korean title only */
    char *credits;         /* the credited artists in order, ';'-joined canonical
                            * names, "feat:" before a featured one */
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
    size_t songs, dramas, artists, instrumental; /* artists: people and groups songs credit */
    int year_min, year_max; /* 0 when the catalog is empty */
    size_t *era_songs;
    size_t *term_songs[OSTREC_VOCAB_KINDS];
    size_t titles_ko;        /* songs with a Korean title */
    size_t titles_romanized; /* songs released with a Korean title only, romanized */
} ostrec_stats;

/* ---- Threads ---------------------------------------------------------------
 * A handle (ostrec) is used by one thread at a time: it holds the SQLite
 * connection, its prepared statements and the last error message. Give each
 * thread its own handle; handles on one database file work side by side
 * (WAL; a writer makes others wait up to 5 s). ostrec_open itself may run in
 * several threads at once: the library has no other process-wide state it
 * writes (GSL's error handler is switched off once, on the first open).
 *
 * Once made, these are read-only and may be shared by any number of threads,
 * each passing its own handle, until one thread frees them after the others
 * are done:
 * - an ostrec_index, from the moment ostrec_index_open or ostrec_index_build
 *   returns: ostrec_similar,
 *   ostrec_playlist_make, ostrec_results_write, ostrec_results_to_json,
 *   ostrec_playlist_write, ostrec_map_write, ostrec_index_write_vectors and
 *   the ostrec_index_ getters never write to it;
 * - an ostrec_model (ostrec_index_build in several threads from one model);
 * - ostrec_scenes, and the targets in them; like an ostrec_target made by
 *   ostrec_target_moods, they borrow mood and genre ids from the handle that
 *   made them, which must stay open (it may go on being used by its thread:
 *   a handle's vocabulary never changes after ostrec_open);
 * - terms and eras borrowed from a handle, while that handle is open.
 * Results, playlists, song lists and stats belong to the caller like any
 * plain data: reading them from several threads is safe; freeing one is the
 * owner's business, and results and playlists borrow text from their index.
 *
 * Outside the library: do not call setlocale while other threads are in the
 * library (number formatting reads the locale); cJSON keeps its last parse
 * error in one process-wide variable, which the library never reads, so do
 * not rely on cJSON_GetErrorPtr in a program that uses it from several
 * threads (nor call cJSON_InitHooks once they run); and with OpenBLAS's own
 * thread pool, many threads querying small indexes at once mostly wait on
 * each other inside the BLAS; OPENBLAS_NUM_THREADS=1 then runs faster. */

/* The library's version, OSTREC_VERSION. */
OSTREC_API const char *ostrec_version(void);

/* How to open a catalog: start from OSTREC_OPEN_INIT (or
 * ostrec_open_options_init) and set what you need; NULL means the defaults. */
#define OSTREC_OPEN_VERSION 1
typedef struct {
    int version;            /* OSTREC_OPEN_VERSION (any from 1 is accepted) */
    const char *vocab_path; /* the vocabulary file; NULL: the built-in copy of
                               models/vocab.json */
    int read_only;          /* 1: never write; the catalog must exist and be of
                               this version's schema. Default 0 */
    int create;             /* 1: create the database when the file is missing
                               (ignored when read_only). Default 1 */
    int busy_timeout_ms;    /* how long a write waits while another program
                               writes, in ms (>= 0). Default 5000 */
} ostrec_open_options;
#define OSTREC_OPEN_INIT { OSTREC_OPEN_VERSION, NULL, 0, 1, 5000 }
/* Fill *options with the defaults, as OSTREC_OPEN_INIT does. */
OSTREC_API void ostrec_open_options_init(ostrec_open_options *options);

/* Open the catalog database at `db_path` (":memory:" for a private in-memory
 * one). File databases use WAL journalling, so readers never wait for a
 * writer, and every handle enforces foreign keys.
 * Opening writes nothing to a catalog that is current: the schema is created
 * only in a new database, migrated only when its version is older, and the
 * vocabulary tables are rewritten only when the vocabulary differs from the
 * one recorded (by hash) in the database. A read-only handle never writes and
 * never waits for a lock.
 * A database that is not an ostrec catalog (another program's tables, or
 * another SQLite application id) is refused and left untouched; so is one
 * made by a newer ostrec. A missing file is OSTREC_ENOTFOUND when read_only
 * is set or create is 0.
 * On success *out is the handle and 0 is returned. On failure a negative code
 * is returned and *out is still a handle (or NULL if memory ran out) whose
 * ostrec_errmsg says what went wrong; close it with ostrec_close. */
OSTREC_API int ostrec_open(ostrec **out, const char *db_path, const ostrec_open_options *options);

/* The number of songs in the catalog, into *count (it reads every song:
 * to know whether there is any, ostrec_is_empty reads one). */
OSTREC_API int ostrec_song_count(ostrec *db, size_t *count);
/* Whether the catalog has no song, into *empty (1 or 0). */
OSTREC_API int ostrec_is_empty(ostrec *db, int *empty);

/* Close the handle and free everything it owns. No operation if NULL. */
OSTREC_API void ostrec_close(ostrec *db);

/* The message of the last failure on `db`, or "" if none. Borrowed; valid
 * until the next call on the handle. NULL gives "out of memory". */
OSTREC_API const char *ostrec_errmsg(const ostrec *db);

/* Vocabulary access. Count of words of a kind, and the i-th (0-based) word,
 * or NULL when i is out of range. */
OSTREC_API size_t ostrec_vocab_count(const ostrec *db, ostrec_vocab_kind kind);
OSTREC_API const ostrec_term *ostrec_vocab_term(const ostrec *db, ostrec_vocab_kind kind, size_t i);
/* The word with this id (or, for moods, this Korean name), or NULL. */
OSTREC_API const ostrec_term *ostrec_vocab_find(const ostrec *db, ostrec_vocab_kind kind, const char *word);
/* The kind's name as used on the command line: "genres", "moods",
 * "vocal-styles", "artist-types". */
OSTREC_API const char *ostrec_vocab_kind_name(ostrec_vocab_kind kind);

/* Named eras: their count, and the i-th, or NULL when out of range. */
OSTREC_API size_t ostrec_era_count(const ostrec *db);
OSTREC_API const ostrec_era *ostrec_era_at(const ostrec *db, size_t i);

/* Import the songs of the file at `path` in one transaction. Rows with an id
 * already in the catalog replace that song, so importing a file twice leaves
 * one copy of each song. Any bad row aborts the whole import, leaves the
 * database as it was, and returns OSTREC_EDATA with a message of the form
 * "FILE:LINE: FIELD: what was expected". `result` may be NULL. */
OSTREC_API int ostrec_import(ostrec *db, const char *path, ostrec_format format,
                  ostrec_import_result *result);

/* Import an artists file (data/artists.csv: name,name_ko,aliases,artist_type,
 * member_of; or JSON: {"artists": [{"name": ..., "aliases": [...], ...}]}) in
 * one transaction. An artist whose name the catalog has is replaced: its
 * Korean name, type, aliases and groups become the file's. Every group a
 * member_of names must be in the file or the catalog. Songs name artists in
 * their credits; an artist a song credits but no file describes has its name
 * alone. Errors as ostrec_import's ("FILE:LINE: FIELD: ..."); the database is
 * left as it was. `result` counts artists (rows, added, updated); may be NULL. */
OSTREC_API int ostrec_import_artists(ostrec *db, const char *path, ostrec_format format,
                                     ostrec_import_result *result);

/* Write every artist, ordered by name, as CSV (the columns of
 * data/artists.csv, aliases and groups ordered by name) or JSON. The output
 * imports back to the same artists, and exporting that gives the same bytes. */
OSTREC_API int ostrec_export_artists(ostrec *db, FILE *out, ostrec_format format);

/* Write the whole catalog, ordered by id, to `out` as CSV (the columns of
 * data/catalog.csv) or JSON. The output imports back to the same catalog, and
 * exporting that gives the same bytes. Returns OSTREC_EIO if writing failed. */
OSTREC_API int ostrec_export(ostrec *db, FILE *out, ostrec_format format);

/* Export flags. OSTREC_EXPORT_CSV_SAFE: in CSV, a text cell that starts with
 * '=', '+', '-', '@', a tab or a carriage return (which a spreadsheet would
 * run as a formula) is written with a leading single quote ('). The file is
 * then for reading in a spreadsheet: it no longer imports back to the same
 * catalog. */
#define OSTREC_EXPORT_CSV_SAFE 1u
/* ostrec_export with flags (0 is ostrec_export). An unknown flag, or
 * OSTREC_EXPORT_CSV_SAFE with JSON, is OSTREC_EINVAL. */
OSTREC_API int ostrec_export_flags(ostrec *db, FILE *out, ostrec_format format, unsigned flags);

/* The song with this id, as a one-item list in *out; OSTREC_ENOTFOUND if none. */
OSTREC_API int ostrec_song_get(ostrec *db, int64_t id, ostrec_song_list **out);

/* Full-text search over titles, artists and dramas in English and Korean; a
 * word matches any part of a word ("gob" finds "Goblin"), case-insensitively
 * for Latin letters, and every word of `text` must match (at most 64 words;
 * more is OSTREC_EINVAL, never silently cut). At most `limit`
 * songs (0 means no limit), best first: exact titles, then by id.
 * An empty result is not an error: *out has count 0. */
OSTREC_API int ostrec_search(ostrec *db, const char *text, size_t limit, ostrec_song_list **out);

/* Resolve a song as a user names it: an id, a title (case-insensitive, English
 * or Korean), or "TITLE / ARTIST". Returns 0 with one song in *out;
 * OSTREC_EAMBIGUOUS with the candidates in *out; OSTREC_ENOTFOUND with up to
 * five nearest titles in *out (possibly none). *out is always set on these
 * three returns and must be freed. */
OSTREC_API int ostrec_resolve(ostrec *db, const char *spec, ostrec_song_list **out);

/* The songs of `list` as a JSON array of objects, in the shape of the JSON
 * export. Returns text the caller frees with free(), or NULL if memory ran
 * out or list is NULL. */
OSTREC_API char *ostrec_songs_to_json(const ostrec_song_list *list);

/* Free a song list. No operation if NULL. */
OSTREC_API void ostrec_song_list_free(ostrec_song_list *list);

/* Counts over the catalog. */
OSTREC_API int ostrec_stats_get(ostrec *db, ostrec_stats **out);
OSTREC_API void ostrec_stats_free(ostrec_stats *stats);

/* What the model sees in a song: the mean valence and arousal of its moods
 * (the words of the mood vocabulary it names). Returns 0, or OSTREC_EDATA if
 * the song names no known mood. */
OSTREC_API int ostrec_song_mood_point(ostrec *db, const ostrec_song *song, double *valence, double *arousal);

/* The named era a year belongs to, or NULL if none. Borrowed. */
OSTREC_API const ostrec_era *ostrec_era_of_year(const ostrec *db, int year);

/* ---- The feature model ---------------------------------------------------
 * A song becomes one vector made of five blocks, one per content group, and
 * two sparse identity groups (soundtrack, artist) with no columns. Each
 * block is L2-normalised and scaled by sqrt(w_g / sum of w), so the dot
 * product of two songs is the weighted mean of the per-group cosines:
 *     sim(s, t) = sum_g w_g cos_g(s, t) / sum_g w_g
 * (README.md, "The model"). */

typedef enum {
    OSTREC_GROUP_GENRE = 0,   /* multi-hot over the genre vocabulary */
    OSTREC_GROUP_MOOD,        /* mood tags, plus RBFs over the valence/arousal plane */
    OSTREC_GROUP_ERA,         /* RBFs over the release year */
    OSTREC_GROUP_VOCAL_STYLE, /* one-hot */
    OSTREC_GROUP_ARTIST_TYPE, /* one-hot */
    OSTREC_GROUP_SOUNDTRACK,  /* the song's drama: songs of one OST, heard together */
    OSTREC_GROUP_ARTIST,      /* the people the song credits (cosine of the two sets) */
    OSTREC_GROUPS
} ostrec_group;

/* The group's name as the model file and JSON use it ("genre", "mood",
 * "era", "vocal_style", "artist_type"), or NULL when out of range. */
OSTREC_API const char *ostrec_group_name(ostrec_group group);

typedef struct ostrec_model ostrec_model; /* weights, kernel widths, grid sizes */

/* Load the model file at `path` (JSON, see models/default.json), or the
 * built-in copy of models/default.json when `path` is NULL. The file is
 * checked against the handle's vocabulary: an unknown group or key, a
 * negative weight, or a missing or wrong vocabulary name is OSTREC_EDATA with
 * a message naming the field. On success *out is owned by the caller (free
 * with ostrec_model_free); on failure *out is NULL. */
OSTREC_API int ostrec_model_load(ostrec *db, const char *path, ostrec_model **out);
OSTREC_API void ostrec_model_free(ostrec_model *model);

/* The model's name, and a group's weight as written in the file. */
OSTREC_API const char *ostrec_model_name(const ostrec_model *model);
OSTREC_API double ostrec_model_weight(const ostrec_model *model, ostrec_group group);

typedef struct ostrec_index ostrec_index; /* the catalog as a feature matrix */

/* Encode every song of the catalog with `model`, in memory: per feature
 * group a float32 dictionary of the distinct blocks the songs have, and per
 * song (ordered by id) the codes of its blocks, so every song stands for a
 * unit-length row without the row being stored (README.md, "The index").
 * The index copies what it needs from the model and the catalog: it stays
 * valid after both change or are freed. On success *out is owned by the
 * caller (free with ostrec_index_free); on failure *out is NULL and the
 * handle has the message. ostrec_index_open below keeps it between calls. */
OSTREC_API int ostrec_index_build(ostrec *db, const ostrec_model *model, ostrec_index **out);
OSTREC_API void ostrec_index_free(ostrec_index *index);

/* The index of the catalog for `model`, built once and kept: the file
 * DB.index beside the database at DB is mapped read-only when it was built
 * from the catalog as it is now (its generation, which every change to the
 * songs moves on), this model and this vocabulary; otherwise the index is
 * built (ostrec_index_build) and kept in that file for the next call,
 * written to a temporary file and renamed, so readers never see half of
 * one. A stale file is never used, nor one whose header, sizes, codes or
 * (genre, mood) pairs do not fit (a damaged value elsewhere can give a
 * wrong answer but never a crash or a hang; delete DB.index to have it
 * built again). When the file cannot be
 * written (a read-only directory, a full disk) or the database is in
 * memory, the index is built and returned all the same. Owned and freed
 * like ostrec_index_build's; a mapped index stays valid after the file is
 * replaced or deleted. */
OSTREC_API int ostrec_index_open(ostrec *db, const ostrec_model *model, ostrec_index **out);

/* The number of songs (rows) and features (columns) of the index, and the
 * name of column j ("genre:ballad", "mood:sad", "mood_va:-0.33/0.67",
 * "era:2016", "vocal_style:male-solo", "artist_type:idol"), or NULL when j is
 * out of range. Borrowed from the index. */
OSTREC_API size_t ostrec_index_songs(const ostrec_index *index);
OSTREC_API size_t ostrec_index_dimension(const ostrec_index *index);
OSTREC_API const char *ostrec_index_column(const ostrec_index *index, size_t j);

/* Write the feature matrix to `out`: CSV with a header of "id" and the column
 * names, or JSON {"model", "columns", "groups", "rows": [{"id", "vector"}]}.
 * Returns 0, OSTREC_EINVAL for another format, OSTREC_EIO if writing failed. */
OSTREC_API int ostrec_index_write_vectors(ostrec *db, const ostrec_index *index, FILE *out, ostrec_format format);

/* ---- "More like this" ---------------------------------------------------- */

typedef enum {
    OSTREC_INSTRUMENTAL_ANY = 0, /* songs and instrumentals */
    OSTREC_INSTRUMENTAL_ONLY,    /* instrumentals only */
    OSTREC_INSTRUMENTAL_NONE     /* sung songs only */
} ostrec_instrumental;

/* A query: start from OSTREC_QUERY_INIT and set what you need. The arrays
 * are borrowed for the duration of the call. Artists are the people a song
 * credits (the catalog's song_credits: "Chanyeol, Punch" is two): a song
 * counts toward the cap of each, and a song that credits nobody is never
 * capped or excluded for its artists. */
#define OSTREC_QUERY_VERSION 2
typedef struct {
    int version;                     /* OSTREC_QUERY_VERSION (any from 1 is accepted) */
    const int64_t *seeds;            /* ids of the songs to start from (>= 1); */
    size_t seed_count;               /*   the query is the mean of their vectors */
    const int64_t *negatives;        /* ids of songs to move away from (may be 0; none a
                                        seed): their mean, less its part along the seeds'
                                        in each group (what they share stays), */
    size_t negative_count;           /*   times negative_weight, is subtracted */
    double negative_weight;          /*   (default 0.5, >= 0); content groups only */
    size_t k;                        /* results wanted (default 10, >= 1) */
    int year_from, year_to;          /* inclusive year range; 0 leaves an end open */
    int exclude_seed_dramas;         /* no song from a seed's drama */
    int exclude_seed_artists;        /* no song crediting anyone a seed credits */
    ostrec_instrumental instrumental;
    size_t max_per_artist;           /* at most this many songs per person; 0: no cap */
    int one_per_drama;               /* at most one song per drama */
    double diversity;                /* [0, 1): 0 ranks by score alone; higher trades
                                        score for variety (maximal marginal relevance);
                                        1, which would ignore the score, is refused */
    double shift_year;               /* 0: none; else score with the query's era block
                                        replaced by this year's ("this feel, from then") */
    /* version 2 */
    const double *seed_weights;      /* NULL: equal; else one per seed, > 0: the query is
                                        their weighted mean */
    const double *negative_weights;  /* NULL: equal; else one per negative, > 0 */
    int keep_seeds;                  /* 1: seeds may be results ("for me": a song you love
                                        may come back); negatives never are */
    const int64_t *excluded;         /* songs never to return (may be NULL) */
    size_t excluded_count;
} ostrec_query;
#define OSTREC_QUERY_INIT \
    { OSTREC_QUERY_VERSION, NULL, 0, NULL, 0, 0.5, 10, 0, 0, 0, 0, OSTREC_INSTRUMENTAL_ANY, 0, 0, 0.0, 0.0, \
      NULL, NULL, 0, NULL, 0 }
/* Fill *query with the defaults, as OSTREC_QUERY_INIT does. */
OSTREC_API void ostrec_query_init(ostrec_query *query);

/* One recommended song. Text is borrowed from the index the query ran on. */
typedef struct {
    size_t rank;                  /* 1-based */
    int64_t id;
    const char *title, *artist, *drama;
    int year;
    int instrumental;
    double valence, arousal;      /* the song's place on the mood plane */
    double score;                 /* dot product of the query and the song */
    double terms[OSTREC_GROUPS];  /* per-group parts of the score; they sum to it */
} ostrec_result;

typedef struct {
    size_t count;
    ostrec_result *items;
} ostrec_results;

/* Rank the index's songs against the query: a score table per feature
 * group (one matrix-vector product over its dictionary), one pass over the
 * songs' codes with the filters in it, near ties rescored in double (filters,
 * caps and diversity applied on a pool that grows only as they need). Seeds
 * and negatives never appear in the results.
 * Ties in score are broken by id, so results are deterministic. Without
 * diversity, results come in descending score; with it, in the order chosen.
 * Fewer than k results is not an error (the filters may leave fewer songs).
 * Returns 0 with *out owned by the caller (ostrec_results_free);
 * OSTREC_ENOTFOUND if a seed id is not in the index; OSTREC_EINVAL for a bad
 * query (the message names the field). *out is NULL on failure. */
OSTREC_API int ostrec_similar(ostrec *db, const ostrec_index *index, const ostrec_query *query,
                   ostrec_results **out);
OSTREC_API void ostrec_results_free(ostrec_results *results);

/* A result's term of group g as a share of that term's maximum (the term a
 * song identical to the query in that group would get): 1 is a full match.
 * Scores of "more like this" are on the same 0-1 scale: 1 is the seed
 * itself (every group a full match), and each group adds at most its weight
 * over the sum of the weights. */
OSTREC_API double ostrec_term_share(const ostrec_index *index, const ostrec_result *r, ostrec_group group);

/* The result in words, against the query's seeds, into out (size bytes,
 * NUL-terminated, cut to fit): "same soundtrack (Goblin); also Punch; both
 * ballad, piano; moods longing, sad \u2248 melancholic; 2016 vs 2016; same
 * voice (mixed-duet); both idol". Reads the songs from the catalog. Returns
 * 0, OSTREC_EINVAL, OSTREC_ENOTFOUND or OSTREC_ENOMEM. */
OSTREC_API int ostrec_result_words(ostrec *db, const ostrec_query *query, const ostrec_result *r, char *out,
                                   size_t size);

/* Where one song ranks for a query, and the top result beside it. */
typedef struct {
    size_t rank;       /* 1-based, among the songs the query's filters allow */
    size_t candidates; /* how many they allow */
    ostrec_result song, top; /* text borrowed from the index */
} ostrec_why_result;

/* Rank every song the query's filters allow by score (caps and diversity
 * left out) and say where song `id` is. OSTREC_ENOTFOUND when the index
 * has no such song or the filters leave it out; OSTREC_EINVAL when it is
 * a seed. */
OSTREC_API int ostrec_why(ostrec *db, const ostrec_index *index, const ostrec_query *query, int64_t id,
                          ostrec_why_result *out);

typedef enum {
    OSTREC_RESULTS_JSON = 0, /* {"query", "model", "results": [{..., "explain"}]} */
    OSTREC_RESULTS_CSV,      /* rank,id,title,artist,drama,year,score, then the terms */
    OSTREC_RESULTS_XSPF      /* an XSPF playlist: title, creator, album = drama */
} ostrec_results_format;

/* Write results of `query` on `index` to `out`. Returns 0, OSTREC_EINVAL for
 * an unknown format, OSTREC_ENOMEM, or OSTREC_EIO if writing failed. */
OSTREC_API int ostrec_results_write(ostrec *db, const ostrec_index *index, const ostrec_query *query,
                         const ostrec_results *results, ostrec_results_format format, FILE *out);

/* The JSON form of the results as text the caller frees with free(), or NULL
 * if memory ran out. */
OSTREC_API char *ostrec_results_to_json(const ostrec_index *index, const ostrec_query *query,
                             const ostrec_results *results);

/* ---- Mood playlists -------------------------------------------------------
 * A target is a place in the mood model: a point on the valence/arousal plane
 * and a mix of mood words, optionally with genre hints. A playlist gathers
 * songs near one target, moves through several in order (an arc), or walks
 * from one song to another (a path). README.md, "Mood playlists". */

#define OSTREC_TARGET_WORDS 8 /* most mood words, and genre hints, in a target */

typedef struct {
    const char *label;                        /* what it was made from ("farewell", "calm"),
                                                 for output; borrowed, may be NULL */
    double valence, arousal;                  /* the point on the plane, each in [-1, 1] */
    size_t mood_count;                        /* mood words in the mix; 0: the point alone */
    const char *moods[OSTREC_TARGET_WORDS];   /* mood ids, borrowed from the vocabulary */
    double mood_weights[OSTREC_TARGET_WORDS]; /* their shares, > 0, summing to 1 */
    size_t genre_count;                       /* genre hints (equal shares); may be 0 */
    const char *genres[OSTREC_TARGET_WORDS];  /* genre ids, borrowed from the vocabulary */
} ostrec_target;

/* A target from comma-separated mood words, each an id ("sad") or a Korean
 * name ("슬픈"), in equal shares; its point is the mean of their points.
 * label is set to `words` (borrowed). An unknown word is OSTREC_ENOTFOUND
 * with a message naming it and the nearest known words; an empty word or more
 * than OSTREC_TARGET_WORDS words is OSTREC_EINVAL. */
OSTREC_API int ostrec_target_moods(ostrec *db, const char *words, ostrec_target *out);

/* A target at a point of the plane alone. OSTREC_EINVAL unless both are
 * numbers in [-1, 1]. */
OSTREC_API int ostrec_target_point(ostrec *db, double valence, double arousal, ostrec_target *out);

/* Scenes: moments of K-drama storytelling (data/scenes.json), each a target. */
typedef struct {
    const char *id, *name, *ko, *about; /* "farewell", "Farewell", "이별", ... */
    ostrec_target target;               /* label is the id */
} ostrec_scene;

typedef struct ostrec_scenes ostrec_scenes;

/* Load the scenes file at `path`, or the built-in copy of data/scenes.json
 * when `path` is NULL, checked against the handle's vocabulary: an unknown
 * mood or genre, weights that are not positive or do not sum to 1, a
 * duplicate id or a missing field is OSTREC_EDATA with a message naming the
 * scene and the field. The scenes borrow words from the handle: free them
 * (ostrec_scenes_free) before closing it. *out is NULL on failure. */
OSTREC_API int ostrec_scenes_load(ostrec *db, const char *path, ostrec_scenes **out);
OSTREC_API void ostrec_scenes_free(ostrec_scenes *scenes);
OSTREC_API size_t ostrec_scenes_count(const ostrec_scenes *scenes);
/* The i-th scene, or NULL when out of range; borrowed from `scenes`. */
OSTREC_API const ostrec_scene *ostrec_scenes_at(const ostrec_scenes *scenes, size_t i);
/* The scene whose id, English name (ASCII case-insensitive) or Korean name
 * is `name`, or NULL. */
OSTREC_API const ostrec_scene *ostrec_scenes_find(const ostrec_scenes *scenes, const char *name);

/* A playlist request: start from OSTREC_PLAYLIST_INIT. Exactly one of
 *   target_count == 1: songs near the target, ordered so that each song is
 *                      near the last (a nearest-neighbour chain from the best);
 *   target_count >= 2: an arc: step i (of n) takes the best unused song near
 *                      the point i/(n-1) of the way along the waypoints'
 *                      path on the plane (moods and hints blend on the way);
 *   from and to set:   a path: step i takes the best unused song near the
 *                      point i/(n-1) of the way between the two songs'
 *                      vectors; the two songs are its ends.
 * No song appears twice, nor two versions of one song (same drama, same title
 * once a trailing "(Inst.)" or "(... ver.)" is set aside). */
#define OSTREC_PLAYLIST_VERSION 2
#define OSTREC_SHUFFLE_BAND 0.01 /* shuffle: how far apart in score songs may swap */
typedef struct {
    int version;                   /* OSTREC_PLAYLIST_VERSION (any from 1 is accepted) */
    const ostrec_target *targets;  /* borrowed for the call */
    size_t target_count;
    int64_t from, to;              /* song ids of a path (0: none) */
    size_t n;                      /* songs wanted (default 20; a path needs >= 2) */
    int year_from, year_to;        /* inclusive year range; 0 leaves an end open */
    ostrec_instrumental instrumental;
    size_t max_per_artist;         /* per person credited, as in ostrec_query; 0: no cap */
    int one_per_drama;
    int shuffle;                   /* 1: among songs within OSTREC_SHUFFLE_BAND of */
    unsigned long seed;            /*   each other, pick at random (gsl_rng, seed) */
    /* version 2 */
    const int64_t *only;           /* NULL: any song; else only these (a taste's pool, */
    size_t only_count;             /*   ostrec_taste_pool); a path's ends are always in */
    const int64_t *never;          /* songs never to take (a profile's dislikes) */
    size_t never_count;
} ostrec_playlist_query;
#define OSTREC_PLAYLIST_INIT \
    { OSTREC_PLAYLIST_VERSION, NULL, 0, 0, 0, 20, 0, 0, OSTREC_INSTRUMENTAL_ANY, 0, 0, 0, 0, NULL, 0, NULL, 0 }
/* Fill *query with the defaults, as OSTREC_PLAYLIST_INIT does. */
OSTREC_API void ostrec_playlist_query_init(ostrec_playlist_query *query);

typedef struct {
    ostrec_result song;                    /* rank is the position (1-based); score and
                                              terms are against this step's target */
    double target_valence, target_arousal; /* where on the plane this step aimed */
} ostrec_playlist_item;

typedef struct {
    size_t count;      /* songs chosen: n, or fewer when the catalog runs out */
    size_t candidates; /* songs the filters let through (before caps and versions) */
    ostrec_playlist_item *items;
} ostrec_playlist;

/* Make a playlist. Returns 0 with *out owned by the caller
 * (ostrec_playlist_free); OSTREC_EINVAL for a bad request (the message names
 * the field); OSTREC_ENOTFOUND if a path's song is not in the index. Fewer
 * than n songs is not an error: compare count with n, and candidates with n
 * to tell the filters from the caps. *out is NULL on failure. */
OSTREC_API int ostrec_playlist_make(ostrec *db, const ostrec_index *index, const ostrec_playlist_query *query,
                         ostrec_playlist **out);
OSTREC_API void ostrec_playlist_free(ostrec_playlist *playlist);

/* Write a playlist as JSON {"query", "model", "playlist": [...]}, CSV or
 * XSPF. Returns 0, OSTREC_EINVAL, OSTREC_ENOMEM or OSTREC_EIO. */
OSTREC_API int ostrec_playlist_write(ostrec *db, const ostrec_index *index, const ostrec_playlist_query *query,
                          const ostrec_playlist *playlist, ostrec_results_format format, FILE *out);

/* Draw the mood plane as SVG: every song of the index as a dot (its title,
 * artist and drama in an SVG <title>, shown on hover), the mood words at
 * their coordinates, and the playlist (may be NULL) as a numbered path.
 * Returns 0, OSTREC_ENOMEM or OSTREC_EIO. */
OSTREC_API int ostrec_map_write(ostrec *db, const ostrec_index *index, const ostrec_playlist *playlist, FILE *out);

/* ---- Profiles: what one person likes, dislikes and plays ------------------
 * README.md, "For me". */

/* Listening histories and playlists ostrec_history_import reads. */
typedef enum {
    OSTREC_HISTORY_AUTO = 0,         /* from the file's name and its first bytes */
    OSTREC_HISTORY_SPOTIFY,          /* Spotify account data, StreamingHistory_music_N.json:
                                        [{"endTime", "artistName", "trackName", "msPlayed"}] */
    OSTREC_HISTORY_SPOTIFY_EXTENDED, /* Spotify extended history, Streaming_History_Audio_*.json:
                                        [{"ts", "master_metadata_track_name",
                                          "master_metadata_album_artist_name", "ms_played",
                                          "skipped"}] */
    OSTREC_HISTORY_LASTFM,           /* a Last.fm scrobble export as CSV: artist, album,
                                        track, date */
    OSTREC_HISTORY_M3U,              /* an M3U or M3U8 playlist (#EXTINF:secs,Artist - Title) */
    OSTREC_HISTORY_XSPF,             /* an XSPF playlist (title, creator, album) */
    OSTREC_HISTORY_CSV               /* a playlist as CSV with a header naming its title and
                                        artist columns */
} ostrec_history_format;

/* Profiles live in the catalog's database, apart from the songs: re-importing
 * or replacing the catalog never deletes them. A profile is made by its first
 * like, dislike or import. Names are 1 to 64 bytes; NULL is "me". */
#define OSTREC_PROFILE_DEFAULT "me"

/* Like (opinion 1), dislike (-1) or clear either (0) song `id` for the
 * profile: a like replaces a dislike and back. OSTREC_ENOTFOUND when the
 * catalog has no such song; OSTREC_EINVAL for a bad name or opinion. */
OSTREC_API int ostrec_profile_rate(ostrec *db, const char *profile, int64_t id, int opinion);

/* What a history import did. Each entry is matched by title (English,
 * Korean or romanized, case, spacing and punctuation aside, an "(OST ...)" or
 * "feat." part set aside) and by artist (any name of any credited person or
 * of their group, English or Korean, through the aliases). */
typedef struct {
    ostrec_history_format format; /* what was read */
    size_t entries;   /* songs the file lists (not_music left out) */
    size_t not_music; /* podcast episodes and the like, left out */
    size_t matched;   /* entries that are one catalog song */
    size_t ambiguous; /* entries that fit several songs: none stored */
    size_t unmatched; /* entries that fit none */
    size_t added;     /* plays stored that the profile did not have: 0 on a second import */
} ostrec_history_result;

/* Called for each entry not stored, in file order: `where` is "FILE:LINE" or
 * "FILE: [i]"; ambiguous is 1 when several songs fit. */
typedef void (*ostrec_history_miss_fn)(void *user, const char *where, const char *title, const char *artist,
                                       int ambiguous);

/* Read a listening history or playlist and add its matched entries to the
 * profile's plays, in one transaction. A play is kept once: the same song at
 * the same time (a playlist entry: in the same playlist file name) is not
 * added again, so importing a file twice changes nothing. A malformed file is
 * OSTREC_EDATA naming FILE:LINE (or FILE: [i].FIELD) and nothing is written.
 * `result` and `on_miss` may be NULL. */
OSTREC_API int ostrec_history_import(ostrec *db, const char *profile, const char *path, ostrec_history_format format,
                                     ostrec_history_result *result, ostrec_history_miss_fn on_miss, void *user);

/* Write the profile as JSON: {"profile", "likes": [{"id", "at", "title",
 * "artist"}], "dislikes": [...], "plays": [{"id", "played_at", "origin",
 * "ms_played", "skipped", "title", "artist"}]}, ordered by id and time;
 * unknown ms_played and skipped are null, titles are for reading only.
 * OSTREC_ENOTFOUND when there is no such profile. */
OSTREC_API int ostrec_profile_export(ostrec *db, const char *profile, FILE *out);

/* Add a profile export to the profile `profile` (NULL: the name the file
 * gives), in one transaction: its likes and dislikes replace the profile's
 * opinion of those songs, its plays join the profile's (a play it has is
 * kept once). Exporting a profile so imported into an empty database gives
 * the same bytes. A bad file is OSTREC_EDATA naming the JSON path; nothing
 * is written. Song ids need not be in the catalog. */
OSTREC_API int ostrec_profile_import(ostrec *db, const char *profile, const char *path);

/* Delete the profile and every row of it, then VACUUM the database and
 * truncate its write-ahead log, so its bytes are gone from the files too.
 * OSTREC_ENOTFOUND when there is no such profile. */
OSTREC_API int ostrec_profile_forget(ostrec *db, const char *profile);

/* A person's taste, read from a profile: the query "for me" is made of.
 * A song's weight is the sum of its plays, each min(ms_played / 180 s, 1)
 * (1 when unknown), halved every half_life_days before `now`
 * (playlist entries, which have no time, count 1), a skipped play -0.5 in
 * place of its own; a like adds OSTREC_LIKE_WEIGHT. Songs of positive weight
 * are the seeds; songs of negative weight and every disliked song are the
 * negatives; heard lists every song played or rated. Songs the catalog no
 * longer has are left out and counted in missing. */
#define OSTREC_LIKE_WEIGHT 3.0
#define OSTREC_SKIP_WEIGHT (-0.5)
typedef struct {
    size_t seed_count;
    int64_t *seeds;          /* by weight, highest first, ties by id */
    double *seed_weights;
    size_t negative_count;
    int64_t *negatives;
    double *negative_weights; /* how strongly to move away, > 0 */
    size_t heard_count;
    int64_t *heard;           /* ascending */
    size_t disliked_count;    /* the first disliked_count of negatives are the disliked */
    size_t missing;
} ostrec_taste;

/* Read the profile's taste (half_life_days > 0; now in seconds since 1970
 * UTC, 0 for the current time). OSTREC_ENOTFOUND when there is no such
 * profile; a profile with no positive song gives seed_count 0. */
OSTREC_API int ostrec_taste_get(ostrec *db, const char *profile, double half_life_days, int64_t now,
                                ostrec_taste **out);
OSTREC_API void ostrec_taste_free(ostrec_taste *taste);

/* A query "for me" from a taste: the seeds with their weights, the
 * negatives with theirs, seeds allowed as results unless new_only (then
 * every song heard is left out). Fills *query from OSTREC_QUERY_INIT; the
 * arrays stay the taste's. */
OSTREC_API void ostrec_taste_query(const ostrec_taste *taste, int new_only, ostrec_query *query);

/* Up to max liked or played songs that pulled result `r` up most (their
 * weight times their match with it, soundtrack and people included), into
 * ids; returns how many. */
OSTREC_API size_t ostrec_taste_reasons(const ostrec_index *index, const ostrec_taste *taste, const ostrec_result *r,
                                       int64_t *ids, size_t max);

/* Songs a taste leans a playlist of n songs to: the top max(10 n,
 * OSTREC_TASTE_POOL_MIN) songs for the query ostrec_taste_query(taste,
 * new_only), which the playlist's `only` then keeps to (and its `never`, the
 * disliked, keeps out): the mood picks among the songs the person's taste
 * ranks high. *out (count in *count) is the caller's to free(). */
#define OSTREC_TASTE_POOL_MIN 200
OSTREC_API int ostrec_taste_pool(ostrec *db, const ostrec_index *index, const ostrec_taste *taste, int new_only,
                                 size_t n, int64_t **out, size_t *count);

/* Write results "for me" (a query from ostrec_taste_query) as JSON
 * {"profile", "query": {"n", "new_only", "seeds", "negatives"}, "model",
 * "results": [{... as ostrec_results_write, "because": [{"id", "title"}]}]},
 * CSV (ostrec_results_write's columns, then "because", ';'-joined ids) or
 * XSPF; "because" is ostrec_taste_reasons (3 at most). Returns 0,
 * OSTREC_EINVAL, OSTREC_ENOMEM or OSTREC_EIO. */
OSTREC_API int ostrec_taste_results_write(ostrec *db, const ostrec_index *index, const char *profile,
                                          const ostrec_taste *taste, const ostrec_query *query,
                                          const ostrec_results *results, ostrec_results_format format, FILE *out);

/* What a profile holds, for `profile show`. Shares are of the profile's
 * positive weight (as in ostrec_taste), over the songs the catalog has. */
#define OSTREC_PROFILE_TOP 5
typedef enum {
    OSTREC_TOP_SOUNDTRACKS = 0, OSTREC_TOP_ARTISTS, OSTREC_TOP_GENRES, OSTREC_TOP_ERAS, OSTREC_TOP_MOODS,
    OSTREC_TOP_KINDS
} ostrec_top_kind;
typedef struct {
    char name[160]; /* a drama, a person, a genre, era or mood id (cut to fit, whole characters) */
    double share;   /* of the profile's positive weight, in [0, 1] */
} ostrec_top_item;
/* Parts of the day by the hour a play ended, in UTC plus the offset given. */
typedef enum { OSTREC_NIGHT = 0, OSTREC_MORNING, OSTREC_AFTERNOON, OSTREC_EVENING, OSTREC_DAY_PARTS } ostrec_day_part;
typedef struct {
    size_t likes, dislikes, plays, skips, songs, missing; /* songs: played or liked */
    int64_t first_play, last_play;                        /* 0 when no play has a time */
    int has_place;
    double valence, arousal; /* the weighted mean place of the liked and played songs */
    size_t top_count[OSTREC_TOP_KINDS];
    ostrec_top_item top[OSTREC_TOP_KINDS][OSTREC_PROFILE_TOP];
    size_t day_plays[OSTREC_DAY_PARTS];  /* timed plays, 00-06, 06-12, 12-18, 18-24 */
    char day_mood[OSTREC_DAY_PARTS][32]; /* the mood most played then ("" when none) */
} ostrec_profile_summary;

/* Summarise the profile; utc_offset_minutes shifts the hours of the day
 * parts (540 for Korea). OSTREC_ENOTFOUND when there is no such profile. */
OSTREC_API int ostrec_profile_summary_get(ostrec *db, const char *profile, double half_life_days, int64_t now,
                                          int utc_offset_minutes, ostrec_profile_summary *out);
/* The summary as JSON text, free()d by the caller; NULL when memory ran out. */
OSTREC_API char *ostrec_profile_summary_to_json(const ostrec_profile_summary *summary, const char *profile);

/* ostrec_map_write with a heat layer of a taste under the dots: a disc on
 * each song the person played or liked, its area in proportion to the
 * song's weight (ostrec_taste). taste may be NULL. */
OSTREC_API int ostrec_map_write_taste(ostrec *db, const ostrec_index *index, const ostrec_playlist *playlist,
                                      const ostrec_taste *taste, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* OSTREC_H */
