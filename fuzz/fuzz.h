/* fuzz.h: what the fuzz targets share: the input handed to the library as a
 * file, exports captured as strings, and the library's promises checked on
 * every input (a broken promise aborts, so the fuzzer reports it as a crash). */
#ifndef OSTREC_FUZZ_H
#define OSTREC_FUZZ_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ostrec.h"

/* Embedded copies (generated at build time): tests/fixtures/mini.csv and
 * data/catalog.csv, so a target runs from any directory. */
extern const char ostrec_fuzz_mini_csv[];
extern const char ostrec_fuzz_catalog_csv[];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A promise broke: say which, then abort. */
#define PROMISE(cond, ...)                                                  \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "broken promise at %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                   \
            fputc('\n', stderr);                                            \
            abort();                                                        \
        }                                                                   \
    } while (0)

/* An anonymous in-memory file, named /proc/self/fd/N; one per slot, reused
 * for every input so a run never touches the disk. */
enum { FUZZ_FILE_INPUT, FUZZ_FILE_COPY, FUZZ_FILE_BASE, FUZZ_FILES };

static inline const char *fuzz_file(int slot, const void *data, size_t size)
{
    static int fds[FUZZ_FILES] = { -1, -1, -1 };
    static char paths[FUZZ_FILES][64];
    if (fds[slot] < 0) {
        fds[slot] = (int)syscall(SYS_memfd_create, "ostrec-fuzz", 0);
        PROMISE(fds[slot] >= 0, "memfd_create failed");
        snprintf(paths[slot], sizeof paths[slot], "/proc/self/fd/%d", fds[slot]);
    }
    PROMISE(ftruncate(fds[slot], 0) == 0, "ftruncate failed");
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(fds[slot], (const char *)data + done, size - done, (off_t)done);
        PROMISE(n > 0, "pwrite failed");
        done += (size_t)n;
    }
    return paths[slot];
}

/* A refusal: a negative OSTREC_E code with a message. */
static inline void expect_refusal(const ostrec *db, int rc, const char *what)
{
    PROMISE(rc >= OSTREC_EDB && rc < 0, "%s returned %d", what, rc);
    PROMISE(ostrec_errmsg(db)[0] != '\0', "%s refused (%d) without a message", what, rc);
}

/* The whole catalog exported, as a string the caller frees. (Not inlined:
 * gcc 12 takes the pointer open_memstream fills for one that dangles.) */
__attribute__((unused, noinline)) static char *fuzz_export(ostrec *db, ostrec_format format, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    PROMISE(f != NULL, "open_memstream failed");
    int rc = ostrec_export(db, f, format);
    PROMISE(rc == OSTREC_OK, "export failed: %d %s", rc, ostrec_errmsg(db));
    fclose(f);
    if (len != NULL) *len = n;
    return buf;
}

static inline ostrec *fuzz_open(const ostrec_open_options *options)
{
    ostrec *db = NULL;
    int rc = ostrec_open(&db, ":memory:", options);
    PROMISE(rc == OSTREC_OK, "open failed: %d %s", rc, ostrec_errmsg(db));
    return db;
}

/* A fresh in-memory catalog holding the CSV text `csv`. */
static inline ostrec *fuzz_open_with(const char *csv)
{
    ostrec *db = fuzz_open(NULL);
    int rc = ostrec_import(db, fuzz_file(FUZZ_FILE_BASE, csv, strlen(csv)), OSTREC_FORMAT_CSV, NULL);
    PROMISE(rc == OSTREC_OK, "base import failed: %d %s", rc, ostrec_errmsg(db));
    return db;
}

/* On the first call, the shipped catalog in *db and its index, built with the
 * built-in model, in *index; later calls keep them. */
static inline void fuzz_catalog_once(ostrec **db, ostrec_index **index)
{
    if (*db != NULL) return;
    *db = fuzz_open_with(ostrec_fuzz_catalog_csv);
    ostrec_model *model = NULL;
    PROMISE(ostrec_model_load(*db, NULL, &model) == OSTREC_OK, "built-in model");
    PROMISE(ostrec_index_build(*db, model, index) == OSTREC_OK, "index");
    ostrec_model_free(model);
}

/* A result's score and terms are finite and the terms add up to the score. */
static inline void check_result(const ostrec_result *r, const char *what)
{
    double sum = 0;
    PROMISE(isfinite(r->score), "%s: song %lld: score %g", what, (long long)r->id, r->score);
    for (int g = 0; g < OSTREC_GROUPS; g++) {
        PROMISE(isfinite(r->terms[g]), "%s: song %lld: term %d is %g", what, (long long)r->id, g, r->terms[g]);
        sum += r->terms[g];
    }
    PROMISE(fabs(sum - r->score) <= 1e-6, "%s: song %lld: terms add up to %.9g, score %.9g", what,
            (long long)r->id, sum, r->score);
    PROMISE(isfinite(r->valence) && isfinite(r->arousal), "%s: song %lld: mood point %g/%g", what,
            (long long)r->id, r->valence, r->arousal);
}

