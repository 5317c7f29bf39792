/* import_csv.c: read catalog rows from CSV (csv_rows.c), matching the header
 * to the song columns, so every error can say FILE:LINE: FIELD. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    ostrec *db;
    const char *path;
    song_batch *batch;
    int header_done;
    size_t column_of[CSV_MAX_COLUMNS]; /* header position -> song column */
    size_t header_count;
    id_seen seen;
} song_reader;

static int read_header(song_reader *r, const char *const *fields, size_t count, size_t line)
{
    int present[SONG_COLUMN_COUNT] = {0};
    size_t known = 0;
    for (size_t i = 0; i < count; i++) {
        size_t c = song_column_index(fields[i]);
        if (c < SONG_COLUMN_COUNT) known++;
        r->column_of[i] = c;
    }
    if (known == 0)
        return ostrec__fail(r->db, OSTREC_EDATA,
                            "%s:%zu: header: expected a first line naming the columns "
                            "(id,title,artist,drama,year,instrumental,genres,moods,vocal_style,artist_type,source,...)",
                            r->path, line);
    for (size_t i = 0; i < count; i++) {
        size_t c = r->column_of[i];
        if (c == SONG_COLUMN_COUNT)
            return ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: header: unknown column '%s'", r->path, line, fields[i]);
        if (present[c]++)
            return ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: header: column '%s' appears twice", r->path, line,
                                fields[i]);
    }
    for (size_t c = 0; c < SONG_COLUMN_COUNT; c++)
        if (!present[c] && song_column_required(c))
            return ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: header: expected a column '%s'", r->path, line,
                                song_columns[c]);
    r->header_count = count;
    r->header_done = 1;
    return OSTREC_OK;
}

static int read_song(song_reader *r, const char *const *fields, size_t count, size_t found, size_t line)
{
    if (found != r->header_count)
        return ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: row: expected %zu fields as in the header, found %zu",
                            r->path, line, r->header_count, found);
    song_fields f;
    memset(&f, 0, sizeof f);
    for (size_t i = 0; i < count; i++) *song_fields_slot(&f, r->column_of[i]) = fields[i];

    char where[1024];
    snprintf(where, sizeof where, "%s:%zu", r->path, line);
    song_row *row = malloc(sizeof *row);
    if (row == NULL) return ostrec__fail(r->db, OSTREC_ENOMEM, "%s: out of memory", where);
    int rc = song_validate(r->db, &f, where, row);
    if (rc == OSTREC_OK) {
        size_t first = 0;
        rc = id_seen_add(&r->seen, row->id, line, &first);
        if (rc == 1)
            rc = ostrec__fail(r->db, OSTREC_EDATA, "%s: id: expected a unique id, found %lld again (first on line %zu)",
                              where, (long long)row->id, first);
        else if (rc == OSTREC_ENOMEM)
            rc = ostrec__fail(r->db, OSTREC_ENOMEM, "%s: out of memory", where);
    }
    if (rc == OSTREC_OK && song_batch_add(r->batch, row) != OSTREC_OK)
        rc = ostrec__fail(r->db, OSTREC_ENOMEM, "%s: out of memory", where);
    free(row);
    return rc;
}

static int on_row(void *user, const char *const *fields, size_t count, size_t found, size_t line)
{
    song_reader *r = user;
    return r->header_done ? read_song(r, fields, count, found, line) : read_header(r, fields, count, line);
}

int import_csv(ostrec *db, const char *path, const char *text, size_t len, song_batch *batch)
{
    song_reader r;
    memset(&r, 0, sizeof r);
    r.db = db;
    r.path = path;
    r.batch = batch;
    int rc = csv_read_rows(db, path, text, len, on_row, &r);
    if (rc == OSTREC_OK && !r.header_done)
        rc = ostrec__fail(db, OSTREC_EDATA, "%s:1: header: expected a first line naming the columns, found an empty file", path);
    id_seen_release(&r.seen);
    return rc;
}
