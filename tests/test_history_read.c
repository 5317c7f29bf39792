/* test_history_read.c: the history reader (history_read.c): each format read
 * from a hand-made fixture (tests/fixtures/history/) with every field as the
 * file gives it, the format told from the name and the content, and broken
 * files refused whole, naming FILE:LINE or the JSON path.
 *
 * Every time below was worked out apart from the code, with
 * `date -u -d 'YYYY-MM-DD HH:MM:SS UTC' +%s`; each is written next to it. */
#include "helpers.h"

#include "history.h"

#define DIR "fixtures/history/"

static ostrec *db;

static int setup(void **state)
{
    (void)state;
    db = open_memory();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ostrec_close(db);
    return 0;
}

static history_entries read_ok(const char *file, ostrec_history_format format)
{
    history_entries h;
    int rc = history_read(db, file, format, &h);
    if (rc != OSTREC_OK) fail_msg("%s: %d %s", file, rc, ostrec_errmsg(db));
    return h;
}

static void expect_entry(const history_entries *h, size_t position, const char *title, const char *artist,
                         const char *album, int64_t played_at, int64_t ms_played, int skipped, const char *where)
{
    assert_true(position >= 1 && position <= h->count);
    const history_entry *e = &h->items[position - 1];
    assert_string_equal(e->title, title);
    assert_string_equal(e->artist, artist);
    assert_string_equal(e->album, album);
    assert_int_equal(e->played_at, played_at);
    assert_int_equal(e->ms_played, ms_played);
    assert_int_equal(e->skipped, skipped);
    assert_int_equal(e->position, position);
    assert_string_equal(e->where, where);
}

static void expect_zero(const history_entries *h)
{
    assert_int_equal(h->count, 0);
    assert_null(h->items);
    assert_int_equal(h->not_music, 0);
    assert_int_equal(h->format, OSTREC_HISTORY_AUTO);
}

/* The file is refused with `code` and a message that begins with its name
 * and holds `want`; nothing comes back. */
static void expect_refused(const char *file, ostrec_history_format format, int code, const char *want)
{
    history_entries h;
    memset(&h, 0xAB, sizeof h);
    assert_int_equal(history_read(db, file, format, &h), code);
    const char *msg = ostrec_errmsg(db);
    if (strncmp(msg, file, strlen(file)) != 0 || strstr(msg, want) == NULL)
        fail_msg("message '%s' does not name %s and hold '%s'", msg, file, want);
    expect_zero(&h);
}

/* Text in memory, named `name`, refused with exactly the message `want`. */
static void expect_text_refused(const char *name, const char *text, ostrec_history_format format, int code,
                                const char *want)
{
    history_entries h;
    assert_int_equal(history_parse(db, name, text, strlen(text), format, &h), code);
    assert_string_equal(ostrec_errmsg(db), want);
    expect_zero(&h);
}

static void spotify(void **state)
{
    (void)state;
    history_entries h = read_ok(DIR "spotify.json", OSTREC_HISTORY_AUTO);
    assert_int_equal(h.format, OSTREC_HISTORY_SPOTIFY);
    assert_int_equal(h.count, 3);
    assert_int_equal(h.not_music, 0);
    /* 2021-03-04 12:34 UTC = 1614861240 */
    expect_entry(&h, 1, "Start Over", "Gaho", "", 1614861240, 201000, -1, DIR "spotify.json: [0]");
    /* 2020-02-29 23:59 UTC (a leap day) = 1583020740 */
    expect_entry(&h, 2, "Done For Me", "Punch", "", 1583020740, 0, -1, DIR "spotify.json: [1]");
    /* 2021-12-31 00:00 UTC = 1640908800; "  Sondia " and " Maybe\t" trimmed */
    expect_entry(&h, 3, "Maybe", "Sondia", "", 1640908800, 1500, -1, DIR "spotify.json: [2]");
    history_entries_free(&h);
    expect_zero(&h);
}

