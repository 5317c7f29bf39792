/* export.c: write the catalog as CSV (the columns of data/catalog.csv) or JSON,
 * ordered by id, so export -> import -> export gives the same bytes. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <csv.h>
#include <stdlib.h>
#include <string.h>

/* Fields are quoted only when they must be, so the shipped catalog stays
 * readable in a diff. */
int csv_write_field(FILE *out, const char *s, int last)
{
    int ok;
    if (strpbrk(s, ",\"\r\n") != NULL) ok = csv_fwrite(out, s, strlen(s)) == 0;
    else ok = fputs(s, out) >= 0;
    return ok && fputc(last ? '\n' : ',', out) != EOF;
}

/* A cell a spreadsheet would take for a formula. */
static int formula_like(const char *s)
{
    return *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
}

/* One CSV field as csv_write_field writes it; when `safe`, a formula-like
 * cell gets a leading single quote first. */
static int csv_write_cell(FILE *out, const char *s, int last, int safe)
{
    if (!safe || !formula_like(s)) return csv_write_field(out, s, last);
    size_t n = strlen(s);
    char *quoted = malloc(n + 2);
    if (quoted == NULL) return -1;
    quoted[0] = '\'';
    memcpy(quoted + 1, s, n + 1);
    int ok = csv_write_field(out, quoted, last);
    free(quoted);
    return ok;
}

static void song_texts(const ostrec_song *s, const char *texts[], char *idbuf, char *yearbuf, char *partbuf)
{
    sprintf(idbuf, "%lld", (long long)s->id);
    sprintf(yearbuf, "%d", s->year);
    if (s->ost_part > 0) sprintf(partbuf, "%d", s->ost_part);
    else partbuf[0] = '\0';
    const char *v[] = {idbuf,     s->title,      s->title_ko, s->artist,      s->artist_ko,
                       s->drama,  s->drama_ko,   yearbuf,     partbuf,        s->instrumental ? "yes" : "no",
                       s->genres, s->moods,      s->vocal_style, s->artist_type, s->source,
                       s->title_romanized, s->credits};
    memcpy(texts, v, sizeof v);
}

static int export_csv(ostrec *db, FILE *out, const ostrec_song_list *list, int safe)
{
    int ok = 1;
    for (size_t c = 0; c < SONG_COLUMN_COUNT; c++) ok = ok && csv_write_field(out, song_columns[c], c + 1 == SONG_COLUMN_COUNT);
    for (size_t i = 0; i < list->count && ok; i++) {
        const char *texts[SONG_COLUMN_COUNT];
        char idbuf[32], yearbuf[16], partbuf[16];
        song_texts(&list->items[i], texts, idbuf, yearbuf, partbuf);
        for (size_t c = 0; c < SONG_COLUMN_COUNT && ok; c++)
            ok = csv_write_cell(out, texts[c], c + 1 == SONG_COLUMN_COUNT, safe);
    }
    if (ok < 0) return ostrec__fail(db, OSTREC_ENOMEM, "export: out of memory");
    return ok ? OSTREC_OK : ostrec__fail(db, OSTREC_EIO, "export: cannot write the output");
}

