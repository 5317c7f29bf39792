/* test_import_csv.c: CSV import: good rows land, and every kind of bad input
 * is refused with FILE:LINE: FIELD, leaving the catalog exactly as it was. */
#include "helpers.h"

#define GOOD_ROW(id, title) \
    id "," title ",,Artist,,Drama,,2016,,no,ballad,sad,female-solo,vocalist,a source\n"

static void expect_refused_bytes(const void *data, size_t len, const char *want)
{
    expect_import_refused(".csv", data, len, want);
}

static void expect_refused(const char *text, const char *want)
{
    expect_refused_bytes(text, strlen(text), want);
}

/* Import `text` into an empty catalog; expect success with `rows` songs. */
static ostrec *import_ok(const char *text, size_t rows)
{
    ostrec *db = open_memory();
    char *path = temp_text(".csv", text);
    ostrec_import_result result;
    int rc = ostrec_import(db, path, OSTREC_FORMAT_AUTO, &result);
    if (rc != OSTREC_OK) fail_msg("import: %s", ostrec_errmsg(db));
    assert_int_equal(result.rows, rows);
    temp_remove(path);
    return db;
}

static void unknown_mood_on_line_3(void **state)
{
    (void)state;
    expect_refused(CSV_HEADER GOOD_ROW("10", "First")
                   "11,Second,,Artist,,Drama,,2016,,no,ballad,melancolic,female-solo,vocalist,src\n",
                   ":3: moods: unknown mood 'melancolic', did you mean 'melancholic'?");
}

static void bad_fields(void **state)
{
    (void)state;
    expect_refused(CSV_HEADER "12,T,,A,,D,,2016,,no,balad,sad,female-solo,vocalist,s\n",
                   ":2: genres: unknown genre 'balad', did you mean 'ballad'?");
    expect_refused(CSV_HEADER "12,,,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n",
                   ":2: title: expected a value, found nothing");
    expect_refused(CSV_HEADER "12,T,,A,,D,,1850,,no,ballad,sad,female-solo,vocalist,s\n",
                   ":2: year: expected a year from 1960 to 2030, found '1850'");
    expect_refused(CSV_HEADER "12,T,,A,,D,,20x6,,no,ballad,sad,female-solo,vocalist,s\n", ":2: year:");
    expect_refused(CSV_HEADER "-3,T,,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n",
                   ":2: id: expected a positive whole number, found '-3'");
    expect_refused(CSV_HEADER "12,T,,A,,D,,2016,,maybe,ballad,sad,female-solo,vocalist,s\n",
                   ":2: instrumental: expected 'yes' or 'no', found 'maybe'");
    expect_refused(CSV_HEADER "12,T,,A,,D,,2016,,yes,ballad,sad,female-solo,composer,s\n",
                   ":2: vocal_style: expected 'instrumental' exactly when instrumental is 'yes'");
    expect_refused(CSV_HEADER "12,T,,A,,D,,2016,,no,ballad;pop;rock;jazz,sad,female-solo,vocalist,s\n",
                   ":2: genres: expected 1 to 3 words, found more");
    expect_refused(CSV_HEADER "12,T,,A,,D,,2016,,no,ballad;ballad,sad,female-solo,vocalist,s\n",
                   ":2: genres: 'ballad' appears twice");
    expect_refused(CSV_HEADER "12,T,,A,,D,,2016,,no,ballad,sad,solo,vocalist,s\n", ":2: vocal_style: unknown");
}

static void duplicate_id(void **state)
{
    (void)state;
    expect_refused(CSV_HEADER GOOD_ROW("20", "One") GOOD_ROW("21", "Two") GOOD_ROW("20", "Three"),
                   ":4: id: expected a unique id, found 20 again (first on line 2)");
}

static void wrong_column_count(void **state)
{
    (void)state;
    expect_refused(CSV_HEADER GOOD_ROW("20", "One") "21,Two,,A,,D,,2016,,no,ballad,sad,female-solo,vocalist\n",
                   ":3: row: expected 15 fields as in the header, found 14");
    expect_refused(CSV_HEADER "21,Two,,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s,extra\n",
                   ":2: row: expected 15 fields as in the header, found 16");
}

