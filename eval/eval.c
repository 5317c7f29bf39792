/* eval.c: how well "more like this" finds what people put together, on
 * lists real people made (data/eval/lists.csv, each with its source), and
 * the fitting of the model's weights to them (run by `make eval`).
 *
 * Leave one out: for each list and each of its songs in the catalog, the
 * other songs are the seeds and the hidden song's rank among all the others
 * is read. Metrics per query: hit@10 and hit@50 (the hidden song in the top
 * 10 / 50), and, for the model, the share of the top 10 from the seeds'
 * soundtracks. Baselines, computed exactly as expectations over random tie
 * order: random (k / candidates), and same-soundtrack-first (the seeds'
 * dramas' songs first, in random order, then the rest at random).
 *
 * Lists are split once (data/eval/splits.csv): fitting sees the train lists
 * only; the held-out lists judge it. Fitting: GSL's Nelder-Mead simplex
 * (gsl_multimin_fminimizer_nmsimplex2) over the log-weights of every group
 * but mood (scores rank the same under a common scale, so mood stays fixed),
 * minimising the mean log2(1 + rank) of the hidden songs on the train lists
 * (smoother than hit@10, which moves in steps).
 *
 *   eval CATALOG ARTISTS LISTS SPLITS MODEL [MODEL...] [--fit OUT]
 *
 * prints a Markdown table per model; with --fit, fits starting from the
 * first MODEL, writes the fitted model to OUT and prints its table too. */
#include "ostrec.h"

#include <cjson/cJSON.h>
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LISTS 256
#define MAX_SONGS 64

typedef struct {
    char id[96];
    int held_out;
    int64_t songs[MAX_SONGS]; /* catalog ids, in list order */
    size_t count;
} eval_list;

typedef struct {
    ostrec *db;
    eval_list lists[MAX_LISTS];
    size_t list_count;
    char drama[MAX_LISTS][MAX_SONGS][256]; /* each list song's drama */
    cJSON *model;             /* the model being fitted, as JSON */
    double start[16], lambda; /* the prior's centre (the starting model) and strength */
    size_t train_lists;
    const char *tmp_model;    /* where a trial model is written */
    size_t evaluations;
} eval_ctx;

typedef struct {
    double queries, hit10, hit50, log_rank, same_drama_top10;
} metrics;

static void die(const char *what, ostrec *db)
{
    fprintf(stderr, "eval: %s%s%s\n", what, db ? ": " : "", db ? ostrec_errmsg(db) : "");
    exit(1);
}

/* Split a CSV line of plain fields (the eval files quote nothing they read
 * here but titles, which are skipped) into at most n fields. */
static size_t csv_fields(char *line, char **fields, size_t n)
{
    size_t count = 0;
    char *p = line;
    while (count < n) {
        fields[count++] = p;
        if (*p == '"') { /* a quoted field: skip to its closing quote */
            p++;
            while (*p && !(*p == '"' && p[1] != '"')) p += *p == '"' ? 2 : 1;
            if (*p) p++;
        }
        char *comma = strchr(p, ',');
        if (comma == NULL) break;
        *comma = '\0';
        p = comma + 1;
    }
    char *nl = strpbrk(fields[count - 1], "\r\n");
    if (nl) *nl = '\0';
    return count;
}

/* lists.csv: list_id,kind,theme,source_url,position,title,artist,drama,catalog_id;
 * splits.csv: list_id,split. Songs without a catalog id are skipped. */
static void read_lists(eval_ctx *c, const char *lists_path, const char *splits_path)
{
    char line[4096];
    FILE *f = fopen(lists_path, "r");
    if (f == NULL || fgets(line, sizeof line, f) == NULL) die("cannot read the lists", NULL);
    while (fgets(line, sizeof line, f)) {
        char *fields[9];
        if (csv_fields(line, fields, 9) < 9) continue;
        const char *list = fields[0], *id = fields[8];
        if (*id == '\0') continue;
        eval_list *l = NULL;
        for (size_t i = 0; i < c->list_count; i++)
            if (strcmp(c->lists[i].id, list) == 0) l = &c->lists[i];
        if (l == NULL) {
            if (c->list_count == MAX_LISTS) die("too many lists", NULL);
            l = &c->lists[c->list_count++];
            memset(l, 0, sizeof *l);
            snprintf(l->id, sizeof l->id, "%s", list);
        }
        int64_t song = strtoll(id, NULL, 10);
        int seen = 0;
        for (size_t i = 0; i < l->count; i++) seen |= l->songs[i] == song;
        if (!seen && l->count < MAX_SONGS) l->songs[l->count++] = song;
    }
    fclose(f);
    if ((f = fopen(splits_path, "r")) == NULL || fgets(line, sizeof line, f) == NULL) die("cannot read the splits", NULL);
    while (fgets(line, sizeof line, f)) {
        char *fields[2];
        if (csv_fields(line, fields, 2) < 2) continue;
        for (size_t i = 0; i < c->list_count; i++)
            if (strcmp(c->lists[i].id, fields[0]) == 0) c->lists[i].held_out = strcmp(fields[1], "held-out") == 0;
    }
    fclose(f);
}

