/* credit_helpers.h: people credited on the songs of a test catalog, set by
 * hand: a test that needs songs crediting several people, or people shared
 * in a way the import's files do not say, writes song_credits itself. */
#ifndef OSTREC_TEST_CREDIT_HELPERS_H
#define OSTREC_TEST_CREDIT_HELPERS_H

#include "helpers.h"

#include "internal.h"

/* Run SQL on the handle's own connection (a catalog in memory has no other). */
static inline void credit_sql(ostrec *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
}

/* Credit song `id` to the people `names` (n of them, in order) in place of
 * its credits: a person of that name is added when there is none. */
static inline void credit_song(ostrec *db, int64_t id, const char *const *names, size_t n)
{
    char *sql = sqlite3_mprintf("DELETE FROM song_credits WHERE song_id = %lld", (long long)id);
    assert_non_null(sql);
    credit_sql(db, sql);
    sqlite3_free(sql);
    for (size_t i = 0; i < n; i++) {
        sql = sqlite3_mprintf("INSERT OR IGNORE INTO artists (name) VALUES (%Q);"
                              "INSERT INTO song_credits (song_id, position, artist_id) "
                              "SELECT %lld, %d, id FROM artists WHERE name = %Q",
                              names[i], (long long)id, (int)i, names[i]);
        assert_non_null(sql);
        credit_sql(db, sql);
        sqlite3_free(sql);
    }
}

/* Credit each song whose artist text joins names with ", " to those people
 * ("Chanyeol, Punch": Chanyeol and Punch, Punch the same person as the
 * artist text "Punch"). */
static inline void credit_split_artists(ostrec *db)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db->sql, "SELECT id, artist FROM songs WHERE instr(artist, ', ') > 0 ORDER BY id", -1,
                           &stmt, NULL) != SQLITE_OK)
        fail_msg("credits: %s", sqlite3_errmsg(db->sql));
    size_t count = 0, cap = 16;
    int64_t *ids = malloc(cap * sizeof *ids);
    char **texts = malloc(cap * sizeof *texts);
    assert_true(ids && texts);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        if (count == cap) {
            cap *= 2;
            ids = realloc(ids, cap * sizeof *ids);
            texts = realloc(texts, cap * sizeof *texts);
            assert_true(ids && texts);
        }
        ids[count] = sqlite3_column_int64(stmt, 0);
        texts[count] = strdup((const char *)sqlite3_column_text(stmt, 1));
        assert_non_null(texts[count++]);
    }
    sqlite3_finalize(stmt);
    for (size_t i = 0; i < count; i++) {
        const char *names[16];
        size_t n = 0;
        for (char *p = texts[i]; p && n < 16; n++) {
            names[n] = p;
            if ((p = strstr(p, ", ")) != NULL) *p = '\0', p += 2;
        }
        credit_song(db, ids[i], names, n);
        free(texts[i]);
    }
    free(ids);
    free(texts);
}

/* An index of n songs built from their features (index_from_songs, the
 * content groups of models/before.json), each credited to people named by letters: song i (id
 * i + 1) credits people[i] in order, 'A' being person key 0 ("AB": A and B;
 * "": nobody). Song i is from year first_year - i, in a drama of its own,
 * titled "Song ID"; its other features are every song's: so from song 1 as
 * the seed, the scores fall as the ids rise. */
static inline ostrec_index *credited_index(ostrec *db, const char *const *people, size_t n, int first_year)
{
    ostrec_model *m = NULL;
    /* The content groups alone (no soundtrack or artist term): the order by
     * year below is the whole ranking. */
    if (ostrec_model_load(db, "../models/before.json", &m) != OSTREC_OK) fail_msg("model: %s", ostrec_errmsg(db));
    song_input *songs = calloc(n, sizeof *songs);
    uint32_t(*keys)[8] = calloc(n, sizeof *keys);
    char(*titles)[32] = calloc(n, sizeof *titles);
    assert_true(songs && keys && titles);
    for (size_t i = 0; i < n; i++) {
        size_t count = strlen(people[i]);
        assert_true(count <= 8);
        for (size_t j = 0; j < count; j++) keys[i][j] = (uint32_t)(people[i][j] - 'A');
        snprintf(titles[i], sizeof titles[i], "Song %zu", i + 1);
        song_features f = {{0, 1, 0}, 2, {3, 17, 0}, 2, first_year - (double)i, 1, 1};
        songs[i] = (song_input){.id = (int64_t)i + 1, .f = f, .artist_keys = keys[i], .artist_key_count = count,
                                .drama_key = (uint32_t)i, .title = titles[i], .artist = people[i]};
    }
    ostrec_index *index = NULL;
    if (index_from_songs(db, m, songs, n, &index) != OSTREC_OK) fail_msg("index: %s", ostrec_errmsg(db));
    free(songs);
    free(keys);
    free(titles);
    ostrec_model_free(m);
    return index;
}

#endif