static void missing_header(void **state)
{
    (void)state;
    expect_refused(GOOD_ROW("20", "One"), ":1: header: expected a first line naming the columns");
    expect_refused("id,title,artist,drama,year,instrumental,genres,vocal_style,artist_type,source\n",
                   ":1: header: expected a column 'moods'");
    expect_refused("id,title,titel\n", ":1: header: unknown column 'titel'");
}

static void empty_and_truncated(void **state)
{
    (void)state;
    expect_refused("", ":1: header: expected a first line naming the columns, found an empty file");
    /* The file stops inside a quoted title that began on line 3. */
    expect_refused(CSV_HEADER GOOD_ROW("20", "One") "21,\"Unfinished title,,A",
                   ":3: expected a closing '\"': the file ends inside a quoted field");
    expect_refused(CSV_HEADER "21,Bad \"quote\" here,,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n",
                   ":2: expected well-formed CSV");
}

static void invalid_utf8(void **state)
{
    (void)state;
    /* "Caf\xE9" is Latin-1, not UTF-8: byte 4 of the title is bad. */
    expect_refused(CSV_HEADER GOOD_ROW("20", "One") GOOD_ROW("21", "Caf\xE9"),
                   ":3: title: expected UTF-8 text, found an invalid byte at byte 4");
}

static void huge_field(void **state)
{
    (void)state;
    size_t big = 1024 * 1024;
    char *text = malloc(big + 512);
    assert_non_null(text);
    strcpy(text, CSV_HEADER "20,");
    size_t n = strlen(text);
    memset(text + n, 'x', big);
    strcpy(text + n + big, ",,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n");
    expect_refused(text, ":2: title: expected at most 1024 bytes, found 1048576");
    free(text);
}

static void nul_byte(void **state)
{
    (void)state;
    static const char text[] = CSV_HEADER "20,T\0x,,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n";
    expect_refused_bytes(text, sizeof text - 1, ":2: field 2: expected text, found a NUL byte");
}

/* SQL in a title is a title: stored verbatim, the table still there. */
static void sql_text_is_data(void **state)
{
    (void)state;
    ostrec *db = import_ok(CSV_HEADER "30,\"'); DROP TABLE songs;--\",,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n", 1);
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_song_get(db, 30, &list), OSTREC_OK);
    assert_string_equal(list->items[0].title, "'); DROP TABLE songs;--");
    ostrec_song_list_free(list);
    assert_int_equal(ostrec_search(db, "DROP TABLE", 0, &list), OSTREC_OK);
    assert_int_equal(list->count, 1);
    ostrec_song_list_free(list);
    ostrec_close(db);
}

/* CRLF line ends, a byte-order mark, a quoted newline and a blank line: all
 * read, and the line numbers of a later error still count physical lines. */
static void crlf_bom_quoted_newline(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF" "id,title,title_ko,artist,artist_ko,drama,drama_ko,year,ost_part,instrumental,"
                       "genres,moods,vocal_style,artist_type,source\r\n"
                       "40,\"Two\r\nlines\",,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\r\n"
                       "\r\n"
                       "41,Plain,,A,,D,,2016,3,no,ballad,sad,female-solo,vocalist,s\r\n";
    ostrec *db = import_ok(text, 2);
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_song_get(db, 40, &list), OSTREC_OK);
    assert_string_equal(list->items[0].title, "Two\r\nlines");
    ostrec_song_list_free(list);
    assert_int_equal(ostrec_song_get(db, 41, &list), OSTREC_OK);
    assert_int_equal(list->items[0].ost_part, 3);
    ostrec_song_list_free(list);
    ostrec_close(db);

    /* Line 1 header, 2-3 the quoted record, 4 blank, 5 the bad record. */
    expect_refused("\xEF\xBB\xBF" CSV_HEADER "40,\"Two\nlines\",,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n"
                   "\n"
                   "41,Bad,,A,,D,,2016,,no,ballad,sadd,female-solo,vocalist,s\n",
                   ":5: moods: unknown mood 'sadd'");
}

