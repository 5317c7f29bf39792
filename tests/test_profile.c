/* test_profile.c: profiles: histories matched to songs with the counts
 * worked out by hand from the fixtures (tests/fixtures/profile/README.md),
 * a second import and a broken file changing nothing, the taste's weights
 * against a worked example, "for me" never returning a disliked song nor,
 * with new_only, a heard one, the export round trip, and forget leaving no
 * byte of the profile in the database files. */
#include "helpers.h"

#include <math.h>
#include <sqlite3.h>
#include <sys/stat.h>

#define DIR "fixtures/profile/"
/* 2024-01-08 00:00 UTC: date -u -d 2024-01-08 +%s */
#define NOW 1704672000
/* So long that no play of the fixtures fades: 2^(-3 days / 1e12 days) is 1 to 1e-12. */
#define NO_FADE 1e12

static ostrec *open_at(const char *path)
{
    ostrec *db = NULL;
    if (ostrec_open(&db, path, NULL) != OSTREC_OK) fail_msg("open: %s", ostrec_errmsg(db));
    if (ostrec_import(db, DIR "catalog.csv", OSTREC_FORMAT_AUTO, NULL) != OSTREC_OK ||
        ostrec_import_artists(db, DIR "artists.csv", OSTREC_FORMAT_AUTO, NULL) != OSTREC_OK)
        fail_msg("import: %s", ostrec_errmsg(db));
    return db;
}

static ostrec_history_result import_ok(ostrec *db, const char *profile, const char *file)
{
    ostrec_history_result r;
    if (ostrec_history_import(db, profile, file, OSTREC_HISTORY_AUTO, &r, NULL, NULL) != OSTREC_OK)
        fail_msg("history import %s: %s", file, ostrec_errmsg(db));
    return r;
}

static char *profile_string(ostrec *db, const char *profile)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    int rc = ostrec_profile_export(db, profile, f);
    fclose(f);
    if (rc != OSTREC_OK) fail_msg("export: %s", ostrec_errmsg(db));
    return buf;
}

/* The songs the profile has heard, as "7,13,...". */
static void heard_ids(ostrec *db, const char *profile, char *out, size_t size)
{
    ostrec_taste *t = NULL;
    if (ostrec_taste_get(db, profile, NO_FADE, NOW, &t) != OSTREC_OK) fail_msg("%s", ostrec_errmsg(db));
    out[0] = '\0';
    for (size_t i = 0; i < t->heard_count; i++)
        snprintf(out + strlen(out), size - strlen(out), "%s%lld", i ? "," : "", (long long)t->heard[i]);
    ostrec_taste_free(t);
}

static void spotify_history_matched(void **state)
{
    (void)state;
    ostrec *db = open_at(":memory:");
    ostrec_history_result r = import_ok(db, NULL, DIR "StreamingHistory_music_0.json");
    assert_int_equal(r.format, OSTREC_HISTORY_SPOTIFY);
    assert_int_equal(r.entries, 11);
    assert_int_equal(r.matched, 9);
    assert_int_equal(r.ambiguous, 0);
    assert_int_equal(r.unmatched, 2);
    assert_int_equal(r.added, 8);
    char ids[256];
    heard_ids(db, NULL, ids, sizeof ids);
    assert_string_equal(ids, "7,13,19,36,45,48,50");
    ostrec_close(db);
}

static void lastfm_scrobbles_matched(void **state)
{
    (void)state;
    ostrec *db = open_at(":memory:");
    ostrec_history_result r = import_ok(db, "fan", DIR "scrobbles.csv");
    assert_int_equal(r.format, OSTREC_HISTORY_LASTFM);
    assert_int_equal(r.entries, 7);
    assert_int_equal(r.matched, 5);
    assert_int_equal(r.unmatched, 2);
    assert_int_equal(r.added, 5);
    char ids[256];
    heard_ids(db, "fan", ids, sizeof ids);
    assert_string_equal(ids, "37,43,49,51,96");
    ostrec_close(db);
}

typedef struct {
    int calls, ambiguous;
    char title[64];
} misses;

static void note_miss(void *user, const char *where, const char *title, const char *artist, int ambiguous)
{
    misses *m = user;
    (void)where;
    (void)artist;
    m->calls++;
    m->ambiguous += ambiguous;
    snprintf(m->title, sizeof m->title, "%s", title);
}