/* The drama of a song, by id (the index's text), for the baselines. */
static const char *drama_of(ostrec *db, int64_t id, char *buf, size_t size)
{
    ostrec_song_list *list = NULL;
    if (ostrec_song_get(db, id, &list) != OSTREC_OK) die("a list names a song the catalog lacks", db);
    snprintf(buf, size, "%s", list->items[0].drama);
    ostrec_song_list_free(list);
    return buf;
}

/* The baselines for one query, from the candidates `r` (every song but the
 * seeds): m of them are in the seeds' dramas; the hidden song is or is not. */
static void baselines(const ostrec_results *r, const char *const *seed_dramas, size_t nd, const char *hidden_drama,
                      metrics *random_m, metrics *same_m)
{
    size_t candidates = r->count, m = 0;
    int in_set = 0;
    for (size_t d = 0; d < nd; d++) in_set |= strcmp(seed_dramas[d], hidden_drama) == 0;
    for (size_t i = 0; i < r->count; i++)
        for (size_t d = 0; d < nd; d++)
            if (strcmp(r->items[i].drama, seed_dramas[d]) == 0) {
                m++;
                break;
            }
    const double ks[2] = {10, 50};
    double hit[2];
    for (int j = 0; j < 2; j++) {
        double k = ks[j];
        hit[j] = in_set ? (k >= m ? 1.0 : k / m) : (k <= m ? 0.0 : (k - m) / (double)(candidates - m));
    }
    random_m->queries++;
    random_m->hit10 += 10.0 / candidates;
    random_m->hit50 += 50.0 / candidates;
    same_m->queries++;
    same_m->hit10 += hit[0];
    same_m->hit50 += hit[1];
}

/* The model's metrics over the lists of one split (held_out 0 or 1; -1: all). */
static metrics run_model(eval_ctx *c, const char *model_path, int split, int with_baselines, metrics *random_m,
                         metrics *same_m)
{
    ostrec_model *model = NULL;
    ostrec_index *index = NULL;
    if (ostrec_model_load(c->db, model_path, &model) != OSTREC_OK) die("model", c->db);
    if (ostrec_index_build(c->db, model, &index) != OSTREC_OK) die("index", c->db);
    size_t total = ostrec_index_songs(index);
    metrics m = {0};
    for (size_t li = 0; li < c->list_count; li++) {
        const eval_list *l = &c->lists[li];
        if (l->count < 3 || (split >= 0 && l->held_out != split)) continue;
        for (size_t h = 0; h < l->count; h++) {
            int64_t seeds[MAX_SONGS];
            size_t n = 0;
            for (size_t i = 0; i < l->count; i++)
                if (i != h) seeds[n++] = l->songs[i];
            ostrec_query q = OSTREC_QUERY_INIT;
            q.seeds = seeds;
            q.seed_count = n;
            q.k = total;
            ostrec_results *r = NULL;
            if (ostrec_similar(c->db, index, &q, &r) != OSTREC_OK) die("similar", c->db);
            size_t rank = r->count + 1;
            for (size_t i = 0; i < r->count; i++)
                if (r->items[i].id == l->songs[h]) rank = i + 1;
            m.queries++;
            m.hit10 += rank <= 10;
            m.hit50 += rank <= 50;
            m.log_rank += log2(1.0 + (double)rank);
            const char *names[MAX_SONGS];
            for (size_t s = 0; s < n; s++) names[s] = c->drama[li][s < h ? s : s + 1];
            size_t same = 0;
            for (size_t i = 0; i < r->count && i < 10; i++) {
                int hit = 0;
                for (size_t s = 0; s < n && !hit; s++) hit = strcmp(names[s], r->items[i].drama) == 0;
                same += hit;
            }
            m.same_drama_top10 += same / 10.0;
            if (with_baselines) baselines(r, names, n, c->drama[li][h], random_m, same_m);
            ostrec_results_free(r);
        }
    }
    ostrec_index_free(index);
    ostrec_model_free(model);
    return m;
}

static void print_row(const char *name, const char *split, const metrics *m, int model)
{
    double n = m->queries > 0 ? m->queries : 1;
    printf("| %s | %s | %.0f | %.3f | %.3f |", name, split, m->queries, m->hit10 / n, m->hit50 / n);
    if (model) printf(" %.2f | %.2f |\n", m->log_rank / n, m->same_drama_top10 / n);
    else printf(" - | - |\n");
}

