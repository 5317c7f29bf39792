/* cli.h: what the ostrec program's files share: the command table, the
 * context every command gets, and the output helpers. */
#ifndef OSTREC_CLI_H
#define OSTREC_CLI_H

#include "ostrec.h"

#include <stdarg.h>
#include <stdio.h>

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

typedef enum { OUT_TABLE, OUT_JSON, OUT_CSV, OUT_XSPF } out_format;

typedef struct {
    const char *db_path;    /* --db, $OSTREC_DB, or the default */
    int db_is_default;      /* 1 when db_path is the default (no --db, no $OSTREC_DB) */
    const char *vocab_path; /* --vocab, $OSTREC_VOCAB, or NULL for the built-in */
    const char *model_path; /* --model, $OSTREC_MODEL, or NULL for the built-in */
    const char *scenes_path; /* --scenes, $OSTREC_SCENES, or NULL for the built-in */
    ostrec *db;             /* opened on first use */
} cli_ctx;

typedef struct {
    const char *name;
    int (*run)(cli_ctx *ctx, int argc, char **argv);
    const char *summary;
} cli_command;

/* visible.c: text for the terminal with its control characters shown
 * escaped: C0 controls and DEL as \xHH (ESC is \x1b), C1 controls as \u00HH
 * (U+009B is \u009b); everything else as it is. cli_visible returns a copy
 * the caller frees, or NULL if memory ran out. cli_vput_visible formats
 * (cut at 4 KiB) and then writes visibly. */
char *cli_visible(const char *s);
void cli_put_visible(FILE *out, const char *s);
void cli_vput_visible(FILE *out, const char *fmt, va_list ap);

/* common.c: error lines (their text shown visibly, as above) */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a usage error and return EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* open.c: what a command needs of the catalog. */
typedef enum {
    CLI_READ,  /* read the songs: open read-only (never waits for an import); an
                  empty catalog is an error; the default database, when it does not
                  exist yet, is first made from the shipped catalog */
    CLI_WRITE, /* change the songs: open for writing, creating the database */
    CLI_VOCAB, /* only the vocabulary: no database is opened or made */
    CLI_PROFILE /* change a profile: as CLI_READ, but open for writing */
} cli_access;
/* Open the catalog in ctx->db for `access`; on failure print why and return
 * non-zero. */
int cli_open(cli_ctx *ctx, cli_access access);
/* Open the catalog for reading, load the model and build the index; on
 * failure print why and return non-zero. The caller frees both. */
int cli_open_index(cli_ctx *ctx, ostrec_model **model, ostrec_index **index);

/* Map a library code to an exit code, printing the handle's message. */
int cli_fail(cli_ctx *ctx, int rc);
/* Parse "table", "json", "csv", "xspf" within the allowed set (bit per out_format). */
int cli_parse_format(const char *command, const char *text, unsigned allowed, out_format *out);
/* Parse a whole non-negative number for option `name`. */
int cli_parse_count(const char *command, const char *name, const char *text, size_t *out);
/* Resolve a SONG argument; prints candidates or suggestions on failure and
 * returns the exit code (0 on success, *out then holds one song). */
int cli_resolve_song(cli_ctx *ctx, const char *spec, ostrec_song_list **out);
/* After getopt_long returned ':' or '?' (optstring starts with ':'), print
 * why and return EXIT_USAGE. */
int cli_option_error(const char *command, int opt, char **argv);
/* Parse the options of a command whose only options are --format
 * table|json and --help. Returns EXIT_OK (optind then indexes the first
 * operand), CLI_HELP_SHOWN after printing `help`, or EXIT_USAGE. */
#define CLI_HELP_SHOWN (-1)
int cli_parse_format_options(const char *command, int argc, char **argv, const char *help, out_format *format);
/* Print a JSON text followed by a newline and free it. Returns 0 or an exit code. */
int cli_print_json(char *text);

/* filters.c: a whole year in the accepted range (0, or -1); the named era
 * (NULL if none); the eras listed on stderr; --era NAME|Y1-Y2|Y into a year
 * range; --instrumental yes|no|any. The parsers return an exit code. */
int cli_parse_year(const char *text, int *out);
const ostrec_era *cli_find_era(ostrec *db, const char *name);
void cli_list_eras(ostrec *db);
int cli_parse_era(ostrec *db, const char *command, const char *text, int *year_from, int *year_to);
int cli_parse_instrumental(const char *command, const char *text, ostrec_instrumental *out);

/* playlist_request.c: what `playlist` and `map` aim at and how, from their
 * options. parse returns EXIT_OK, CLI_HELP_SHOWN or EXIT_USAGE; resolve
 * opens the catalog and turns words, scenes and songs into the query (a
 * map may have no aim: then target_count is 0 and from is 0). */