static void playlist_ambiguous_entry(void **state)
{
    (void)state;
    ostrec *db = open_at(":memory:");
    ostrec_history_result r;
    misses m = {0, 0, ""};
    assert_int_equal(ostrec_history_import(db, NULL, DIR "evening.m3u", OSTREC_HISTORY_AUTO, &r, note_miss, &m),
                     OSTREC_OK);
    assert_int_equal(r.entries, 3);
    assert_int_equal(r.matched, 2);
    assert_int_equal(r.ambiguous, 1);
    assert_int_equal(r.unmatched, 0);
    assert_int_equal(m.calls, 1);
    assert_int_equal(m.ambiguous, 1);
    assert_string_equal(m.title, "Love, Maybe");
    char ids[256];
    heard_ids(db, NULL, ids, sizeof ids);
    assert_string_equal(ids, "13,45");
    ostrec_close(db);
}

static void second_import_changes_nothing(void **state)
{
    (void)state;
    ostrec *db = open_at(":memory:");
    import_ok(db, NULL, DIR "StreamingHistory_music_0.json");
    import_ok(db, NULL, DIR "evening.m3u");
    char *before = profile_string(db, NULL);
    ostrec_history_result r = import_ok(db, NULL, DIR "StreamingHistory_music_0.json");
    assert_int_equal(r.matched, 9);
    assert_int_equal(r.added, 0);
    assert_int_equal(import_ok(db, NULL, DIR "evening.m3u").added, 0);
    char *after = profile_string(db, NULL);
    assert_string_equal(before, after);
    free(before);
    free(after);
    ostrec_close(db);
}

static void broken_file_changes_nothing(void **state)
{
    (void)state;
    ostrec *db = open_at(":memory:");
    import_ok(db, NULL, DIR "scrobbles.csv");
    char *before = profile_string(db, NULL);
    ostrec_history_result r;
    assert_int_equal(ostrec_history_import(db, NULL, DIR "StreamingHistory_broken.json", OSTREC_HISTORY_AUTO, &r,
                                           NULL, NULL),
                     OSTREC_EDATA);
    const char *msg = ostrec_errmsg(db);
    if (strstr(msg, "StreamingHistory_broken.json") == NULL || strstr(msg, "[3]") == NULL ||
        strstr(msg, "msPlayed") == NULL)
        fail_msg("message '%s' does not name the file, [3] and msPlayed", msg);
    assert_int_equal(r.added, 0);
    char *after = profile_string(db, NULL);
    assert_string_equal(before, after);
    /* A new profile is not made by a refused file either. */
    assert_int_equal(ostrec_history_import(db, "new", DIR "StreamingHistory_broken.json", OSTREC_HISTORY_AUTO, NULL,
                                           NULL, NULL),
                     OSTREC_EDATA);
    FILE *sink = fopen("/dev/null", "w");
    assert_int_equal(ostrec_profile_export(db, "new", sink), OSTREC_ENOTFOUND);
    fclose(sink);
    free(before);
    free(after);
    ostrec_close(db);
}

/* The worked example of the taste's weights (ostrec.h, ostrec_taste):
 *   song 45: a full play now (1) and a 90 s play 90 days ago with a
 *            half-life of 90 days (90/180 * 1/2 = 0.25): 1.25;
 *   song 7:  liked: 3;
 *   song 13: a playlist entry, no time, no length: 1;
 *   song 19: one skipped play: -0.5, a negative of weight 0.5;
 *   song 50: played fully (1) but disliked: a negative of weight 3, first;
 *   song 999: not in the catalog: missing.
 * Seeds by weight: 7 (3), 45 (1.25), 13 (1). */