/* ---- fitting ---- */

/* What is fitted: every group's weight but mood's (a common scale changes
 * no rank), on a log scale; the mood group's tag share and tag decay on a
 * logit scale, its tag width on a log scale. */
#define MOOD_WEIGHT 2.0 /* models/default.json's, kept */
enum { LOG, LOGIT };
static const struct {
    const char *group, *key;
    int scale;
} fitted[] = {{"genre", "weight", LOG},       {"era", "weight", LOG},       {"vocal_style", "weight", LOG},
              {"artist_type", "weight", LOG}, {"soundtrack", "weight", LOG}, {"artist", "weight", LOG},
              {"mood", "tag_share", LOGIT},   {"mood", "tag_width", LOG},   {"mood", "tag_decay", LOGIT}};
#define FITTED (sizeof fitted / sizeof fitted[0])

static double to_value(int scale, double x) { return scale == LOG ? exp(x) : 1 / (1 + exp(-x)); }
static double from_value(int scale, double v)
{
    if (scale == LOG) return log(v > 1e-4 ? v : 1e-4);
    if (v < 0.02) v = 0.02;
    if (v > 0.98) v = 0.98;
    return log(v / (1 - v));
}

static void write_model(eval_ctx *c, const gsl_vector *x, const char *path)
{
    cJSON *groups = cJSON_GetObjectItemCaseSensitive(c->model, "groups");
    for (size_t i = 0; i < FITTED; i++) {
        cJSON *g = cJSON_GetObjectItemCaseSensitive(groups, fitted[i].group);
        if (g == NULL) continue;
        double v = round(to_value(fitted[i].scale, gsl_vector_get(x, i)) * 1000) / 1000;
        if (strcmp(fitted[i].key, "tag_width") == 0 && v > 2) v = 2; /* past the plane's width, all alike */
        /* No group above twice the mood's weight: unbounded, the fit makes
         * soundtrack and era a hundred times the mood's (the lists are often
         * one year's favourites), a ranker of "same drama, same year" that no
         * longer hears the music (README, "How well it finds"). */
        if (strcmp(fitted[i].key, "weight") == 0 && v > 2 * MOOD_WEIGHT) v = 2 * MOOD_WEIGHT;
        if (strcmp(fitted[i].key, "tag_decay") == 0 && v < 0.05) v = 0.05;
        if (cJSON_GetObjectItemCaseSensitive(g, fitted[i].key))
            cJSON_ReplaceItemInObjectCaseSensitive(g, fitted[i].key, cJSON_CreateNumber(v));
        else
            cJSON_AddNumberToObject(g, fitted[i].key, v);
    }
    char *text = cJSON_Print(c->model);
    FILE *f = fopen(path, "w");
    if (f == NULL || text == NULL || fputs(text, f) < 0 || fputc('\n', f) == EOF || fclose(f) != 0)
        die("cannot write a model", NULL);
    free(text);
}

static double objective(const gsl_vector *x, void *params)
{
    eval_ctx *c = params;
    write_model(c, x, c->tmp_model);
    c->evaluations++;
    metrics m = run_model(c, c->tmp_model, 0, 0, NULL, NULL);
    /* A prior: each parameter is pulled toward where it started (the
     * shipped model's hand-set value), lambda per squared log-unit. */
    double prior = 0;
    for (size_t i = 0; i < FITTED; i++) {
        double d = gsl_vector_get(x, i) - c->start[i];
        prior += d * d;
    }
    return (m.queries > 0 ? m.log_rank / m.queries : 0) + c->lambda * prior;
}

