/* internal.h: private declarations shared by the engine's files; never installed. */
#ifndef OSTREC_INTERNAL_H
#define OSTREC_INTERNAL_H

#include "ostrec.h"

#include <gsl/gsl_matrix.h>
#include <sqlite3.h>
#include <stdarg.h>

/* A vocabulary of one kind: an array of terms, their strings owned here. */
typedef struct {
    ostrec_term *terms;
    size_t count;
} vocab_list;

/* A whole vocabulary file. */
typedef struct {
    vocab_list kinds[OSTREC_VOCAB_KINDS];
    ostrec_era *eras;
    size_t era_count;
} vocab;

/* Statements an import runs once per song, prepared on first use. */
enum {
    PUT_EXISTS, PUT_UPSERT, PUT_CLEAR_GENRES, PUT_CLEAR_MOODS, PUT_GENRE, PUT_MOOD,
    PUT_ARTIST_FIND, PUT_ARTIST_ADD, PUT_CLEAR_CREDITS, PUT_CREDIT, PUT_STATEMENTS
};

struct ostrec {
    sqlite3 *sql;
    sqlite3_stmt *put[PUT_STATEMENTS];
    vocab vocab;
    char errmsg[1024];
};

/* options.c: read a caller's option struct of any known version into the
 * current layout, defaults in the fields its version lacks. An unknown
 * version is OSTREC_EINVAL with the handle's message set (none when db is
 * NULL); so is a NULL query, while NULL open options are the defaults. */
int options_read_open(ostrec *db, const ostrec_open_options *in, ostrec_open_options *out);
int options_read_query(ostrec *db, const ostrec_query *in, ostrec_query *out);
int options_read_playlist(ostrec *db, const ostrec_playlist_query *in, ostrec_playlist_query *out);

/* blas_room.c: OSTREC_ENOMEM with the handle's message when the process
 * cannot map the work buffer OpenBLAS takes on a thread's first call (it
 * would retry forever); call it before every BLAS call. */
int blas_room(ostrec *db);

