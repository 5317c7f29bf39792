/* fuzz_text.c: fuzz target: the input as text a user types: a search, a song
 * to resolve, mood words; against the shipped catalog, loaded once. */
#include "fuzz.h"

static ostrec *db;
static ostrec_index *index_;

static void check_list(const ostrec_song_list *list, const char *what)
{
    PROMISE(list != NULL, "%s: no list", what);
    for (size_t i = 0; i < list->count; i++)
        PROMISE(list->items[i].id >= 1 && list->items[i].title != NULL, "%s: song %zu", what, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_catalog_once(&db, &index_);
    char *text = fuzz_text(data, size, 1024);

    ostrec_song_list *list = NULL;
    int rc = ostrec_search(db, text, 10, &list);
    if (rc == OSTREC_OK) {
        check_list(list, "search");
        PROMISE(list->count <= 10, "search: %zu songs for limit 10", list->count);
    } else {
        expect_refusal(db, rc, "search");
    }
    ostrec_song_list_free(list);

    list = NULL;
    rc = ostrec_resolve(db, text, &list);
    if (rc == OSTREC_OK || rc == OSTREC_EAMBIGUOUS || rc == OSTREC_ENOTFOUND) {
        check_list(list, "resolve");
        if (rc == OSTREC_OK) {
            PROMISE(list->count == 1, "resolve: %zu songs", list->count);
            check_similar(db, index_, list->items[0].id);
        }
        if (rc == OSTREC_EAMBIGUOUS) PROMISE(list->count >= 2, "ambiguous with %zu songs", list->count);
        if (rc == OSTREC_ENOTFOUND) PROMISE(list->count <= 5, "not found with %zu suggestions", list->count);
        if (rc != OSTREC_OK) expect_refusal(db, rc, "resolve");
    } else {
        expect_refusal(db, rc, "resolve");
    }
    ostrec_song_list_free(list);

    ostrec_target t;
    rc = ostrec_target_moods(db, text, &t);
    if (rc == OSTREC_OK) {
        PROMISE(t.mood_count >= 1 && t.mood_count <= OSTREC_TARGET_WORDS, "%zu mood words", t.mood_count);
        PROMISE(t.valence >= -1 && t.valence <= 1 && t.arousal >= -1 && t.arousal <= 1, "target at %g/%g",
                t.valence, t.arousal);
        double sum = 0;
        for (size_t m = 0; m < t.mood_count; m++) {
            PROMISE(t.moods[m] != NULL && t.mood_weights[m] > 0, "mood %zu", m);
            sum += t.mood_weights[m];
        }
        PROMISE(fabs(sum - 1) <= 1e-6, "mood weights add up to %g", sum);
        ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
        q.targets = &t;
        q.target_count = 1;
        q.n = 5;
        ostrec_playlist *p = NULL;
        rc = ostrec_playlist_make(db, index_, &q, &p);
        PROMISE(rc == OSTREC_OK, "playlist: %d %s", rc, ostrec_errmsg(db));
        for (size_t i = 0; i < p->count; i++) check_result(&p->items[i].song, "playlist");
        ostrec_playlist_free(p);
    } else {
        expect_refusal(db, rc, "target moods");
    }
    free(text);
    return 0;
}