#define PLAYLIST_WAYPOINTS_MAX 32
typedef struct {
    ostrec_playlist_query q;
    ostrec_target targets[PLAYLIST_WAYPOINTS_MAX];
    const char *mood, *scene, *arc, *from, *to, *era, *output;
    double va[2];
    int has_va, aims, explain;
    out_format format;
    char *arc_copy;         /* the waypoints' words, which label the targets */
    ostrec_scenes *scenes;  /* loaded when a scene or an arc is named */
    const char *profile;    /* --profile: lean toward this person's taste */
    int new_only;           /* with a profile: only songs they have not heard */
    ostrec_taste *taste;    /* the profile's, once the index is open */
    int64_t *pool;          /* the songs its taste ranks high (q.only) */
} playlist_request;
void playlist_request_init(playlist_request *r);
int playlist_request_parse(const char *command, int argc, char **argv, const char *help, int is_map,
                           playlist_request *r);
int playlist_request_resolve(cli_ctx *ctx, const char *command, playlist_request *r);
void playlist_request_release(playlist_request *r);
/* With a profile, keep the playlist to the songs its taste ranks high and
 * away from those it dislikes (ostrec_taste_pool); else nothing. */
int playlist_request_lean(cli_ctx *ctx, const ostrec_index *index, playlist_request *r);
/* cmd_playlist.c: make the playlist a resolved request asks for and print it. */
int playlist_run(cli_ctx *ctx, playlist_request *r);
/* When the playlist is short, say why on stderr. */
void playlist_explain_shortfall(const ostrec_playlist_query *q, const ostrec_playlist *p);

/* table.c: a text table whose columns line up for Hangul (two cells wide) too. */
typedef struct table table;
table *table_new(size_t columns, const char *const *headers);
/* Add a row of `columns` cells (copied); returns 0 or -1 if memory ran out. */
int table_add(table *t, const char *const *cells);
void table_print(const table *t, FILE *out);
void table_free(table *t);
/* Display width of UTF-8 text in terminal cells. */
size_t display_width(const char *s);

/* The commands, one file each. */
int cmd_import(cli_ctx *ctx, int argc, char **argv);
int cmd_export(cli_ctx *ctx, int argc, char **argv);
int cmd_search(cli_ctx *ctx, int argc, char **argv);
int cmd_show(cli_ctx *ctx, int argc, char **argv);
int cmd_stats(cli_ctx *ctx, int argc, char **argv);
int cmd_vocab(cli_ctx *ctx, int argc, char **argv);
int cmd_similar(cli_ctx *ctx, int argc, char **argv);
int cmd_why(cli_ctx *ctx, int argc, char **argv);
int cmd_like(cli_ctx *ctx, int argc, char **argv);
int cmd_dislike(cli_ctx *ctx, int argc, char **argv);
int cmd_unlike(cli_ctx *ctx, int argc, char **argv);
int cmd_history(cli_ctx *ctx, int argc, char **argv);
int cmd_profile(cli_ctx *ctx, int argc, char **argv);
int cmd_for_me(cli_ctx *ctx, int argc, char **argv);
int cmd_vectors(cli_ctx *ctx, int argc, char **argv);
int cmd_playlist(cli_ctx *ctx, int argc, char **argv);
int cmd_scenes(cli_ctx *ctx, int argc, char **argv);
int cmd_map(cli_ctx *ctx, int argc, char **argv);

/* output.c: the output of -o FILE (or standard output for NULL or "-").
 * A regular file, or a missing one, is replaced only once the output is
 * complete: by a temporary created with mkstemp beside it, flushed, fsynced
 * and renamed over it (with the old file's permissions). Anything else that
 * exists (a FIFO, a device such as /dev/null) is written in place: opened
 * for writing, never created, truncated or replaced. A symbolic link is
 * written through: the file it names is the target, and the link stays; a
 * link to nothing is refused. A directory is refused. */
typedef struct {
    FILE *f;          /* where to write */
    const char *path; /* as given, for messages */
    char *target;     /* the file written or replaced */
    char *tmp;        /* the temporary that replaces it, or NULL when in place */
} cli_output;
/* Returns EXIT_OK, or EXIT_RUNTIME after saying why. */
int cli_output_open(cli_output *o, const char *path);
/* Finish after writing ended with `status`: on EXIT_OK, check the writes and
 * put the temporary in place; otherwise remove the temporary. Returns the
 * final status (a failed write or rename is EXIT_RUNTIME, after saying why). */
int cli_output_finish(cli_output *o, int status);

/* songs_out.c: print songs as a table or JSON. */
int print_song_table(const ostrec_song_list *list, FILE *out);

#endif /* OSTREC_CLI_H */