static void taste_weights_worked_example(void **state)
{
    (void)state;
    ostrec *db = open_at(":memory:");
    char text[1024];
    snprintf(text, sizeof text,
             "{\"profile\": \"w\", \"likes\": [{\"id\": 7, \"at\": 1}], \"dislikes\": [{\"id\": 50, \"at\": 1}],"
             " \"plays\": [{\"id\": 45, \"played_at\": %d, \"origin\": \"\", \"ms_played\": 180000, \"skipped\": false},"
             " {\"id\": 45, \"played_at\": %d, \"origin\": \"\", \"ms_played\": 90000, \"skipped\": false},"
             " {\"id\": 13, \"played_at\": 0, \"origin\": \"list.m3u\", \"ms_played\": null, \"skipped\": null},"
             " {\"id\": 19, \"played_at\": %d, \"origin\": \"\", \"ms_played\": 20000, \"skipped\": true},"
             " {\"id\": 50, \"played_at\": %d, \"origin\": \"\", \"ms_played\": 200000, \"skipped\": false},"
             " {\"id\": 999, \"played_at\": %d, \"origin\": \"\", \"ms_played\": 200000, \"skipped\": false}]}",
             NOW, NOW - 90 * 86400, NOW, NOW, NOW);
    char *path = temp_text(".json", text);
    assert_int_equal(ostrec_profile_import(db, NULL, path), OSTREC_OK);
    ostrec_taste *t = NULL;
    assert_int_equal(ostrec_taste_get(db, "w", 90, NOW, &t), OSTREC_OK);
    assert_int_equal(t->seed_count, 3);
    assert_int_equal(t->seeds[0], 7);
    assert_int_equal(t->seeds[1], 45);
    assert_int_equal(t->seeds[2], 13);
    assert_true(fabs(t->seed_weights[0] - 3.0) < 1e-12);
    assert_true(fabs(t->seed_weights[1] - 1.25) < 1e-12);
    assert_true(fabs(t->seed_weights[2] - 1.0) < 1e-12);
    assert_int_equal(t->negative_count, 2);
    assert_int_equal(t->disliked_count, 1);
    assert_int_equal(t->negatives[0], 50);
    assert_true(fabs(t->negative_weights[0] - 3.0) < 1e-12);
    assert_int_equal(t->negatives[1], 19);
    assert_true(fabs(t->negative_weights[1] - 0.5) < 1e-12);
    assert_int_equal(t->heard_count, 5);
    assert_int_equal(t->missing, 1);
    ostrec_taste_free(t);
    temp_remove(path);
    ostrec_close(db);
}

static void open_index(ostrec *db, ostrec_model **model, ostrec_index **index)
{
    if (ostrec_model_load(db, NULL, model) != OSTREC_OK || ostrec_index_build(db, *model, index) != OSTREC_OK)
        fail_msg("index: %s", ostrec_errmsg(db));
}

static int has_id(const ostrec_results *res, int64_t id)
{
    for (size_t i = 0; i < res->count; i++)
        if (res->items[i].id == id) return 1;
    return 0;
}

/* Every song ranked (k = the catalog), so a disliked song would show. */
static ostrec_results *for_me_all(ostrec *db, const ostrec_index *index, const ostrec_taste *t, int new_only)
{
    ostrec_query q;
    ostrec_results *res = NULL;
    ostrec_taste_query(t, new_only, &q);
    q.k = ostrec_index_songs(index);
    if (ostrec_similar(db, index, &q, &res) != OSTREC_OK) fail_msg("for me: %s", ostrec_errmsg(db));
    return res;
}

static void for_me_never_disliked(void **state)
{
    (void)state;
    ostrec *db = open_at(":memory:");
    ostrec_model *model = NULL;
    ostrec_index *index = NULL;
    ostrec_taste *t = NULL;
    import_ok(db, NULL, DIR "StreamingHistory_music_0.json");
    open_index(db, &model, &index);
    /* The song "for me" ranks first among the new: disliking it must take it out. */
    assert_int_equal(ostrec_taste_get(db, NULL, NO_FADE, NOW, &t), OSTREC_OK);
    ostrec_results *res = for_me_all(db, index, t, 1);
    assert_true(res->count > 0);
    int64_t top = res->items[0].id, heard_top;
    ostrec_results_free(res);
    ostrec_taste_free(t);
    /* And a heard one: the first heard song of the list with heard songs in it. */
    assert_int_equal(ostrec_taste_get(db, NULL, NO_FADE, NOW, &t), OSTREC_OK);
    res = for_me_all(db, index, t, 0);
    heard_top = 0;
    for (size_t i = 0; heard_top == 0 && i < res->count; i++)
        for (size_t j = 0; j < t->heard_count; j++)
            if (res->items[i].id == t->heard[j]) heard_top = res->items[i].id;
    assert_true(heard_top != 0 && heard_top != top);
    ostrec_results_free(res);
    ostrec_taste_free(t);
    assert_int_equal(ostrec_profile_rate(db, NULL, top, -1), OSTREC_OK);
    assert_int_equal(ostrec_profile_rate(db, NULL, heard_top, -1), OSTREC_OK);
    for (int new_only = 0; new_only <= 1; new_only++) {
        assert_int_equal(ostrec_taste_get(db, NULL, NO_FADE, NOW, &t), OSTREC_OK);
        res = for_me_all(db, index, t, new_only);
        assert_false(has_id(res, top));
        assert_false(has_id(res, heard_top));
        /* Every other song is ranked: 28 songs less the two disliked, less the
         * six other heard songs with new_only (7 heard before, heard_top one of them). */
        assert_int_equal(res->count, new_only ? 28 - 2 - 6 : 28 - 2);
        ostrec_results_free(res);
        ostrec_taste_free(t);
    }
    ostrec_index_free(index);
    ostrec_model_free(model);
    ostrec_close(db);
}

