/* open.c: opening the catalog for a command: read-only for commands that
 * read, a first run's database made from the shipped catalog, and one
 * message for an empty catalog. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The shipped catalog, found from where the program is: an installed
 * PREFIX/bin/ostrec has it in PREFIX/share/ostrec/, a program built in the
 * source tree (build/ostrec, build/asan/ostrec) in data/. */
static int find_shipped_catalog(char *out, size_t size)
{
    static const char *const beside[] = {"/../share/ostrec/catalog.csv", "/../data/catalog.csv",
                                         "/../../data/catalog.csv"};
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL) return -1;
    *slash = '\0';
    for (size_t i = 0; i < sizeof beside / sizeof beside[0]; i++) {
        char candidate[4200], *found;
        if ((size_t)snprintf(candidate, sizeof candidate, "%s%s", exe, beside[i]) >= sizeof candidate) continue;
        if (access(candidate, R_OK) != 0 || (found = realpath(candidate, NULL)) == NULL) continue;
        int fits = strlen(found) < size;
        if (fits) strcpy(out, found);
        free(found);
        if (fits) return 0;
    }
    return -1;
}

static void remove_database(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char name[4200];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        unlink(name);
    }
}

/* The artists file beside the shipped catalog (artists.csv in its
 * directory), or "" when there is none. */
static void artists_beside(const char *catalog, char *out, size_t size)
{
    const char *slash = strrchr(catalog, '/');
    size_t dir = slash ? (size_t)(slash - catalog) + 1 : 0;
    out[0] = '\0';
    if ((size_t)snprintf(out, size, "%.*sartists.csv", (int)dir, catalog) >= size || access(out, R_OK) != 0)
        out[0] = '\0';
}

/* The first run of a reading command with no database yet at the default
 * place: make it from the shipped catalog and its artists, and say so,
 * once. */
static int first_run(cli_ctx *ctx)
{
    char shipped[4200], artists[4300];
    if (find_shipped_catalog(shipped, sizeof shipped) != 0) {
        cli_error("no catalog yet at %s, and the shipped catalog was not found; fill it with 'ostrec import FILE'",
                  ctx->db_path);
        return EXIT_RUNTIME;
    }
    ostrec_open_options options = OSTREC_OPEN_INIT;
    options.vocab_path = ctx->vocab_path;
    ostrec_import_result result, people = {0, 0, 0};
    artists_beside(shipped, artists, sizeof artists);
    int rc = ostrec_open(&ctx->db, ctx->db_path, &options);
    if (rc == OSTREC_OK) rc = ostrec_import(ctx->db, shipped, OSTREC_FORMAT_CSV, &result);
    if (rc == OSTREC_OK && *artists) rc = ostrec_import_artists(ctx->db, artists, OSTREC_FORMAT_CSV, &people);
    if (rc == OSTREC_OK) {
        fprintf(stderr, "ostrec: first run: made the catalog %s from %s (%zu songs)", ctx->db_path, shipped,
                result.rows);
        if (*artists) fprintf(stderr, " and %s (%zu artists)", artists, people.rows);
        fputc('\n', stderr);
        return EXIT_OK;
    }
    cli_error("%s", ostrec_errmsg(ctx->db));
    ostrec_close(ctx->db);
    ctx->db = NULL;
    remove_database(ctx->db_path); /* the next run tries again from nothing */
    return EXIT_RUNTIME;
}

int cli_open(cli_ctx *ctx, cli_access access)
{
    if (ctx->db != NULL) return EXIT_OK;
    ostrec_open_options options = OSTREC_OPEN_INIT;
    options.vocab_path = ctx->vocab_path;
    options.read_only = access == CLI_READ;
    const char *path = access == CLI_VOCAB ? ":memory:" : ctx->db_path;
    struct stat st;
    if ((access == CLI_READ || access == CLI_PROFILE) && ctx->db_is_default && stat(path, &st) != 0 &&
        errno == ENOENT) {
        int status = first_run(ctx);
        if (status != EXIT_OK) return status;
    } else {
        int rc = ostrec_open(&ctx->db, path, &options);
        if (rc != OSTREC_OK) {
            cli_error("%s", ostrec_errmsg(ctx->db));
            if (rc == OSTREC_ENOTFOUND) fprintf(stderr, "Fill it with 'ostrec --db %s import FILE'.\n", path);
            ostrec_close(ctx->db);
            ctx->db = NULL;
            return EXIT_RUNTIME;
        }
    }
    int empty = 0;
    if (access != CLI_READ && access != CLI_PROFILE) return EXIT_OK;
    if (ostrec_is_empty(ctx->db, &empty) != OSTREC_OK) {
        cli_error("%s", ostrec_errmsg(ctx->db));
        return EXIT_RUNTIME;
    }
    if (empty) {
        cli_error("the catalog %s is empty; fill it with 'ostrec import FILE' (CSV or JSON)", ctx->db_path);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

int cli_open_index(cli_ctx *ctx, ostrec_model **model, ostrec_index **index)
{
    *model = NULL;
    *index = NULL;
    int status = cli_open(ctx, CLI_READ);
    if (status != EXIT_OK) return status;
    int rc = ostrec_model_load(ctx->db, ctx->model_path, model);
    if (rc == OSTREC_OK) rc = ostrec_index_open(ctx->db, *model, index);
    if (rc == OSTREC_OK) return EXIT_OK;
    cli_error("%s", ostrec_errmsg(ctx->db));
    ostrec_model_free(*model);
    *model = NULL;
    return EXIT_RUNTIME;
}
