/* results_out.c: recommendation results as JSON (cJSON), CSV, or an XSPF
 * playlist (the XML format that names tracks by title, creator and album). */
#include "internal.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#define XML_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

const char *results_instrumental_name(ostrec_instrumental v)
{
    return v == OSTREC_INSTRUMENTAL_ONLY ? "yes" : v == OSTREC_INSTRUMENTAL_NONE ? "no" : "any";
}

/* [{"id", "title", "artist"}] for the songs of ids that the index holds. */
cJSON *results_song_refs(const ostrec_index *index, const int64_t *ids, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < n; i++) {
        cJSON *obj = cJSON_CreateObject();
        if (obj == NULL || !cJSON_AddItemToArray(arr, obj)) {
            cJSON_Delete(obj);
            cJSON_Delete(arr);
            return NULL;
        }
        long r = index_find(index, ids[i]);
        index_song s;
        if (r >= 0) index_song_at(index, (size_t)r, &s);
        if (!cJSON_AddNumberToObject(obj, "id", (double)ids[i]) ||
            (r >= 0 && (!cJSON_AddStringToObject(obj, "title", s.title) ||
                        !cJSON_AddStringToObject(obj, "artist", s.artist)))) {
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

static cJSON *query_json(const ostrec_index *index, const ostrec_query *q)
{
    cJSON *obj = cJSON_CreateObject();
    if (obj == NULL) return NULL;
    int ok = cJSON_AddItemToObject(obj, "seeds", results_song_refs(index, q->seeds, q->seed_count)) &&
             cJSON_AddItemToObject(obj, "not", results_song_refs(index, q->negatives, q->negative_count)) &&
             cJSON_AddNumberToObject(obj, "n", (double)q->k) &&
             (q->year_from ? cJSON_AddNumberToObject(obj, "year_from", q->year_from)
                           : cJSON_AddNullToObject(obj, "year_from")) &&
             (q->year_to ? cJSON_AddNumberToObject(obj, "year_to", q->year_to)
                         : cJSON_AddNullToObject(obj, "year_to")) &&
             (q->shift_year != 0 ? cJSON_AddNumberToObject(obj, "shift_year", q->shift_year)
                                 : cJSON_AddNullToObject(obj, "shift_year")) &&
             cJSON_AddBoolToObject(obj, "exclude_drama", q->exclude_seed_dramas) &&
             cJSON_AddBoolToObject(obj, "exclude_artist", q->exclude_seed_artists) &&
             cJSON_AddNumberToObject(obj, "max_per_artist", (double)q->max_per_artist) &&
             cJSON_AddBoolToObject(obj, "one_per_drama", q->one_per_drama) &&
             cJSON_AddNumberToObject(obj, "diversity", q->diversity) &&
             cJSON_AddStringToObject(obj, "instrumental", results_instrumental_name(q->instrumental));
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

cJSON *results_model_json(const ostrec_index *index)
{
    cJSON *obj = cJSON_CreateObject(), *weights = cJSON_CreateObject();
    int ok = obj && weights && cJSON_AddStringToObject(obj, "name", index->model.name) &&
             cJSON_AddItemToObject(obj, "weights", weights);
    if (!ok) cJSON_Delete(weights);
    for (int g = 0; ok && g < OSTREC_GROUPS; g++)
        ok = cJSON_AddNumberToObject(weights, ostrec_group_name((ostrec_group)g), index->model.weight[g]) != NULL;
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

cJSON *results_item_json(const ostrec_result *r)
{
    cJSON *obj = cJSON_CreateObject(), *explain = cJSON_CreateObject();
    int ok = obj && explain && cJSON_AddNumberToObject(obj, "rank", (double)r->rank) &&
             cJSON_AddNumberToObject(obj, "id", (double)r->id) &&
             cJSON_AddStringToObject(obj, "title", r->title ? r->title : "") &&
             cJSON_AddStringToObject(obj, "artist", r->artist ? r->artist : "") &&
             cJSON_AddStringToObject(obj, "drama", r->drama ? r->drama : "") &&
             cJSON_AddNumberToObject(obj, "year", r->year) && cJSON_AddNumberToObject(obj, "score", r->score) &&
             cJSON_AddItemToObject(obj, "explain", explain);
    if (!ok) cJSON_Delete(explain);
    for (int g = 0; ok && g < OSTREC_GROUPS; g++)
        ok = cJSON_AddNumberToObject(explain, ostrec_group_name((ostrec_group)g), r->terms[g]) != NULL;
    ok = ok && cJSON_AddNumberToObject(obj, "valence", r->valence) &&
         cJSON_AddNumberToObject(obj, "arousal", r->arousal);
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

cJSON *results_item_shares_json(const ostrec_index *index, const ostrec_result *r)
{
    cJSON *item = results_item_json(r), *shares = item ? cJSON_AddObjectToObject(item, "shares") : NULL;
    int ok = shares != NULL;
    for (int g = 0; ok && g < OSTREC_GROUPS; g++)
        ok = cJSON_AddNumberToObject(shares, ostrec_group_name((ostrec_group)g),
                                     ostrec_term_share(index, r, (ostrec_group)g)) != NULL;
    if (!ok) {
        cJSON_Delete(item);
        return NULL;
    }
    return item;
}

/* The results as JSON: each with its terms ("explain"), their shares of
 * their maxima ("shares") and, when db is given, the words
 * (ostrec_result_words). NULL when memory runs out. */
static char *results_json(ostrec *db, const ostrec_index *index, const ostrec_query *query,
                          const ostrec_results *results)
{
    cJSON *root = cJSON_CreateObject(), *list = cJSON_CreateArray();
    int ok = root && list && cJSON_AddItemToObject(root, "query", query_json(index, query)) &&
             cJSON_AddItemToObject(root, "model", results_model_json(index)) && cJSON_AddItemToObject(root, "results", list);
    if (!ok) cJSON_Delete(list);
    for (size_t i = 0; ok && i < results->count; i++) {
        const ostrec_result *r = &results->items[i];
        cJSON *item = results_item_shares_json(index, r);
        ok = item != NULL;
        char words[1024];
        if (ok && db != NULL && ostrec_result_words(db, query, r, words, sizeof words) == OSTREC_OK)
            ok = cJSON_AddStringToObject(item, "words", words) != NULL;
        if (!ok || !cJSON_AddItemToArray(list, item)) {
            cJSON_Delete(item);
            ok = 0;
        }
    }
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return text;
}

char *ostrec_results_to_json(const ostrec_index *index, const ostrec_query *query_in, const ostrec_results *results)
{
    ostrec_query q;
    if (index == NULL || results == NULL || options_read_query(NULL, query_in, &q) != OSTREC_OK) return NULL;
    return results_json(NULL, index, &q, results);
}

void results_csv_header(FILE *out)
{
    fputs("rank,id,title,artist,drama,year,score", out);
    for (int g = 0; g < OSTREC_GROUPS; g++) fprintf(out, ",%s", ostrec_group_name((ostrec_group)g));
    fputs(",valence,arousal", out);
}

void results_csv_row(const ostrec_result *r, FILE *out)
{
    fprintf(out, "%zu,%lld,", r->rank, (long long)r->id);
    csv_write_field(out, r->title ? r->title : "", 0);
    csv_write_field(out, r->artist ? r->artist : "", 0);
    csv_write_field(out, r->drama ? r->drama : "", 0);
    fprintf(out, "%d,%.6f", r->year, r->score);
    for (int g = 0; g < OSTREC_GROUPS; g++) fprintf(out, ",%.6f", r->terms[g]);
    fprintf(out, ",%.3f,%.3f", r->valence, r->arousal);
}

static void write_csv(const ostrec_results *results, FILE *out)
{
    results_csv_header(out);
    fputc('\n', out);
    for (size_t i = 0; i < results->count; i++) {
        results_csv_row(&results->items[i], out);
        fputc('\n', out);
    }
}

/* Text escaped for XML character data and attribute values. XML 1.0 cannot
 * carry the C0 controls other than tab, newline and carriage return, nor
 * U+FFFE and U+FFFF, even as character references: each becomes U+FFFD (the
 * replacement character). Tab, newline and carriage return are written as
 * references, so attribute values keep them too. */
void results_xml_text(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\t': fputs("&#9;", out); break;
        case '\n': fputs("&#10;", out); break;
        case '\r': fputs("&#13;", out); break;
        default:
            if (*p < 0x20) {
                fputs(XML_REPLACEMENT, out);
            } else if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
                fputs(XML_REPLACEMENT, out); /* U+FFFE, U+FFFF */
                p += 2;
            } else {
                fputc(*p, out);
            }
        }
    }
}

void results_xspf_track(FILE *out, const ostrec_result *r)
{
    fputs("    <track>\n      <title>", out);
    results_xml_text(out, r->title ? r->title : "");
    fputs("</title>\n      <creator>", out);
    results_xml_text(out, r->artist ? r->artist : "");
    fputs("</creator>\n      <album>", out);
    results_xml_text(out, r->drama ? r->drama : "");
    fprintf(out, "</album>\n      <trackNum>%zu</trackNum>\n", r->rank);
}

int results_put_json(ostrec *db, char *text, FILE *out)
{
    if (text == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    fputs(text, out);
    fputc('\n', out);
    free(text);
    return OSTREC_OK;
}

int results_flushed(ostrec *db, FILE *out, const char *what)
{
    if (fflush(out) != 0 || ferror(out)) return ostrec__fail(db, OSTREC_EIO, "cannot write the %s", what);
    return OSTREC_OK;
}

static void write_xspf(const ostrec_index *index, const ostrec_query *q, const ostrec_results *results, FILE *out)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n  <title>ostrec: more like ",
          out);
    for (size_t i = 0; i < q->seed_count; i++) {
        long r = index_find(index, q->seeds[i]);
        if (i) fputs(" + ", out);
        results_xml_text(out, r >= 0 ? index_title(index, (size_t)r) : "?");
    }
    fputs("</title>\n  <creator>ostrec " OSTREC_VERSION "</creator>\n  <trackList>\n", out);
    for (size_t i = 0; i < results->count; i++) {
        const ostrec_result *r = &results->items[i];
        results_xspf_track(out, r);
        fprintf(out, "      <annotation>score %.4f (", r->score);
        for (int g = 0; g < OSTREC_GROUPS; g++)
            fprintf(out, "%s%s %.4f", g ? ", " : "", ostrec_group_name((ostrec_group)g), r->terms[g]);
        fputs(")</annotation>\n    </track>\n", out);
    }
    fputs("  </trackList>\n</playlist>\n", out);
}

int ostrec_results_write(ostrec *db, const ostrec_index *index, const ostrec_query *query_in,
                         const ostrec_results *results, ostrec_results_format format, FILE *out)
{
    ostrec_query q;
    const ostrec_query *query = &q;
    if (index == NULL || query_in == NULL || results == NULL || out == NULL)
        return ostrec__fail(db, OSTREC_EINVAL, "results: nothing to write");
    int rc = options_read_query(db, query_in, &q);
    if (rc != OSTREC_OK) return rc;
    if (format == OSTREC_RESULTS_JSON) {
        int rc = results_put_json(db, results_json(db, index, query, results), out);
        if (rc != OSTREC_OK) return rc;
    } else if (format == OSTREC_RESULTS_CSV) {
        write_csv(results, out);
    } else if (format == OSTREC_RESULTS_XSPF) {
        write_xspf(index, query, results, out);
    } else {
        return ostrec__fail(db, OSTREC_EINVAL, "results: unknown format %d", (int)format);
    }
    return results_flushed(db, out, "results");
}
