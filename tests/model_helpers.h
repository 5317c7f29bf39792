/* model_helpers.h: build small model files for the model, index and ranking
 * tests, so each worked example states its weights and kernels in place. */
#ifndef OSTREC_TEST_MODEL_HELPERS_H
#define OSTREC_TEST_MODEL_HELPERS_H

#include "helpers.h"

/* Parameters of a model file; model_json() writes them out. */
typedef struct {
    double genre, mood, era, vocal, artist; /* weights */
    double tag_share, mood_width;
    int grid;
    int era_from, era_to;
    double era_step, era_width;
} model_params;

/* The shipped default's shape with every weight 1. */
#define MODEL_PARAMS_EVEN {1, 1, 1, 1, 1, 0.5, 0.35, 7, 2005, 2030, 1, 3}

static inline char *model_json(const model_params *p)
{
    char *text = malloc(1024);
    assert_non_null(text);
    snprintf(text, 1024,
             "{\"name\": \"test\", \"groups\": {"
             "\"genre\": {\"vocabulary\": \"genres\", \"weight\": %g},"
             "\"mood\": {\"vocabulary\": \"moods\", \"weight\": %g, \"tag_share\": %g, \"grid\": %d, \"width\": %g},"
             "\"era\": {\"weight\": %g, \"from\": %d, \"to\": %d, \"step\": %g, \"width\": %g},"
             "\"vocal_style\": {\"vocabulary\": \"vocal-styles\", \"weight\": %g},"
             "\"artist_type\": {\"vocabulary\": \"artist-types\", \"weight\": %g}}}",
             p->genre, p->mood, p->tag_share, p->grid, p->mood_width, p->era, p->era_from, p->era_to,
             p->era_step, p->era_width, p->vocal, p->artist);
    return text;
}

/* Load a model from JSON text through a temporary file; returns the code
 * and leaves the model (or NULL) in *out. */
static inline int load_model_text(ostrec *db, const char *json, ostrec_model **out)
{
    char *path = temp_text(".json", json);
    int rc = ostrec_model_load(db, path, out);
    temp_remove(path);
    return rc;
}

static inline ostrec_model *load_model_params(ostrec *db, const model_params *p)
{
    char *json = model_json(p);
    ostrec_model *m = NULL;
    if (load_model_text(db, json, &m) != OSTREC_OK) fail_msg("model: %s", ostrec_errmsg(db));
    free(json);
    return m;
}

static inline ostrec_index *build_index(ostrec *db, const ostrec_model *m)
{
    ostrec_index *index = NULL;
    if (ostrec_index_build(db, m, &index) != OSTREC_OK) fail_msg("index: %s", ostrec_errmsg(db));
    return index;
}

#endif
