/* fuzz_vocab.c: fuzz target: the input as the vocabulary file of ostrec_open;
 * an accepted vocabulary is read back, and the built-in model, scenes and a
 * small catalog are tried against it. */
#include "fuzz.h"

static void check_vocab(const ostrec *db)
{
    for (int k = 0; k < OSTREC_VOCAB_KINDS; k++) {
        size_t n = ostrec_vocab_count(db, (ostrec_vocab_kind)k);
        for (size_t i = 0; i < n; i++) {
            const ostrec_term *t = ostrec_vocab_term(db, (ostrec_vocab_kind)k, i);
            PROMISE(t != NULL && t->id != NULL && t->name != NULL, "kind %d: term %zu incomplete", k, i);
            PROMISE(ostrec_vocab_find(db, (ostrec_vocab_kind)k, t->id) != NULL, "kind %d: '%s' not found", k, t->id);
            if (k == OSTREC_VOCAB_MOODS)
                PROMISE(t->valence >= -1 && t->valence <= 1 && t->arousal >= -1 && t->arousal <= 1,
                        "mood '%s' at %g/%g", t->id, t->valence, t->arousal);
        }
        PROMISE(ostrec_vocab_term(db, (ostrec_vocab_kind)k, n) == NULL, "kind %d: a term past the end", k);
    }
    size_t eras = ostrec_era_count(db);
    for (size_t i = 0; i < eras; i++) {
        const ostrec_era *e = ostrec_era_at(db, i);
        PROMISE(e != NULL && e->id != NULL && e->name != NULL, "era %zu incomplete", i);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ostrec_open_options options = OSTREC_OPEN_INIT;
    options.vocab_path = fuzz_file(FUZZ_FILE_INPUT, data, size);
    ostrec *db = NULL;
    int rc = ostrec_open(&db, ":memory:", &options);
    if (rc != OSTREC_OK) {
        if (rc != OSTREC_ENOMEM) PROMISE(db != NULL, "a refused open gave no handle");
        if (db != NULL) expect_refusal(db, rc, "open");
        ostrec_close(db);
        return 0;
    }
    check_vocab(db);

    ostrec_scenes *scenes = NULL;
    rc = ostrec_scenes_load(db, NULL, &scenes);
    if (rc != OSTREC_OK) expect_refusal(db, rc, "built-in scenes");
    ostrec_scenes_free(scenes);

    ostrec_model *model = NULL;
    rc = ostrec_model_load(db, NULL, &model);
    if (rc != OSTREC_OK) expect_refusal(db, rc, "built-in model");
    const char *mini = ostrec_fuzz_mini_csv;
    rc = ostrec_import(db, fuzz_file(FUZZ_FILE_BASE, mini, strlen(mini)), OSTREC_FORMAT_CSV, NULL);
    if (rc != OSTREC_OK) expect_refusal(db, rc, "import");
    else if (model != NULL) check_catalog_queries(db, model);
    ostrec_model_free(model);
    ostrec_close(db);
    return 0;
}