static void spotify_extended(void **state)
{
    (void)state;
    history_entries h = read_ok(DIR "extended.json", OSTREC_HISTORY_AUTO);
    assert_int_equal(h.format, OSTREC_HISTORY_SPOTIFY_EXTENDED);
    /* [1] is a podcast episode and [3] an audiobook chapter: no track name. */
    assert_int_equal(h.count, 3);
    assert_int_equal(h.not_music, 2);
    /* 2023-07-01 08:15:30 UTC = 1688199330 */
    expect_entry(&h, 1, "Stay With Me", "CHANYEOL, Punch", "Goblin OST Part 1", 1688199330, 215000, 0,
                 DIR "extended.json: [0]");
    /* 2024-02-29 23:59:59 UTC = 1709251199; album null */
    expect_entry(&h, 2, "All of My Life", "Park Won", "", 1709251199, 12000, 1, DIR "extended.json: [2]");
    /* 2023-07-02 21:40:05 UTC = 1688334005; skipped null */
    expect_entry(&h, 3, "Beautiful", "Crush", "Goblin OST Part 4", 1688334005, 3, -1, DIR "extended.json: [4]");
    history_entries_free(&h);

    /* An empty track name is no song either. */
    const char *text = "[{\"ts\": \"2023-07-01T09:00:00Z\", \"ms_played\": 5, \"master_metadata_track_name\": \"\"}]";
    assert_int_equal(history_parse(db, "e.json", text, strlen(text), OSTREC_HISTORY_AUTO, &h), OSTREC_OK);
    assert_int_equal(h.count, 0);
    assert_int_equal(h.not_music, 1);
    history_entries_free(&h);
}

static void lastfm_without_header(void **state)
{
    (void)state;
    history_entries h = read_ok(DIR "lastfm.csv", OSTREC_HISTORY_AUTO);
    assert_int_equal(h.format, OSTREC_HISTORY_LASTFM);
    assert_int_equal(h.count, 3);
    /* 2021-01-31 12:34 UTC = 1612096440 */
    expect_entry(&h, 1, "Start Over", "Gaho", "Itaewon Class OST Part 2", 1612096440, -1, -1, DIR "lastfm.csv:1");
    /* 2021-02-01 09:05 UTC = 1612170300 (a one-digit day) */
    expect_entry(&h, 2, "Stay With Me", "CHANYEOL, Punch", "Goblin OST Part 1", 1612170300, -1, -1,
                 DIR "lastfm.csv:2");
    /* 2020-02-29 23:00 UTC = 1583017200 */
    expect_entry(&h, 3, "I Will Go To You Like The First Snow", "Ailee", "Goblin OST Part 9", 1583017200, -1, -1,
                 DIR "lastfm.csv:3");
    history_entries_free(&h);
}

static void lastfm_with_header(void **state)
{
    (void)state;
    /* uts is used when there is one: 1612096440 and 1583017200 are the
     * files' own numbers (= 2021-01-31 12:34 and 2020-02-29 23:00 UTC). */
    history_entries h = read_ok(DIR "lastfm_header.csv", OSTREC_HISTORY_AUTO);
    assert_int_equal(h.format, OSTREC_HISTORY_LASTFM);
    assert_int_equal(h.count, 2);
    expect_entry(&h, 1, "Start Over", "Gaho", "Itaewon Class OST Part 2", 1612096440, -1, -1,
                 DIR "lastfm_header.csv:2");
    expect_entry(&h, 2, "I Will Go To You Like The First Snow", "Ailee", "Goblin OST Part 9", 1583017200, -1, -1,
                 DIR "lastfm_header.csv:3");
    history_entries_free(&h);

    /* No uts: utc_time, "31 Jan 2021, 12:34" = 1612096440; names in any case. */
    h = read_ok(DIR "lastfm_utc_time.csv", OSTREC_HISTORY_AUTO);
    assert_int_equal(h.format, OSTREC_HISTORY_LASTFM);
    assert_int_equal(h.count, 1);
    expect_entry(&h, 1, "Start Over", "Gaho", "Itaewon Class OST Part 2", 1612096440, -1, -1,
                 DIR "lastfm_utc_time.csv:2");
    history_entries_free(&h);
}

