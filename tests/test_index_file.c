/* test_index_file.c: the index kept beside its catalog (ostrec_index_open):
 * a kept file is mapped and answers as a fresh build does; a file built from
 * another state of the catalog (an import, plain SQL from another
 * connection), another model or another vocabulary is never used; a
 * truncated, damaged or foreign file is refused, the index built afresh and
 * the file written again whole; damage in the sections the open does not
 * check, or in the credits within what their checks allow, gives answers,
 * never a crash or a hang; and where no file can be
 * kept (its path a directory, a catalog in memory) the index is built all
 * the same.
 *
 * Every test works on its own copy of the shipped catalog (imported once,
 * into a template database, each song credited to the people its artist
 * text names: "Chanyeol, Punch" is two) in a temporary directory of its
 * own, and compares with ostrec_index_build on the same handle: same songs
 * and people, same similar results and playlists (ids, scores to the bit,
 * texts). Damage is written at the offsets the file's header gives for each
 * section. */
#include "helpers.h"

#include "internal.h"

#include "credit_helpers.h"

#include <dirent.h>
#include <sqlite3.h>
#include <sys/stat.h>

#define CATALOG_CSV "../data/catalog.csv"
#define TEMPLATE_DIR "/tmp/ostrec-ixtpl-XXXXXX"

/* The group's template: a catalog database with the shipped catalog in it,
 * its songs credited (the import credits each to its artist text; credit_split_artists splits the comma-joined ones). */
static char template_dir[sizeof TEMPLATE_DIR], template_db[sizeof TEMPLATE_DIR + 16];

/* A test's catalog: its own directory, a copy of the template as cat.db, an
 * open handle and the default model. */
typedef struct {
    char dir[64], db_path[96], index_path[112];
    ostrec *db;
    ostrec_model *model;
} kept;

/* ---- files ---------------------------------------------------------------- */

/* The bytes of a file, into *size; the buffer has room for 64 more. */
static unsigned char *read_bytes(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) fail_msg("cannot read %s", path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    assert_int_equal(fseek(f, 0, SEEK_SET), 0);
    unsigned char *buf = malloc((size_t)n + 64);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

static void write_bytes(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) fail_msg("cannot write %s", path);
    assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

/* How many entries of `dir` start with `prefix`. */
static size_t entries_starting(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

/* Remove `dir` and what is in it: files, and empty directories. Returns 0,
 * or -1 when something stayed. */
static int remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) return -1;
    char path[512];
    int rc = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) != 0 && rmdir(path) != 0) rc = -1;
    }
    closedir(d);
    return rmdir(dir) == 0 ? rc : -1;
}

/* ---- the catalogs ----------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    memcpy(template_dir, TEMPLATE_DIR, sizeof TEMPLATE_DIR);
    if (mkdtemp(template_dir) == NULL) return -1;
    snprintf(template_db, sizeof template_db, "%s/cat.db", template_dir);
    ostrec *db = NULL;
    int rc = ostrec_open(&db, template_db, NULL);
    if (rc == OSTREC_OK) rc = ostrec_import(db, CATALOG_CSV, OSTREC_FORMAT_AUTO, NULL);
    if (rc != OSTREC_OK) fprintf(stderr, "template catalog: %s\n", ostrec_errmsg(db));
    if (rc == OSTREC_OK) {
        credit_split_artists(db);
    }
    ostrec_close(db); /* the last connection: its WAL is folded into cat.db */
    return rc == OSTREC_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    return remove_dir(template_dir);
}

/* Each test's fixture: its catalog in *state, removed by kept_teardown
 * whether the test passed or not. */
static int kept_setup(void **state)
{
    kept *k = calloc(1, sizeof *k);
    if (k == NULL) return -1;
    *state = k;
    snprintf(k->dir, sizeof k->dir, "/tmp/ostrec-index-XXXXXX");
    assert_non_null(mkdtemp(k->dir));
    snprintf(k->db_path, sizeof k->db_path, "%s/cat.db", k->dir);
    snprintf(k->index_path, sizeof k->index_path, "%s.index", k->db_path);
    size_t size;
    unsigned char *bytes = read_bytes(template_db, &size);
    write_bytes(k->db_path, bytes, size);
    free(bytes);
    if (ostrec_open(&k->db, k->db_path, NULL) != OSTREC_OK) fail_msg("open: %s", ostrec_errmsg(k->db));
    if (ostrec_model_load(k->db, NULL, &k->model) != OSTREC_OK) fail_msg("model: %s", ostrec_errmsg(k->db));
    return 0;
}

static int kept_teardown(void **state)
{
    kept *k = *state;
    alarm(0); /* a test that failed may have left its alarm set */
    ostrec_model_free(k->model);
    ostrec_close(k->db);
    int rc = remove_dir(k->dir);
    free(k);
    return rc;
}

static ostrec_index *open_index(ostrec *db, const ostrec_model *model)
{
    ostrec_index *index = NULL;
    int rc = ostrec_index_open(db, model, &index);
    if (rc != OSTREC_OK) fail_msg("index open: %s", ostrec_errmsg(db));
    assert_non_null(index);
    return index;
}

static ostrec_index *fresh_index(ostrec *db, const ostrec_model *model)
{
    ostrec_index *index = NULL;
    if (ostrec_index_build(db, model, &index) != OSTREC_OK) fail_msg("index build: %s", ostrec_errmsg(db));
    return index;
}

/* Open the index and expect it mapped from the kept file (1) or built (0). */
static ostrec_index *open_expect(ostrec *db, const ostrec_model *model, int mapped, const char *what)
{
    ostrec_index *index = open_index(db, model);
    if ((index->map != NULL) != mapped)
        fail_msg("%s: the index was %s, expected %s", what, index->map ? "mapped from the kept file" : "built",
                 mapped ? "mapped" : "built afresh");
    return index;
}

/* ---- same answers ------------------------------------------------------------ */

static void same_result(const ostrec_result *a, const ostrec_result *b, const char *what, size_t i)
{
    int same = a->rank == b->rank && a->id == b->id && a->score == b->score && a->year == b->year &&
               a->instrumental == b->instrumental && a->valence == b->valence && a->arousal == b->arousal &&
               strcmp(a->title, b->title) == 0 && strcmp(a->artist, b->artist) == 0 &&
               strcmp(a->drama, b->drama) == 0;
    for (int g = 0; g < OSTREC_GROUPS; g++) same = same && a->terms[g] == b->terms[g];
    if (!same)
        fail_msg("%s: item %zu: id %lld '%s' (%d) score %.17g; the fresh build has id %lld '%s' (%d) score %.17g",
                 what, i + 1, (long long)a->id, a->title, a->year, a->score, (long long)b->id, b->title, b->year,
                 b->score);
}

