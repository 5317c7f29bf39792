/* cmd_vocab.c: `ostrec vocab [KIND]`: the controlled vocabularies, and for
 * moods their Korean names and place on the valence/arousal plane. */
#include "cli.h"

#include <cjson/cJSON.h>
#include <unistd.h> /* optind */
#include <string.h>

static const char help[] =
    "Usage: ostrec vocab [--format table|json] [genres|moods|vocal-styles|artist-types|eras]\n"
    "List the words the catalog is annotated with (all kinds when none is named).\n"
    "Moods show their Korean name and their valence (unpleasant -1 .. pleasant 1)\n"
    "and arousal (calm -1 .. excited 1).\n\n"
    "  --format FMT   table (default) or json\n"
    "  -h, --help     show this help\n";

#define KIND_ERAS OSTREC_VOCAB_KINDS

static cJSON *kind_json(ostrec *db, int kind)
{
    cJSON *arr = cJSON_CreateArray();
    int ok = arr != NULL;
    if (kind == KIND_ERAS) {
        for (size_t i = 0; ok && i < ostrec_era_count(db); i++) {
            const ostrec_era *e = ostrec_era_at(db, i);
            cJSON *o = cJSON_CreateObject();
            ok = o && cJSON_AddItemToArray(arr, o) && cJSON_AddStringToObject(o, "id", e->id) &&
                 cJSON_AddStringToObject(o, "name", e->name) && cJSON_AddNumberToObject(o, "from", e->from) &&
                 cJSON_AddNumberToObject(o, "to", e->to);
        }
    }
    for (size_t i = 0; ok && kind != KIND_ERAS && i < ostrec_vocab_count(db, (ostrec_vocab_kind)kind); i++) {
        const ostrec_term *t = ostrec_vocab_term(db, (ostrec_vocab_kind)kind, i);
        cJSON *o = cJSON_CreateObject();
        ok = o && cJSON_AddItemToArray(arr, o) && cJSON_AddStringToObject(o, "id", t->id) &&
             cJSON_AddStringToObject(o, "name", t->name);
        if (ok && t->ko)
            ok = cJSON_AddStringToObject(o, "ko", t->ko) && cJSON_AddNumberToObject(o, "valence", t->valence) &&
                 cJSON_AddNumberToObject(o, "arousal", t->arousal);
        ok = ok && cJSON_AddStringToObject(o, "about", t->about);
    }
    if (!ok) {
        cJSON_Delete(arr);
        return NULL;
    }
    return arr;
}

static int kind_table(ostrec *db, int kind)
{
    static const char *const mood_headers[] = {"ID", "KOREAN", "VALENCE", "AROUSAL", "ABOUT"};
    static const char *const term_headers[] = {"ID", "NAME", "ABOUT"};
    static const char *const era_headers[] = {"ID", "YEARS", "NAME"};
    int moods = kind == OSTREC_VOCAB_MOODS;
    table *t = table_new(moods ? 5 : 3, moods ? mood_headers : kind == KIND_ERAS ? era_headers : term_headers);
    int ok = t != NULL;
    size_t n = kind == KIND_ERAS ? ostrec_era_count(db) : ostrec_vocab_count(db, (ostrec_vocab_kind)kind);
    for (size_t i = 0; ok && i < n; i++) {
        char v[16], a[16], years[32];
        if (kind == KIND_ERAS) {
            const ostrec_era *e = ostrec_era_at(db, i);
            snprintf(years, sizeof years, "%d-%d", e->from, e->to);
            const char *cells[] = {e->id, years, e->name};
            ok = table_add(t, cells) == 0;
            continue;
        }
        const ostrec_term *term = ostrec_vocab_term(db, (ostrec_vocab_kind)kind, i);
        snprintf(v, sizeof v, "%+.2f", term->valence);
        snprintf(a, sizeof a, "%+.2f", term->arousal);
        const char *mood_cells[] = {term->id, term->ko, v, a, term->about};
        const char *cells[] = {term->id, term->name, term->about};
        ok = table_add(t, moods ? mood_cells : cells) == 0;
    }
    if (ok) table_print(t, stdout);
    table_free(t);
    if (!ok) cli_error("out of memory");
    return ok ? EXIT_OK : EXIT_RUNTIME;
}

int cmd_vocab(cli_ctx *ctx, int argc, char **argv)
{
    out_format format = OUT_TABLE;
    int status = cli_parse_format_options("vocab", argc, argv, help, &format);
    if (status != EXIT_OK) return status == CLI_HELP_SHOWN ? EXIT_OK : status;
    if (argc - optind > 1) return cli_usage_error("vocab", "expected at most one KIND");
    int only = -1;
    if (optind < argc) {
        for (int k = 0; k <= KIND_ERAS; k++) {
            const char *name = k == KIND_ERAS ? "eras" : ostrec_vocab_kind_name((ostrec_vocab_kind)k);
            if (strcmp(argv[optind], name) == 0) only = k;
        }
        if (only < 0)
            return cli_usage_error("vocab", "unknown KIND '%s': expected genres, moods, vocal-styles, artist-types or eras",
                                   argv[optind]);
    }
    /* The vocabulary needs no songs and no database; a broken --vocab file
     * is reported as everywhere else. */
    if ((status = cli_open(ctx, CLI_VOCAB)) != EXIT_OK) return status;

    if (format == OUT_JSON) {
        cJSON *root = only >= 0 ? kind_json(ctx->db, only) : cJSON_CreateObject();
        for (int k = 0; root && only < 0 && k <= KIND_ERAS; k++) {
            const char *name = k == KIND_ERAS ? "eras" : ostrec_vocab_kind_name((ostrec_vocab_kind)k);
            cJSON *arr = kind_json(ctx->db, k);
            if (arr == NULL || !cJSON_AddItemToObject(root, name, arr)) {
                cJSON_Delete(arr);
                cJSON_Delete(root);
                root = NULL;
            }
        }
        status = cli_print_json(root ? cJSON_Print(root) : NULL);
        cJSON_Delete(root);
        return status;
    }
    for (int k = 0; k <= KIND_ERAS && status == EXIT_OK; k++) {
        if (only >= 0 && k != only) continue;
        if (only < 0) printf("%s%s\n", k ? "\n" : "", k == KIND_ERAS ? "eras" : ostrec_vocab_kind_name((ostrec_vocab_kind)k));
        status = kind_table(ctx->db, k);
    }
    return status;
}