static inline void check_results(const ostrec_results *res, const ostrec_query *q, const char *what)
{
    PROMISE(res->count <= q->k, "%s: %zu results for k = %zu", what, res->count, q->k);
    for (size_t i = 0; i < res->count; i++) {
        check_result(&res->items[i], what);
        PROMISE(res->items[i].rank == i + 1, "%s: rank %zu at %zu", what, res->items[i].rank, i);
        for (size_t s = 0; s < q->seed_count; s++)
            PROMISE(res->items[i].id != q->seeds[s], "%s: seed %lld among the results", what, (long long)q->seeds[s]);
    }
}

/* Similar queries on `index` from the song `seed` (which it holds): plain,
 * with diversity, and with an era shift; each result checked. */
static inline void check_similar(ostrec *db, const ostrec_index *index, int64_t seed)
{
    for (int variant = 0; variant < 3; variant++) {
        ostrec_query q = OSTREC_QUERY_INIT;
        q.seeds = &seed;
        q.seed_count = 1;
        q.k = 5;
        if (variant == 1) q.diversity = 0.5;
        if (variant == 2) q.shift_year = 1995;
        ostrec_results *res = NULL;
        int rc = ostrec_similar(db, index, &q, &res);
        PROMISE(rc == OSTREC_OK, "similar %d from %lld: %d %s", variant, (long long)seed, rc, ostrec_errmsg(db));
        check_results(res, &q, "similar");
        ostrec_results_free(res);
    }
}

/* The id of the first song of a CSV export (0 when the catalog is empty). */
static inline int64_t first_id(const char *csv_export)
{
    const char *line = strchr(csv_export, '\n');
    return line != NULL && line[1] != '\0' ? strtoll(line + 1, NULL, 10) : 0;
}

/* Build an index of the catalog with `model` (NULL: the built-in model) and
 * run the similar queries from its first song. */
static inline void check_catalog_queries(ostrec *db, const ostrec_model *model)
{
    ostrec_model *own = NULL;
    if (model == NULL) {
        int rc = ostrec_model_load(db, NULL, &own);
        PROMISE(rc == OSTREC_OK, "built-in model: %d %s", rc, ostrec_errmsg(db));
        model = own;
    }
    ostrec_index *index = NULL;
    int rc = ostrec_index_build(db, model, &index);
    PROMISE(rc == OSTREC_OK, "index of an accepted catalog: %d %s", rc, ostrec_errmsg(db));
    char *csv = fuzz_export(db, OSTREC_FORMAT_CSV, NULL);
    int64_t id = first_id(csv);
    free(csv);
    if (id != 0) check_similar(db, index, id);
    ostrec_index_free(index);
    ostrec_model_free(own);
}

/* The input as a NUL-terminated string, cut at `max` bytes; caller frees. */
static inline char *fuzz_text(const uint8_t *data, size_t size, size_t max)
{
    if (size > max) size = max;
    char *text = malloc(size + 1);
    PROMISE(text != NULL, "out of memory");
    memcpy(text, data, size);
    text[size] = '\0';
    return text;
}

/* The import targets: import the input (as `format`) into a small catalog.
 * Refused: a negative code with a message, and the export unchanged.
 * Accepted: each export imports into a fresh catalog whose export is the same
 * bytes, and similar queries on the catalog give sound scores. */
