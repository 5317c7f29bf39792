/* history_read.c: listening histories and playlists (Spotify's two JSON
 * histories, Last.fm scrobbles as CSV, M3U, XSPF, playlists as CSV) read
 * into plain entries, all or nothing, each refusal naming FILE:LINE or the
 * JSON path and what is wrong. The interface is history.h.
 *
 * The whole text is checked first (UTF-8, no NUL byte), so every reader
 * below works on valid text; entry_add then checks each entry's own texts
 * (a title, lengths, and text that a reader decoded: JSON escapes, M3U's
 * percent escapes). Times are converted by hand (days from the civil date),
 * never through the C library's time zone or locale. */
#include "history.h"

#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Texts and entries ---------------------------------------------------- */

/* Bytes of a text that need not end in a NUL. */
typedef struct {
    const char *s;
    size_t n;
} span;

/* What one reader fills, and how its messages name places and fields. */
typedef struct {
    ostrec *db;
    const char *name;      /* the file, in messages */
    history_entries *out;
    size_t cap;            /* room in out->items */
    int json;              /* places are "FILE: [i]" (JSON) or "FILE:LINE" */
    const char *field[3];  /* the file's names for title, artist and album */
} reader;

/* An entry's fields as a reader found them (texts untrimmed, borrowed). */
typedef struct {
    span title, artist, album;
    int64_t played_at, ms_played;
    int skipped;
} entry_fields;

static span span_of(const char *s)
{
    span t = {s != NULL ? s : "", s != NULL ? strlen(s) : 0};
    return t;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The text without spaces around it; a span never set ({NULL, 0}) is "". */
static span trimmed(span t)
{
    if (t.s == NULL) return span_of("");
    while (t.n > 0 && is_space(t.s[0])) t.s++, t.n--;
    while (t.n > 0 && is_space(t.s[t.n - 1])) t.n--;
    return t;
}

static size_t line_of(const char *text, const char *at)
{
    size_t line = 1;
    for (const char *p = text; p < at; p++)
        if (*p == '\n') line++;
    return line;
}

/* Refuse with OSTREC_EDATA: "FILE:LINE: FIELD: what" or, for JSON,
 * "FILE: [i].FIELD: what". */
__attribute__((format(printf, 4, 5))) static int fail_field(reader *r, size_t at, const char *field,
                                                            const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (r->json) return ostrec__fail(r->db, OSTREC_EDATA, "%s: [%zu].%s: %s", r->name, at, field, what);
    return ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: %s: %s", r->name, at, field, what);
}

/* A text a reader decoded must still be text that fits. */
static int check_field(reader *r, size_t at, const char *field, span t)
{
    if (t.n > OSTREC_FIELD_MAX)
        return fail_field(r, at, field, "expected at most %d bytes, found %zu", OSTREC_FIELD_MAX, t.n);
    if (memchr(t.s, '\0', t.n) != NULL) return fail_field(r, at, field, "expected text, found a NUL character");
    if (utf8_invalid_at(t.s, t.n) != 0) return fail_field(r, at, field, "expected UTF-8 text");
    return OSTREC_OK;
}

static char *copy_span(span t)
{
    char *s = malloc(t.n + 1);
    if (s == NULL) return NULL;
    if (t.n) memcpy(s, t.s, t.n);
    s[t.n] = '\0';
    return s;
}

static char *where_of(const reader *r, size_t at)
{
    const char *fmt = r->json ? "%s: [%zu]" : "%s:%zu";
    int n = snprintf(NULL, 0, fmt, r->name, at);
    char *s = n < 0 ? NULL : malloc((size_t)n + 1);
    if (s != NULL) snprintf(s, (size_t)n + 1, fmt, r->name, at);
    return s;
}

static void entry_free(history_entry *e)
{
    free(e->title);
    free(e->artist);
    free(e->album);
    free(e->where);
}

/* Room for one more entry: 0, or OSTREC_ENOMEM with the message set. */
static int entry_room(reader *r)
{
    if (r->out->count < r->cap) return OSTREC_OK;
    size_t cap = r->cap ? r->cap * 2 : 16;
    history_entry *bigger = cap > SIZE_MAX / 2 / sizeof *bigger ? NULL : realloc(r->out->items, cap * sizeof *bigger);
    if (bigger == NULL) return ostrec__fail(r->db, OSTREC_ENOMEM, "%s: out of memory", r->name);
    r->out->items = bigger;
    r->cap = cap;
    return OSTREC_OK;
}

/* Check an entry found at `at` (a line, or a JSON index) and append it,
 * its texts trimmed and copied. 0, OSTREC_EDATA (no title; a text too long
 * or not UTF-8) or OSTREC_ENOMEM, the message set. */
static int entry_add(reader *r, size_t at, const entry_fields *f)
{
    span text[3] = {trimmed(f->title), trimmed(f->artist), trimmed(f->album)};
    if (text[0].n == 0) return fail_field(r, at, r->field[0], "expected a title, found none");
    for (int k = 0; k < 3; k++) {
        int rc = check_field(r, at, r->field[k], text[k]);
        if (rc != OSTREC_OK) return rc;
    }
    int rc = entry_room(r);
    if (rc != OSTREC_OK) return rc;
    history_entry e = {copy_span(text[0]), copy_span(text[1]), copy_span(text[2]), f->played_at, f->ms_played,
                       f->skipped, r->out->count + 1, where_of(r, at)};
    if (e.title == NULL || e.artist == NULL || e.album == NULL || e.where == NULL) {
        entry_free(&e);
        return ostrec__fail(r->db, OSTREC_ENOMEM, "%s: out of memory", r->name);
    }
    r->out->items[r->out->count++] = e;
    return OSTREC_OK;
}

/* "Artist - Title" split at the first " - "; without one, all of it is
 * the title and the artist is empty. */
static void split_artist_title(span whole, span *artist, span *title)
{
    for (size_t i = 0; i + 3 <= whole.n; i++) {
        if (memcmp(whole.s + i, " - ", 3) == 0) {
            artist->s = whole.s, artist->n = i;
            title->s = whole.s + i + 3, title->n = whole.n - i - 3;
            return;
        }
    }
    artist->s = "", artist->n = 0;
    *title = whole;
}

/* ---- Times ---------------------------------------------------------------- */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to the date (proleptic Gregorian): whole 400-year
 * eras of 146097 days, then the day within the era, the year counted from
 * March so the leap day comes last. */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t year_of_era = y - era * 400;
    int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

/* Read one or two digits (`max` of them, at least `min`) at *p. */
static int scan_number(const char **p, int min, int max, int *v)
{
    int n = 0;
    *v = 0;
    while (n < max && (*p)[n] >= '0' && (*p)[n] <= '9') *v = *v * 10 + ((*p)[n++] - '0');
    *p += n;
    return n >= min;
}

static int scan_month(const char **p, int *month)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (int m = 0; m < 12; m++) {
        if (strncasecmp(*p, names + 3 * m, 3) == 0) {
            *month = m + 1;
            *p += 3;
            return 1;
        }
    }
    return 0;
}

