/* taste_out.c: results "for me" as JSON, CSV or XSPF, each result with the
 * liked and played songs that pulled it up. */
#include "profile.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#define REASONS 3

static cJSON *because_json(const ostrec_index *index, const ostrec_taste *taste, const ostrec_result *r)
{
    int64_t ids[REASONS];
    size_t n = ostrec_taste_reasons(index, taste, r, ids, REASONS);
    return results_song_refs(index, ids, n);
}

static char *taste_json(const ostrec_index *index, const char *profile, const ostrec_taste *taste,
                        const ostrec_query *q, const ostrec_results *results)
{
    cJSON *root = cJSON_CreateObject(), *query = cJSON_CreateObject(), *list = cJSON_CreateArray();
    int ok = root && query && cJSON_AddStringToObject(root, "profile", profile) &&
             cJSON_AddItemToObject(root, "query", query);
    if (!ok) cJSON_Delete(query);
    ok = ok && list && cJSON_AddItemToObject(root, "results", list);
    if (!ok || !list) cJSON_Delete(list);
    ok = ok && cJSON_AddNumberToObject(query, "n", (double)q->k) &&
         cJSON_AddBoolToObject(query, "new_only", !q->keep_seeds) &&
         cJSON_AddNumberToObject(query, "seeds", (double)q->seed_count) &&
         cJSON_AddNumberToObject(query, "negatives", (double)q->negative_count) &&
         cJSON_AddItemToObject(root, "model", results_model_json(index));
    for (size_t i = 0; ok && i < results->count; i++) {
        const ostrec_result *r = &results->items[i];
        cJSON *item = results_item_shares_json(index, r);
        ok = item && cJSON_AddItemToObject(item, "because", because_json(index, taste, r));
        if (!ok || !cJSON_AddItemToArray(list, item)) {
            cJSON_Delete(item);
            ok = 0;
        }
    }
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return text;
}

static void write_csv(const ostrec_index *index, const ostrec_taste *taste, const ostrec_results *results, FILE *out)
{
    results_csv_header(out);
    fputs(",because\n", out);
    for (size_t i = 0; i < results->count; i++) {
        int64_t ids[REASONS];
        size_t n = ostrec_taste_reasons(index, taste, &results->items[i], ids, REASONS);
        results_csv_row(&results->items[i], out);
        fputc(',', out);
        for (size_t j = 0; j < n; j++) fprintf(out, "%s%lld", j ? ";" : "", (long long)ids[j]);
        fputc('\n', out);
    }
}

static void write_xspf(const char *profile, const ostrec_results *results, FILE *out)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n  <title>ostrec: for ",
          out);
    results_xml_text(out, profile);
    fputs("</title>\n  <creator>ostrec " OSTREC_VERSION "</creator>\n  <trackList>\n", out);
    for (size_t i = 0; i < results->count; i++) {
        results_xspf_track(out, &results->items[i]);
        fprintf(out, "      <annotation>score %.4f</annotation>\n    </track>\n", results->items[i].score);
    }
    fputs("  </trackList>\n</playlist>\n", out);
}

int ostrec_taste_results_write(ostrec *db, const ostrec_index *index, const char *profile, const ostrec_taste *taste,
                               const ostrec_query *query_in, const ostrec_results *results,
                               ostrec_results_format format, FILE *out)
{
    ostrec_query q;
    if (index == NULL || taste == NULL || query_in == NULL || results == NULL || out == NULL)
        return ostrec__fail(db, OSTREC_EINVAL, "results: nothing to write");
    int rc = options_read_query(db, query_in, &q);
    if (rc != OSTREC_OK) return rc;
    if (profile == NULL) profile = OSTREC_PROFILE_DEFAULT;
    if (format == OSTREC_RESULTS_JSON) rc = results_put_json(db, taste_json(index, profile, taste, &q, results), out);
    else if (format == OSTREC_RESULTS_CSV) write_csv(index, taste, results, out);
    else if (format == OSTREC_RESULTS_XSPF) write_xspf(profile, results, out);
    else return ostrec__fail(db, OSTREC_EINVAL, "results: unknown format %d", (int)format);
    return rc == OSTREC_OK ? results_flushed(db, out, "results") : rc;
}