static inline void fuzz_import(const uint8_t *data, size_t size, ostrec_format format)
{
    ostrec *db = fuzz_open_with(ostrec_fuzz_mini_csv);
    size_t before_len = 0;
    char *before = fuzz_export(db, OSTREC_FORMAT_CSV, &before_len);
    ostrec_import_result result = { 9, 9, 9 };
    int rc = ostrec_import(db, fuzz_file(FUZZ_FILE_INPUT, data, size), format, &result);
    if (rc != OSTREC_OK) {
        expect_refusal(db, rc, "import");
        PROMISE(result.rows == 0 && result.added == 0 && result.updated == 0, "refused import counted rows");
        size_t after_len = 0;
        char *after = fuzz_export(db, OSTREC_FORMAT_CSV, &after_len);
        PROMISE(after_len == before_len && memcmp(before, after, before_len) == 0,
                "a refused import changed the catalog");
        free(after);
    } else {
        PROMISE(result.added + result.updated == result.rows, "import counted %zu rows, %zu added, %zu updated",
                result.rows, result.added, result.updated);
        for (ostrec_format f = OSTREC_FORMAT_CSV; f <= OSTREC_FORMAT_JSON; f++) {
            size_t len = 0, again_len = 0;
            char *text = fuzz_export(db, f, &len);
            ostrec *fresh = fuzz_open(NULL);
            rc = ostrec_import(fresh, fuzz_file(FUZZ_FILE_COPY, text, len), f, NULL);
            PROMISE(rc == OSTREC_OK, "the %s export does not import: %d %s", f == OSTREC_FORMAT_CSV ? "CSV" : "JSON",
                    rc, ostrec_errmsg(fresh));
            char *again = fuzz_export(fresh, f, &again_len);
            PROMISE(again_len == len && memcmp(text, again, len) == 0,
                    "the %s export changed on its way through import", f == OSTREC_FORMAT_CSV ? "CSV" : "JSON");
            free(again);
            free(text);
            ostrec_close(fresh);
        }
        check_catalog_queries(db, NULL);
    }
    free(before);
    ostrec_close(db);
}

/* The artists' export (CSV or JSON) as a string of *len bytes. */
__attribute__((unused, noinline)) static char *fuzz_export_artists(ostrec *db, ostrec_format format, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    PROMISE(f != NULL, "open_memstream failed");
    int rc = ostrec_export_artists(db, f, format);
    PROMISE(rc == OSTREC_OK, "artists export failed: %d %s", rc, ostrec_errmsg(db));
    fclose(f);
    *len = n;
    return buf;
}

/* The input as an artists file for the mini catalog: refused whole with a
 * message, the artists and songs as they were; or imported, when both
 * exports import into an empty catalog and come back the same bytes, and
 * search still answers. */
static inline void fuzz_import_artists(const uint8_t *data, size_t size, ostrec_format format)
{
    ostrec *db = fuzz_open_with(ostrec_fuzz_mini_csv);
    size_t before_len = 0, songs_len = 0;
    char *before = fuzz_export_artists(db, OSTREC_FORMAT_CSV, &before_len);
    char *songs = fuzz_export(db, OSTREC_FORMAT_CSV, &songs_len);
    ostrec_import_result result = {9, 9, 9};
    int rc = ostrec_import_artists(db, fuzz_file(FUZZ_FILE_INPUT, data, size), format, &result);
    if (rc != OSTREC_OK) {
        expect_refusal(db, rc, "artists import");
        PROMISE(result.rows == 0 && result.added == 0 && result.updated == 0, "refused artists import counted rows");
        size_t after_len = 0;
        char *after = fuzz_export_artists(db, OSTREC_FORMAT_CSV, &after_len);
        PROMISE(after_len == before_len && memcmp(before, after, before_len) == 0,
                "a refused artists import changed the artists");
        free(after);
    } else {
        PROMISE(result.added + result.updated == result.rows, "artists import counted %zu rows, %zu added, %zu updated",
                result.rows, result.added, result.updated);
        for (ostrec_format f = OSTREC_FORMAT_CSV; f <= OSTREC_FORMAT_JSON; f++) {
            size_t len = 0, again_len = 0;
            char *text = fuzz_export_artists(db, f, &len);
            ostrec *fresh = fuzz_open(NULL);
            rc = ostrec_import_artists(fresh, fuzz_file(FUZZ_FILE_COPY, text, len), f, NULL);
            PROMISE(rc == OSTREC_OK, "the artists' %s export does not import: %d %s",
                    f == OSTREC_FORMAT_CSV ? "CSV" : "JSON", rc, ostrec_errmsg(fresh));
            char *again = fuzz_export_artists(fresh, f, &again_len);
            PROMISE(again_len == len && memcmp(text, again, len) == 0, "the artists' %s export changed on its way through import",
                    f == OSTREC_FORMAT_CSV ? "CSV" : "JSON");
            free(again);
            free(text);
            ostrec_close(fresh);
        }
        ostrec_song_list *list = NULL;
        rc = ostrec_search(db, "Punch", 0, &list);
        PROMISE(rc == OSTREC_OK && list->count >= 1, "search after an artists import: %d %s", rc, ostrec_errmsg(db));
        ostrec_song_list_free(list);
    }
    size_t songs_after_len = 0;
    char *songs_after = fuzz_export(db, OSTREC_FORMAT_CSV, &songs_after_len);
    PROMISE(songs_after_len == songs_len && memcmp(songs, songs_after, songs_len) == 0,
            "an artists import changed the songs");
    free(songs_after);
    free(songs);
    free(before);
    ostrec_close(db);
}

#endif
