/* song_match.c: which catalog song a history entry is: songs found by the
 * key of any of their titles (English, Korean, romanized), then kept when
 * one of the entry's artist names is a name of a person the song credits
 * (aliases, Korean names and groups through the artist_names view) or of
 * its artist text. */
#include "song_match.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a, 64 bits: two different keys of one import share a hash with a
 * chance of about count^2 / 2^65; the artist check follows anyway. */
static uint64_t key_hash(const char *key)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    return h;
}

static int by_hash(const void *a, const void *b)
{
    const title_slot *x = a, *y = b;
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

int song_matcher_open(ostrec *db, song_matcher *m)
{
    memset(m, 0, sizeof *m);
    m->db = db;
    sqlite3_stmt *titles = NULL;
    size_t cap = 0;
    int rc = sqlite3_prepare_v2(db->sql, "SELECT id, title, title_ko, title_romanized FROM songs", -1, &titles, NULL);
    if (rc != SQLITE_OK) return ostrec__fail_sql(db, "history: matching");
    while ((rc = sqlite3_step(titles)) == SQLITE_ROW) {
        for (int c = 1; c <= 3; c++) {
            const char *text = (const char *)sqlite3_column_text(titles, c);
            char key[KEY_MAX];
            if (text == NULL || title_key(text, key, sizeof key) == 0) continue;
            if (m->count == cap) {
                size_t bigger = cap ? 2 * cap : 4096;
                title_slot *grown = realloc(m->slots, bigger * sizeof *grown);
                if (grown == NULL) {
                    sqlite3_finalize(titles);
                    song_matcher_close(m);
                    return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
                }
                m->slots = grown;
                cap = bigger;
            }
            m->slots[m->count++] = (title_slot){key_hash(key), sqlite3_column_int64(titles, 0)};
        }
    }
    sqlite3_finalize(titles);
    if (rc != SQLITE_DONE) {
        song_matcher_close(m);
        return ostrec__fail_sql(db, "history: matching");
    }
    qsort(m->slots, m->count, sizeof *m->slots, by_hash);
    rc = sqlite3_prepare_v2(db->sql,
                            "SELECT n.name FROM song_credits c JOIN artist_names n ON n.artist_id = c.artist_id "
                            "WHERE c.song_id = ?1 UNION ALL SELECT artist FROM songs WHERE id = ?1 "
                            "UNION ALL SELECT artist_ko FROM songs WHERE id = ?1",
                            -1, &m->names, NULL);
    if (rc != SQLITE_OK) {
        song_matcher_close(m);
        return ostrec__fail_sql(db, "history: matching");
    }
    return OSTREC_OK;
}

void song_matcher_close(song_matcher *m)
{
    free(m->slots);
    sqlite3_finalize(m->names);
    memset(m, 0, sizeof *m);
}

/* Whether a name of song `id` is one of the entry's artist keys: 1, 0, or
 * a negative code. */
static int credits_name(song_matcher *m, int64_t id, char want[][KEY_MAX], size_t wanted)
{
    char have[16][KEY_MAX];
    int found = 0, rc = SQLITE_DONE;
    sqlite3_reset(m->names);
    if (sqlite3_bind_int64(m->names, 1, id) != SQLITE_OK) return ostrec__fail_sql(m->db, "history: matching");
    while (!found && (rc = sqlite3_step(m->names)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(m->names, 0);
        size_t n = name ? artist_keys(name, have, 16) : 0;
        for (size_t i = 0; i < n && !found; i++)
            for (size_t j = 0; j < wanted && !found; j++) found = strcmp(have[i], want[j]) == 0;
    }
    if (!found && rc != SQLITE_DONE) return ostrec__fail_sql(m->db, "history: matching");
    sqlite3_reset(m->names);
    return found;
}

int song_matcher_find(song_matcher *m, const char *title, const char *artist, int64_t *id)
{
    char key[KEY_MAX], want[16][KEY_MAX];
    *id = 0;
    if (title_key(title, key, sizeof key) == 0) return MATCH_NONE;
    title_slot probe = {key_hash(key), INT64_MIN};
    size_t lo = 0, hi = m->count;
    while (lo < hi) { /* the first slot not before probe */
        size_t mid = lo + (hi - lo) / 2;
        if (by_hash(&m->slots[mid], &probe) < 0) lo = mid + 1;
        else hi = mid;
    }
    size_t wanted = artist_keys(artist, want, 16), fits = 0;
    int64_t last = 0;
    for (size_t i = lo; i < m->count && m->slots[i].hash == probe.hash; i++) {
        int64_t song = m->slots[i].id;
        if (song == last) continue; /* a song whose titles share a key */
        last = song;
        int ok = wanted == 0 ? 1 : credits_name(m, song, want, wanted);
        if (ok < 0) return ok;
        if (ok && fits++ == 0) *id = song;
    }
    if (fits > 1) *id = 0;
    return fits == 0 ? MATCH_NONE : fits == 1 ? MATCH_ONE : MATCH_SEVERAL;
}
