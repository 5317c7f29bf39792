/* test_artists.c: artists as people: song credits in order (featured ones
 * marked), the artists file (Korean names, aliases, groups) imported,
 * exported byte for byte and refused whole when wrong, and search finding a
 * song by any name of any artist it credits or of that artist's group. */
#include "helpers.h"

/* Two people and a group with aliases and Korean names, written as
 * ostrec_export_artists writes them: ordered by name, lists by name. */
#define ARTISTS_CSV                                   \
    "name,name_ko,aliases,artist_type,member_of\n"    \
    "BTS,방탄소년단,Bangtan Boys,idol,\n"              \
    "Chanyeol,찬열,Park Chan-yeol,idol,EXO\n"          \
    "Crush,크러쉬,,hip-hop-rnb,\n"                    \
    "EXO,엑소,,idol,\n"                               \
    "IU,아이유,Lee Ji-eun,vocalist,\n"                \
    "Jung Jae-il,정재일,,composer,\n"                 \
    "MeloMance,멜로망스,,indie,\n"                    \
    "Punch,펀치,,vocalist,\n"                         \
    "V,뷔,Kim Tae-hyung;Taehyung,idol,BTS\n"

static ostrec *open_mini_with_artists(void)
{
    ostrec *db = open_mini();
    char *path = temp_text(".csv", ARTISTS_CSV);
    ostrec_import_result r;
    if (ostrec_import_artists(db, path, OSTREC_FORMAT_AUTO, &r) != OSTREC_OK) fail_msg("%s", ostrec_errmsg(db));
    /* Seven artists the mini catalog's credits made, two groups new. */
    assert_int_equal(r.rows, 9);
    assert_int_equal(r.added, 2);
    assert_int_equal(r.updated, 7);
    temp_remove(path);
    return db;
}

static char *artists_string(ostrec *db, ostrec_format format)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(ostrec_export_artists(db, f, format), OSTREC_OK);
    fclose(f);
    return buf;
}

/* The ids a search returns, ascending, as "1,5," for comparing. */
static void search_ids(ostrec *db, const char *text, char *out, size_t size)
{
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_search(db, text, 0, &list), OSTREC_OK);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < list->count; i++)
        used += (size_t)snprintf(out + used, size - used, "%lld,", (long long)list->items[i].id);
    ostrec_song_list_free(list);
}

/* Credits keep their order and "feat:" marks; a file without the column
 * credits each song to its artist text as one artist. */