static void same_similar(ostrec *db, const ostrec_index *got, const ostrec_index *want, const ostrec_query *q,
                         const char *what)
{
    ostrec_results *a = NULL, *b = NULL;
    if (ostrec_similar(db, got, q, &a) != OSTREC_OK) fail_msg("%s: similar: %s", what, ostrec_errmsg(db));
    if (ostrec_similar(db, want, q, &b) != OSTREC_OK) fail_msg("%s: similar (fresh): %s", what, ostrec_errmsg(db));
    if (a->count != b->count) fail_msg("%s: %zu results, the fresh build %zu", what, a->count, b->count);
    for (size_t i = 0; i < a->count; i++) same_result(&a->items[i], &b->items[i], what, i);
    ostrec_results_free(a);
    ostrec_results_free(b);
}

static void same_playlist(ostrec *db, const ostrec_index *got, const ostrec_index *want,
                          const ostrec_playlist_query *q, const char *what)
{
    ostrec_playlist *a = NULL, *b = NULL;
    if (ostrec_playlist_make(db, got, q, &a) != OSTREC_OK) fail_msg("%s: playlist: %s", what, ostrec_errmsg(db));
    if (ostrec_playlist_make(db, want, q, &b) != OSTREC_OK) fail_msg("%s: playlist (fresh): %s", what, ostrec_errmsg(db));
    if (a->count != b->count || a->candidates != b->candidates)
        fail_msg("%s: %zu songs of %zu candidates, the fresh build %zu of %zu", what, a->count, a->candidates,
                 b->count, b->candidates);
    for (size_t i = 0; i < a->count; i++) {
        same_result(&a->items[i].song, &b->items[i].song, what, i);
        if (a->items[i].target_valence != b->items[i].target_valence ||
            a->items[i].target_arousal != b->items[i].target_arousal)
            fail_msg("%s: item %zu aims elsewhere than the fresh build's", what, i + 1);
    }
    ostrec_playlist_free(a);
    ostrec_playlist_free(b);
}

static ostrec_target moods(ostrec *db, const char *words)
{
    ostrec_target t;
    if (ostrec_target_moods(db, words, &t) != OSTREC_OK) fail_msg("moods '%s': %s", words, ostrec_errmsg(db));
    return t;
}

/* The first row crediting two people or more, or -1. */
static long first_shared_row(const ostrec_index *index)
{
    const uint32_t *keys;
    for (size_t r = 0; r < index->count; r++)
        if (index_credits(index, r, &keys) >= 2) return (long)r;
    return -1;
}

/* `got` credits the people `want` does, song by song (their keys are given
 * in the same order by both), and lists the same songs under each. */
static void same_credits(const ostrec_index *got, const ostrec_index *want, const char *what)
{
    if (got->credits != want->credits || got->artists != want->artists)
        fail_msg("%s: %zu credits of %zu people, the fresh build %zu of %zu", what, got->credits, got->artists,
                 want->credits, want->artists);
    for (size_t r = 0; r < want->count; r++) {
        const uint32_t *a, *b;
        size_t n = index_credits(got, r, &a);
        if (n != index_credits(want, r, &b) || memcmp(a, b, n * sizeof *a) != 0)
            fail_msg("%s: row %zu credits other people than in the fresh build", what, r);
    }
    if (memcmp(got->artist_start, want->artist_start, (want->artists + 1) * sizeof *got->artist_start) != 0 ||
        memcmp(got->artist_rows, want->artist_rows, want->credits * sizeof *got->artist_rows) != 0)
        fail_msg("%s: the people's songs differ from the fresh build's", what);
}

/* `got` answers as `want` (a fresh build on the same handle): the same songs
 * by row and the same people, similar from seeds spread over the catalog
 * (one with filters, caps, diversity and a negative; one from a song of two
 * people or more, their songs excluded and the others capped), a mood
 * playlist, an arc and a path. */
static void same_answers(ostrec *db, const ostrec_index *got, const ostrec_index *want, const char *what)
{
    size_t n = ostrec_index_songs(want);
    if (ostrec_index_songs(got) != n) fail_msg("%s: %zu songs, the fresh build %zu", what, ostrec_index_songs(got), n);
    assert_int_equal(ostrec_index_dimension(got), ostrec_index_dimension(want));
    assert_true(n >= 2);
    for (size_t r = 0; r < n; r++)
        if (got->id[r] != want->id[r])
            fail_msg("%s: row %zu is id %lld, in the fresh build %lld", what, r, (long long)got->id[r],
                     (long long)want->id[r]);
    same_credits(got, want, what);
    long shared = first_shared_row(want);
    if (shared >= 0) {
        ostrec_query q = OSTREC_QUERY_INIT;
        q.seeds = &want->id[shared];
        q.seed_count = 1;
        q.k = 20;
        q.exclude_seed_artists = 1;
        q.max_per_artist = 1;
        char label[128];
        snprintf(label, sizeof label, "%s, similar to id %lld (its people excluded, one per person)", what,
                 (long long)want->id[shared]);
        same_similar(db, got, want, &q, label);
    }
    for (size_t s = 0; s < 5; s++) {
        int64_t seed = want->id[(n - 1) * s / 4], negative = want->id[n / 3];
        ostrec_query q = OSTREC_QUERY_INIT;
        q.seeds = &seed;
        q.seed_count = 1;
        q.k = 12;
        if (s == 2) {
            q.negatives = &negative;
            q.negative_count = 1;
            q.year_from = 2014;
            q.year_to = 2022;
            q.max_per_artist = 1;
            q.one_per_drama = 1;
            q.diversity = 0.3;
        }
        char label[128];
        snprintf(label, sizeof label, "%s, similar to id %lld%s", what, (long long)seed, s == 2 ? " (filtered)" : "");
        same_similar(db, got, want, &q, label);
    }
    ostrec_target target = moods(db, "sad"), arc[3] = {moods(db, "calm"), moods(db, "tense"), moods(db, "triumphant")};
    ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
    q.targets = &target;
    q.target_count = 1;
    q.n = 15;
    q.max_per_artist = 1;
    char label[128];
    snprintf(label, sizeof label, "%s, playlist 'sad'", what);
    same_playlist(db, got, want, &q, label);
    q.targets = arc;
    q.target_count = 3;
    q.n = 12;
    q.max_per_artist = 0;
    q.one_per_drama = 1;
    snprintf(label, sizeof label, "%s, arc calm-tense-triumphant", what);
    same_playlist(db, got, want, &q, label);
    q.targets = NULL;
    q.target_count = 0;
    q.from = want->id[0];
    q.to = want->id[n - 1];
    q.n = 8;
    q.one_per_drama = 0;
    snprintf(label, sizeof label, "%s, path", what);
    same_playlist(db, got, want, &q, label);
}

/* ---- kept, then mapped -------------------------------------------------------- */

/* The first open builds the index and keeps it (DB.index, and no temporary
 * file left beside it); the second maps that file and answers as a fresh
 * build does, credits and all (the catalog credits some songs to two people
 * or more); a mapped index stays valid once its file is deleted and kept
 * again under it. Guards the keeping and the mapping as a pair. */