/* The seconds since 1970 (UTC) of the NUL-terminated `s`, written as
 * `pattern` says: Y four digits of the year; M, D, h, m, s two digits of the
 * month, day, hour, minute and second; d and H one or two digits of the day
 * and hour; b an English month abbreviation; '?' makes the next character
 * optional; any other character stands for itself. Each part is checked
 * (a day the month has, hour 0-23...), and the year from 1970: no one
 * played a song before then that a history could hold. 0 and *out, or -1. */
static int parse_time(const char *s, const char *pattern, int64_t *out)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, ok = 1;
    for (const char *q = pattern; *q != '\0' && ok; q++) {
        switch (*q) {
        case 'Y': ok = scan_number(&s, 4, 4, &year); break;
        case 'M': ok = scan_number(&s, 2, 2, &month); break;
        case 'D': ok = scan_number(&s, 2, 2, &day); break;
        case 'd': ok = scan_number(&s, 1, 2, &day); break;
        case 'h': ok = scan_number(&s, 2, 2, &hour); break;
        case 'H': ok = scan_number(&s, 1, 2, &hour); break;
        case 'm': ok = scan_number(&s, 2, 2, &minute); break;
        case 's': ok = scan_number(&s, 2, 2, &second); break;
        case 'b': ok = scan_month(&s, &month); break;
        case '?':
            q++;
            if (*q != '\0' && *s == *q) s++;
            break;
        default: ok = *s == *q && *s++ != '\0';
        }
    }
    if (!ok || *s != '\0' || year < 1970 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
        hour > 23 || minute > 59 || second > 59)
        return -1;
    *out = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return 0;
}