static void for_me_new_only(void **state)
{
    (void)state;
    ostrec *db = open_at(":memory:");
    ostrec_model *model = NULL;
    ostrec_index *index = NULL;
    ostrec_taste *t = NULL;
    import_ok(db, NULL, DIR "scrobbles.csv");
    assert_int_equal(ostrec_profile_rate(db, NULL, 45, 1), OSTREC_OK);
    char *path = temp_text(".json", "{\"profile\": \"me\", \"plays\": [{\"id\": 95, \"played_at\": 1704067200,"
                                    " \"origin\": \"\", \"ms_played\": 0, \"skipped\": false}]}");
    assert_int_equal(ostrec_profile_import(db, NULL, path), OSTREC_OK);
    temp_remove(path);
    open_index(db, &model, &index);
    assert_int_equal(ostrec_taste_get(db, NULL, NO_FADE, NOW, &t), OSTREC_OK);
    ostrec_results *all = for_me_all(db, index, t, 0), *fresh = for_me_all(db, index, t, 1);
    size_t heard_in_all = 0;
    for (size_t i = 0; i < t->heard_count; i++) {
        assert_false(has_id(fresh, t->heard[i]));
        heard_in_all += has_id(all, t->heard[i]);
    }
    /* Without new_only the heard songs (37, 43, 45, 49, 51, 96, and 95, played
     * for no time: weight 0, neither seed nor negative) are ranked too. */
    assert_int_equal(t->heard_count, 7);
    assert_int_equal(heard_in_all, 7);
    assert_int_equal(fresh->count, 28 - 7);
    ostrec_results_free(all);
    ostrec_results_free(fresh);
    ostrec_taste_free(t);
    ostrec_index_free(index);
    ostrec_model_free(model);
    ostrec_close(db);
}

/* Weights 3 and 1 are the seeds 7, 7, 7, 45 in equal shares. */
static void weighted_seeds_are_repeated_seeds(void **state)
{
    (void)state;
    ostrec *db = open_at(":memory:");
    ostrec_model *model = NULL;
    ostrec_index *index = NULL;
    open_index(db, &model, &index);
    int64_t two[] = {7, 45}, four[] = {7, 7, 7, 45};
    double weights[] = {3, 1};
    ostrec_query a = OSTREC_QUERY_INIT, b = OSTREC_QUERY_INIT;
    a.seeds = two;
    a.seed_count = 2;
    a.seed_weights = weights;
    a.k = b.k = 20;
    b.seeds = four;
    b.seed_count = 4;
    ostrec_results *ra = NULL, *rb = NULL;
    assert_int_equal(ostrec_similar(db, index, &a, &ra), OSTREC_OK);
    assert_int_equal(ostrec_similar(db, index, &b, &rb), OSTREC_OK);
    assert_int_equal(ra->count, rb->count);
    for (size_t i = 0; i < ra->count; i++) {
        assert_int_equal(ra->items[i].id, rb->items[i].id);
        assert_true(fabs(ra->items[i].score - rb->items[i].score) < 1e-9);
    }
    weights[1] = 0;
    ostrec_results *bad = NULL;
    assert_int_equal(ostrec_similar(db, index, &a, &bad), OSTREC_EINVAL);
    ostrec_results_free(ra);
    ostrec_results_free(rb);
    ostrec_index_free(index);
    ostrec_model_free(model);
    ostrec_close(db);
}