cJSON *song_to_json(const ostrec_song *s)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL) return NULL;
    int ok = cJSON_AddNumberToObject(o, "id", (double)s->id) != NULL &&
             cJSON_AddStringToObject(o, "title", s->title) != NULL &&
             cJSON_AddStringToObject(o, "title_ko", s->title_ko) != NULL &&
             cJSON_AddStringToObject(o, "title_romanized", s->title_romanized) != NULL &&
             cJSON_AddStringToObject(o, "artist", s->artist) != NULL &&
             cJSON_AddStringToObject(o, "artist_ko", s->artist_ko) != NULL &&
             cJSON_AddStringToObject(o, "drama", s->drama) != NULL &&
             cJSON_AddStringToObject(o, "drama_ko", s->drama_ko) != NULL &&
             cJSON_AddNumberToObject(o, "year", s->year) != NULL &&
             (s->ost_part > 0 ? cJSON_AddNumberToObject(o, "ost_part", s->ost_part)
                              : cJSON_AddNullToObject(o, "ost_part")) != NULL &&
             cJSON_AddBoolToObject(o, "instrumental", s->instrumental) != NULL;
    cJSON *genres = ok ? joined_json_array(s->genres) : NULL;
    ok = ok && genres && cJSON_AddItemToObject(o, "genres", genres);
    if (!ok) cJSON_Delete(genres);
    cJSON *moods = ok ? joined_json_array(s->moods) : NULL;
    ok = ok && moods && cJSON_AddItemToObject(o, "moods", moods);
    if (!ok) cJSON_Delete(moods);
    cJSON *credits = ok ? joined_json_array(s->credits) : NULL;
    ok = ok && credits && cJSON_AddItemToObject(o, "credits", credits);
    if (!ok) cJSON_Delete(credits);
    ok = ok && cJSON_AddStringToObject(o, "vocal_style", s->vocal_style) != NULL &&
         cJSON_AddStringToObject(o, "artist_type", s->artist_type) != NULL &&
         cJSON_AddStringToObject(o, "source", s->source) != NULL;
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static int export_json(ostrec *db, FILE *out, const ostrec_song_list *list)
{
    int rc = OSTREC_OK;
    char *text = NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *songs = cJSON_AddArrayToObject(root, "songs");
    if (root == NULL || songs == NULL || cJSON_AddStringToObject(root, "format", "ostrec-catalog") == NULL ||
        cJSON_AddNumberToObject(root, "version", 1) == NULL) {
        rc = OSTREC_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < list->count; i++) {
        cJSON *o = song_to_json(&list->items[i]);
        if (o == NULL || !cJSON_AddItemToArray(songs, o)) {
            cJSON_Delete(o);
            rc = OSTREC_ENOMEM;
            goto done;
        }
    }
    text = cJSON_Print(root);
    if (text == NULL) rc = OSTREC_ENOMEM;
    else if (fputs(text, out) < 0 || fputc('\n', out) == EOF) rc = OSTREC_EIO;
done:
    free(text);
    cJSON_Delete(root);
    if (rc == OSTREC_ENOMEM) return ostrec__fail(db, rc, "export: out of memory");
    if (rc == OSTREC_EIO) return ostrec__fail(db, rc, "export: cannot write the output");
    return rc;
}

int ostrec_export(ostrec *db, FILE *out, ostrec_format format)
{
    return ostrec_export_flags(db, out, format, 0);
}

int ostrec_export_flags(ostrec *db, FILE *out, ostrec_format format, unsigned flags)
{
    ostrec_song_list *list = NULL;
    sqlite3_stmt *stmt = NULL;
    ostrec__clear_error(db);
    if (out == NULL || (format != OSTREC_FORMAT_CSV && format != OSTREC_FORMAT_JSON))
        return ostrec__fail(db, OSTREC_EINVAL, "export: expected an output and a format (csv or json)");
    if ((flags & ~OSTREC_EXPORT_CSV_SAFE) != 0)
        return ostrec__fail(db, OSTREC_EINVAL, "export: unknown flags 0x%x", flags & ~OSTREC_EXPORT_CSV_SAFE);
    if ((flags & OSTREC_EXPORT_CSV_SAFE) && format != OSTREC_FORMAT_CSV)
        return ostrec__fail(db, OSTREC_EINVAL, "export: the CSV-safe form is for CSV only");
    if (sqlite3_prepare_v2(db->sql, SONG_SELECT "ORDER BY s.id", -1, &stmt, NULL) != SQLITE_OK)
        return ostrec__fail_sql(db, "export");
    int rc = songs_collect(db, stmt, 0, &list);
    sqlite3_finalize(stmt);
    if (rc == OSTREC_OK)
        rc = format == OSTREC_FORMAT_CSV ? export_csv(db, out, list, (flags & OSTREC_EXPORT_CSV_SAFE) != 0)
                                         : export_json(db, out, list);
    ostrec_song_list_free(list);
    if (rc == OSTREC_OK && fflush(out) != 0) rc = ostrec__fail(db, OSTREC_EIO, "export: cannot write the output");
    return rc;
}

char *ostrec_songs_to_json(const ostrec_song_list *list)
{
    cJSON *arr = cJSON_CreateArray();
    char *text = NULL;
    if (arr == NULL || list == NULL) goto done;
    for (size_t i = 0; i < list->count; i++) {
        cJSON *o = song_to_json(&list->items[i]);
        if (o == NULL || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            goto done;
        }
    }
    text = cJSON_Print(arr);
done:
    cJSON_Delete(arr);
    return text;
}