#define SPOTIFY_TIME "Y-M-D h:m"      /* 2021-03-04 12:34 */
#define EXTENDED_TIME "Y-M-DTh:m:sZ"  /* 2021-03-04T12:34:56Z */
#define LASTFM_TIME "d b Y?, H:m"     /* 31 Jan 2021 12:34, or 31 Jan 2021, 12:34 */

/* Seconds since 1970 written out in digits, up to the end of year 9999. */
static int parse_seconds(const char *s, int64_t *out)
{
    int64_t v = 0;
    size_t n = 0;
    for (; s[n] >= '0' && s[n] <= '9'; n++) {
        v = v * 10 + (s[n] - '0');
        if (v > 253402300799) return -1; /* 9999-12-31 23:59:59 */
    }
    if (n == 0 || s[n] != '\0') return -1;
    *out = v;
    return 0;
}

/* ---- Spotify's JSON histories --------------------------------------------- */

static int cannot_tell(reader *r)
{
    return ostrec__fail(r->db, OSTREC_EINVAL, "%s: cannot tell the format: name it with --format", r->name);
}

/* The string member `key` of play i into *s; a null or missing one is NULL
 * when `optional`, else refused. */
static int json_text(reader *r, const cJSON *play, size_t i, const char *key, int optional, const char **s)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(play, key);
    *s = NULL;
    if (cJSON_IsString(v)) *s = v->valuestring;
    else if (v == NULL && !optional) return fail_field(r, i, key, "missing");
    else if (v != NULL && !(optional && cJSON_IsNull(v))) return fail_field(r, i, key, "not a string");
    return OSTREC_OK;
}

static int json_ms(reader *r, const cJSON *play, size_t i, const char *key, int64_t *ms)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(play, key);
    if (v == NULL) return fail_field(r, i, key, "missing");
    if (!cJSON_IsNumber(v)) return fail_field(r, i, key, "not a number");
    double d = v->valuedouble;
    /* Below 2^53 every whole number is exact, and the cast is defined. */
    if (!(d >= 0 && d <= 9007199254740992.0) || d != (double)(int64_t)d)
        return fail_field(r, i, key, "expected a whole number of milliseconds, 0 or more, found %g", d);
    *ms = (int64_t)d;
    return OSTREC_OK;
}

static int json_time(reader *r, const cJSON *play, size_t i, const char *key, const char *pattern,
                     const char *example, int64_t *t)
{
    const char *s;
    int rc = json_text(r, play, i, key, 0, &s);
    if (rc == OSTREC_OK && parse_time(s, pattern, t) != 0)
        rc = fail_field(r, i, key, "'%s' is not a time like '%s' (UTC)", s, example);
    return rc;
}

/* StreamingHistory_music_N.json: {endTime, artistName, trackName, msPlayed}. */
static int spotify_play(reader *r, const cJSON *play, size_t i)
{
    const char *title, *artist;
    entry_fields f = {.skipped = -1};
    int rc = json_text(r, play, i, "trackName", 0, &title);
    if (rc == OSTREC_OK) rc = json_text(r, play, i, "artistName", 1, &artist);
    if (rc == OSTREC_OK) rc = json_time(r, play, i, "endTime", SPOTIFY_TIME, "2021-03-04 12:34", &f.played_at);
    if (rc == OSTREC_OK) rc = json_ms(r, play, i, "msPlayed", &f.ms_played);
    if (rc != OSTREC_OK) return rc;
    f.title = span_of(title);
    f.artist = span_of(artist);
    return entry_add(r, i, &f);
}

/* Streaming_History_Audio_*.json: a play without a track name (a podcast
 * episode, an audiobook chapter) is counted in not_music and left out. */