static void export_import_round_trip(void **state)
{
    (void)state;
    ostrec *db = open_at(":memory:");
    import_ok(db, "fan", DIR "StreamingHistory_music_0.json");
    import_ok(db, "fan", DIR "evening.m3u");
    assert_int_equal(ostrec_profile_rate(db, "fan", 37, 1), OSTREC_OK);
    assert_int_equal(ostrec_profile_rate(db, "fan", 95, -1), OSTREC_OK);
    char *first = profile_string(db, "fan");
    char *path = temp_text(".json", first);
    ostrec *other = open_at(":memory:");
    assert_int_equal(ostrec_profile_import(other, NULL, path), OSTREC_OK);
    char *second = profile_string(other, "fan");
    assert_string_equal(first, second);
    /* Importing it again adds nothing. */
    assert_int_equal(ostrec_profile_import(other, NULL, path), OSTREC_OK);
    char *third = profile_string(other, "fan");
    assert_string_equal(first, third);
    free(first);
    free(second);
    free(third);
    temp_remove(path);
    ostrec_close(other);
    ostrec_close(db);
}

static void rate_checks(void **state)
{
    (void)state;
    ostrec *db = open_at(":memory:");
    assert_int_equal(ostrec_profile_rate(db, NULL, 123456, 1), OSTREC_ENOTFOUND);
    assert_int_equal(ostrec_profile_rate(db, "", 7, 1), OSTREC_EINVAL);
    assert_int_equal(ostrec_profile_rate(db, NULL, 7, 2), OSTREC_EINVAL);
    assert_int_equal(ostrec_profile_rate(db, NULL, 7, 1), OSTREC_OK);
    assert_int_equal(ostrec_profile_rate(db, NULL, 7, -1), OSTREC_OK);
    ostrec_profile_summary s;
    assert_int_equal(ostrec_profile_summary_get(db, NULL, 90, NOW, 0, &s), OSTREC_OK);
    assert_int_equal(s.likes, 0);
    assert_int_equal(s.dislikes, 1);
    assert_int_equal(ostrec_profile_rate(db, NULL, 7, 0), OSTREC_OK);
    assert_int_equal(ostrec_profile_summary_get(db, NULL, 90, NOW, 0, &s), OSTREC_OK);
    assert_int_equal(s.dislikes, 0);
    ostrec_close(db);
}

/* From the Spotify fixture, by hand: the stored plays weigh 7: 1 + 1,
 * 45: 1, 50: 1, 13: 1, 48: 1, 36: 1 (each 180 s or more), 19: 5/180.
 * Goblin (7, 45, 48) holds 4 of 7 + 1/36. The timed plays by hour (UTC):
 * evening 22:10 (7), 22:14 (45), 23:50 (48), 21:00 (7): longing three times;
 * morning 08:02 (50), 08:05 (19): tender; afternoon 12:30 (13); night 00:10
 * (36). Nine hours later (Korea) the morning holds 7, 45, 48, 36 and 7
 * (longing, romantic, longing, fluttering, longing). */
static void summary_worked_example(void **state)
{
    (void)state;
    ostrec *db = open_at(":memory:");
    import_ok(db, NULL, DIR "StreamingHistory_music_0.json");
    ostrec_profile_summary s;
    assert_int_equal(ostrec_profile_summary_get(db, NULL, NO_FADE, NOW, 0, &s), OSTREC_OK);
    assert_int_equal(s.plays, 8);
    assert_int_equal(s.songs, 7);
    assert_string_equal(s.top[OSTREC_TOP_SOUNDTRACKS][0].name, "Guardian: The Lonely and Great God (Goblin)");
    assert_true(fabs(s.top[OSTREC_TOP_SOUNDTRACKS][0].share - 4.0 / (7.0 + 1.0 / 36)) < 1e-9);
    assert_int_equal(s.day_plays[OSTREC_EVENING], 4);
    assert_int_equal(s.day_plays[OSTREC_MORNING], 2);
    assert_int_equal(s.day_plays[OSTREC_AFTERNOON], 1);
    assert_int_equal(s.day_plays[OSTREC_NIGHT], 1);
    assert_string_equal(s.day_mood[OSTREC_EVENING], "longing");
    assert_string_equal(s.day_mood[OSTREC_MORNING], "tender");
    assert_int_equal(ostrec_profile_summary_get(db, NULL, NO_FADE, NOW, 540, &s), OSTREC_OK);
    assert_int_equal(s.day_plays[OSTREC_MORNING], 5);
    assert_string_equal(s.day_mood[OSTREC_MORNING], "longing");
    char *json = ostrec_profile_summary_to_json(&s, NULL);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"longing\""));
    free(json);
    ostrec_close(db);
}

