/* test_export.c: export writes the catalog in a form that imports back to the
 * same catalog: export -> import into an empty catalog -> export is
 * byte-identical, for CSV and JSON. */
#include "helpers.h"

/* Import `text` (a file of the given suffix) into a fresh catalog, export it
 * again in `format`, and return that export. */
static char *reimport_export(const char *text, const char *suffix, ostrec_format format)
{
    ostrec *db = open_memory();
    char *path = temp_text(suffix, text);
    if (ostrec_import(db, path, OSTREC_FORMAT_AUTO, NULL) != OSTREC_OK) fail_msg("reimport: %s", ostrec_errmsg(db));
    char *out = export_string(db, format);
    temp_remove(path);
    ostrec_close(db);
    return out;
}

/* The fixture was written by hand in the canonical form (header order, fields
 * quoted only when they hold a comma or quote, no trailing spaces), so
 * exporting it must give back the file's own bytes. */
static void csv_export_is_canonical(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    char *exported = export_string(db, OSTREC_FORMAT_CSV);
    char *file = read_whole(MINI_CSV);
    assert_string_equal(exported, file);
    free(exported);
    free(file);
    ostrec_close(db);
}

static void round_trips(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    /* Add awkward text: quotes, commas, a newline, Hangul. */
    char *path = temp_text(".csv", CSV_HEADER
                           "7,\"He said \"\"hi\"\", then, left\",\"둘\n줄\",A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n");
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    temp_remove(path);
    char *csv1 = export_string(db, OSTREC_FORMAT_CSV);
    char *json1 = export_string(db, OSTREC_FORMAT_JSON);
    ostrec_close(db);

    char *csv2 = reimport_export(csv1, ".csv", OSTREC_FORMAT_CSV);
    char *json2 = reimport_export(json1, ".json", OSTREC_FORMAT_JSON);
    assert_string_equal(csv1, csv2);
    assert_string_equal(json1, json2);
    /* And across formats: CSV -> JSON -> CSV. */
    char *json_from_csv = reimport_export(csv1, ".csv", OSTREC_FORMAT_JSON);
    assert_string_equal(json_from_csv, json1);
    free(csv1);
    free(csv2);
    free(json1);
    free(json2);
    free(json_from_csv);
}

/* The JSON export has the documented shape, checked on one song. */
static void json_shape(void **state)
{
    (void)state;
    ostrec *db = open_mini();
    char *json = export_string(db, OSTREC_FORMAT_JSON);
    assert_non_null(strstr(json, "\"format\":\t\"ostrec-catalog\""));
    assert_non_null(strstr(json, "\"title\":\t\"Give You My Heart\""));
    assert_non_null(strstr(json, "\"ost_part\":\t11"));
    assert_non_null(strstr(json, "\"instrumental\":\ttrue"));
    assert_non_null(strstr(json, "\"ost_part\":\tnull"));
    free(json);
    ostrec_close(db);
}

/* OSTREC_EXPORT_CSV_SAFE: a text cell a spreadsheet would run as a formula
 * (it starts with =, +, -, @, a tab or a carriage return) gets a leading
 * single quote; the plain export keeps every cell as it is. */
static void csv_safe(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    char *path = temp_text(".csv", CSV_HEADER "8,=1+1,\tx,@A,\"\rB\",-D,,2016,,no,ballad,sad,female-solo,vocalist,+s\n"
                                              "9,a=b,,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n");
    assert_int_equal(ostrec_import(db, path, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    temp_remove(path);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(ostrec_export_flags(db, f, OSTREC_FORMAT_CSV, OSTREC_EXPORT_CSV_SAFE), OSTREC_OK);
    fclose(f);
    assert_string_equal(buf, CSV_EXPORT_HEADER "8,'=1+1,'\tx,'@A,\"'\rB\",'-D,,2016,,no,ballad,sad,female-solo,vocalist,'+s,,'@A\n"
                                               "9,a=b,,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s,,A\n");
    free(buf);
    char *plain = export_string(db, OSTREC_FORMAT_CSV);
    assert_string_equal(plain, CSV_EXPORT_HEADER "8,=1+1,\tx,@A,\"\rB\",-D,,2016,,no,ballad,sad,female-solo,vocalist,+s,,@A\n"
                                                 "9,a=b,,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s,,A\n");
    free(plain);
    assert_int_equal(ostrec_export_flags(db, stdout, OSTREC_FORMAT_JSON, OSTREC_EXPORT_CSV_SAFE), OSTREC_EINVAL);
    assert_int_equal(ostrec_export_flags(db, stdout, OSTREC_FORMAT_CSV, 2), OSTREC_EINVAL);
    ostrec_close(db);
}

static void empty_catalog(void **state)
{
    (void)state;
    ostrec *db = open_memory();
    char *csv = export_string(db, OSTREC_FORMAT_CSV);
    assert_string_equal(csv, CSV_EXPORT_HEADER);
    free(csv);
    assert_int_equal(ostrec_export(db, NULL, OSTREC_FORMAT_CSV), OSTREC_EINVAL);
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(csv_export_is_canonical), cmocka_unit_test(round_trips),
                                       cmocka_unit_test(json_shape), cmocka_unit_test(empty_catalog), cmocka_unit_test(csv_safe)};
    return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