static int extended_play(reader *r, const cJSON *play, size_t i)
{
    const char *title, *artist, *album;
    entry_fields f = {.skipped = -1};
    int rc = json_text(r, play, i, "master_metadata_track_name", 1, &title);
    if (rc != OSTREC_OK) return rc;
    if (trimmed(span_of(title)).n == 0) {
        r->out->not_music++;
        return OSTREC_OK;
    }
    rc = json_text(r, play, i, "master_metadata_album_artist_name", 1, &artist);
    if (rc == OSTREC_OK) rc = json_text(r, play, i, "master_metadata_album_album_name", 1, &album);
    if (rc == OSTREC_OK) rc = json_time(r, play, i, "ts", EXTENDED_TIME, "2021-03-04T12:34:56Z", &f.played_at);
    if (rc == OSTREC_OK) rc = json_ms(r, play, i, "ms_played", &f.ms_played);
    if (rc != OSTREC_OK) return rc;
    const cJSON *skipped = cJSON_GetObjectItemCaseSensitive(play, "skipped");
    if (cJSON_IsBool(skipped)) f.skipped = cJSON_IsTrue(skipped);
    else if (skipped != NULL && !cJSON_IsNull(skipped))
        return fail_field(r, i, "skipped", "expected true, false or null");
    f.title = span_of(title);
    f.artist = span_of(artist);
    f.album = span_of(album);
    return entry_add(r, i, &f);
}

/* Which history an array holds, from its first play's fields. An empty
 * array holds nothing either way: it is read as the account data's. */
static int json_format(reader *r, const cJSON *plays, ostrec_history_format *format)
{
    const cJSON *first = plays->child;
    if (first == NULL) *format = OSTREC_HISTORY_SPOTIFY;
    else if (cJSON_IsObject(first) && cJSON_HasObjectItem(first, "endTime")) *format = OSTREC_HISTORY_SPOTIFY;
    else if (cJSON_IsObject(first) &&
             (cJSON_HasObjectItem(first, "ts") || cJSON_HasObjectItem(first, "master_metadata_track_name")))
        *format = OSTREC_HISTORY_SPOTIFY_EXTENDED;
    else return cannot_tell(r);
    return OSTREC_OK;
}

static int read_json(reader *r, const char *text, size_t len, ostrec_history_format *format)
{
    const char *end = NULL;
    cJSON *plays = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (plays == NULL) {
        const char *at = end != NULL ? end : text;
        return ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: expected valid JSON, which stops being valid at byte %zu",
                            r->name, line_of(text, at), (size_t)(at - text) + 1);
    }
    int rc = OSTREC_OK;
    if (!cJSON_IsArray(plays))
        rc = ostrec__fail(r->db, OSTREC_EDATA, "%s: expected a JSON array of plays", r->name);
    else if (*format == OSTREC_HISTORY_AUTO)
        rc = json_format(r, plays, format);
    int extended = *format == OSTREC_HISTORY_SPOTIFY_EXTENDED;
    r->json = 1;
    r->field[0] = extended ? "master_metadata_track_name" : "trackName";
    r->field[1] = extended ? "master_metadata_album_artist_name" : "artistName";
    r->field[2] = "master_metadata_album_album_name";
    size_t i = 0;
    for (const cJSON *play = plays->child; play != NULL && rc == OSTREC_OK; play = play->next, i++) {
        if (!cJSON_IsObject(play)) rc = ostrec__fail(r->db, OSTREC_EDATA, "%s: [%zu]: expected an object", r->name, i);
        else rc = extended ? extended_play(r, play, i) : spotify_play(r, play, i);
    }
    cJSON_Delete(plays);
    return rc;
}

/* ---- CSV: Last.fm scrobbles and playlists --------------------------------- */

#define NO_COLUMN SIZE_MAX

typedef struct {
    reader *r;
    ostrec_history_format format; /* AUTO until the first record decides */
    int decided;
    size_t title, artist, album, time; /* columns, or NO_COLUMN */
    int time_in_seconds;               /* the time column is uts, not a date */
    const char *time_name;
} csv_plan;

static const char *const title_names[] = {"title", "track", "track name", "name", NULL};
static const char *const artist_names[] = {"artist", "artist name", "artist names", "artist name(s)", "creator", NULL};
static const char *const album_names[] = {"album", "album name", NULL};

/* The first column whose name, spaces trimmed, is one of `names` in any case. */
static size_t find_column(const char *const *fields, size_t count, const char *const *names)
{
    for (size_t c = 0; c < count; c++) {
        span t = trimmed(span_of(fields[c]));
        for (size_t k = 0; names[k] != NULL; k++)
            if (strlen(names[k]) == t.n && strncasecmp(t.s, names[k], t.n) == 0) return c;
    }
    return NO_COLUMN;
}

static span field_at(const char *const *fields, size_t count, size_t c)
{
    return c < count ? span_of(fields[c]) : span_of("");
}