static void kept_then_mapped(void **state)
{
    kept *k = *state;
    struct stat st;
    assert_int_not_equal(stat(k->index_path, &st), 0); /* nothing kept before the first open */
    ostrec_index *built = open_expect(k->db, k->model, 0, "first open");
    assert_int_equal(stat(k->index_path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(entries_starting(k->dir, "cat.db.index"), 1); /* the temporary file was renamed */
    ostrec_index *fresh = fresh_index(k->db, k->model);
    same_answers(k->db, built, fresh, "built by the first open");

    ostrec_index *mapped = open_expect(k->db, k->model, 1, "second open");
    assert_int_equal(mapped->map_size, (size_t)st.st_size);
    assert_true(fresh->credits > fresh->count && first_shared_row(fresh) >= 0); /* people shared, not texts */
    same_answers(k->db, mapped, fresh, "mapped");

    /* Deleted under the mapping, then kept again by the next open. */
    assert_int_equal(unlink(k->index_path), 0);
    ostrec_index *again = open_expect(k->db, k->model, 0, "open after the file was deleted");
    same_answers(k->db, mapped, fresh, "mapped, its file deleted and kept again");
    ostrec_index_free(again);
    again = open_expect(k->db, k->model, 1, "open after the file was kept again");
    same_answers(k->db, again, fresh, "mapped again");

    ostrec_index_free(again);
    ostrec_index_free(mapped);
    ostrec_index_free(built);
    ostrec_index_free(fresh);
}

/* ---- stale files ------------------------------------------------------------------- */

/* A sung song near the middle of the catalog, as stored. */
static ostrec_song_list *middle_song(kept *k)
{
    ostrec_index *index = fresh_index(k->db, k->model);
    ostrec_song_list *song = NULL;
    for (size_t r = ostrec_index_songs(index) / 2; r < ostrec_index_songs(index); r++) {
        assert_int_equal(ostrec_song_get(k->db, index->id[r], &song), OSTREC_OK);
        if (!song->items[0].instrumental) break;
        ostrec_song_list_free(song);
        song = NULL;
    }
    assert_non_null(song);
    ostrec_index_free(index);
    return song;
}

/* A mood word the song does not carry. */
static const char *other_mood(ostrec *db, const ostrec_song *s)
{
    for (size_t i = 0; i < ostrec_vocab_count(db, OSTREC_VOCAB_MOODS); i++) {
        const char *word = ostrec_vocab_term(db, OSTREC_VOCAB_MOODS, i)->id;
        size_t n = strlen(word);
        int carried = 0;
        for (const char *p = s->moods; *p; p += strcspn(p, ";"), p += *p == ';')
            carried |= strncmp(p, word, n) == 0 && (p[n] == ';' || p[n] == '\0');
        if (!carried) return word;
    }
    fail_msg("song %lld carries every mood", (long long)s->id);
    return NULL;
}

/* The results of similar from a song other than `id`, in `year` alone. */
static ostrec_results *in_year(ostrec *db, const ostrec_index *index, int64_t id, int year)
{
    int64_t seed = index->id[0] != id ? index->id[0] : index->id[1];
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    q.year_from = q.year_to = year;
    ostrec_results *res = NULL;
    if (ostrec_similar(db, index, &q, &res) != OSTREC_OK) fail_msg("similar: %s", ostrec_errmsg(db));
    return res;
}

/* The index sees song `id` alone in `year`, at the point of its moods as
 * the catalog now stores them. */
static void expect_song_in_year(kept *k, const ostrec_index *index, int64_t id, int year, const char *what)
{
    ostrec_results *res = in_year(k->db, index, id, year);
    if (res->count != 1 || res->items[0].id != id)
        fail_msg("%s: %zu songs in %d (first id %lld), expected song %lld alone", what, res->count, year,
                 res->count ? (long long)res->items[0].id : 0LL, (long long)id);
    assert_int_equal(res->items[0].year, year);
    ostrec_song_list *now = NULL;
    double valence, arousal;
    assert_int_equal(ostrec_song_get(k->db, id, &now), OSTREC_OK);
    assert_int_equal(ostrec_song_mood_point(k->db, &now->items[0], &valence, &arousal), OSTREC_OK);
    if (res->items[0].valence != valence || res->items[0].arousal != arousal)
        fail_msg("%s: song %lld sits at (%g, %g), its moods '%s' at (%g, %g)", what, (long long)id,
                 res->items[0].valence, res->items[0].arousal, now->items[0].moods, valence, arousal);
    ostrec_song_list_free(now);
    ostrec_results_free(res);
}

/* The file was kept by an open; after a change to the catalog, the next open
 * must build (and answer as a fresh build), and the one after map the file
 * it kept. */
static ostrec_index *reopen_after_change(kept *k, const char *what)
{
    ostrec_index *index = open_expect(k->db, k->model, 0, what);
    ostrec_index *fresh = fresh_index(k->db, k->model);
    same_answers(k->db, index, fresh, what);
    ostrec_index_free(fresh);
    ostrec_index *mapped = open_expect(k->db, k->model, 1, what);
    ostrec_index_free(mapped);
    return index;
}

/* A CSV cell, quoted. */
static void csv_cell(FILE *f, const char *text, const char *after)
{
    fputc('"', f);
    for (const char *p = text; *p; p++) {
        if (*p == '"') fputc('"', f);
        fputc(*p, f);
    }
    fprintf(f, "\"%s", after);
}

/* An import that changes one song's year and moods: the file kept before it
 * is stale, the next open builds, and the index shows the song's new year
 * and mood point. Guards the generation an import moves on. */
static void import_makes_stale(void **state)
{
    kept *k = *state;
    ostrec_song_list *list = middle_song(k);
    const ostrec_song *s = &list->items[0];
    ostrec_index_free(open_expect(k->db, k->model, 0, "first open"));
    ostrec_index *before = open_expect(k->db, k->model, 1, "second open");
    ostrec_results *none = in_year(k->db, before, s->id, 1999);
    assert_int_equal(none->count, 0); /* the shipped catalog has no song from 1999 */
    ostrec_results_free(none);

    char csv[128], year[8];
    snprintf(csv, sizeof csv, "%s/change.csv", k->dir);
    snprintf(year, sizeof year, "%d", 1999);
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fputs(CSV_HEADER, f);
    fprintf(f, "%lld,", (long long)s->id);
    const char *cells[] = {s->title, s->title_ko, s->artist, s->artist_ko, s->drama, s->drama_ko, year};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) csv_cell(f, cells[i], ",");
    if (s->ost_part) fprintf(f, "%d", s->ost_part);
    fprintf(f, ",no,");
    csv_cell(f, s->genres, ",");
    csv_cell(f, other_mood(k->db, s), ","); /* one mood, not one of its own */
    csv_cell(f, s->vocal_style, ",");
    csv_cell(f, s->artist_type, ",");
    csv_cell(f, s->source, "\n");
    assert_int_equal(fclose(f), 0);
    ostrec_import_result result;
    if (ostrec_import(k->db, csv, OSTREC_FORMAT_CSV, &result) != OSTREC_OK) fail_msg("import: %s", ostrec_errmsg(k->db));
    assert_int_equal(result.updated, 1);

    ostrec_index *after = reopen_after_change(k, "open after the import");
    expect_song_in_year(k, after, s->id, 1999, "after the import");
    ostrec_index_free(after);
    ostrec_index_free(before);
    ostrec_song_list_free(list);
}

static void sql_exec(sqlite3 *raw, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(raw, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
}

/* Run a statement that changes one row. */
static void sql_change(sqlite3 *raw, const char *sql)
{
    sql_exec(raw, sql);
    if (sqlite3_changes(raw) != 1) fail_msg("%s: %d rows changed, expected 1", sql, sqlite3_changes(raw));
}

/* Changes made with plain SQL from another connection (as from the sqlite3
 * shell): a song's year, one of its moods, then the song deleted (its genres
 * and moods go with it, foreign keys on). After each, the next open builds
 * and sees the change. Guards the triggers that move the generation on for
 * every change to songs, song_genres and song_moods. */
static void outside_sql_makes_stale(void **state)
{
    kept *k = *state;
    ostrec_song_list *list = middle_song(k);
    const ostrec_song *s = &list->items[0];
    ostrec_index *index = open_expect(k->db, k->model, 0, "first open");
    ostrec_index_free(index);
    index = open_expect(k->db, k->model, 1, "second open");
    size_t songs = ostrec_index_songs(index);
    sqlite3 *raw = NULL;
    assert_int_equal(sqlite3_open_v2(k->db_path, &raw, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sql_exec(raw, "PRAGMA foreign_keys = ON");
    char sql[256];

    snprintf(sql, sizeof sql, "UPDATE songs SET year = 1999 WHERE id = %lld", (long long)s->id);
    sql_change(raw, sql);
    ostrec_index_free(index);
    index = reopen_after_change(k, "open after UPDATE songs SET year");
    expect_song_in_year(k, index, s->id, 1999, "after UPDATE songs SET year");

    ostrec_results *res = in_year(k->db, index, s->id, 1999);
    double valence = res->count ? res->items[0].valence : 0, arousal = res->count ? res->items[0].arousal : 0;
    ostrec_results_free(res);
    snprintf(sql, sizeof sql, "UPDATE song_moods SET mood = '%s' WHERE song_id = %lld AND position = 0",
             other_mood(k->db, s), (long long)s->id);
    sql_change(raw, sql);
    ostrec_index_free(index);
    index = reopen_after_change(k, "open after UPDATE song_moods");
    expect_song_in_year(k, index, s->id, 1999, "after UPDATE song_moods");
    res = in_year(k->db, index, s->id, 1999);
    assert_true(res->count == 1 && (res->items[0].valence != valence || res->items[0].arousal != arousal));
    ostrec_results_free(res);

    snprintf(sql, sizeof sql, "DELETE FROM songs WHERE id = %lld", (long long)s->id);
    sql_change(raw, sql);
    ostrec_index_free(index);
    index = reopen_after_change(k, "open after DELETE FROM songs");
    assert_int_equal(ostrec_index_songs(index), songs - 1);
    assert_int_equal(index_find(index, s->id), -1);
    res = in_year(k->db, index, s->id, 1999);
    assert_int_equal(res->count, 0);
    ostrec_results_free(res);

    assert_int_equal(sqlite3_close(raw), SQLITE_OK);
    ostrec_index_free(index);
    ostrec_song_list_free(list);
}

/* ---- other models and vocabularies ------------------------------------------------ */

/* `text` with its first `from` replaced by `to`, into a new file in `dir`
 * named `name`; returns its path (the caller frees). */
static char *edited_copy(const char *dir, const char *name, const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (at == NULL) fail_msg("'%s' is not in the file edited into %s", from, name);
    char *path = malloc(256);
    assert_non_null(path);
    snprintf(path, 256, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    assert_int_equal(fclose(f), 0);
    return path;
}

/* The top score of similar from the first song. */
static double top_score(ostrec *db, const ostrec_index *index)
{
    int64_t seed = index->id[0];
    ostrec_query q = OSTREC_QUERY_INIT;
    q.seeds = &seed;
    q.seed_count = 1;
    ostrec_results *res = NULL;
    assert_int_equal(ostrec_similar(db, index, &q, &res), OSTREC_OK);
    double score = res->items[0].score;
    ostrec_results_free(res);
    return score;
}

/* A second model (the default with the era weighing 1.25, not 2.506) never
 * maps the file kept for the first, nor the first the file kept for the
 * second; an index mapped from the first model's file answers as before
 * while the second's is kept over it. Guards the model in the file's stamp,
 * and keeping through a new file renamed over the old (never rewritten in
 * place under a reader's mapping). */
static void another_model_rebuilds(void **state)
{
    kept *k = *state;
    char *text = read_whole("../models/default.json");
    char *path = edited_copy(k->dir, "era.json", text, "\"weight\": 2.506", "\"weight\": 1.25");
    ostrec_model *other = NULL;
    if (ostrec_model_load(k->db, path, &other) != OSTREC_OK) fail_msg("model: %s", ostrec_errmsg(k->db));
    assert_true(ostrec_model_weight(other, OSTREC_GROUP_ERA) == 1.25);
    ostrec_index *fresh = fresh_index(k->db, k->model), *fresh_other = fresh_index(k->db, other);

    ostrec_index_free(open_expect(k->db, k->model, 0, "default model, first open"));
    ostrec_index *first = open_expect(k->db, k->model, 1, "default model, second open");
    ostrec_index *second = open_expect(k->db, other, 0, "the other model, after the default's file was kept");
    same_answers(k->db, second, fresh_other, "the other model");
    same_answers(k->db, first, fresh, "default model, mapped, its file replaced by the other's");
    assert_true(top_score(k->db, first) != top_score(k->db, second)); /* the two models differ */
    ostrec_index_free(second);
    second = open_expect(k->db, other, 1, "the other model, second open");
    same_answers(k->db, second, fresh_other, "the other model, mapped");
    ostrec_index *back = open_expect(k->db, k->model, 0, "default model, after the other's file was kept");
    same_answers(k->db, back, fresh, "default model again");
    same_answers(k->db, second, fresh_other, "the other model, mapped, its file replaced by the default's");

    ostrec_index_free(back);
    ostrec_index_free(second);
    ostrec_index_free(first);
    ostrec_index_free(fresh);
    ostrec_index_free(fresh_other);
    ostrec_model_free(other);
    free(path);
    free(text);
}

/* A handle opened with another vocabulary (the same words, 'sad' moved on
 * the mood plane: the catalog's vocabulary tables need no rewrite) never
 * maps the file kept under the built-in one. Guards the vocabulary in the
 * file's stamp. */
static void another_vocabulary_rebuilds(void **state)
{
    kept *k = *state;
    char *text = read_whole("../models/vocab.json");
    char *path = edited_copy(k->dir, "vocab.json", text, "\"id\": \"sad\", \"ko\": \"슬픈\", \"valence\": -0.70",
                             "\"id\": \"sad\", \"ko\": \"슬픈\", \"valence\": -0.55");
    ostrec_index_free(open_expect(k->db, k->model, 0, "built-in vocabulary, first open"));
    ostrec_index_free(open_expect(k->db, k->model, 1, "built-in vocabulary, second open"));

    ostrec_open_options o = OSTREC_OPEN_INIT;
    o.vocab_path = path;
    ostrec *other = NULL;
    if (ostrec_open(&other, k->db_path, &o) != OSTREC_OK) fail_msg("open: %s", ostrec_errmsg(other));
    ostrec_model *model = NULL;
    assert_int_equal(ostrec_model_load(other, NULL, &model), OSTREC_OK);
    ostrec_index *index = open_expect(other, model, 0, "the other vocabulary");
    ostrec_index *fresh = fresh_index(other, model);
    same_answers(other, index, fresh, "the other vocabulary");
    ostrec_index_free(index);
    ostrec_index_free(open_expect(other, model, 1, "the other vocabulary, second open"));
    ostrec_index_free(open_expect(k->db, k->model, 0, "built-in vocabulary, after the other's file was kept"));

    ostrec_index_free(fresh);
    ostrec_model_free(model);
    ostrec_close(other);
    free(path);
    free(text);
}

/* ---- damaged files ------------------------------------------------------------------- */

/* A kept file as bytes, its header, and the sizes of the index it holds. */
typedef struct {
    unsigned char *bytes; /* room for 64 more */
    size_t size;
    index_file_header h;
    const ostrec_index *fresh;
} image;

/* The same FNV-1a the file's checksum is, over the header up to it. */
static uint64_t header_checksum(const index_file_header *h)
{
    const unsigned char *p = (const unsigned char *)h;
    uint64_t sum = 14695981039346656037ULL;
    for (size_t i = 0; i < offsetof(index_file_header, checksum); i++) sum = (sum ^ p[i]) * 1099511628211ULL;
    return sum;
}

/* Write the edited header back with a checksum that fits it, so that only
 * the check under test can refuse the file. */
static void reseal(image *m)
{
    m->h.checksum = header_checksum(&m->h);
    memcpy(m->bytes, &m->h, sizeof m->h);
}

static size_t at(const image *m, int section, size_t element, size_t size) { return m->h.offset[section] + element * size; }

static void put_u16(image *m, size_t offset, uint16_t v) { memcpy(m->bytes + offset, &v, sizeof v); }
static void put_u32(image *m, size_t offset, uint32_t v) { memcpy(m->bytes + offset, &v, sizeof v); }
static uint32_t get_u32(const image *m, size_t offset)
{
    uint32_t v;
    memcpy(&v, m->bytes + offset, sizeof v);
    return v;
}

/* Deterministic noise. */
static void scribble(unsigned char *p, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        p[i] = (unsigned char)(seed >> 56);
    }
}

static void cut_half(image *m) { m->size /= 2; }
static void cut_to_header(image *m) { m->size = sizeof m->h; }
static void one_byte_short(image *m) { m->size -= 1; }
static void one_byte_more(image *m) { m->bytes[m->size++] = 0; }
static void empty(image *m) { m->size = 0; }
static void all_garbage(image *m) { scribble(m->bytes, m->size, 1); }
static void garbage_after_header(image *m) { scribble(m->bytes + sizeof m->h, m->size - sizeof m->h, 2); }
/* The drama count sizes no section: only the checksum sees it; nor, with the
 * checksum first, does anything but the checksum see the artist count
 * (which sizes artist_start). */
static void artists_flipped(image *m)
{
    assert_true((m->h.artists ^ 1) <= m->h.credits);
    m->h.artists ^= 1;
    memcpy(m->bytes, &m->h, sizeof m->h);
}
static void dramas_flipped(image *m)
{
    assert_true((m->h.dramas ^ 1) <= m->h.count);
    m->h.dramas ^= 1;
    memcpy(m->bytes, &m->h, sizeof m->h);
}
static void checksum_flipped(image *m) { m->bytes[offsetof(index_file_header, checksum)] ^= 0x40; }
static void other_generation(image *m) { m->h.generation += 1, reseal(m); }
static void other_stamp(image *m) { m->h.stamp ^= 1, reseal(m); }
static void other_format(image *m) { m->h.format += 1, reseal(m); }
static void other_order(image *m) { m->h.order = 0x04030201, reseal(m); }
static void other_magic(image *m) { m->h.magic[0] ^= 0x20, reseal(m); }
static void one_song_more(image *m) { m->h.count += 1, reseal(m); }
static void section_moved(image *m) { m->h.offset[SEC_IDS] += 64, reseal(m); }
static void size_one_more(image *m) { m->h.file_size += 1, reseal(m); }
static void more_pairs_than_songs(image *m) { m->h.pairs = m->h.count + 1, reseal(m); }
static void one_credit_more(image *m) { m->h.credits += 1, reseal(m); }
static void more_people_than_credits(image *m) { m->h.artists = m->h.credits + 1, reseal(m); }
static void code_genre(image *m)
{
    put_u16(m, at(m, SEC_CODES, m->h.count / 2, sizeof(song_code)) + offsetof(song_code, genre), (uint16_t)m->h.genre_sets);
}
static void code_mood(image *m)
{
    put_u16(m, at(m, SEC_CODES, m->h.count - 1, sizeof(song_code)) + offsetof(song_code, mood), (uint16_t)m->h.mood_sets);
}
static void code_context(image *m)
{
    put_u16(m, at(m, SEC_CODES, 0, sizeof(song_code)) + offsetof(song_code, context), (uint16_t)m->h.contexts);
}
static void context_era(image *m)
{
    put_u16(m, at(m, SEC_CONTEXTS, m->h.contexts - 1, sizeof(song_context)) + offsetof(song_context, era),
            (uint16_t)m->h.years);
}
static void context_vocal(image *m)
{
    put_u16(m, at(m, SEC_CONTEXTS, 0, sizeof(song_context)) + offsetof(song_context, vocal_style),
            (uint16_t)m->fresh->vocal_count);
}
static void context_type(image *m)
{
    put_u16(m, at(m, SEC_CONTEXTS, m->h.contexts / 2, sizeof(song_context)) + offsetof(song_context, artist_type),
            (uint16_t)m->fresh->artist_count);
}
static void text_unended(image *m) { m->bytes[at(m, SEC_TEXTS, m->h.text_bytes - 1, 1)] = 'x'; }
static void pair_start_disordered(image *m)
{
    assert_true(m->h.pairs >= 2);
    put_u32(m, at(m, SEC_PAIR_START, 1, 4), get_u32(m, at(m, SEC_PAIR_START, 2, 4)) + 1);
}
static void pair_start_not_zero(image *m) { put_u32(m, at(m, SEC_PAIR_START, 0, 4), 1); }
static void pair_start_past_songs(image *m) { put_u32(m, at(m, SEC_PAIR_START, m->h.pairs, 4), (uint32_t)m->h.count + 1); }
static void pair_key_genre(image *m)
{
    size_t p = m->h.pairs / 2;
    uint32_t key = get_u32(m, at(m, SEC_PAIR_KEY, p, 4));
    put_u32(m, at(m, SEC_PAIR_KEY, p, 4), (uint32_t)m->h.genre_sets << 16 | (key & 0xFFFF));
}
static void pair_key_mood(image *m)
{
    uint32_t key = get_u32(m, at(m, SEC_PAIR_KEY, 0, 4));
    put_u32(m, at(m, SEC_PAIR_KEY, 0, 4), key + 1); /* filed under mood set 0, keyed to 1 */
}
static void mood_pairs_past_pairs(image *m)
{
    put_u32(m, at(m, SEC_MOOD_PAIRS, m->h.mood_sets, 4), (uint32_t)m->h.pairs + 1);
}
static void mood_pairs_disordered(image *m)
{
    assert_true(m->h.mood_sets >= 2);
    put_u32(m, at(m, SEC_MOOD_PAIRS, 1, 4), get_u32(m, at(m, SEC_MOOD_PAIRS, 2, 4)) + 1);
}
/* A song's credits start past the next song's: a read from at[r] to
 * at[r + 1] would run on through the whole section and beyond. */
static void credit_at_disordered(image *m)
{
    size_t r = m->h.count / 2;
    put_u32(m, at(m, SEC_CREDIT_AT, r, 4), get_u32(m, at(m, SEC_CREDIT_AT, r + 1, 4)) + 1);
}
static void credit_at_not_zero(image *m) { put_u32(m, at(m, SEC_CREDIT_AT, 0, 4), 1); }
static void credit_at_past_credits(image *m)
{
    put_u32(m, at(m, SEC_CREDIT_AT, m->h.count, 4), (uint32_t)m->h.credits + 1);
}
static void credit_key_out_of_range(image *m)
{
    put_u32(m, at(m, SEC_CREDIT_KEYS, m->h.credits / 2, 4), (uint32_t)m->h.artists);
}
static void credit_key_far_out(image *m) { put_u32(m, at(m, SEC_CREDIT_KEYS, 0, 4), UINT32_MAX); }
static void artist_start_disordered(image *m)
{
    size_t k = m->h.artists / 2;
    put_u32(m, at(m, SEC_ARTIST_START, k, 4), get_u32(m, at(m, SEC_ARTIST_START, k + 1, 4)) + 1);
}
static void artist_start_not_zero(image *m) { put_u32(m, at(m, SEC_ARTIST_START, 0, 4), 1); }
static void artist_start_past_credits(image *m)
{
    put_u32(m, at(m, SEC_ARTIST_START, m->h.artists, 4), (uint32_t)m->h.credits + 1);
}
static void artist_row_past_songs(image *m)
{
    put_u32(m, at(m, SEC_ARTIST_ROWS, m->h.credits - 1, 4), (uint32_t)m->h.count);
}

static const struct {
    const char *what;
    void (*apply)(image *m);
} damages[] = {
    {"cut to half its size", cut_half},
    {"cut to its header", cut_to_header},
    {"one byte short", one_byte_short},
    {"one byte more", one_byte_more},
    {"empty", empty},
    {"garbage of the same size", all_garbage},
    {"its header, then garbage", garbage_after_header},
    {"header: artist count flipped (the checksum alone tells)", artists_flipped},
    {"header: drama count flipped (the checksum alone tells)", dramas_flipped},
    {"header: checksum flipped", checksum_flipped},
    {"header, resealed: another generation", other_generation},
    {"header, resealed: another stamp", other_stamp},
    {"header, resealed: another format", other_format},
    {"header, resealed: the other byte order", other_order},
    {"header, resealed: another magic", other_magic},
    {"header, resealed: one song more", one_song_more},
    {"header, resealed: a section moved", section_moved},
    {"header, resealed: a file size one byte more", size_one_more},
    {"header, resealed: more pairs than songs", more_pairs_than_songs},
    {"header, resealed: one credit more", one_credit_more},
    {"header, resealed: more people than credits", more_people_than_credits},
    {"codes: a genre set out of range", code_genre},
    {"codes: a mood set out of range", code_mood},
    {"codes: a context out of range", code_context},
    {"contexts: an era out of range", context_era},
    {"contexts: a vocal style out of range", context_vocal},
    {"contexts: an artist type out of range", context_type},
    {"texts: the last NUL overwritten", text_unended},
    {"pairs: a start out of order", pair_start_disordered},
    {"pairs: the first start not 0", pair_start_not_zero},
    {"pairs: the last start past the songs", pair_start_past_songs},
    {"pairs: a key's genre set out of range", pair_key_genre},
    {"pairs: a key under another mood set", pair_key_mood},
    {"pairs: a mood set's range past the pairs", mood_pairs_past_pairs},
    {"pairs: mood set ranges out of order", mood_pairs_disordered},
    {"credits: a song's start past the next song's", credit_at_disordered},
    {"credits: the first start not 0", credit_at_not_zero},
    {"credits: the last start past the credits", credit_at_past_credits},
    {"credits: a person's key one past the people", credit_key_out_of_range},
    {"credits: a person's key 0xFFFFFFFF", credit_key_far_out},
    {"people: a start out of order", artist_start_disordered},
    {"people: the first start not 0", artist_start_not_zero},
    {"people: the last start past the credits", artist_start_past_credits},
    {"people: a row one past the songs", artist_row_past_songs},
};

/* Each damage to a kept file: the open still succeeds, with an index built
 * afresh (not mapped) that answers as a fresh build, and the file is
 * written again whole (the same bytes as first kept; the next open maps
 * it). Guards every check the open makes before it trusts a file: size,
 * checksum, magic, format, byte order, generation, stamp, the section
 * layout, codes, contexts, the texts' last NUL, the pairs, the credits and
 * the people's songs. */
static void damaged_files_refused(void **state)
{
    kept *k = *state;
    ostrec_index *fresh = fresh_index(k->db, k->model);
    ostrec_index_free(open_expect(k->db, k->model, 0, "first open"));
    image good = {.fresh = fresh};
    good.bytes = read_bytes(k->index_path, &good.size);
    memcpy(&good.h, good.bytes, sizeof good.h);
    assert_int_equal(good.h.file_size, good.size);
    assert_int_equal(good.h.count, ostrec_index_songs(fresh));

    for (size_t d = 0; d < sizeof damages / sizeof damages[0]; d++) {
        image m = good;
        m.bytes = malloc(good.size + 64);
        assert_non_null(m.bytes);
        memcpy(m.bytes, good.bytes, good.size);
        damages[d].apply(&m);
        write_bytes(k->index_path, m.bytes, m.size);
        free(m.bytes);

        ostrec_index *index = open_expect(k->db, k->model, 0, damages[d].what);
        same_answers(k->db, index, fresh, damages[d].what);
        ostrec_index_free(index);
        size_t size;
        unsigned char *now = read_bytes(k->index_path, &size);
        if (size != good.size || memcmp(now, good.bytes, size) != 0)
            fail_msg("%s: the file was not written again as first kept (%zu bytes, first %zu)", damages[d].what,
                     size, good.size);
        free(now);
        ostrec_index_free(open_expect(k->db, k->model, 1, damages[d].what));
    }
    free(good.bytes);
    ostrec_index_free(fresh);
}

/* ---- damage the open does not check ---------------------------------------------------- */

/* Run what reads the rings, keys, pair rows and texts: similar with
 * exclusions, caps and diversity (and one asking for every song);
 * playlists (one target, with caps; a long arc without; a capped arc; a
 * path; shuffled); the JSON of results, a playlist's and the map. Any answer will do, none may crash or hang. Seeds and ends are
 * ids of the catalog (`ids`, from a fresh build). */
static void exercise(ostrec *db, const ostrec_index *index, const int64_t *ids, size_t n, const char *what)
{
    for (int s = 0; s < 3; s++) {
        int64_t seeds[2] = {ids[n / 2], ids[n / 5]}, negative = ids[n - 1];
        ostrec_query q = OSTREC_QUERY_INIT;
        q.seeds = seeds;
        q.seed_count = s == 2 ? 2 : 1;
        q.k = s == 1 ? n : 15;
        q.exclude_seed_dramas = s != 1;
        q.exclude_seed_artists = s == 2;
        q.max_per_artist = s == 0 ? 1 : 2;
        q.one_per_drama = s != 2;
        q.diversity = s == 1 ? 0 : 0.5;
        if (s == 2) q.negatives = &negative, q.negative_count = 1;
        ostrec_results *res = NULL;
        int rc = ostrec_similar(db, index, &q, &res);
        if (rc != OSTREC_OK) fail_msg("%s: similar %d: %s", what, s, ostrec_errmsg(db));
        assert_true(res->count <= q.k);
        char *json = ostrec_results_to_json(index, &q, res);
        assert_non_null(json);
        free(json);
        ostrec_results_free(res);
    }
    ostrec_target one = moods(db, "sad"), arc[3] = {moods(db, "calm"), moods(db, "tense"), moods(db, "triumphant")};
    for (int p = 0; p < 5; p++) {
        ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
        q.targets = p == 1 || p == 2 ? arc : &one;
        q.target_count = p == 1 || p == 2 ? 3 : 1;
        q.n = p == 1 ? n / 4 : 20; /* a long arc, uncapped: deep into the pairs' rows */
        q.max_per_artist = p == 1 ? 0 : 1;
        q.one_per_drama = p != 1;
        if (p == 3) q.targets = NULL, q.target_count = 0, q.from = ids[0], q.to = ids[n - 1], q.n = 12;
        if (p == 4) q.shuffle = 1, q.seed = 7;
        ostrec_playlist *pl = NULL;
        int rc = ostrec_playlist_make(db, index, &q, &pl);
        if (rc != OSTREC_OK) fail_msg("%s: playlist %d: %s", what, p, ostrec_errmsg(db));
        assert_true(pl->count <= q.n);
        char *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);
        assert_non_null(out);
        assert_int_equal(ostrec_playlist_write(db, index, &q, pl, OSTREC_RESULTS_JSON, out), OSTREC_OK);
        if (p == 0) assert_int_equal(ostrec_map_write(db, index, pl, out), OSTREC_OK);
        fclose(out);
        free(buf);
        ostrec_playlist_free(pl);
    }
}

/* What goes into every entry of an unchecked uint32 section. */
enum { ALL_ONES, ALL_COUNT, ALL_ZERO, NEXT_ROW, NOISE, FILLS };
static const char *const fill_names[FILLS] = {"all 0xFFFFFFFF", "all the song count (one past the last row)",
                                              "all 0 (rings that never come back)", "each the next row (one ring)",
                                              "noise below twice the song count"};

static uint32_t fill_value(int fill, size_t i, size_t count, uint64_t *noise)
{
    switch (fill) {
    case ALL_ONES: return UINT32_MAX;
    case ALL_ZERO: return 0;
    case ALL_COUNT: return (uint32_t)count;
    case NEXT_ROW: return (uint32_t)((i + 1) % count);
    default:
        *noise = *noise * 6364136223846793005ULL + 1442695040888963407ULL;
        return (uint32_t)((*noise >> 33) % (2 * count));
    }
}

/* The sections the open maps without reading (besides the dictionaries and
 * points): the version and drama rings, the drama keys, the pair rows, and
 * where each song's texts start. (The credit sections are read: see
 * credit_damage_in_range_never_crashes for what their checks let through.) */
static const struct {
    int section;
    const char *name;
} unchecked[] = {
    {SEC_NEXT_VERSION, "next_version"}, {SEC_NEXT_DRAMA, "next_drama"}, {SEC_DRAMA_KEY, "drama_key"},
    {SEC_PAIR_ROWS, "pair_rows"},       {SEC_TEXT_AT, "text_at"},
};

/* Each unchecked section overwritten with each fill: the file is mapped
 * (the open does not read these sections) and every query still returns.
 * An alarm ends the run if one hangs. Guards the accessors and ring walks
 * that keep such values in bounds (index_drama, drop_ring's
 * bound and step count, the pair rows' bound, the texts' bound). */
static void unchecked_damage_never_crashes(void **state)
{
    kept *k = *state;
    ostrec_index *fresh = fresh_index(k->db, k->model);
    size_t n = ostrec_index_songs(fresh);
    ostrec_index_free(open_expect(k->db, k->model, 0, "first open"));
    image good = {.fresh = fresh};
    good.bytes = read_bytes(k->index_path, &good.size);
    memcpy(&good.h, good.bytes, sizeof good.h);
    unsigned char *bytes = malloc(good.size);
    assert_non_null(bytes);
    alarm(300);
    for (size_t u = 0; u < sizeof unchecked / sizeof unchecked[0]; u++)
        for (int fill = 0; fill < FILLS; fill++) {
            size_t count;
            index_section_size(fresh, unchecked[u].section, &count);
            memcpy(bytes, good.bytes, good.size);
            uint64_t noise = 99 + (uint64_t)u;
            for (size_t i = 0; i < count; i++) {
                uint32_t v = fill_value(fill, i, n, &noise);
                memcpy(bytes + good.h.offset[unchecked[u].section] + 4 * i, &v, 4);
            }
            write_bytes(k->index_path, bytes, good.size);
            char what[96];
            snprintf(what, sizeof what, "%s %s", unchecked[u].name, fill_names[fill]);
            ostrec_index *index = open_expect(k->db, k->model, 1, what);
            exercise(k->db, index, fresh->id, n, what);
            ostrec_index_free(index);
        }
    alarm(0);
    free(bytes);
    free(good.bytes);
    ostrec_index_free(fresh);
}

/* Damage to the credit sections that their checks let through (every value
 * in range, the starts ascending): each song credited to person 0, people
 * dealt round the credits (a song may credit one twice), every credit given
 * to the middle song (exercise's first seed, whose people it then excludes
 * and caps: far more than a seed has), every person's song row 0, rows
 * dealt round the songs, every credit listed under the last person. */
enum { KEYS_ZERO, KEYS_ROUND, AT_ONE_SONG, ROWS_ZERO, ROWS_ROUND, START_LAST_PERSON, IN_RANGE_FILLS };
static const char *const in_range_names[IN_RANGE_FILLS] = {
    "credit_keys all 0", "credit_keys dealt round the people", "credit_at: every credit on the middle song",
    "artist_rows all 0", "artist_rows dealt round the songs", "artist_start: every credit under the last person"};

static void in_range_fill(image *m, int fill)
{
    size_t credits = m->h.credits, songs = m->h.count, people = m->h.artists;
    for (size_t i = 0; i < credits; i++)
        if (fill == KEYS_ZERO || fill == KEYS_ROUND)
            put_u32(m, at(m, SEC_CREDIT_KEYS, i, 4), fill == KEYS_ZERO ? 0 : (uint32_t)(i % people));
        else if (fill == ROWS_ZERO || fill == ROWS_ROUND)
            put_u32(m, at(m, SEC_ARTIST_ROWS, i, 4), fill == ROWS_ZERO ? 0 : (uint32_t)((i + 1) % songs));
    for (size_t r = 0; fill == AT_ONE_SONG && r < songs; r++)
        put_u32(m, at(m, SEC_CREDIT_AT, r, 4), r <= songs / 2 ? 0 : (uint32_t)credits);
    for (size_t k = 0; fill == START_LAST_PERSON && k < people; k++) put_u32(m, at(m, SEC_ARTIST_START, k, 4), 0);
}

/* Each such damage: the file is mapped (it passes every check) and every
 * query still returns, exclusions and caps by person included. Guards the
 * claim that the credit checks are all a read needs: index_credits and the
 * playlists' person lists then stay inside their sections. */
static void credit_damage_in_range_never_crashes(void **state)
{
    kept *k = *state;
    ostrec_index *fresh = fresh_index(k->db, k->model);
    size_t n = ostrec_index_songs(fresh);
    ostrec_index_free(open_expect(k->db, k->model, 0, "first open"));
    image good = {.fresh = fresh};
    good.bytes = read_bytes(k->index_path, &good.size);
    memcpy(&good.h, good.bytes, sizeof good.h);
    assert_true(good.h.artists >= 2 && good.h.credits > good.h.count);
    alarm(300);
    for (int fill = 0; fill < IN_RANGE_FILLS; fill++) {
        image m = good;
        m.bytes = malloc(good.size);
        assert_non_null(m.bytes);
        memcpy(m.bytes, good.bytes, good.size);
        in_range_fill(&m, fill);
        write_bytes(k->index_path, m.bytes, m.size);
        free(m.bytes);
        ostrec_index *index = open_expect(k->db, k->model, 1, in_range_names[fill]);
        exercise(k->db, index, fresh->id, n, in_range_names[fill]);
        ostrec_index_free(index);
    }
    alarm(0);
    free(good.bytes);
    ostrec_index_free(fresh);
}

/* ---- nowhere to keep it --------------------------------------------------------------------- */

/* DB.index is a directory: the open builds the index, answers, and writes
 * nothing (the directory stays empty, no temporary file is left beside
 * it). A catalog in memory gets a built index too, and no file. Guards the
 * silent failure to keep. */
static void unkeepable_still_answers(void **state)
{
    kept *k = *state;
    assert_int_equal(mkdir(k->index_path, 0755), 0);
    ostrec_index *fresh = fresh_index(k->db, k->model);
    for (int i = 0; i < 2; i++) {
        ostrec_index *index = open_expect(k->db, k->model, 0, "DB.index a directory");
        same_answers(k->db, index, fresh, "DB.index a directory");
        ostrec_index_free(index);
        struct stat st;
        assert_int_equal(stat(k->index_path, &st), 0);
        assert_true(S_ISDIR(st.st_mode));
        assert_int_equal(entries_starting(k->dir, "cat.db.index"), 1); /* the directory, nothing beside it */
        assert_int_equal(entries_starting(k->index_path, ""), 2);       /* and nothing in it but . and .. */
    }
    ostrec_index_free(fresh);

    ostrec *db = open_memory();
    assert_int_equal(ostrec_import(db, CATALOG_CSV, OSTREC_FORMAT_AUTO, NULL), OSTREC_OK);
    ostrec_model *model = NULL;
    assert_int_equal(ostrec_model_load(db, NULL, &model), OSTREC_OK);
    fresh = fresh_index(db, model);
    for (int i = 0; i < 2; i++) {
        ostrec_index *index = open_expect(db, model, 0, "a catalog in memory");
        same_answers(db, index, fresh, "a catalog in memory");
        ostrec_index_free(index);
        /* Nothing kept in the working directory (removed if it was, so one
         * failure does not fail every later run). */
        int kept_here = entries_starting(".", ":memory:") + entries_starting(".", ".index") > 0;
        unlink(":memory:.index");
        unlink(".index");
        assert_false(kept_here);
    }
    ostrec_index_free(fresh);
    ostrec_model_free(model);
    ostrec_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(kept_then_mapped, kept_setup, kept_teardown),
        cmocka_unit_test_setup_teardown(import_makes_stale, kept_setup, kept_teardown),
        cmocka_unit_test_setup_teardown(outside_sql_makes_stale, kept_setup, kept_teardown),
        cmocka_unit_test_setup_teardown(another_model_rebuilds, kept_setup, kept_teardown),
        cmocka_unit_test_setup_teardown(another_vocabulary_rebuilds, kept_setup, kept_teardown),
        cmocka_unit_test_setup_teardown(damaged_files_refused, kept_setup, kept_teardown),
        cmocka_unit_test_setup_teardown(unchecked_damage_never_crashes, kept_setup, kept_teardown),
        cmocka_unit_test_setup_teardown(credit_damage_in_range_never_crashes, kept_setup, kept_teardown),
        cmocka_unit_test_setup_teardown(unkeepable_still_answers, kept_setup, kept_teardown),
    };
    return cmocka_run_group_tests_name("index_file", tests, group_setup, group_teardown);
}