static void credits_in_order(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    char *path = temp_text(".csv", CSV_EXPORT_HEADER
                           "1,Song,,Epik High feat. Lee Hi,,D,,2016,,no,ballad,sad,mixed-group,hip-hop-rnb,s,,Epik High;feat:Lee Hi\n"
                           "2,Other,,\"A, B\",,D,,2016,,no,ballad,sad,mixed-duet,vocalist,s,,B;A\n");
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    temp_remove(path);
    path = temp_text(".csv", CSV_HEADER "3,Old,,\"C, D\",,D,,2016,,no,ballad,sad,mixed-duet,vocalist,s\n");
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    temp_remove(path);
    ostrec_song_list *list = NULL;
    assert_int_equal(ostrec_song_get(db, 1, &list), OSTREC_OK);
    assert_string_equal(list->items[0].credits, "Epik High;feat:Lee Hi");
    ostrec_song_list_free(list);
    assert_int_equal(ostrec_song_get(db, 2, &list), OSTREC_OK);
    assert_string_equal(list->items[0].credits, "B;A");
    ostrec_song_list_free(list);
    assert_int_equal(ostrec_song_get(db, 3, &list), OSTREC_OK);
    assert_string_equal(list->items[0].credits, "C, D");
    ostrec_song_list_free(list);
    /* The JSON form carries them as an array, and imports back the same. */
    char *json = export_string(db, OSTREC_FORMAT_JSON);
    assert_non_null(strstr(json, "\"credits\":\t[\"Epik High\", \"feat:Lee Hi\"]"));
    ostrec *again = open_memory();
    char *jpath = temp_text(".json", json);
    assert_int_equal(ostrec_import(again, jpath, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    char *json2 = export_string(again, OSTREC_FORMAT_JSON);
    assert_string_equal(json, json2);
    temp_remove(jpath);
    free(json);
    free(json2);
    ostrec_close(again);
    ostrec_close(db);
}

/* Malformed credits are refused with the line and the field. */
static void credits_refused(void **state)
{
    (void)state;
    static const struct {
        const char *credits, *want;
    } cases[] = {{"A;;B", ":2: credits: expected names joined by ';'"},
                 {"A; B", ":2: credits: expected names joined by ';'"},
                 {"feat:", ":2: credits: expected names joined by ';'"},
                 {"A;feat:A", ":2: credits: 'A' appears twice"},
                 {"1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17", ":2: credits: expected at most 16 names"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, CSV_EXPORT_HEADER "9,T,,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s,,%s\n",
                 cases[i].credits);
        expect_import_refused(".csv", text, strlen(text), cases[i].want);
    }
}

/* The artists file imports and exports back to the same bytes, in CSV and
 * in JSON, and a second import of it changes nothing. */
static void artists_round_trip(void **state)
{
    (void)state;
    ostrec *db = open_mini_with_artists();
    char *csv = artists_string(db, OSTREC_FORMAT_CSV);
    assert_string_equal(csv, ARTISTS_CSV);
    char *json = artists_string(db, OSTREC_FORMAT_JSON);
    assert_non_null(strstr(json, "\"aliases\":\t[\"Kim Tae-hyung\", \"Taehyung\"]"));
    assert_non_null(strstr(json, "\"member_of\":\t[\"BTS\"]"));
    char *path = temp_text(".json", json);
    ostrec_import_result r;
    assert_int_equal(ostrec_import_artists(db, path, OSTREC_FORMAT_AUTO, &r), OSTREC_OK);
    assert_int_equal(r.added, 0);
    assert_int_equal(r.updated, 9);
    char *csv2 = artists_string(db, OSTREC_FORMAT_CSV);
    assert_string_equal(csv2, ARTISTS_CSV);
    temp_remove(path);
    free(csv);
    free(csv2);
    free(json);
    ostrec_close(db);
}

/* A wrong artists file is refused whole, naming the line and the field. */
static void artists_refused(void **state)
{
    (void)state;
    static const struct {
        const char *rows, *want;
    } cases[] = {{"V,뷔,,idol,BTX\n", ":2: member_of: 'BTX' is not an artist of the file or the catalog"},
                 {"V,뷔,,idle,\n", ":2: artist_type: unknown artist type 'idle'"},
                 {"V,뷔,V,idol,\n", ":2: aliases: expected other spellings, found the name 'V' itself"},
                 {"V,뷔,,idol,\nV,,,idol,\n", ":3: name: expected a unique name, found 'V' again (first on line 3)"},
                 {",뷔,,idol,\n", ":2: name: expected a value"},
                 {"V,뷔,,idol\n", ":2: row: expected 5 fields as in the header, found 4"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ostrec *db = open_mini_with_artists();
        char *before = artists_string(db, OSTREC_FORMAT_CSV);
        char text[512];
        snprintf(text, sizeof text, "name,name_ko,aliases,artist_type,member_of\nIU,아이유 (changed),,vocalist,\n%s",
                 cases[i].rows);
        /* The bad row is one line further down (the line in a message already counts IU's). */
        char want[256];
        int line = cases[i].want[1] - '0' + 1;
        snprintf(want, sizeof want, ":%d%s", line, cases[i].want + 2);
        char *path = temp_text(".csv", text);
        assert_int_equal(ostrec_import_artists(db, path, OSTREC_FORMAT_AUTO, NULL), OSTREC_EDATA);
        if (strstr(ostrec_errmsg(db), want) == NULL) fail_msg("'%s' lacks '%s'", ostrec_errmsg(db), want);
        char *after = artists_string(db, OSTREC_FORMAT_CSV);
        assert_string_equal(before, after); /* IU's changed row did not land */
        free(before);
        free(after);
        temp_remove(path);
        ostrec_close(db);
    }
}

/* Search finds a song by any name of an artist it credits: a second
 * credited person, a Korean name, an alias, or the person's group. */
static void search_by_person(void **state)
{
    (void)state;
    ostrec *db = open_mini_with_artists();
    char ids[128];
    search_ids(db, "Punch", ids, sizeof ids);
    assert_string_equal(ids, "1,");
    search_ids(db, "EXO", ids, sizeof ids);       /* Chanyeol's group */
    assert_string_equal(ids, "1,");
    search_ids(db, "BTS", ids, sizeof ids);       /* V's group */
    assert_string_equal(ids, "5,");
    search_ids(db, "방탄소년단", ids, sizeof ids); /* its Korean name */
    assert_string_equal(ids, "5,");
    search_ids(db, "Taehyung", ids, sizeof ids);  /* V's alias */
    assert_string_equal(ids, "5,");
    search_ids(db, "Bangtan", ids, sizeof ids);   /* the group's alias */
    assert_string_equal(ids, "5,");
    search_ids(db, "Ji-eun", ids, sizeof ids);    /* IU's alias, not in any song field */
    assert_string_equal(ids, "3,");
    search_ids(db, "BTS Sweet", ids, sizeof ids); /* words combine as before */
    assert_string_equal(ids, "5,");
    search_ids(db, "BTS Beautiful", ids, sizeof ids);
    assert_string_equal(ids, "");
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(credits_in_order), cmocka_unit_test(credits_refused),
                                       cmocka_unit_test(artists_round_trip), cmocka_unit_test(artists_refused),
                                       cmocka_unit_test(search_by_person)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
