/* import_csv.c: read catalog rows from CSV with libcsv, tracking the line each
 * record starts on so every error can say FILE:LINE: FIELD. */
#include "internal.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS 64

typedef struct {
    ostrec *db;
    const char *path;
    song_batch *batch;
    int rc;               /* first failure; parsing stops once set */
    size_t line;          /* physical line being fed to the parser */
    size_t record_line;   /* line the current record started on */
    int at_record_start;  /* no byte of the next record fed yet */
    int header_done;
    size_t column_of[MAX_COLUMNS]; /* header position -> song column */
    size_t header_count;
    char *fields[MAX_COLUMNS];
    size_t field_count;
    size_t overflow;      /* fields beyond MAX_COLUMNS in this record */
    id_seen seen;
} csv_reader;

static void clear_fields(csv_reader *r)
{
    for (size_t i = 0; i < r->field_count; i++) free(r->fields[i]);
    r->field_count = 0;
    r->overflow = 0;
}

/* libcsv callback: one field ended. */
static void on_field(void *data, size_t len, void *user)
{
    csv_reader *r = user;
    if (r->rc != OSTREC_OK) return;
    if (r->field_count == MAX_COLUMNS) {
        r->overflow++;
        return;
    }
    if (data != NULL && memchr(data, '\0', len) != NULL) {
        r->rc = ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: field %zu: expected text, found a NUL byte",
                             r->path, r->record_line, r->field_count + 1);
        return;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        r->rc = ostrec__fail(r->db, OSTREC_ENOMEM, "%s:%zu: out of memory", r->path, r->record_line);
        return;
    }
    if (len) memcpy(copy, data, len);
    copy[len] = '\0';
    r->fields[r->field_count++] = copy;
}

static int read_header(csv_reader *r)
{
    int present[SONG_COLUMN_COUNT] = {0};
    size_t known = 0;
    for (size_t i = 0; i < r->field_count; i++) {
        size_t c = song_column_index(r->fields[i]);
        if (c < SONG_COLUMN_COUNT) known++;
        r->column_of[i] = c;
    }
    if (known == 0)
        return ostrec__fail(r->db, OSTREC_EDATA,
                            "%s:%zu: header: expected a first line naming the columns "
                            "(id,title,artist,drama,year,instrumental,genres,moods,vocal_style,artist_type,source,...)",
                            r->path, r->record_line);
    for (size_t i = 0; i < r->field_count; i++) {
        size_t c = r->column_of[i];
        if (c == SONG_COLUMN_COUNT)
            return ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: header: unknown column '%s'", r->path, r->record_line,
                                r->fields[i]);
        if (present[c]++)
            return ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: header: column '%s' appears twice", r->path,
                                r->record_line, r->fields[i]);
    }
    for (size_t c = 0; c < SONG_COLUMN_COUNT; c++)
        if (!present[c] && song_column_required(c))
            return ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: header: expected a column '%s'", r->path,
                                r->record_line, song_columns[c]);
    r->header_count = r->field_count;
    r->header_done = 1;
    return OSTREC_OK;
}

static int read_song(csv_reader *r)
{
    size_t found = r->field_count + r->overflow;
    if (found != r->header_count)
        return ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: row: expected %zu fields as in the header, found %zu",
                            r->path, r->record_line, r->header_count, found);
    song_fields f;
    memset(&f, 0, sizeof f);
    for (size_t i = 0; i < r->field_count; i++) *song_fields_slot(&f, r->column_of[i]) = r->fields[i];

    char where[1024];
    snprintf(where, sizeof where, "%s:%zu", r->path, r->record_line);
    song_row *row = malloc(sizeof *row);
    if (row == NULL) return ostrec__fail(r->db, OSTREC_ENOMEM, "%s: out of memory", where);
    int rc = song_validate(r->db, &f, where, row);
    if (rc == OSTREC_OK) {
        size_t first = 0;
        rc = id_seen_add(&r->seen, row->id, r->record_line, &first);
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

/* libcsv callback: one record ended. */
static void on_record(int terminator, void *user)
{
    csv_reader *r = user;
    (void)terminator;
    if (r->rc == OSTREC_OK) r->rc = r->header_done ? read_song(r) : read_header(r);
    clear_fields(r);
    r->at_record_start = 1;
}

static int is_blank_line(const char *s, size_t n)
{
    return (n == 1 && s[0] == '\n') || (n == 2 && s[0] == '\r' && s[1] == '\n');
}

/* Keep every byte of a field: libcsv would otherwise trim spaces and tabs. */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

int import_csv(ostrec *db, const char *path, const char *text, size_t len, song_batch *batch)
{
    csv_reader r;
    memset(&r, 0, sizeof r);
    r.db = db;
    r.path = path;
    r.batch = batch;
    r.at_record_start = 1;
    r.record_line = 1;

    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return ostrec__fail(db, OSTREC_ENOMEM, "%s: out of memory", path);
    csv_set_space_func(&parser, no_space);

    /* Feed one physical line at a time, so the line number is always known. */
    size_t pos = 0;
    while (pos < len && r.rc == OSTREC_OK) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t seg = nl ? (size_t)(nl - (text + pos)) + 1 : len - pos;
        r.line++;
        if (r.at_record_start) {
            if (is_blank_line(text + pos, seg)) {
                pos += seg;
                continue;
            }
            r.record_line = r.line;
            r.at_record_start = 0;
        }
        if (csv_parse(&parser, text + pos, seg, on_field, on_record, &r) != seg && r.rc == OSTREC_OK)
            r.rc = ostrec__fail(db, OSTREC_EDATA, "%s:%zu: expected well-formed CSV: %s (a '\"' inside a field "
                                "that is not quoted, or text after a closing quote)",
                                path, r.line, csv_strerror(csv_error(&parser)));
        pos += seg;
    }
    if (r.rc == OSTREC_OK && csv_fini(&parser, on_field, on_record, &r) != 0 && r.rc == OSTREC_OK)
        r.rc = ostrec__fail(db, OSTREC_EDATA, "%s:%zu: expected a closing '\"': the file ends inside a quoted field",
                            path, r.record_line);
    if (r.rc == OSTREC_OK && !r.header_done)
        r.rc = ostrec__fail(db, OSTREC_EDATA, "%s:1: header: expected a first line naming the columns, found an empty file", path);
    clear_fields(&r);
    csv_free(&parser);
    id_seen_release(&r.seen);
    return r.rc;
}
