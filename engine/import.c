/* import.c: ostrec_import: read a whole file, pick its format, check every
 * song, and store them in one transaction that either lands whole or not at
 * all. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int file_read_all(ostrec *db, const char *path, char **text, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return ostrec__fail(db, OSTREC_EIO, "%s: cannot open file", path);
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    int rc = OSTREC_OK;
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1) break;
        char *bigger = realloc(buf, cap * 2);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    if (buf == NULL) rc = ostrec__fail(db, OSTREC_ENOMEM, "%s: out of memory", path);
    else if (ferror(f)) rc = ostrec__fail(db, OSTREC_EIO, "%s: cannot read file", path);
    fclose(f);
    if (rc != OSTREC_OK) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return OSTREC_OK;
}

static ostrec_format format_from_name(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot != NULL && strcasecmp(dot, ".json") == 0) return OSTREC_FORMAT_JSON;
    if (dot != NULL && strcasecmp(dot, ".csv") == 0) return OSTREC_FORMAT_CSV;
    return OSTREC_FORMAT_AUTO;
}

int ostrec_import(ostrec *db, const char *path, ostrec_format format, ostrec_import_result *result)
{
    ostrec_import_result ignored;
    char *text = NULL;
    size_t len = 0;
    if (result == NULL) result = &ignored;
    memset(result, 0, sizeof *result);
    ostrec__clear_error(db);
    if (path == NULL) return ostrec__fail(db, OSTREC_EINVAL, "no file to import");
    if (format == OSTREC_FORMAT_AUTO) format = format_from_name(path);
    if (format == OSTREC_FORMAT_AUTO)
        return ostrec__fail(db, OSTREC_EINVAL, "%s: cannot tell the format from the name: expected .csv or .json", path);

    int rc = file_read_all(db, path, &text, &len);
    if (rc != OSTREC_OK) return rc;
    /* A UTF-8 byte-order mark is not part of the first column's name. */
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

    /* Read and check the whole file first, with no lock held; then store it
     * in one transaction that lands whole or not at all. */
    song_batch batch = {0};
    rc = format == OSTREC_FORMAT_CSV ? import_csv(db, path, text + skip, len - skip, &batch)
                                     : import_json(db, path, text + skip, len - skip, &batch);
    free(text);
    store_import import;
    if (rc == OSTREC_OK) rc = store_begin(db, batch.count, &import);
    if (rc == OSTREC_OK) {
        rc = song_batch_store(db, &batch, import.into_empty, result);
        if (rc == OSTREC_OK) rc = store_commit(db, &import);
        if (rc != OSTREC_OK) {
            store_rollback(db);
            memset(result, 0, sizeof *result);
        }
    }
    song_batch_release(&batch);
    return rc;
}
