/* test_import_json.c: JSON import: the export's shape and a bare array load;
 * bad songs are refused naming songs[i] and the field; nothing is written. */
#include "helpers.h"

static void expect_refused(const char *json, const char *want)
{
    expect_import_refused(".json", json, strlen(json), want);
}

#define SONG(id, extra)                                                                           \
    "{\"id\":" id ",\"title\":\"T\",\"artist\":\"A\",\"drama\":\"D\",\"year\":2015,"            \
    "\"instrumental\":false,\"genres\":[\"ballad\"],\"moods\":[\"sad\"],"                         \
    "\"vocal_style\":\"female-solo\",\"artist_type\":\"vocalist\",\"source\":\"s\"" extra "}"

static void loads_array_and_object(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    char *path = temp_text(".json", "[" SONG("1", "") "," SONG("2", ",\"ost_part\":null") "]");
    ostrec_import_result r;
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, &r), OSTREC_OK);
    assert_int_equal(r.rows, 2);
    temp_remove(path);
    path = temp_text(".json", "{\"songs\":[" SONG("3", ",\"ost_part\":4") "]}");
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, &r), OSTREC_OK);
    assert_int_equal(r.added, 1);
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_song_get(db, 3, &list), OSTREC_OK);
    assert_int_equal(list->items[0].ost_part, 4);
    ostrec_song_list_free(list);
    temp_remove(path);
    ostrec_close(db);
}

static void refusals(void **state)
{
    (void)state;
    expect_refused("{\"songs\": [" SONG("1", "") ",\n  {\"id\": ", ":2: expected valid JSON");
    expect_refused("{\"tracks\": []}", "songs: expected an array of songs");
    expect_refused("[" SONG("1", "") "," SONG("8", ",\"mood\":\"x\"") "]", "songs[1] (id 8): mood: unknown field");
    expect_refused("[" SONG("9", ",\"year\":\"2015\"") "]", "songs[0] (id 9): year: expected a number");
    expect_refused("[" SONG("9", ",\"genres\":\"ballad\"") "]", "genres: expected an array of words");
    expect_refused("[" SONG("9", ",\"moods\":[\"sad\",\"gloomy\"]") "]", "songs[0] (id 9): moods: unknown mood 'gloomy'");
    expect_refused("[" SONG("9", "") "," SONG("9", "") "]", "songs[1] (id 9): id: expected a unique id");
    expect_refused("[" SONG("9", ",\"instrumental\":\"no\"") "]", "instrumental: expected true or false");
    expect_refused("[" SONG("9.5", "") "]", "id: expected a whole number");
    /* Refused before the cast to an integer, which would be undefined. */
    expect_refused("[" SONG("1e19", "") "]", "id: expected a whole number, found one out of range");
    expect_refused("[" SONG("9", ",\"year\":-1e300") "]", "year: expected a whole number, found one out of range");
    expect_refused("[" SONG("9", ",\"title\":\"Caf\xE9\"") "]", "title: expected UTF-8 text");
}

/* cJSON reads the escape \u0000 as a NUL that would end the string: it is
 * refused like CSV's NUL byte, naming the line and the field. A backslash
 * escaped before "u0000" is no such escape. */
static void nul_escapes(void **state)
{
    (void)state;
    expect_refused("[" SONG("9", ",\"drama_ko\":\"a\\u0000b\"") "]",
                   ":1: drama_ko: expected text, found a NUL character (\\u0000)");
    expect_refused("[\n" SONG("9", "") ",\n" SONG("10", ",\n\"moods\":[\"sad\", \"x\\u0000\"]") "]",
                   ":4: moods: expected text, found a NUL character (\\u0000)");
    ostrec *db = open_memory();
    char *path = temp_text(".json", "[" SONG("9", ",\"title_ko\":\"a\\\\u0000b\"") "]");
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_song_get(db, 9, &list), OSTREC_OK);
    assert_string_equal(list->items[0].title_ko, "a\\u0000b");
    ostrec_song_list_free(list);
    temp_remove(path);
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(loads_array_and_object), cmocka_unit_test(refusals),
                                       cmocka_unit_test(nul_escapes)};
    return cmocka_run_group_tests_name("import_json", tests, NULL, NULL);
}