/* errors.c: set the handle's message (printf-style) and return `code`. */
int ostrec__fail(ostrec *db, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Set the message from SQLite's last error on the handle, with a context. */
int ostrec__fail_sql(ostrec *db, const char *context);
void ostrec__clear_error(ostrec *db);

/* vocab.c: parse a vocabulary JSON text. On failure returns OSTREC_EDATA or
 * OSTREC_ENOMEM and writes a message naming the field to err. */
int vocab_parse(vocab *out, const char *json_text, const char *origin, char *err, size_t errlen);
void vocab_release(vocab *v);
const ostrec_term *vocab_lookup(const vocab *v, ostrec_vocab_kind kind, const char *word);
/* The vocabulary positions of the ';'-joined words of `joined` (at most 3,
 * into out). An unknown word is OSTREC_EDATA with "song ID: KIND: 'word' is
 * not in the vocabulary" on the handle. */
int vocab_positions(ostrec *db, ostrec_vocab_kind kind, const char *joined, size_t *out, size_t *count,
                    int64_t id);
/* The nearest word to `word` in the kind, for "did you mean", or NULL. */
const char *vocab_suggest(const vocab *v, ostrec_vocab_kind kind, const char *word);

/* Built-in default vocabulary (generated from models/vocab.json at build time)
 * and schema (from data/schema.sql). */
extern const char ostrec_default_vocab_json[];
extern const char ostrec_schema_sql[];

/* suggest.c: Levenshtein distance over bytes, case-folded for ASCII. */
size_t edit_distance(const char *a, const char *b);
/* The same distance between a (n bytes) and b (m bytes) when it is at most
 * `max`, else max + 1: a banded computation that gives up as soon as the
 * distance must exceed max, so a hostile long text costs O(max) per pair. */
size_t edit_distance_within(const char *a, size_t n, const char *b, size_t m, size_t max);

/* utf8.c: 0 if `s` (length n) is valid UTF-8, else 1-based byte offset of the
 * first bad byte. */
size_t utf8_invalid_at(const char *s, size_t n);

/* song_record.c: one song as read from a file, before it is stored. Fields
 * are borrowed from the reader; `line` locates it for messages. */
typedef struct {
    const char *id, *title, *title_ko, *artist, *artist_ko, *drama, *drama_ko;
    const char *year, *ost_part, *instrumental, *genres, *moods;
    const char *vocal_style, *artist_type, *source;
    const char *title_romanized, *credits;
} song_fields;

/* A validated song ready to store: text fields borrowed, lists split. */
typedef struct {
    int64_t id;
    const char *title, *title_ko, *artist, *artist_ko, *drama, *drama_ko;
    int year, ost_part, instrumental;
    const char *genres[3];
    size_t genre_count;
    const char *moods[3];
    size_t mood_count;
    const char *vocal_style, *artist_type, *source;
    const char *title_romanized;
    const char *credits; /* ';'-joined names, "feat:" before a featured one; never "" */
    char list_buf[2 * (OSTREC_FIELD_MAX + 1)]; /* storage for split lists */
} song_row;

/* song_batch.c: the valid songs of one import, kept (texts copied, words
 * pointing into the handle's vocabulary) until the file has been read whole,
 * then stored in id order. */
typedef struct {
    int64_t id;
    size_t text;                        /* the song's texts in the arena */
    int year, ost_part, instrumental;
    unsigned char genre_count, mood_count;
    const char *genres[3], *moods[3], *vocal_style, *artist_type;
} batch_song;
typedef struct {
    batch_song *songs;
    size_t count, cap;
    char *text;                         /* the arena */
    size_t text_used, text_cap;
} song_batch;
/* Copy a validated row into the batch: OSTREC_OK or OSTREC_ENOMEM. */
int song_batch_add(song_batch *batch, const song_row *row);
/* Store every song of the batch in id order (store_put_song) inside the
 * caller's transaction, counting them in *result; the first failure stops
 * it with the handle's message set. */
int song_batch_store(ostrec *db, song_batch *batch, int known_new, ostrec_import_result *result);
void song_batch_release(song_batch *batch);

/* Validate the fields of one song. `where` is "FILE:LINE" or "FILE: songs[i]".
 * Returns 0 or OSTREC_EDATA with the handle's message set to
 * "WHERE: FIELD: what was expected". */
int song_validate(ostrec *db, const song_fields *f, const char *where, song_row *out);

/* The column names of the CSV form, in order, and their count. */
#define SONG_COLUMN_COUNT 17
extern const char *const song_columns[SONG_COLUMN_COUNT];
/* The index of the column called `name`, or SONG_COLUMN_COUNT if none is. */
size_t song_column_index(const char *name);
/* Required columns are every one but the *_ko columns and ost_part. */
int song_column_required(size_t index);
/* Pointer to the field of `f` for column `index`. */
const char **song_fields_slot(song_fields *f, size_t index);

/* store.c: write one validated song (insert or replace by id). *was_new
 * tells which; known_new (nothing in the catalog has its id) skips the
 * lookup. Call inside a transaction. */
int store_put_song(ostrec *db, const song_row *row, int known_new, int *was_new);
/* The catalog's generation: a number that changes with every change to
 * its songs, genres and moods (data/schema.sql). *known is 0 when the
 * catalog has none (its ostrec_meta row was deleted by hand). */
int store_generation(ostrec *db, int64_t *generation, int *known);
/* The import's transaction, for `incoming` songs: the generation moves on
 * once, at the commit; the full-text index is built whole at the commit
 * when the import is at least as large as the catalog; into_empty: every
 * song is new (store_put_song's known_new). */
typedef struct {
    int rebuild_fts, into_empty;
} store_import;
int store_begin(ostrec *db, size_t incoming, store_import *import);
int store_commit(ostrec *db, const store_import *import);
void store_rollback(ostrec *db);

/* joined.c: a ';'-joined list (genres, moods, credits, aliases): whether
 * it holds the word of n bytes at `word`; the list as a JSON array of
 * strings (NULL when memory runs out). */
int joined_has(const char *list, const char *word, size_t n);
struct cJSON *joined_json_array(const char *joined);

/* csv_rows.c: call fn for each record of a CSV text, the header too: its
 * first `count` fields (at most CSV_MAX_COLUMNS; `found` counts them all)
 * and the line it starts on. Blank lines are skipped; malformed CSV, a NUL
 * byte or fn's failure stops it with the handle's message set. */
#define CSV_MAX_COLUMNS 64
typedef int (*csv_row_fn)(void *user, const char *const *fields, size_t count, size_t found, size_t line);
int csv_read_rows(ostrec *db, const char *path, const char *text, size_t len, csv_row_fn fn, void *user);

/* store.c: a plain write transaction (BEGIN IMMEDIATE, foreign keys on) and
 * its commit; store_rollback ends it on failure. */
int store_write_begin(ostrec *db, const char *context);
int store_write_commit(ostrec *db, const char *context);

/* import_csv.c / import_json.c: read and check every song of a file into
 * `batch` (stored later, in id order, by song_batch_store); the first bad
 * song stops it with the handle's message naming where and what. */
int import_csv(ostrec *db, const char *path, const char *text, size_t len, song_batch *batch);
int import_json(ostrec *db, const char *path, const char *text, size_t len, song_batch *batch);

/* Duplicate-id tracking within one import: a hash set of the ids seen (ids
 * are above 0; 0 marks a free slot), each with the line it was first on, so
 * an import in any id order costs the same. */
typedef struct {
    int64_t *ids;
    size_t *lines;
    size_t count, cap; /* cap: 0 or a power of two, at least twice count */
} id_seen;
/* 0 if newly added; 1 if already present (first line in *first_line);
 * OSTREC_ENOMEM. */
int id_seen_add(id_seen *s, int64_t id, size_t line, size_t *first_line);
void id_seen_release(id_seen *s);

/* songs.c: fill a song list from a statement returning the song columns
 * (see SONG_SELECT). */
#define SONG_SELECT                                                                      \
    "SELECT s.id, s.title, s.title_ko, s.artist, s.artist_ko, s.drama, s.drama_ko, "  \
    "s.year, s.ost_part, s.instrumental, "                                              \
    "(SELECT group_concat(genre, ';') FROM (SELECT genre FROM song_genres "             \
    "  WHERE song_id = s.id ORDER BY position)), "                                     \
    "(SELECT group_concat(mood, ';') FROM (SELECT mood FROM song_moods "                \
    "  WHERE song_id = s.id ORDER BY position)), "                                     \
    "s.vocal_style, s.artist_type, s.source, s.title_romanized, "                        \
    "(SELECT group_concat(name, ';') FROM (SELECT CASE c.featured WHEN 1 THEN 'feat:' "  \
    "  ELSE '' END || a.name AS name FROM song_credits c JOIN artists a "                \
    "  ON a.id = c.artist_id WHERE c.song_id = s.id ORDER BY c.position)) FROM songs s "
int songs_collect(ostrec *db, sqlite3_stmt *stmt, size_t limit, ostrec_song_list **out);
int song_list_new(ostrec_song_list **out);

/* export.c: one song as a JSON object (the export's shape), or NULL if memory
 * ran out. The caller owns it. */
struct cJSON;
struct cJSON *song_to_json(const ostrec_song *s);
/* Write one CSV field (quoted with libcsv only when it must be) and then a
 * comma, or a newline when `last`. Returns 1, or 0 if writing failed. */
int csv_write_field(FILE *out, const char *s, int last);

/* results_out.c: pieces shared by the results and playlist writers. */
const char *results_instrumental_name(ostrec_instrumental v); /* "yes", "no", "any" */
/* [{"id", "title", "artist"}] for the ids the index holds; NULL if memory ran out. */
struct cJSON *results_song_refs(const ostrec_index *index, const int64_t *ids, size_t n);
/* {"name", "weights": {group: weight}}; NULL if memory ran out. */
struct cJSON *results_model_json(const ostrec_index *index);
/* One result: rank, id, title, artist, drama, year, score, explain, valence,
 * arousal; NULL if memory ran out. */
struct cJSON *results_item_json(const ostrec_result *r);
/* results_item_json with "shares": each term as a share of its maximum
 * (ostrec_term_share); NULL when memory runs out. */
struct cJSON *results_item_shares_json(const ostrec_index *index, const ostrec_result *r);
/* The CSV header of a result and one result's row, without the newline. */
void results_csv_header(FILE *out);
void results_csv_row(const ostrec_result *r, FILE *out);
/* Text escaped for XML character data and attribute values; characters
 * XML 1.0 cannot carry (most C0 controls, U+FFFE, U+FFFF) become U+FFFD. */
void results_xml_text(FILE *out, const char *s);
/* An XSPF <track> opened with its title, creator, album (the drama) and
 * trackNum; the caller adds an annotation and closes it. */
void results_xspf_track(FILE *out, const ostrec_result *r);
/* Write a JSON text (which may be NULL: out of memory) and a newline, and
 * free it. Returns 0 or OSTREC_ENOMEM. */
int results_put_json(ostrec *db, char *text, FILE *out);
/* 0 if `out` was written cleanly, else OSTREC_EIO: "cannot write the WHAT". */
int results_flushed(ostrec *db, FILE *out, const char *what);

/* import.c: read a whole file; *text is NUL-terminated and owned by the
 * caller. Fails with OSTREC_EIO or OSTREC_ENOMEM and the handle's message. */
int file_read_all(ostrec *db, const char *path, char **text, size_t *len);

/* model.c: the model's parameters, as read from a model file. */
struct ostrec_model {
    char name[64];
    double weight[OSTREC_GROUPS];
    double mood_tag_share; /* share of the mood block's cosine from the tags */
    int mood_grid;         /* RBF centres per axis of the valence/arousal plane */
    double mood_width;     /* their Gaussian width (sigma), in plane units */
    double mood_tag_width; /* a tag's credit to the words near it on the plane:
                            * exp(-d^2 / (2 w^2)); 0: only the word itself */
    double mood_tag_decay; /* the i-th tag of a song weighs decay^i (1: all alike) */
    double era_from, era_step, era_width; /* RBF centres from era_from every era_step years */
    int era_points;
};
/* Parse and check a model text against the handle's vocabulary. */
int model_parse(ostrec *db, const char *json_text, const char *origin, ostrec_model *out);
extern const char ostrec_default_model_json[];
extern const char ostrec_default_scenes_json[]; /* data/scenes.json */

/* ---- The index (index.c, index_build.c, index_file.c) ---------------------
 * Every song's feature vector is a concatenation of per-group blocks, and
 * each block comes from a small set: the genre block is fixed by the song's
 * genre set, the mood block by its mood set, the era block by its year, the
 * vocal style and artist type blocks by one word each. So the index keeps,
 * per group, a dictionary of the distinct blocks (one float row each), and
 * per song one small code per group: genre and mood set codes, and a context
 * code standing for (year, vocal style, artist type, instrumental). A
 * song's dense row is its dictionary rows side by side (index_row), never
 * stored. The arrays are sections: malloc'd when built, pointers into a
 * read-only mapping when the index was kept in a file (index_file.c). */

typedef struct {
    uint16_t genre, mood, context; /* rows of the genre and mood dictionaries; a context */
} song_code;

typedef struct {
    uint16_t era;          /* row of the era dictionary (one per distinct year) */
    uint16_t vocal_style;  /* vocabulary position = row of the vocal style dictionary */
    uint16_t artist_type;  /* vocabulary position = row of the artist type dictionary */
    uint16_t instrumental; /* 1 or 0 */
} song_context;

/* The sections of an index, in file order. */
enum {
    SEC_GENRE_DICT, SEC_MOOD_DICT, SEC_ERA_DICT, SEC_VOCAL_DICT, SEC_TYPE_DICT, /* floats */
    SEC_MOOD_POINT,  /* 2 doubles per mood set: valence, arousal */
    SEC_ERA_YEAR,    /* int32 per era row */
    SEC_CONTEXTS,    /* song_context per context */
    SEC_CODES,       /* song_code per song */
    SEC_IDS,         /* int64 per song, ascending */
    SEC_DRAMA_KEY,   /* uint32 per song: equal keys, same drama */
    SEC_NEXT_VERSION, SEC_NEXT_DRAMA, /* uint32 per song: rings of rows sharing a version / drama */
    SEC_CREDIT_AT,   /* uint32 per song + 1: its people are credit_keys[at[r], at[r + 1]) */
    SEC_CREDIT_KEYS, /* uint32 per credit: a person's key (below index->artists), distinct within a song,
                        in credit order */
    SEC_ARTIST_START, /* uint32 per person + 1: its songs are artist_rows[start[k], start[k + 1]) */
    SEC_ARTIST_ROWS, /* uint32 per credit: rows grouped by person, ascending within one */
    SEC_TEXT_AT,     /* uint32 per song + 1: where its "title\0artist\0drama\0" starts */
    SEC_TEXTS,       /* bytes */
    SEC_PAIR_KEY,    /* uint32 per pair: genre << 16 | mood, a distinct (genre, mood) of some song;
                        ordered by mood, then genre */
    SEC_PAIR_START,  /* uint32 per pair + 1: its songs are pair_rows[start[p], start[p + 1]) */
    SEC_MOOD_PAIRS,  /* uint32 per mood set + 1: its pairs are [mood_pairs[m], mood_pairs[m + 1]) */
    SEC_PAIR_ROWS,   /* uint32 per song: rows grouped by pair, ascending within one */
    SECTIONS
};

/* What a song is, read from the sections (index_song_at). */
typedef struct {
    int64_t id;
    int year, instrumental;
    uint32_t drama_key;
    double valence, arousal;
    const char *title, *artist, *drama;
} index_song;

struct ostrec_index {
    ostrec_model model;
    size_t count, dim;
    size_t block[OSTREC_GROUPS + 1]; /* group g is columns [block[g], block[g + 1]) */
    double scale[OSTREC_GROUPS];     /* sqrt(w_g / sum of w) */
    size_t genre_count, mood_count, vocal_count, artist_count; /* vocabulary sizes */
    double *mood_va;                 /* valence, arousal of each mood word */
    char **columns;                  /* dim names */

    /* Sizes of the sections. */
    size_t genre_sets, mood_sets, years, contexts, pairs, text_bytes;
    size_t credits;                  /* (song, person) pairs: the songs' people, all told */
    size_t artists, dramas;          /* keys of people and dramas are below these */
    /* The sections (see the enum); section[] holds the same pointers. */
    const float *dict[OSTREC_GROUPS]; /* dict[g]: rows of block width, row-major */
    size_t dict_rows[OSTREC_GROUPS];
    const double *mood_point;
    const int32_t *era_year;
    const song_context *context;
    const song_code *code;
    const int64_t *id;
    const uint32_t *drama_key;
    const uint32_t *next_version, *next_drama;
    const uint32_t *credit_at, *credit_keys, *artist_start, *artist_rows;
    const uint32_t *text_at;
    const char *texts;
    const uint32_t *pair_key, *pair_start, *mood_pairs, *pair_rows;
    void *section[SECTIONS];
    int owns_sections;               /* 1: each section was malloc'd; 0: they lie in `map` */
    void *map;                       /* the mapped index file, or NULL */
    size_t map_size;
    uint64_t generation, catalog_hash; /* what it was built from (index_file.c) */
};

/* The width of group g's block. */
static inline size_t index_width(const ostrec_index *index, int g) { return index->block[g + 1] - index->block[g]; }
/* The element size and count of section s. */
size_t index_section_size(const ostrec_index *index, int s, size_t *count);
/* Set the typed pointers from section[]. */
void index_point_sections(ostrec_index *index);

/* index_file.c: the first bytes of a kept index file (DB.index), then its
 * sections in enum order, each at a SECTION_ALIGN-aligned offset. Numbers
 * are in the machine's byte order; a file from a machine of the other order
 * fails the `order` check. */
#define INDEX_MAGIC "OSTRIDX" /* 8 bytes with its NUL */
#define INDEX_FORMAT 2        /* bump when the layout of the file changes (2: people, not artist texts) */
typedef struct {
    char magic[8];
    uint32_t format, order;      /* INDEX_FORMAT, 0x01020304 */
    uint64_t generation;         /* the catalog's generation it was built from */
    uint64_t stamp;              /* hash of the model, the vocabulary and the layout */
    uint64_t count, genre_sets, mood_sets, years, contexts, pairs, text_bytes, artists, dramas, credits;
    uint64_t offset[SECTIONS];   /* where each section starts */
    uint64_t file_size;
    uint64_t checksum;           /* FNV-1a of every byte above */
} index_file_header;

/* A song's features as indexes into the vocabularies. */
typedef struct {
    size_t genres[3], genre_count;
    size_t moods[3], mood_count;
    double year;
    size_t vocal_style, artist_type;
} song_features;

/* An empty index laid out for `model` and the handle's vocabulary: columns,
 * blocks and scales, no songs, no sections. */
int index_new(ostrec *db, const ostrec_model *model, ostrec_index **out);
/* The row of the song with this id, or -1 (binary search; rows are by id). */
long index_find(const ostrec_index *index, int64_t id);
/* The song at `row`. */
void index_song_at(const ostrec_index *index, size_t row, index_song *out);
/* Its title alone. */
const char *index_title(const ostrec_index *index, size_t row);
/* The people credited on the song at `row`: *keys points at that many keys,
 * each below index->artists, borrowed from the index (none: a song without
 * credits, which no artist cap or exclusion touches). The bounds hold in a
 * mapped file too: index_credits_fit checked them. */
size_t index_credits(const ostrec_index *index, size_t row, const uint32_t **keys);
/* Its drama key: below index->dramas (a key out of range in a damaged file
 * reads as that bound: size counting arrays one more). */
uint32_t index_drama(const ostrec_index *index, size_t row);
/* Whether the credit sections hold together: credit_at ascending from 0 to
 * the credit count, every key below index->artists, artist_start ascending
 * from 0 to the credit count, every artist row below the song count. So no
 * read through them leaves the sections, whatever else a damaged file
 * holds (checked when a file is mapped). */
int index_credits_fit(const ostrec_index *index);
/* Whether the pair sections hold together: starts ascending from 0 to the
 * song count, keys within the dictionaries and grouped by mood as
 * mood_pairs says (checked when a file is mapped; the rows within pairs are
 * checked as they are read). */
int index_pairs_fit(const ostrec_index *index);
/* The dictionary block of group g for the song at `row`. */
const float *index_block(const ostrec_index *index, size_t row, int g);
/* The song's dense feature vector (dim floats), its blocks side by side. */
void index_row(const ostrec_index *index, size_t row, float *out);

/* index_build.c: an index from songs given as features, for tests and the
 * benchmark: `count` songs with ids, features, the keys of the people
 * credited (artist_key_count of them at artist_keys, which may be NULL when
 * there are none; a key repeated within a song is kept once; the index
 * keeps arrays as long as the largest key, so keys should be dense) and a
 * drama key (and titles, artists and dramas, which may be NULL: then "" is
 * kept). */
typedef struct {
    int64_t id;
    song_features f;
    int instrumental;
    const uint32_t *artist_keys;
    size_t artist_key_count;
    uint32_t drama_key;
    const char *title, *artist, *drama;
} song_input;
int index_from_songs(ostrec *db, const ostrec_model *model, const song_input *songs, size_t count,
                     ostrec_index **out);

/* encode.c: write a song's unit-length feature vector into row (dim floats),
 * using `work` (dim doubles) as scratch: the dense row, bit for bit the
 * index's blocks for the same features (sets are taken in ascending order). */
void encode_song(const ostrec_index *index, const song_features *f, double *work, float *row);
/* The weights of a song's first, second and third mood tag (the model's
 * tag_decay to the power of the position). */
void mood_tag_weights(const ostrec_index *index, double weights[3]);
/* Sort a short list of vocabulary positions (a song's set) in place. */
void sort_positions(size_t *v, size_t n);
/* Write the genre block (the genre block's width) for a genre set. */
void encode_genres(const ostrec_index *index, const size_t *genres, size_t count, double *block);
/* Write the era block for `year` (unit length times the era scale) into
 * block (the era block's width). */
void encode_era(const ostrec_index *index, double year, double *block);
/* Write a mood block (zeroed before the call) for tags at vocabulary
 * positions `moods` with `weights` and the plane point (valence, arousal):
 * tags and plane each unit length times the square root of their share of
 * the model's tag_share, the whole times the mood scale. A target with no
 * tags gets the plane part alone. With `moods` NULL, `weights` is dense: one
 * per mood word (count of them). */
void encode_mood(const ostrec_index *index, const size_t *moods, const double *weights, size_t count,
                 double valence, double arousal, double *block);
/* The mean valence/arousal of the moods. */
void mood_point(const ostrec_index *index, const size_t *moods, size_t count, double *valence, double *arousal);

/* target.c: a target as dense weights over the vocabularies (the moods and
 * genres arrays hold one weight per word of the index's vocabularies). */
typedef struct {
    double valence, arousal;
    double *moods, *genres;
} target_weights;
/* Check target i (the message names it) and spread it into *out. */
int target_check(ostrec *db, const ostrec_target *t, size_t i, target_weights *out);
/* out = (1 - u) a + u b, point and weights alike. */
void target_blend(const ostrec_index *index, const target_weights *a, const target_weights *b, double u,
                  target_weights *out);
/* The query vector (dim doubles) of a target: its mood block and, with
 * genre hints, its genre block; zero elsewhere. */
void target_encode(const ostrec_index *index, const target_weights *t, double *query);

/* ---- Scoring (score.c) ------------------------------------------------------
 * A query vector q scores every dictionary row of a group with one
 * gsl_blas_sgemv: the group's score table. A song's float score is then
 * table_genre[code.genre] + table_mood[code.mood] + table_context[code.context],
 * the context entry being the sum of its era, vocal style and artist type
 * entries, or -inf when the year or instrumental filter leaves it out: six
 * bytes read per song. Candidates near the top are rescored in double from
 * the dictionaries (index_score_terms), so ranks and reported scores are
 * exact. */
typedef struct {
    float *table[OSTREC_GROUPS]; /* one entry per dictionary row of each group */
    float *context;              /* one entry per context */
    float *query;                /* the query in float (dim), scratch */
} score_tables;

/* Which songs a query leaves out: years and instrumentals in the context
 * table; rows and keys checked only for songs that would enter the top. */
typedef struct {
    int year_from, year_to;      /* 0 leaves an end open */
    ostrec_instrumental instrumental;
    const size_t *rows;          /* rows never chosen (seeds, negatives), ascending */
    size_t row_count;
    const uint32_t *dramas, *artists; /* songs of these keys are left out (a song of
                                         several people: when any of them is listed) */
    size_t drama_count, artist_count;
    const unsigned char *keep;   /* per song, or NULL: 0 is never chosen */
} score_filter;

int score_tables_alloc(const ostrec_index *index, score_tables *t);
void score_tables_free(score_tables *t);
/* Fill the tables for query q (dim doubles) under the filter's years and
 * instrumental. OSTREC_ENOMEM (message set) when OpenBLAS has no room. */
int score_tables_fill(ostrec *db, const ostrec_index *index, const double *q, const score_filter *f,
                      score_tables *t);
/* The context table from the era, vocal style and artist type tables. */
void score_context_table(const ostrec_index *index, const score_filter *f, score_tables *t);
/* Does the filter let the song at `row` through (years, instrumental,
 * rows, keys)? */
int score_filter_allows(const ostrec_index *index, const score_filter *f, size_t row);

/* The score of a row against a query vector (dim doubles), split into
 * per-group terms (filled when `terms` is not NULL); each term is the dot
 * product of the query's block and the song's dictionary block in double,
 * and the score their sum, computed the same way wherever it is used, so
 * ranking and reported scores agree to the last bit. */
double index_score_terms(const ostrec_index *index, const double *query, size_t row, double *terms);
/* The dot product of two songs' rows, in double, group by group. */
double index_row_dot(const ostrec_index *index, size_t a, size_t b);
/* A result for a row: the song's fields (text borrowed from the index) and
 * its score and terms against `query`; rank is left alone. */
void index_result(const ostrec_index *index, const double *query, size_t row, ostrec_result *r);

/* The k best rows of a float score array (descending; ties by lower row,
 * which is lower id), chosen with a bounded heap; `keep` (may be NULL) says
 * which rows may be chosen. Writes up to k rows to out, returns how many. */
size_t rank_top_k(const float *scores, const unsigned char *keep, size_t n, size_t k, size_t *out);

typedef struct {
    double score;
    size_t row;
} ranked;
/* The best `want` songs the filter allows, exactly: one pass over the codes
 * keeps every song whose float score is within a hair of the running
 * want-th best, and those are rescored in double and ordered by score, then
 * id. *out (owned by the caller) holds *count <= want entries. Returns 0 or
 * OSTREC_ENOMEM. */
int rank_exact(const ostrec_index *index, const double *query, const score_tables *t, const score_filter *f,
               size_t want, ranked **out, size_t *count);
/* identity.c: the soundtrack and artist terms of a query made of songs,
 * for the songs that have any (sharing a drama or a person with them),
 * rows ascending. */
typedef struct {
    size_t count;
    size_t *rows;
    double *soundtrack, *artist;
} identity_terms;
/* The terms against the songs at `rows`, song i counting factors[i] (the
 * query is sum_i factors[i] * song_i). OSTREC_ENOMEM, *out empty, when
 * memory runs out. */
int identity_terms_build(const ostrec_index *index, const long *rows, const double *factors, size_t n,
                         identity_terms *out);
void identity_terms_free(identity_terms *t);
/* The two terms of `row` (0 when it has none) into *soundtrack and *artist
 * (either may be NULL); returns their sum. */
double identity_terms_of(const identity_terms *t, size_t row, double *soundtrack, double *artist);
/* rank_exact with the identity terms added to the content scores: the best
 * `want` songs by their whole score, exactly, ordered by score then id.
 * *out holds *count entries (and may hold more past them). */
int rank_with_identity(const ostrec_index *index, const double *query, const score_tables *t, const score_filter *f,
                       const identity_terms *ident, size_t want, ranked **out, size_t *count);

/* Score a block of queries at once, for the benchmark and batch callers:
 * for each of the `queries` rows of Q (dim floats each), its top `want`
 * songs by float score (ties by lower row) into rows[i * want ...], SIZE_MAX
 * past the last, with one gsl_blas_sgemm per group and block of queries for
 * the tables, the scans shared among the processors (threads of its own,
 * joined before it returns). No filters. Returns 0 or OSTREC_ENOMEM. */
int rank_batch(ostrec *db, const ostrec_index *index, const float *q, size_t queries, size_t want, size_t *rows);

#endif /* OSTREC_INTERNAL_H */
