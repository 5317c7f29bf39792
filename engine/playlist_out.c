/* playlist_out.c: a playlist as JSON (cJSON), CSV, or an XSPF playlist file,
 * each song with its place on the mood plane, the point its step aimed at,
 * and its score split into per-group terms. */
#include "internal.h"

#include <cjson/cJSON.h>

static const char *mode_name(const ostrec_playlist_query *q)
{
    return q->from != 0 ? "path" : q->target_count > 1 ? "arc" : "target";
}

static cJSON *target_json(const ostrec_target *t)
{
    cJSON *obj = cJSON_CreateObject(), *moods = cJSON_CreateObject(), *genres = cJSON_CreateArray();
    int ok = obj && moods && genres &&
             (t->label ? cJSON_AddStringToObject(obj, "label", t->label) : cJSON_AddNullToObject(obj, "label")) &&
             cJSON_AddNumberToObject(obj, "valence", t->valence) && cJSON_AddNumberToObject(obj, "arousal", t->arousal) &&
             cJSON_AddItemToObject(obj, "moods", moods);
    if (!ok) cJSON_Delete(moods);
    ok = ok && cJSON_AddItemToObject(obj, "genres", genres);
    if (!ok) cJSON_Delete(genres);
    for (size_t i = 0; ok && i < t->mood_count; i++) ok = cJSON_AddNumberToObject(moods, t->moods[i], t->mood_weights[i]) != NULL;
    for (size_t i = 0; ok && i < t->genre_count; i++) ok = cJSON_AddItemToArray(genres, cJSON_CreateString(t->genres[i]));
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static cJSON *end_json(const ostrec_index *index, int64_t id)
{
    if (id == 0) return cJSON_CreateNull();
    cJSON *refs = results_song_refs(index, &id, 1), *one = refs ? cJSON_DetachItemFromArray(refs, 0) : NULL;
    cJSON_Delete(refs);
    return one;
}

static cJSON *request_json(const ostrec_index *index, const ostrec_playlist_query *q)
{
    cJSON *obj = cJSON_CreateObject(), *targets = cJSON_CreateArray();
    int ok = obj && targets && cJSON_AddStringToObject(obj, "mode", mode_name(q)) &&
             cJSON_AddItemToObject(obj, "targets", targets);
    if (!ok) cJSON_Delete(targets);
    for (size_t i = 0; ok && i < q->target_count; i++) ok = cJSON_AddItemToArray(targets, target_json(&q->targets[i]));
    ok = ok && cJSON_AddItemToObject(obj, "from", end_json(index, q->from)) &&
         cJSON_AddItemToObject(obj, "to", end_json(index, q->to)) && cJSON_AddNumberToObject(obj, "n", (double)q->n) &&
         (q->year_from ? cJSON_AddNumberToObject(obj, "year_from", q->year_from) : cJSON_AddNullToObject(obj, "year_from")) &&
         (q->year_to ? cJSON_AddNumberToObject(obj, "year_to", q->year_to) : cJSON_AddNullToObject(obj, "year_to")) &&
         cJSON_AddStringToObject(obj, "instrumental", results_instrumental_name(q->instrumental)) &&
         cJSON_AddNumberToObject(obj, "max_per_artist", (double)q->max_per_artist) &&
         cJSON_AddBoolToObject(obj, "one_per_drama", q->one_per_drama) &&
         (q->shuffle ? cJSON_AddNumberToObject(obj, "seed_rng", (double)q->seed) : cJSON_AddNullToObject(obj, "seed_rng"));
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static cJSON *item_json(const ostrec_playlist_item *item)
{
    cJSON *obj = results_item_json(&item->song), *target = cJSON_CreateObject();
    int ok = obj && target && cJSON_AddNumberToObject(target, "valence", item->target_valence) &&
             cJSON_AddNumberToObject(target, "arousal", item->target_arousal) &&
             cJSON_AddItemToObject(obj, "target", target);
    if (!ok) {
        cJSON_Delete(target);
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static char *playlist_json(const ostrec_index *index, const ostrec_playlist_query *q, const ostrec_playlist *p)
{
    cJSON *root = cJSON_CreateObject(), *list = cJSON_CreateArray();
    int ok = root && list && cJSON_AddItemToObject(root, "query", request_json(index, q)) &&
             cJSON_AddItemToObject(root, "model", results_model_json(index)) &&
             cJSON_AddNumberToObject(root, "count", (double)p->count) &&
             cJSON_AddNumberToObject(root, "candidates", (double)p->candidates) &&
             cJSON_AddItemToObject(root, "playlist", list);
    if (!ok) cJSON_Delete(list);
    for (size_t i = 0; ok && i < p->count; i++) ok = cJSON_AddItemToArray(list, item_json(&p->items[i]));
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return text;
}

static void write_csv(const ostrec_playlist *p, FILE *out)
{
    results_csv_header(out);
    fputs(",target_valence,target_arousal\n", out);
    for (size_t i = 0; i < p->count; i++) {
        results_csv_row(&p->items[i].song, out);
        fprintf(out, ",%.3f,%.3f\n", p->items[i].target_valence, p->items[i].target_arousal);
    }
}

/* "farewell", "calm → tense → triumphant", "Stay With Me → Sweet Night". */
static void write_xspf_title(const ostrec_index *index, const ostrec_playlist_query *q, FILE *out)
{
    if (q->from != 0) {
        long a = index_find(index, q->from), b = index_find(index, q->to);
        results_xml_text(out, a >= 0 ? index_title(index, (size_t)a) : "?");
        fputs(" \xe2\x86\x92 ", out);
        results_xml_text(out, b >= 0 ? index_title(index, (size_t)b) : "?");
        return;
    }
    for (size_t i = 0; i < q->target_count; i++) {
        const ostrec_target *t = &q->targets[i];
        if (i) fputs(" \xe2\x86\x92 ", out);
        if (t->label) results_xml_text(out, t->label);
        else fprintf(out, "(%.2f, %.2f)", t->valence, t->arousal);
    }
}

static void write_xspf(const ostrec_index *index, const ostrec_playlist_query *q, const ostrec_playlist *p, FILE *out)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n  <title>ostrec: ",
          out);
    write_xspf_title(index, q, out);
    fputs("</title>\n  <creator>ostrec " OSTREC_VERSION "</creator>\n  <trackList>\n", out);
    for (size_t i = 0; i < p->count; i++) {
        const ostrec_result *r = &p->items[i].song;
        results_xspf_track(out, r);
        fprintf(out,
                "      <annotation>valence %.2f, arousal %.2f; aimed at (%.2f, %.2f); score %.4f</annotation>\n"
                "    </track>\n",
                r->valence, r->arousal, p->items[i].target_valence, p->items[i].target_arousal, r->score);
    }
    fputs("  </trackList>\n</playlist>\n", out);
}

int ostrec_playlist_write(ostrec *db, const ostrec_index *index, const ostrec_playlist_query *query_in,
                          const ostrec_playlist *playlist, ostrec_results_format format, FILE *out)
{
    ostrec_playlist_query request;
    const ostrec_playlist_query *query = &request;
    if (index == NULL || query_in == NULL || playlist == NULL || out == NULL)
        return ostrec__fail(db, OSTREC_EINVAL, "playlist: nothing to write");
    int rc = options_read_playlist(db, query_in, &request);
    if (rc != OSTREC_OK) return rc;
    if (format == OSTREC_RESULTS_JSON) {
        int rc = results_put_json(db, playlist_json(index, query, playlist), out);
        if (rc != OSTREC_OK) return rc;
    } else if (format == OSTREC_RESULTS_CSV) {
        write_csv(playlist, out);
    } else if (format == OSTREC_RESULTS_XSPF) {
        write_xspf(index, query, playlist, out);
    } else {
        return ostrec__fail(db, OSTREC_EINVAL, "playlist: unknown format %d", (int)format);
    }
    return results_flushed(db, out, "playlist");
}
