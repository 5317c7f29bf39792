/* fuzz_model.c: fuzz target: the input as a model file for ostrec_model_load,
 * checked against a small catalog; an accepted model must give sound scores. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ostrec *db;
    if (db == NULL) db = fuzz_open_with(ostrec_fuzz_mini_csv);
    ostrec_model *model = (ostrec_model *)&db; /* must be reset to NULL on failure */
    int rc = ostrec_model_load(db, fuzz_file(FUZZ_FILE_INPUT, data, size), &model);
    if (rc != OSTREC_OK) {
        expect_refusal(db, rc, "model load");
        PROMISE(model == NULL, "a refused model was handed out");
        return 0;
    }
    PROMISE(ostrec_model_name(model) != NULL, "a model without a name");
    for (int g = 0; g < OSTREC_GROUPS; g++) {
        double w = ostrec_model_weight(model, (ostrec_group)g);
        PROMISE(isfinite(w) && w >= 0, "group %d has weight %g", g, w);
    }
    check_catalog_queries(db, model);
    ostrec_model_free(model);
    return 0;
}