/* A scrobble's time, spaces around it trimmed: seconds since 1970 or a
 * Last.fm date. 0 and *out, or -1. */
static int field_time(span t, int in_seconds, int64_t *out)
{
    char value[64];
    t = trimmed(t);
    if (t.n >= sizeof value) return -1;
    memcpy(value, t.s, t.n);
    value[t.n] = '\0';
    return in_seconds ? parse_seconds(value, out) : parse_time(value, LASTFM_TIME, out);
}

static int csv_row(csv_plan *p, const char *const *fields, size_t count, size_t line)
{
    entry_fields f = {field_at(fields, count, p->title), field_at(fields, count, p->artist),
                      field_at(fields, count, p->album), 0, -1, -1};
    if (p->time != NO_COLUMN && field_time(field_at(fields, count, p->time), p->time_in_seconds, &f.played_at) != 0) {
        span t = trimmed(field_at(fields, count, p->time));
        return fail_field(p->r, line, p->time_name, p->time_in_seconds ? "'%.*s' is not a number of seconds since 1970"
                                                                        : "'%.*s' is not a date like '31 Jan 2021 12:34'",
                          (int)t.n, t.s);
    }
    return entry_add(p->r, line, &f);
}

/* The time column of a header: uts (seconds) before utc_time before date. */
static void find_time_column(csv_plan *p, const char *const *fields, size_t count)
{
    static const char *const uts[] = {"uts", NULL}, *const utc_time[] = {"utc_time", NULL}, *const date[] = {"date", NULL};
    p->time_in_seconds = 0;
    if ((p->time = find_column(fields, count, uts)) != NO_COLUMN) p->time_name = "uts", p->time_in_seconds = 1;
    else if ((p->time = find_column(fields, count, utc_time)) != NO_COLUMN) p->time_name = "utc_time";
    else if ((p->time = find_column(fields, count, date)) != NO_COLUMN) p->time_name = "date";
}

/* The first record says what the file is: a header of scrobbles (a time,
 * an artist and a track), a header of a playlist (a title), or with no
 * header the four columns of a scrobble export (artist, album, track,
 * date), which is then the first scrobble. */
static int csv_first_record(csv_plan *p, const char *const *fields, size_t count, size_t line)
{
    int any = p->format == OSTREC_HISTORY_AUTO, lastfm = any || p->format == OSTREC_HISTORY_LASTFM;
    int64_t ignored;
    p->title = find_column(fields, count, title_names);
    p->artist = find_column(fields, count, artist_names);
    p->album = find_column(fields, count, album_names);
    find_time_column(p, fields, count);
    p->decided = 1;
    if (lastfm && p->title != NO_COLUMN && p->artist != NO_COLUMN && p->time != NO_COLUMN) {
        p->format = OSTREC_HISTORY_LASTFM;
        return OSTREC_OK;
    }
    if ((any || p->format == OSTREC_HISTORY_CSV) && p->title != NO_COLUMN) {
        p->format = OSTREC_HISTORY_CSV;
        p->time = NO_COLUMN;
        return OSTREC_OK;
    }
    if (lastfm && count == 4 && (!any || field_time(span_of(fields[3]), 0, &ignored) == 0)) {
        p->format = OSTREC_HISTORY_LASTFM;
        p->artist = 0, p->album = 1, p->title = 2, p->time = 3;
        p->time_in_seconds = 0;
        p->time_name = "date";
        return csv_row(p, fields, count, line);
    }
    if (any) return cannot_tell(p->r);
    if (lastfm)
        return ostrec__fail(p->r->db, OSTREC_EDATA, "%s:%zu: expected a Last.fm export: a header naming the track, "
                            "artist and uts, utc_time or date columns, or four columns artist,album,track,date",
                            p->r->name, line);
    return ostrec__fail(p->r->db, OSTREC_EDATA, "%s:%zu: expected a header naming the title column (title, track, "
                        "track name or name)", p->r->name, line);
}

static int csv_record(void *user, const char *const *fields, size_t count, size_t found, size_t line)
{
    csv_plan *p = user;
    (void)found;
    return p->decided ? csv_row(p, fields, count, line) : csv_first_record(p, fields, count, line);
}