static void m3u_with_extinf(void **state)
{
    (void)state;
    history_entries h = read_ok(DIR "playlist.m3u8", OSTREC_HISTORY_AUTO);
    assert_int_equal(h.format, OSTREC_HISTORY_M3U);
    assert_int_equal(h.count, 4);
    /* Split at the first " - ": the artist keeps its comma. */
    expect_entry(&h, 1, "Stay With Me", "CHANYEOL, Punch", "", 0, -1, -1, DIR "playlist.m3u8:2");
    /* #EXTINF without " - ": all title; the #EXTVLCOPT line is passed over. */
    expect_entry(&h, 2, "Beautiful", "", "", 0, -1, -1, DIR "playlist.m3u8:5");
    /* No #EXTINF: the file name without directory and extension. */
    expect_entry(&h, 3, "Beautiful", "Crush", "", 0, -1, -1, DIR "playlist.m3u8:7");
    /* A URL's %20 escapes decoded. */
    expect_entry(&h, 4, "Remember Me", "Gummy", "", 0, -1, -1, DIR "playlist.m3u8:8");
    history_entries_free(&h);

    /* Only the first " - " splits: the rest is the title's. */
    const char *text = "#EXTINF:180,Sondia - Maybe - Acoustic\nmaybe.mp3\n";
    assert_int_equal(history_parse(db, "p.m3u", text, strlen(text), OSTREC_HISTORY_AUTO, &h), OSTREC_OK);
    assert_int_equal(h.count, 1);
    expect_entry(&h, 1, "Maybe - Acoustic", "Sondia", "", 0, -1, -1, "p.m3u:1");
    history_entries_free(&h);
}

static void m3u_without_extinf_crlf(void **state)
{
    (void)state;
    /* CRLF line ends, no #EXTM3U, no #EXTINF, a Windows path, a blank line
     * and a comment; "10cm - Spring Breeze" has no extension to lose. */
    history_entries h = read_ok(DIR "noextinf.m3u", OSTREC_HISTORY_AUTO);
    assert_int_equal(h.format, OSTREC_HISTORY_M3U);
    assert_int_equal(h.count, 3);
    expect_entry(&h, 1, "Start Over", "Gaho", "", 0, -1, -1, DIR "noextinf.m3u:1");
    expect_entry(&h, 2, "Maybe", "Sondia", "", 0, -1, -1, DIR "noextinf.m3u:4");
    expect_entry(&h, 3, "Spring Breeze", "10cm", "", 0, -1, -1, DIR "noextinf.m3u:5");
    history_entries_free(&h);
}

static void xspf(void **state)
{
    (void)state;
    history_entries h = read_ok(DIR "playlist.xspf", OSTREC_HISTORY_AUTO);
    assert_int_equal(h.format, OSTREC_HISTORY_XSPF);
    assert_int_equal(h.count, 2);
    /* The playlist's own <title> is no track; &amp; is '&'; lines are the <track>s'. */
    expect_entry(&h, 1, "Stay With Me", "CHANYEOL & Punch", "Goblin OST Part 1", 0, -1, -1, DIR "playlist.xspf:5");
    expect_entry(&h, 2, "Love Me Like That", "Sam Kim", "", 0, -1, -1, DIR "playlist.xspf:11");
    history_entries_free(&h);
}

static void playlist_csv(void **state)
{
    (void)state;
    /* Exportify: "Track URI" is not the title; "Track Name" is. */
    history_entries h = read_ok(DIR "exportify.csv", OSTREC_HISTORY_AUTO);
    assert_int_equal(h.format, OSTREC_HISTORY_CSV);
    assert_int_equal(h.count, 2);
    expect_entry(&h, 1, "Stay With Me", "CHANYEOL,Punch", "Goblin OST Part 1", 0, -1, -1, DIR "exportify.csv:2");
    expect_entry(&h, 2, "You Are My World", "Yoon Mi Rae", "Descendants of the Sun OST Part 6", 0, -1, -1,
                 DIR "exportify.csv:3");
    history_entries_free(&h);

    /* A byte-order mark is not part of the first column's name. */
    h = read_ok(DIR "bom.csv", OSTREC_HISTORY_AUTO);
    assert_int_equal(h.format, OSTREC_HISTORY_CSV);
    assert_int_equal(h.count, 1);
    expect_entry(&h, 1, "Maybe", "Sondia", "", 0, -1, -1, DIR "bom.csv:2");
    history_entries_free(&h);
}