static void fit(eval_ctx *c, const char *start_path, const char *out_path)
{
    FILE *f = fopen(start_path, "r");
    if (f == NULL) die("cannot read the starting model", NULL);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    if ((c->model = cJSON_Parse(text)) == NULL) die("the starting model is not JSON", NULL);
    gsl_vector *x = gsl_vector_alloc(FITTED), *step = gsl_vector_alloc(FITTED);
    cJSON *groups = cJSON_GetObjectItemCaseSensitive(c->model, "groups");
    for (size_t i = 0; i < FITTED; i++) {
        cJSON *g = cJSON_GetObjectItemCaseSensitive(groups, fitted[i].group);
        if (g == NULL) cJSON_AddItemToObject(groups, fitted[i].group, g = cJSON_CreateObject());
        cJSON *v = cJSON_GetObjectItemCaseSensitive(g, fitted[i].key);
        /* Where the model has none, start from a small weight, a tag width
         * of a third of the plane's half-width, and a mild decay. */
        double start = v ? v->valuedouble : strcmp(fitted[i].key, "tag_width") == 0 ? 0.3
                                            : strcmp(fitted[i].key, "tag_decay") == 0 ? 0.8 : 0.3;
        gsl_vector_set(x, i, from_value(fitted[i].scale, start));
        c->start[i] = gsl_vector_get(x, i);
        gsl_vector_set(step, i, 0.7);
    }
    gsl_multimin_function fn = {objective, FITTED, c};
    gsl_multimin_fminimizer *s = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, FITTED);
    gsl_multimin_fminimizer_set(s, &fn, x, step);
    int status = GSL_CONTINUE;
    for (int iter = 0; iter < 300 && status == GSL_CONTINUE; iter++) {
        if (gsl_multimin_fminimizer_iterate(s) != GSL_SUCCESS) break;
        status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 0.02);
    }
    fprintf(stderr, "eval: fitted in %zu evaluations, train mean log2(1 + rank) %.3f\n", c->evaluations,
            gsl_multimin_fminimizer_minimum(s));
    cJSON_ReplaceItemInObjectCaseSensitive(c->model, "name", cJSON_CreateString("default"));
    char about[512];
    snprintf(about, sizeof about,
             "Fitted by make eval FIT=1 (eval/eval.c: GSL's Nelder-Mead simplex, mean log2(1 + rank) of the hidden "
             "song, leave one out) on the %zu train lists of data/eval (lists fans and editors published), "
             "from models/hand.json with a pull toward it of %g per squared log-unit; judged on the held-out lists "
             "(README, How well it finds).", c->train_lists, c->lambda);
    cJSON_ReplaceItemInObjectCaseSensitive(c->model, "about", cJSON_CreateString(about));
    write_model(c, gsl_multimin_fminimizer_x(s), out_path);
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(x);
    gsl_vector_free(step);
    cJSON_Delete(c->model);
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: eval CATALOG ARTISTS LISTS SPLITS MODEL [MODEL...] [--fit OUT]\n");
        return 2;
    }
    static eval_ctx c;
    if (ostrec_open(&c.db, ":memory:", NULL) != OSTREC_OK) die("open", c.db);
    if (ostrec_import(c.db, argv[1], OSTREC_FORMAT_AUTO, NULL) != OSTREC_OK) die("catalog", c.db);
    if (ostrec_import_artists(c.db, argv[2], OSTREC_FORMAT_AUTO, NULL) != OSTREC_OK) die("artists", c.db);
    read_lists(&c, argv[3], argv[4]);
    for (size_t i = 0; i < c.list_count; i++)
        for (size_t j = 0; j < c.lists[i].count; j++)
            drama_of(c.db, c.lists[i].songs[j], c.drama[i][j], sizeof c.drama[i][j]);
    const char *fit_out = NULL;
    int models_end = argc;
    for (int i = 5; i < argc; i++)
        if (strcmp(argv[i], "--lambda") == 0 && i + 1 < argc) {
            c.lambda = atof(argv[i + 1]);
            if (models_end == argc) models_end = i;
        } else if (strcmp(argv[i], "--fit") == 0 && i + 1 < argc) {
            fit_out = argv[i + 1];
            if (models_end == argc || i < models_end) models_end = i;
        }
    size_t train = 0, held = 0;
    for (size_t i = 0; i < c.list_count; i++)
        if (c.lists[i].count >= 3) *(c.lists[i].held_out ? &held : &train) += 1;
    c.train_lists = train;
    printf("%zu train lists and %zu held-out lists with 3 or more catalog songs\n\n", train, held);
    printf("| ranking | split | queries | hit@10 | hit@50 | mean log2(1+rank) | same soundtrack in top 10 |\n");
    printf("|---|---|---|---|---|---|---|\n");
    static const char *const split_names[2] = {"train", "held-out"};
    for (int split = 0; split < 2; split++) {
        metrics random_m = {0}, same_m = {0};
        metrics first = run_model(&c, argv[5], split, 1, &random_m, &same_m);
        (void)first;
        print_row("random", split_names[split], &random_m, 0);
        print_row("same soundtrack first", split_names[split], &same_m, 0);
    }
    char tmp[] = "/tmp/ostrec-eval-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) die("cannot make a temporary file", NULL);
    c.tmp_model = tmp;
    if (fit_out) fit(&c, argv[5], fit_out);
    for (int i = 5; i < models_end + (fit_out ? 1 : 0); i++) {
        const char *path = i < models_end ? argv[i] : fit_out;
        for (int split = 0; split < 2; split++) {
            metrics m = run_model(&c, path, split, 0, NULL, NULL);
            print_row(path, split_names[split], &m, 1);
        }
    }
    remove(tmp);
    ostrec_close(c.db);
    return 0;
}