static int read_csv(reader *r, const char *text, size_t len, ostrec_history_format *format)
{
    csv_plan p = {.r = r, .format = *format};
    r->field[0] = "title", r->field[1] = "artist", r->field[2] = "album";
    int rc = csv_read_rows(r->db, r->name, text, len, csv_record, &p);
    if (rc == OSTREC_OK && p.format == OSTREC_HISTORY_AUTO) rc = cannot_tell(r); /* no record at all */
    *format = p.format;
    return rc;
}

/* ---- M3U ------------------------------------------------------------------ */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* A location's file name, without its directory and extension (an
 * extension: up to five letters or digits after the last dot), its %XX
 * escapes decoded when it is a URL, into buf (at least t.n bytes). */
static span file_name(span t, char *buf)
{
    int url = 0;
    for (size_t i = 0; i + 3 <= t.n && !url; i++) url = memcmp(t.s + i, "://", 3) == 0;
    size_t start = t.n, n = 0;
    while (start > 0 && t.s[start - 1] != '/' && t.s[start - 1] != '\\') start--;
    size_t end = t.n;
    for (size_t i = t.n; i > start && t.n - i < 6; i--) {
        char c = t.s[i - 1];
        if (c == '.') {
            if (i - 1 > start && i < t.n) end = i - 1;
            break;
        }
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) break;
    }
    for (size_t i = start; i < end; i++) {
        int hi, lo;
        if (url && t.s[i] == '%' && i + 2 < end && (hi = hex_value(t.s[i + 1])) >= 0 && (lo = hex_value(t.s[i + 2])) >= 0) {
            buf[n++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            buf[n++] = t.s[i];
        }
    }
    span name = {buf, n};
    return name;
}

/* One location line: titled by the #EXTINF before it (at info_line) when
 * there is one, else by its own file name. */
static int m3u_entry(reader *r, span location, size_t line, span info, size_t info_line)
{
    entry_fields f = {.played_at = 0, .ms_played = -1, .skipped = -1};
    if (info.s != NULL && trimmed(info).n > 0) {
        split_artist_title(info, &f.artist, &f.title);
        return entry_add(r, info_line, &f);
    }
    char *buf = malloc(location.n + 1);
    if (buf == NULL) return ostrec__fail(r->db, OSTREC_ENOMEM, "%s: out of memory", r->name);
    split_artist_title(file_name(location, buf), &f.artist, &f.title);
    int rc = entry_add(r, line, &f);
    free(buf);
    return rc;
}

static int read_m3u(reader *r, const char *text, size_t len)
{
    static const char extinf[] = "#EXTINF:";
    span info = {NULL, 0};
    size_t info_line = 0, line = 0;
    r->field[0] = "title", r->field[1] = "artist", r->field[2] = "album";
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        span l = {text + pos, nl != NULL ? (size_t)(nl - (text + pos)) : len - pos};
        pos += l.n + 1;
        line++;
        l = trimmed(l); /* and so a CR before the LF goes */
        if (l.n >= sizeof extinf - 1 && memcmp(l.s, extinf, sizeof extinf - 1) == 0) {
            const char *comma = memchr(l.s, ',', l.n);
            if (comma == NULL)
                return fail_field(r, line, "#EXTINF", "expected '#EXTINF:SECONDS,ARTIST - TITLE', found no comma");
            info.s = comma + 1;
            info.n = l.n - (size_t)(info.s - l.s);
            info_line = line;
        } else if (l.n > 0 && l.s[0] != '#') {
            int rc = m3u_entry(r, l, line, info, info_line);
            if (rc != OSTREC_OK) return rc;
            info.s = NULL;
        }
    }
    return OSTREC_OK;
}

/* ---- XSPF ----------------------------------------------------------------- */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

/* The first child element called `name` (namespaces aside), or NULL. */
static xmlNode *child_element(const xmlNode *parent, const char *name)
{
    for (xmlNode *n = parent->children; n != NULL; n = n->next)
        if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0) return n;
    return NULL;
}

/* The text of the child element `name` of `track` into *text (NULL when
 * there is none); the caller xmlFree()s it. 0 or OSTREC_ENOMEM. */
static int child_text(reader *r, const xmlNode *track, const char *name, xmlChar **text)
{
    xmlNode *n = child_element(track, name);
    *text = n != NULL ? xmlNodeGetContent(n) : NULL;
    if (n != NULL && *text == NULL) return ostrec__fail(r->db, OSTREC_ENOMEM, "%s: out of memory", r->name);
    return OSTREC_OK;
}