/* Without a name that says, the first bytes do; a format named overrides. */
static void detection(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        ostrec_history_format format;
    } cases[] = {
        {"  [{\"endTime\": \"2021-03-04 12:34\", \"artistName\": \"A\", \"trackName\": \"T\", \"msPlayed\": 1}]",
         OSTREC_HISTORY_SPOTIFY},
        {"[{\"ts\": \"2021-03-04T12:34:00Z\", \"master_metadata_track_name\": \"T\", \"ms_played\": 1}]",
         OSTREC_HISTORY_SPOTIFY_EXTENDED},
        {"\n<playlist><trackList><track><title>T</title></track></trackList></playlist>", OSTREC_HISTORY_XSPF},
        {"#EXTM3U\nA - T.mp3\n", OSTREC_HISTORY_M3U},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        history_entries h;
        int rc = history_parse(db, "history.txt", cases[i].text, strlen(cases[i].text), OSTREC_HISTORY_AUTO, &h);
        if (rc != OSTREC_OK) fail_msg("case %zu: %s", i, ostrec_errmsg(db));
        assert_int_equal(h.format, cases[i].format);
        assert_int_equal(h.count, 1);
        assert_string_equal(h.items[0].title, "T");
        history_entries_free(&h);
    }
    expect_text_refused("history.txt", "title,artist\nT,A\n", OSTREC_HISTORY_AUTO, OSTREC_EINVAL,
                        "history.txt: cannot tell the format: name it with --format");
    expect_text_refused("list.csv", "song,singer\nT,A\n", OSTREC_HISTORY_AUTO, OSTREC_EINVAL,
                        "list.csv: cannot tell the format: name it with --format");
    expect_text_refused("plays.json", "[{\"song\": \"T\"}]", OSTREC_HISTORY_AUTO, OSTREC_EINVAL,
                        "plays.json: cannot tell the format: name it with --format");
    /* Named: the headerless scrobbles are no playlist with a header. */
    expect_refused(DIR "lastfm.csv", OSTREC_HISTORY_CSV, OSTREC_EDATA,
                   ":1: expected a header naming the title column");
    /* Named: a .csv read as M3U is lines of locations. */
    history_entries h = read_ok(DIR "bom.csv", OSTREC_HISTORY_M3U);
    assert_int_equal(h.format, OSTREC_HISTORY_M3U);
    assert_int_equal(h.count, 2);
    history_entries_free(&h);
}

/* A broken file in each format: refused whole, naming where and what. */
static void refusals(void **state)
{
    (void)state;
    expect_refused(DIR "broken_spotify.json", OSTREC_HISTORY_AUTO, OSTREC_EDATA, ": [3].msPlayed: not a number");
    expect_refused(DIR "broken_extended.json", OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                   ": [1].ts: '2023-02-30T10:00:00Z' is not a time like '2021-03-04T12:34:56Z' (UTC)");
    /* The missing comma is on line 3. */
    expect_refused(DIR "broken_syntax.json", OSTREC_HISTORY_AUTO, OSTREC_EDATA, ":3: expected valid JSON");
    expect_refused(DIR "broken_lastfm.csv", OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                   "broken_lastfm.csv:3: date: '31 Foo 2021 12:34' is not a date like '31 Jan 2021 12:34'");
    expect_refused(DIR "broken.m3u", OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                   "broken.m3u:2: #EXTINF: expected '#EXTINF:SECONDS,ARTIST - TITLE', found no comma");
    /* </trak> on line 5 does not close <track>. */
    expect_refused(DIR "broken.xspf", OSTREC_HISTORY_AUTO, OSTREC_EDATA, "broken.xspf:5: expected well-formed XML: ");
    /* The second <track>, on line 7, has a creator but no title. */
    expect_refused(DIR "notitle.xspf", OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                   "notitle.xspf:7: title: expected a title, found none");
    expect_refused(DIR "broken_playlist.csv", OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                   "broken_playlist.csv:3: title: expected a title, found none");
    expect_refused(DIR "missing.json", OSTREC_HISTORY_AUTO, OSTREC_EIO, ": cannot open file");
}