/* Importing the same file twice leaves one copy; a changed row replaces. */
static void reimport_replaces(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    ostrec_import_result r;
    assert_int_equal(ostrec_import(db, MINI_CSV, OSTREC_FORMAT_AUTO, &r), OSTREC_OK);
    assert_int_equal(r.rows, 6);
    assert_int_equal(r.added, 0);
    assert_int_equal(r.updated, 6);
    ostrec_stats *st = NULL;
    assert_int_equal(ostrec_stats_get(db, &st), OSTREC_OK);
    assert_int_equal(st->songs, 6);
    ostrec_stats_free(st);

    char *path = temp_text(".csv", CSV_HEADER "2,Beautiful,,Crush,,Goblin,,2017,,no,rock,sad,male-solo,idol,s\n");
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, &r), OSTREC_OK);
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_song_get(db, 2, &list), OSTREC_OK);
    assert_int_equal(list->items[0].year, 2017);
    assert_string_equal(list->items[0].genres, "rock");
    assert_string_equal(list->items[0].moods, "sad");
    ostrec_song_list_free(list);
    /* The full-text index follows the update: the old drama name is gone. */
    assert_int_equal(ostrec_search(db, "Lonely and Great", 0, &list), OSTREC_OK);
    assert_int_equal(list->count, 1);
    assert_int_equal(list->items[0].id, 1);
    ostrec_song_list_free(list);
    /* An import at least as large as the catalog builds the full-text index
     * whole at its commit (the other path): the old name is back for song 2. */
    assert_int_equal(ostrec_import(db, MINI_CSV, OSTREC_FORMAT_AUTO, &r), OSTREC_OK);
    assert_int_equal(ostrec_search(db, "Lonely and Great", 0, &list), OSTREC_OK);
    assert_int_equal(list->count, 2);
    ostrec_song_list_free(list);
    temp_remove(path);
    ostrec_close(db);
}

static void optional_columns_and_korean_moods(void **state)
{
    (void)state;
    /* No *_ko or ost_part columns, columns in another order, a mood given by
     * its Korean name (stored as its id). */
    ostrec *db = import_ok("title,id,artist,drama,year,instrumental,genres,moods,vocal_style,artist_type,source\n"
                           "Song,50,A,D,2012,no,ballad,슬픈;longing,female-solo,vocalist,s\n",
                           1);
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_song_get(db, 50, &list), OSTREC_OK);
    assert_string_equal(list->items[0].moods, "sad;longing");
    assert_string_equal(list->items[0].title_ko, "");
    ostrec_song_list_free(list);
    ostrec_close(db);
}

static void unreadable_or_unknown_format(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    assert_int_equal(ostrec_import(db, "/nonexistent.csv", OSTREC_FORMAT_AUTO, NULL), OSTREC_EIO);
    assert_string_equal(ostrec_errmsg(db), "/nonexistent.csv: cannot open file");
    assert_int_equal(ostrec_import(db, "songs.txt", OSTREC_FORMAT_AUTO, NULL), OSTREC_EINVAL);
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unknown_mood_on_line_3), cmocka_unit_test(bad_fields),
        cmocka_unit_test(duplicate_id),           cmocka_unit_test(wrong_column_count),
        cmocka_unit_test(missing_header),         cmocka_unit_test(empty_and_truncated),
        cmocka_unit_test(invalid_utf8),           cmocka_unit_test(huge_field),
        cmocka_unit_test(nul_byte),               cmocka_unit_test(sql_text_is_data),
        cmocka_unit_test(crlf_bom_quoted_newline), cmocka_unit_test(reimport_replaces),
        cmocka_unit_test(optional_columns_and_korean_moods), cmocka_unit_test(unreadable_or_unknown_format)};
    return cmocka_run_group_tests_name("import_csv", tests, NULL, NULL);
}
