/* helpers.h: small fixtures shared by the cmocka unit tests: temporary files,
 * an in-memory catalog, and exports captured as strings. */
#ifndef OSTREC_TEST_HELPERS_H
#define OSTREC_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ostrec.h"

/* The shared fixture of six real songs (tests/fixtures/mini.csv). */
#define MINI_CSV "fixtures/mini.csv"

/* Write `len` bytes to a new temporary file; returns its path (static buffer
 * per call site is not enough, so the caller frees). */
static inline char *temp_file(const char *suffix, const void *data, size_t len)
{
    char *path = malloc(256);
    assert_non_null(path);
    snprintf(path, 256, "/tmp/ostrec-test-XXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

static inline char *temp_text(const char *suffix, const char *text)
{
    return temp_file(suffix, text, strlen(text));
}

static inline void temp_remove(char *path)
{
    unlink(path);
    free(path);
}

static inline ostrec *open_memory(void)
{
    ostrec *db = NULL;
    int rc = ostrec_open(&db, ":memory:", NULL);
    if (rc != OSTREC_OK) fail_msg("open: %s", ostrec_errmsg(db));
    return db;
}

/* A catalog holding the mini fixture. */
static inline ostrec *open_mini(void)
{
    ostrec *db = open_memory();
    int rc = ostrec_import(db, MINI_CSV, OSTREC_FORMAT_AUTO, NULL);
    if (rc != OSTREC_OK) fail_msg("import: %s", ostrec_errmsg(db));
    return db;
}

/* The export of the whole catalog as a string the caller frees. */
static inline char *export_string(ostrec *db, ostrec_format format)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(ostrec_export(db, f, format), OSTREC_OK);
    fclose(f);
    return buf;
}

static inline char *read_whole(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Import `data` (a file ending in `suffix`) into the mini catalog and expect it refused with a message
 * that contains `want` (with the temporary file's path in front); the export
 * must not change. */
static inline void expect_import_refused(const char *suffix, const void *data, size_t len, const char *want)
{
    ostrec *db = open_mini();
    char *before = export_string(db, OSTREC_FORMAT_CSV);
    char *path = temp_file(suffix, data, len);
    ostrec_import_result result = {9, 9, 9};
    int rc = ostrec_import(db, path, OSTREC_FORMAT_AUTO, &result);
    assert_int_equal(rc, OSTREC_EDATA);
    const char *msg = ostrec_errmsg(db);
    if (strncmp(msg, path, strlen(path)) != 0 || strstr(msg, want) == NULL)
        fail_msg("message '%s' does not start with the path or lacks '%s'", msg, want);
    assert_int_equal(result.rows, 0);
    char *after = export_string(db, OSTREC_FORMAT_CSV);
    assert_string_equal(before, after);
    free(before);
    free(after);
    temp_remove(path);
    ostrec_close(db);
}

/* The header line of the catalog's CSV form. */
#define CSV_HEADER \
    "id,title,title_ko,artist,artist_ko,drama,drama_ko,year,ost_part,instrumental,genres,moods,vocal_style,artist_type,source\n"
/* The header export writes: the columns above, then the two a file of the
 * older form may leave out. */
#define CSV_EXPORT_HEADER \
    "id,title,title_ko,artist,artist_ko,drama,drama_ko,year,ost_part,instrumental,genres,moods,vocal_style,artist_type,source," \
    "title_romanized,credits\n"

#endif