static void bad_utf8(void **state)
{
    (void)state;
    /* Line 3 starts at byte 39: "#EXTM3U\n" is 8 bytes and
     * "#EXTINF:200,Gaho - Start Over\n" 30; "/music/Caf" fills 39-48, so
     * the Latin-1 e-acute (0xE9) is byte 49. In UTF-8 0xE9 starts a
     * three-byte sequence, which the space after it (byte 50) breaks, and
     * utf8_invalid_at names the byte that breaks a sequence. */
    expect_refused(DIR "badutf8.m3u", OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                   "badutf8.m3u:3: expected UTF-8 text, found a byte that is not (byte 50)");
    /* A NUL byte on line 3. */
    history_entries h;
    assert_int_equal(history_parse(db, "x.csv", "title\nA\nB\0C\n", 12, OSTREC_HISTORY_CSV, &h), OSTREC_EDATA);
    assert_string_equal(ostrec_errmsg(db), "x.csv:3: expected text, found a NUL byte");
    expect_zero(&h);
    /* Decoded from a URL's escapes, a title must still be UTF-8 text. */
    expect_text_refused("p.m3u", "file:///m/A%20-%20B%FF.mp3\n", OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                        "p.m3u:1: title: expected UTF-8 text");
    expect_text_refused("p.m3u", "file:///m/A%00B.mp3\n", OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                        "p.m3u:1: title: expected text, found a NUL character");
}

/* Times and numbers out of range are refused, each part checked. */
static void times_and_numbers(void **state)
{
    (void)state;
    static const char *const bad_times[] = {"2021-02-29 10:00", "2021-13-01 10:00", "2021-03-04 24:00",
                                            "2021-03-04 12:60", "2021-3-04 12:34", "2021-03-04 12:34 ", "1969-12-31 23:59",
                                            "0999-01-01 00:00"};
    for (size_t i = 0; i < sizeof bad_times / sizeof bad_times[0]; i++) {
        char text[256], want[256];
        snprintf(text, sizeof text, "[{\"endTime\": \"%s\", \"artistName\": \"A\", \"trackName\": \"T\", \"msPlayed\": 1}]",
                 bad_times[i]);
        snprintf(want, sizeof want, "h.json: [0].endTime: '%s' is not a time like '2021-03-04 12:34' (UTC)", bad_times[i]);
        expect_text_refused("h.json", text, OSTREC_HISTORY_AUTO, OSTREC_EDATA, want);
    }
    expect_text_refused("h.json", "[{\"endTime\": \"2021-03-04 12:34\", \"trackName\": \"T\", \"msPlayed\": -5}]",
                        OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                        "h.json: [0].msPlayed: expected a whole number of milliseconds, 0 or more, found -5");
    expect_text_refused("h.json", "[{\"endTime\": \"2021-03-04 12:34\", \"trackName\": \"T\", \"msPlayed\": 1.5}]",
                        OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                        "h.json: [0].msPlayed: expected a whole number of milliseconds, 0 or more, found 1.5");
    expect_text_refused("h.json", "[{\"endTime\": \"2021-03-04 12:34\", \"msPlayed\": 1}]", OSTREC_HISTORY_AUTO,
                        OSTREC_EDATA, "h.json: [0].trackName: missing");
    expect_text_refused("h.json", "[{\"ts\": \"2021-03-04T12:34:00Z\", \"master_metadata_track_name\": \"T\", "
                        "\"ms_played\": 1, \"skipped\": 1}]",
                        OSTREC_HISTORY_AUTO, OSTREC_EDATA, "h.json: [0].skipped: expected true, false or null");
    expect_text_refused("s.csv", "uts,artist,track\n99999999999999,A,T\n", OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                        "s.csv:2: uts: '99999999999999' is not a number of seconds since 1970");

    /* The ends of the range: 1970-01-01 00:00 UTC = 0, 9999-12-31 23:59:59
     * UTC = 253402300799, 1999-12-31 23:59 UTC = 946684740. */
    const char *ok = "[{\"ts\": \"1970-01-01T00:00:00Z\", \"master_metadata_track_name\": \"A\", \"ms_played\": 0},"
                     " {\"ts\": \"9999-12-31T23:59:59Z\", \"master_metadata_track_name\": \"B\", \"ms_played\": 0}]";
    history_entries h;
    assert_int_equal(history_parse(db, "h.json", ok, strlen(ok), OSTREC_HISTORY_AUTO, &h), OSTREC_OK);
    assert_int_equal(h.items[0].played_at, 0);
    assert_int_equal(h.items[1].played_at, 253402300799);
    history_entries_free(&h);
    const char *csv = "A,B,T,\"31 Dec 1999, 23:59\"\n";
    assert_int_equal(history_parse(db, "s.csv", csv, strlen(csv), OSTREC_HISTORY_AUTO, &h), OSTREC_OK);
    assert_int_equal(h.format, OSTREC_HISTORY_LASTFM);
    assert_int_equal(h.items[0].played_at, 946684740);
    history_entries_free(&h);

    /* A title of 1025 bytes is one too many. */
    char text[1200];
    snprintf(text, sizeof text, "title\n%01025d\n", 0);
    expect_text_refused("l.csv", text, OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                        "l.csv:2: title: expected at most 1024 bytes, found 1025");
}

