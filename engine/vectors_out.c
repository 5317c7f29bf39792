/* vectors_out.c: the feature matrix written out with song ids and column
 * names (CSV or JSON), for numpy, a vector database or a spreadsheet. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

static int write_csv(const ostrec_index *index, FILE *out)
{
    float *row = malloc(index->dim * sizeof *row);
    if (row == NULL) return OSTREC_ENOMEM;
    fputs("id", out);
    for (size_t j = 0; j < index->dim; j++) fprintf(out, ",%s", index->columns[j]);
    fputc('\n', out);
    for (size_t r = 0; r < index->count; r++) {
        index_row(index, r, row);
        fprintf(out, "%lld", (long long)index->id[r]);
        /* %.9g keeps every bit of a float32. */
        for (size_t j = 0; j < index->dim; j++) fprintf(out, row[j] == 0 ? ",0" : ",%.9g", (double)row[j]);
        fputc('\n', out);
    }
    free(row);
    return OSTREC_OK;
}

static cJSON *vectors_json(const ostrec_index *index)
{
    float *row = malloc(index->dim * sizeof *row);
    if (row == NULL) return NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *columns = NULL, *groups = NULL, *rows = NULL;
    int ok = root && cJSON_AddStringToObject(root, "model", index->model.name) &&
             (columns = cJSON_AddArrayToObject(root, "columns")) &&
             (groups = cJSON_AddObjectToObject(root, "groups")) && (rows = cJSON_AddArrayToObject(root, "rows"));
    for (size_t j = 0; ok && j < index->dim; j++)
        ok = cJSON_AddItemToArray(columns, cJSON_CreateString(index->columns[j]));
    /* groups: {"genre": [first column, end column), ...} */
    for (int g = 0; ok && g < OSTREC_GROUPS; g++) {
        int range[2] = {(int)index->block[g], (int)index->block[g + 1]};
        ok = cJSON_AddItemToObject(groups, ostrec_group_name((ostrec_group)g), cJSON_CreateIntArray(range, 2));
    }
    for (size_t r = 0; ok && r < index->count; r++) {
        index_row(index, r, row);
        cJSON *item = cJSON_CreateObject(), *vector = cJSON_CreateFloatArray(row, (int)index->dim);
        ok = item && vector && cJSON_AddItemToArray(rows, item);
        if (!ok) {
            cJSON_Delete(item);
            cJSON_Delete(vector);
            break;
        }
        ok = cJSON_AddNumberToObject(item, "id", (double)index->id[r]) &&
             cJSON_AddItemToObject(item, "vector", vector);
        if (!ok) cJSON_Delete(vector);
    }
    free(row);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

int ostrec_index_write_vectors(ostrec *db, const ostrec_index *index, FILE *out, ostrec_format format)
{
    if (index == NULL || out == NULL) return ostrec__fail(db, OSTREC_EINVAL, "vectors: no index given");
    if (format == OSTREC_FORMAT_CSV) {
        if (write_csv(index, out) != OSTREC_OK) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    } else if (format == OSTREC_FORMAT_JSON) {
        cJSON *root = vectors_json(index);
        char *text = root ? cJSON_PrintUnformatted(root) : NULL;
        cJSON_Delete(root);
        if (text == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
        fputs(text, out);
        fputc('\n', out);
        free(text);
    } else {
        return ostrec__fail(db, OSTREC_EINVAL, "vectors: the format must be CSV or JSON");
    }
    if (fflush(out) != 0 || ferror(out)) return ostrec__fail(db, OSTREC_EIO, "cannot write the vectors");
    return OSTREC_OK;
}