/* Whether `needle` is anywhere in the file's bytes (0 when there is no file). */
static int file_has(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return 0;
    size_t n = strlen(needle), cap = 1 << 20, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (size_t got; (got = fread(buf + len, 1, cap - len, f)) > 0;) {
        len += got;
        if (len == cap) {
            buf = realloc(buf, cap *= 2);
            assert_non_null(buf);
        }
    }
    fclose(f);
    int found = 0;
    for (size_t i = 0; !found && i + n <= len; i++) found = memcmp(buf + i, needle, n) == 0;
    free(buf);
    return found;
}

static void forget_leaves_no_trace(void **state)
{
    (void)state;
    char dir[] = "/tmp/ostrec-forget-XXXXXX", path[128], wal[140];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", path);
    const char *name = "forget-me-Qx7Zk";
    ostrec *db = open_at(path);
    import_ok(db, name, DIR "StreamingHistory_music_0.json");
    assert_int_equal(ostrec_profile_rate(db, name, 37, 1), OSTREC_OK);
    /* 3,000 scrobbles of one song a minute apart: pages the forgetting frees. */
    size_t cap = 3000 * 64, len = 0;
    char *many = malloc(cap);
    assert_non_null(many);
    for (int i = 0; i < 3000; i++)
        len += (size_t)snprintf(many + len, cap - len, "Davichi,,This Love,%02d Jan 2024 %02d:%02d\n", 1 + i / 1440,
                                i / 60 % 24, i % 60);
    char *scrobbles = temp_file(".csv", many, len);
    free(many);
    assert_int_equal(import_ok(db, name, scrobbles).added, 3000);
    temp_remove(scrobbles);
    ostrec_close(db);
    /* The name is in the files now, so looking for it can fail. */
    assert_true(file_has(path, name) || file_has(wal, name));
    assert_int_equal(ostrec_open(&db, path, NULL), OSTREC_OK);
    assert_int_equal(ostrec_profile_forget(db, name), OSTREC_OK);
    assert_int_equal(ostrec_profile_forget(db, name), OSTREC_ENOTFOUND);
    assert_false(file_has(path, name));
    assert_false(file_has(wal, name));
    ostrec_close(db);
    assert_false(file_has(path, name));
    /* VACUUM left no free page (the 3,000 scrobbles filled many). */
    sqlite3 *raw = NULL;
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(raw, "PRAGMA freelist_count", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(stmt, 0), 0);
    sqlite3_finalize(stmt);
    sqlite3_close(raw);
    assert_false(file_has(wal, name));
    /* The catalog is still there. */
    assert_int_equal(ostrec_open(&db, path, NULL), OSTREC_OK);
    size_t songs = 0;
    assert_int_equal(ostrec_song_count(db, &songs), OSTREC_OK);
    assert_int_equal(songs, 28);
    ostrec_close(db);
    char shm[140];
    snprintf(shm, sizeof shm, "%s-shm", path);
    unlink(path);
    unlink(wal);
    unlink(shm);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spotify_history_matched),
        cmocka_unit_test(lastfm_scrobbles_matched),
        cmocka_unit_test(playlist_ambiguous_entry),
        cmocka_unit_test(second_import_changes_nothing),
        cmocka_unit_test(broken_file_changes_nothing),
        cmocka_unit_test(taste_weights_worked_example),
        cmocka_unit_test(for_me_never_disliked),
        cmocka_unit_test(for_me_new_only),
        cmocka_unit_test(weighted_seeds_are_repeated_seeds),
        cmocka_unit_test(export_import_round_trip),
        cmocka_unit_test(rate_checks),
        cmocka_unit_test(summary_worked_example),
        cmocka_unit_test(forget_leaves_no_trace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