static int xspf_track(reader *r, const xmlNode *track)
{
    xmlChar *title = NULL, *creator = NULL, *album = NULL;
    int rc = child_text(r, track, "title", &title);
    if (rc == OSTREC_OK) rc = child_text(r, track, "creator", &creator);
    if (rc == OSTREC_OK) rc = child_text(r, track, "album", &album);
    if (rc == OSTREC_OK) {
        entry_fields f = {span_of((const char *)title), span_of((const char *)creator), span_of((const char *)album),
                          0, -1, -1};
        long line = xmlGetLineNo(track);
        rc = entry_add(r, line > 0 ? (size_t)line : 0, &f);
    }
    xmlFree(title);
    xmlFree(creator);
    xmlFree(album);
    return rc;
}

static int xspf_tracks(reader *r, xmlDoc *doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    /* XSPF has no DTD; refusing one keeps out entities of the file's own. */
    if (doc->intSubset != NULL || doc->extSubset != NULL)
        return ostrec__fail(r->db, OSTREC_EDATA, "%s: expected XSPF, found a DOCTYPE, which XSPF has no use for", r->name);
    if (root == NULL || xmlStrcmp(root->name, BAD_CAST "playlist") != 0)
        return ostrec__fail(r->db, OSTREC_EDATA, "%s:%ld: expected a <playlist> element", r->name,
                            root != NULL ? xmlGetLineNo(root) : 1L);
    xmlNode *list = child_element(root, "trackList");
    if (list == NULL)
        return ostrec__fail(r->db, OSTREC_EDATA, "%s:%ld: expected a <trackList> in the <playlist>", r->name,
                            xmlGetLineNo(root));
    for (xmlNode *n = list->children; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, BAD_CAST "track") != 0) continue;
        int rc = xspf_track(r, n);
        if (rc != OSTREC_OK) return rc;
    }
    return OSTREC_OK;
}

/* Malformed XML is refused with the line and message libxml2 gives. */
static int xml_refusal(reader *r, xmlParserCtxt *ctxt)
{
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    if (e != NULL && e->code == XML_ERR_NO_MEMORY) return ostrec__fail(r->db, OSTREC_ENOMEM, "%s: out of memory", r->name);
    span what = trimmed(span_of(e != NULL && e->message != NULL ? e->message : "cannot be read"));
    return ostrec__fail(r->db, OSTREC_EDATA, "%s:%d: expected well-formed XML: %.*s", r->name, e != NULL ? e->line : 1,
                        (int)what.n, what.s);
}

static int read_xspf(reader *r, const char *text, size_t len)
{
    /* No network, no messages of libxml2's own, and never XML_PARSE_NOENT or
     * a DTD loaded: no entity of anyone's reaches the text. BIG_LINES: line
     * numbers past 65535 stay right. */
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES;
    r->field[0] = "title", r->field[1] = "creator", r->field[2] = "album";
    if (len > INT_MAX) return ostrec__fail(r->db, OSTREC_EDATA, "%s: too large for an XSPF playlist", r->name);
    pthread_once(&xml_once, xml_init);
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) return ostrec__fail(r->db, OSTREC_ENOMEM, "%s: out of memory", r->name);
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, text, (int)len, r->name, "UTF-8", options);
    int rc = doc != NULL ? xspf_tracks(r, doc) : xml_refusal(r, ctxt);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return rc;
}

/* ---- Choosing the reader -------------------------------------------------- */

typedef enum { KIND_UNKNOWN, KIND_JSON, KIND_CSV, KIND_M3U, KIND_XSPF } text_kind;

static text_kind kind_of_format(ostrec_history_format format)
{
    switch (format) {
    case OSTREC_HISTORY_SPOTIFY:
    case OSTREC_HISTORY_SPOTIFY_EXTENDED: return KIND_JSON;
    case OSTREC_HISTORY_LASTFM:
    case OSTREC_HISTORY_CSV: return KIND_CSV;
    case OSTREC_HISTORY_M3U: return KIND_M3U;
    case OSTREC_HISTORY_XSPF: return KIND_XSPF;
    default: return KIND_UNKNOWN;
    }
}

