/* fuzz_scenes.c: fuzz target: the input as a scenes file for
 * ostrec_scenes_load; each accepted scene is checked and played as a
 * playlist on the shipped catalog. */
#include "fuzz.h"

static ostrec *db;
static ostrec_index *index_;

static void check_playlist(const ostrec_target *targets, size_t count, size_t n)
{
    ostrec_playlist_query q = OSTREC_PLAYLIST_INIT;
    q.targets = targets;
    q.target_count = count;
    q.n = n;
    ostrec_playlist *p = NULL;
    int rc = ostrec_playlist_make(db, index_, &q, &p);
    PROMISE(rc == OSTREC_OK, "playlist of %zu targets: %d %s", count, rc, ostrec_errmsg(db));
    PROMISE(p->count <= n, "%zu songs for n = %zu", p->count, n);
    for (size_t i = 0; i < p->count; i++) {
        check_result(&p->items[i].song, "playlist");
        PROMISE(isfinite(p->items[i].target_valence) && isfinite(p->items[i].target_arousal), "target point");
    }
    ostrec_playlist_free(p);
}

static void check_target(const ostrec_target *t, const char *id)
{
    PROMISE(t->valence >= -1 && t->valence <= 1 && t->arousal >= -1 && t->arousal <= 1, "scene %s at %g/%g", id,
            t->valence, t->arousal);
    PROMISE(t->mood_count <= OSTREC_TARGET_WORDS && t->genre_count <= OSTREC_TARGET_WORDS, "scene %s: too many words",
            id);
    double sum = 0;
    for (size_t m = 0; m < t->mood_count; m++) {
        PROMISE(t->moods[m] != NULL && t->mood_weights[m] > 0, "scene %s: mood %zu", id, m);
        sum += t->mood_weights[m];
    }
    PROMISE(t->mood_count == 0 || fabs(sum - 1) <= 1e-6, "scene %s: mood weights add up to %g", id, sum);
    for (size_t g = 0; g < t->genre_count; g++) PROMISE(t->genres[g] != NULL, "scene %s: genre %zu", id, g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_catalog_once(&db, &index_);
    ostrec_scenes *scenes = (ostrec_scenes *)&db; /* must be reset to NULL on failure */
    int rc = ostrec_scenes_load(db, fuzz_file(FUZZ_FILE_INPUT, data, size), &scenes);
    if (rc != OSTREC_OK) {
        expect_refusal(db, rc, "scenes load");
        PROMISE(scenes == NULL, "refused scenes were handed out");
        return 0;
    }
    size_t n = ostrec_scenes_count(scenes);
    ostrec_target arc[4];
    size_t arc_count = 0;
    for (size_t i = 0; i < n; i++) {
        const ostrec_scene *s = ostrec_scenes_at(scenes, i);
        PROMISE(s != NULL && s->id != NULL && s->name != NULL, "scene %zu incomplete", i);
        PROMISE(ostrec_scenes_find(scenes, s->id) != NULL, "scene '%s' not found by id", s->id);
        check_target(&s->target, s->id);
        if (i < 8) check_playlist(&s->target, 1, 5);
        if (arc_count < 4) arc[arc_count++] = s->target;
    }
    PROMISE(ostrec_scenes_at(scenes, n) == NULL, "a scene past the end");
    if (arc_count >= 2) check_playlist(arc, arc_count, 6);
    ostrec_scenes_free(scenes);
    return 0;
}
