/* csv_rows.c: read a CSV text record by record with libcsv, every byte of a
 * field kept, each record handed over with the line it starts on, so every
 * error can say FILE:LINE. The catalog's and the artists' readers share it. */
#include "internal.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ostrec *db;
    const char *path;
    csv_row_fn fn;
    void *user;
    int rc;               /* first failure; parsing stops once set */
    size_t line;          /* physical line being fed to the parser */
    size_t record_line;   /* line the current record started on */
    int at_record_start;  /* no byte of the next record fed yet */
    char *fields[CSV_MAX_COLUMNS];
    size_t field_count;
    size_t overflow;      /* fields beyond CSV_MAX_COLUMNS in this record */
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
    if (r->field_count == CSV_MAX_COLUMNS) {
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

/* libcsv callback: one record ended. */
static void on_record(int terminator, void *user)
{
    csv_reader *r = user;
    (void)terminator;
    if (r->rc == OSTREC_OK)
        r->rc = r->fn(r->user, (const char *const *)r->fields, r->field_count, r->field_count + r->overflow,
                      r->record_line);
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

int csv_read_rows(ostrec *db, const char *path, const char *text, size_t len, csv_row_fn fn, void *user)
{
    csv_reader r;
    memset(&r, 0, sizeof r);
    r.db = db;
    r.path = path;
    r.fn = fn;
    r.user = user;
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
    clear_fields(&r);
    csv_free(&parser);
    return r.rc;
}