static text_kind kind_from_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot == NULL || strchr(dot, '/') != NULL) return KIND_UNKNOWN;
    if (strcasecmp(dot, ".json") == 0) return KIND_JSON;
    if (strcasecmp(dot, ".csv") == 0) return KIND_CSV;
    if (strcasecmp(dot, ".m3u") == 0 || strcasecmp(dot, ".m3u8") == 0) return KIND_M3U;
    if (strcasecmp(dot, ".xspf") == 0) return KIND_XSPF;
    return KIND_UNKNOWN;
}

static text_kind kind_from_content(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && is_space(text[i])) i++;
    if (i < len && text[i] == '[') return KIND_JSON;
    if (i < len && text[i] == '<') return KIND_XSPF;
    if (len - i >= 7 && memcmp(text + i, "#EXTM3U", 7) == 0) return KIND_M3U;
    return KIND_UNKNOWN;
}

/* Every reader gets valid UTF-8 without NUL bytes. */
static int check_text(reader *r, const char *text, size_t len)
{
    size_t bad = utf8_invalid_at(text, len);
    if (bad != 0)
        return ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: expected UTF-8 text, found a byte that is not (byte %zu)",
                            r->name, line_of(text, text + bad - 1), bad);
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL)
        return ostrec__fail(r->db, OSTREC_EDATA, "%s:%zu: expected text, found a NUL byte", r->name,
                            line_of(text, nul));
    return OSTREC_OK;
}

static int read_kind(reader *r, text_kind kind, const char *text, size_t len, ostrec_history_format *format)
{
    switch (kind) {
    case KIND_JSON: return read_json(r, text, len, format);
    case KIND_CSV: return read_csv(r, text, len, format);
    case KIND_M3U: *format = OSTREC_HISTORY_M3U; return read_m3u(r, text, len);
    case KIND_XSPF: *format = OSTREC_HISTORY_XSPF; return read_xspf(r, text, len);
    default: return cannot_tell(r);
    }
}

int history_parse(ostrec *db, const char *name, const char *text, size_t len, ostrec_history_format format,
                  history_entries *out)
{
    memset(out, 0, sizeof *out);
    ostrec__clear_error(db);
    if (name == NULL || (text == NULL && len > 0))
        return ostrec__fail(db, OSTREC_EINVAL, "history: no file name or no text");
    if (format != OSTREC_HISTORY_AUTO && kind_of_format(format) == KIND_UNKNOWN)
        return ostrec__fail(db, OSTREC_EINVAL, "%s: unknown history format %d", name, (int)format);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, len -= 3;
    reader r = {.db = db, .name = name, .out = out};
    int rc = check_text(&r, text != NULL ? text : "", len);
    if (rc == OSTREC_OK) {
        text_kind kind = format != OSTREC_HISTORY_AUTO ? kind_of_format(format) : kind_from_name(name);
        if (kind == KIND_UNKNOWN) kind = kind_from_content(text, len);
        rc = read_kind(&r, kind, text != NULL ? text : "", len, &format);
    }
    if (rc != OSTREC_OK) {
        history_entries_free(out);
        return rc;
    }
    out->format = format;
    return OSTREC_OK;
}

int history_read(ostrec *db, const char *path, ostrec_history_format format, history_entries *out)
{
    char *text = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    ostrec__clear_error(db);
    if (path == NULL) return ostrec__fail(db, OSTREC_EINVAL, "history: no file to read");
    int rc = file_read_all(db, path, &text, &len);
    if (rc != OSTREC_OK) return rc;
    rc = history_parse(db, path, text, len, format, out);
    free(text);
    return rc;
}

void history_entries_free(history_entries *entries)
{
    if (entries == NULL) return;
    for (size_t i = 0; i < entries->count; i++) entry_free(&entries->items[i]);
    free(entries->items);
    memset(entries, 0, sizeof *entries);
}

static const char *const format_names[] = {"auto", "spotify", "spotify-extended", "lastfm", "m3u", "xspf", "csv"};
#define FORMAT_COUNT (sizeof format_names / sizeof format_names[0])

const char *history_format_name(ostrec_history_format format)
{
    return (size_t)format < FORMAT_COUNT ? format_names[format] : "unknown";
}

int history_format_from_name(const char *name, ostrec_history_format *out)
{
    for (size_t i = 0; name != NULL && i < FORMAT_COUNT; i++) {
        if (strcmp(name, format_names[i]) == 0) {
            *out = (ostrec_history_format)i;
            return OSTREC_OK;
        }
    }
    return OSTREC_EINVAL;
}