static void format_names(void **state)
{
    (void)state;
    static const char *const names[] = {"auto", "spotify", "spotify-extended", "lastfm", "m3u", "xspf", "csv"};
    for (int f = OSTREC_HISTORY_AUTO; f <= OSTREC_HISTORY_CSV; f++) {
        ostrec_history_format back;
        assert_string_equal(history_format_name((ostrec_history_format)f), names[f]);
        assert_int_equal(history_format_from_name(names[f], &back), OSTREC_OK);
        assert_int_equal(back, f);
    }
    ostrec_history_format back = OSTREC_HISTORY_CSV;
    assert_int_equal(history_format_from_name("itunes", &back), OSTREC_EINVAL);
    assert_int_equal(history_format_from_name(NULL, &back), OSTREC_EINVAL);
    assert_int_equal(back, OSTREC_HISTORY_CSV);
}

/* XSPF has no DTD: one is refused, so no entity of the file's own (nor a
 * file or URL one could name) is ever expanded. */
static void xspf_entities(void **state)
{
    (void)state;
    expect_text_refused("e.xspf",
                        "<?xml version=\"1.0\"?>\n<!DOCTYPE playlist [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
                        "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<playlist><trackList><track><title>&b;</title>"
                        "</track></trackList></playlist>\n",
                        OSTREC_HISTORY_AUTO, OSTREC_EDATA, "e.xspf: expected XSPF, found a DOCTYPE, which XSPF has no use for");
    expect_text_refused("e.xspf",
                        "<?xml version=\"1.0\"?>\n<playlist><trackList><track><title>&x;</title></track></trackList>"
                        "</playlist>\n",
                        OSTREC_HISTORY_AUTO, OSTREC_EDATA, "e.xspf:2: expected well-formed XML: Entity 'x' not defined");
    expect_text_refused("e.xspf", "<?xml version=\"1.0\"?>\n<list/>\n", OSTREC_HISTORY_AUTO, OSTREC_EDATA,
                        "e.xspf:2: expected a <playlist> element");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spotify),          cmocka_unit_test(spotify_extended), cmocka_unit_test(lastfm_without_header),
        cmocka_unit_test(lastfm_with_header), cmocka_unit_test(m3u_with_extinf), cmocka_unit_test(m3u_without_extinf_crlf),
        cmocka_unit_test(xspf),             cmocka_unit_test(playlist_csv),     cmocka_unit_test(detection),
        cmocka_unit_test(refusals),         cmocka_unit_test(bad_utf8),         cmocka_unit_test(times_and_numbers),
        cmocka_unit_test(format_names),     cmocka_unit_test(xspf_entities),
    };
    return cmocka_run_group_tests_name("history_read", tests, setup, teardown);
}
