/* profiles.c: how well "for me" finds what a person played, on real
 * listening histories and personal playlists (data/eval/histories.csv, each
 * with its source; run by `make eval`).
 *
 * Leave one out: for each source and each of its catalog songs, the other
 * songs make the profile (a history row's plays, each its share of the
 * listening time, a minute apart ending at its last play; a playlist row one
 * playlist entry), imported through ostrec_profile_import; the hidden song's
 * rank among the songs the person has not heard is read. Rankings:
 *   random                  k / candidates, exactly;
 *   most-played soundtrack  the profile's dramas by their weight in the taste,
 *                           heaviest first, each drama's songs in random
 *                           order, then the rest at random: the expectation
 *                           of a hit over that random order, exactly;
 *   similar                 "more like this" from the same songs, in equal
 *                           shares;
 *   for me                  ostrec_taste_query(new_only): the songs weighted
 *                           by listening time and recency (half-life 90 days,
 *                           "now" the day after the source's last play).
 * Metrics: hit@10 and hit@50, over all queries, and over the histories and
 * the playlists apart.
 *
 *   profiles CATALOG ARTISTS HISTORIES */
#include "ostrec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SOURCES 64
#define MAX_SONGS 128

typedef struct {
    int64_t id;
    long plays;        /* 0 for a playlist entry */
    long long ms;      /* all plays' listening time */
    int64_t last;      /* the last play, seconds since 1970 UTC */
} source_song;

typedef struct {
    char id[96];
    int history; /* 1 history, 0 playlist */
    source_song songs[MAX_SONGS];
    size_t count;
    int64_t latest;
} source;

typedef struct {
    double queries, hit10, hit50;
} metrics;

enum { RANDOM, SOUNDTRACK, SIMILAR, FOR_ME, RANKINGS };
static const char *const ranking_names[RANKINGS] = {"random", "most-played soundtrack first",
                                                    "similar (same songs, equal shares)", "for me"};

static void die(const char *what, ostrec *db)
{
    fprintf(stderr, "eval profiles: %s%s%s\n", what, db ? ": " : "", db ? ostrec_errmsg(db) : "");
    exit(1);
}

/* Split a CSV line into at most n fields (quoted fields kept with quotes;
 * only unquoted fields are read here). */
static size_t csv_fields(char *line, char **fields, size_t n)
{
    size_t count = 0;
    char *p = line;
    while (count < n) {
        fields[count++] = p;
        if (*p == '"') {
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

static int64_t iso_time(const char *text)
{
    struct tm tm = {0};
    if (sscanf(text, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
               &tm.tm_sec) < 5)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm);
}

/* histories.csv: source_id,kind,source_url,position,played_at,ms_played,plays,title,artist,catalog_id. */
static size_t read_sources(const char *path, source *s)
{
    char line[8192], *f[10];
    size_t count = 0;
    FILE *in = fopen(path, "r");
    if (in == NULL || fgets(line, sizeof line, in) == NULL) die("cannot read the histories", NULL);
    while (fgets(line, sizeof line, in)) {
        if (csv_fields(line, f, 10) < 10 || atoll(f[9]) <= 0) continue;
        source *cur = count ? &s[count - 1] : NULL;
        if (cur == NULL || strcmp(cur->id, f[0]) != 0) {
            if (count == MAX_SOURCES) die("too many sources", NULL);
            cur = &s[count++];
            memset(cur, 0, sizeof *cur);
            snprintf(cur->id, sizeof cur->id, "%s", f[0]);
            cur->history = strcmp(f[1], "history") == 0;
        }
        int seen = 0;
        for (size_t i = 0; i < cur->count; i++) seen |= cur->songs[i].id == atoll(f[9]);
        if (seen || cur->count == MAX_SONGS) continue; /* a library's second copy of a song */
        source_song *song = &cur->songs[cur->count++];
        song->id = atoll(f[9]);
        song->plays = cur->history ? atol(f[6]) : 0;
        song->ms = atoll(f[5]);
        song->last = cur->history ? iso_time(f[4]) : 0;
        if (song->last > cur->latest) cur->latest = song->last;
    }
    fclose(in);
    return count;
}

/* Write the profile of every song of s but the hidden one as an export file. */
static void write_profile(const source *s, size_t hidden, const char *name, const char *path)
{
    FILE *out = fopen(path, "w");
    if (out == NULL) die("cannot write a profile", NULL);
    fprintf(out, "{\"profile\": \"%s\", \"plays\": [", name);
    int first = 1;
    for (size_t i = 0; i < s->count; i++) {
        const source_song *song = &s->songs[i];
        if (i == hidden) continue;
        long plays = song->plays > 0 ? song->plays : 1;
        for (long p = 0; p < plays; p++) {
            if (s->history)
                fprintf(out, "%s{\"id\": %lld, \"played_at\": %lld, \"origin\": \"\", \"ms_played\": %lld}",
                        first ? "" : ",", (long long)song->id, (long long)(song->last - 60 * p),
                        song->ms / plays);
            else
                fprintf(out, "%s{\"id\": %lld, \"played_at\": 0, \"origin\": \"playlist\"}", first ? "" : ",",
                        (long long)song->id);
            first = 0;
        }
    }
    fputs("]}\n", out);
    fclose(out);
}

static size_t rank_of(const ostrec_results *r, int64_t id)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->items[i].id == id) return i + 1;
    return r->count + 1;
}

static void add_rank(metrics *m, size_t rank)
{
    m->queries++;
    m->hit10 += rank <= 10;
    m->hit50 += rank <= 50;
}

/* The expected hits of most-played-soundtrack-first over its random order:
 * the candidates (all ranked by `all`) fall in blocks, one per drama of the
 * taste's seeds in order of their summed weight, then the rest. */
static void soundtrack_first(const ostrec_results *all, const ostrec_taste *t, const ostrec_index *index,
                             ostrec *db, int64_t hidden, metrics *m)
{
    static char dramas[MAX_SONGS][256];
    double weight[MAX_SONGS];
    size_t nd = 0;
    for (size_t i = 0; i < t->seed_count; i++) {
        ostrec_song_list *song = NULL;
        if (ostrec_song_get(db, t->seeds[i], &song) != OSTREC_OK) die("song", db);
        size_t d = 0;
        while (d < nd && strcmp(dramas[d], song->items[0].drama) != 0) d++;
        if (d == nd && nd < MAX_SONGS) {
            snprintf(dramas[nd], sizeof dramas[nd], "%s", song->items[0].drama);
            weight[nd++] = 0;
        }
        if (d < nd) weight[d] += t->seed_weights[i];
        ostrec_song_list_free(song);
    }
    (void)index;
    const char *hidden_drama = NULL;
    size_t block[MAX_SONGS + 1] = {0};
    for (size_t i = 0; i < all->count; i++) {
        size_t d = 0;
        while (d < nd && strcmp(dramas[d], all->items[i].drama) != 0) d++;
        block[d]++;
        if (all->items[i].id == hidden) hidden_drama = all->items[i].drama;
    }
    /* The blocks in order of weight, heaviest first (ties by name). */
    size_t order[MAX_SONGS];
    for (size_t d = 0; d < nd; d++) order[d] = d;
    for (size_t a = 0; a < nd; a++)
        for (size_t b = a + 1; b < nd; b++)
            if (weight[order[b]] > weight[order[a]] ||
                (weight[order[b]] == weight[order[a]] && strcmp(dramas[order[b]], dramas[order[a]]) < 0)) {
                size_t x = order[a];
                order[a] = order[b];
                order[b] = x;
            }
    double before = 0, size = (double)block[nd];
    for (size_t j = 0; j < nd; j++) {
        if (hidden_drama && strcmp(dramas[order[j]], hidden_drama) == 0) {
            size = (double)block[order[j]];
            break;
        }
        before += (double)block[order[j]];
    }
    const double ks[2] = {10, 50};
    double hit[2];
    for (int j = 0; j < 2; j++) hit[j] = size > 0 ? fmin(fmax((ks[j] - before) / size, 0), 1) : 0;
    m->queries++;
    m->hit10 += hit[0];
    m->hit50 += hit[1];
}

static void print_row(const char *name, const metrics *m)
{
    printf("| %s | %.0f | %.3f | %.3f |\n", name, m->queries, m->queries ? m->hit10 / m->queries : 0,
           m->queries ? m->hit50 / m->queries : 0);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: profiles CATALOG ARTISTS HISTORIES\n");
        return 2;
    }
    static source sources[MAX_SOURCES];
    size_t count = read_sources(argv[3], sources);
    ostrec *db = NULL;
    ostrec_model *model = NULL;
    ostrec_index *index = NULL;
    if (ostrec_open(&db, ":memory:", NULL) != OSTREC_OK || ostrec_import(db, argv[1], OSTREC_FORMAT_AUTO, NULL) ||
        ostrec_import_artists(db, argv[2], OSTREC_FORMAT_AUTO, NULL) || ostrec_model_load(db, NULL, &model) ||
        ostrec_index_build(db, model, &index))
        die("catalog", db);
    size_t total = ostrec_index_songs(index);
    char path[] = "/tmp/ostrec-eval-profile-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) die("cannot make a temporary file", NULL);
    metrics m[2][RANKINGS] = {{{0}}}; /* [history][ranking] */
    size_t people = 0;
    for (size_t si = 0; si < count; si++) {
        const source *s = &sources[si];
        if (s->count < 4) continue;
        people++;
        for (size_t h = 0; h < s->count; h++) {
            char name[64];
            snprintf(name, sizeof name, "q%zu-%zu", si, h);
            write_profile(s, h, name, path);
            ostrec_taste *t = NULL;
            if (ostrec_profile_import(db, NULL, path) != OSTREC_OK ||
                ostrec_taste_get(db, name, 90, s->latest ? s->latest + 86400 : 0, &t) != OSTREC_OK)
                die("profile", db);
            ostrec_query q;
            ostrec_results *mine = NULL, *plain = NULL;
            ostrec_taste_query(t, 1, &q);
            q.k = total;
            if (ostrec_similar(db, index, &q, &mine) != OSTREC_OK) die("for me", db);
            ostrec_query p = OSTREC_QUERY_INIT;
            p.seeds = t->heard;
            p.seed_count = t->heard_count;
            p.k = total;
            if (ostrec_similar(db, index, &p, &plain) != OSTREC_OK) die("similar", db);
            metrics *row = m[s->history];
            row[RANDOM].queries++;
            row[RANDOM].hit10 += 10.0 / (double)mine->count;
            row[RANDOM].hit50 += 50.0 / (double)mine->count;
            soundtrack_first(mine, t, index, db, s->songs[h].id, &row[SOUNDTRACK]);
            add_rank(&row[SIMILAR], rank_of(plain, s->songs[h].id));
            add_rank(&row[FOR_ME], rank_of(mine, s->songs[h].id));
            ostrec_results_free(mine);
            ostrec_results_free(plain);
            ostrec_taste_free(t);
        }
    }
    unlink(path);
    printf("\"For me\" on %zu sources (data/eval/histories.csv): leave one out, the hidden song's rank among\n"
           "the songs the person has not heard.\n\n", people);
    const char *const kinds[2] = {"playlists and libraries", "listening histories"};
    for (int k = 1; k >= 0; k--) {
        printf("%s:\n\n| ranking | queries | hit@10 | hit@50 |\n|---|---|---|---|\n", kinds[k]);
        for (int r = 0; r < RANKINGS; r++) print_row(ranking_names[r], &m[k][r]);
        putchar('\n');
    }
    printf("all:\n\n| ranking | queries | hit@10 | hit@50 |\n|---|---|---|---|\n");
    for (int r = 0; r < RANKINGS; r++) {
        metrics all = {m[0][r].queries + m[1][r].queries, m[0][r].hit10 + m[1][r].hit10, m[0][r].hit50 + m[1][r].hit50};
        print_row(ranking_names[r], &all);
    }
    ostrec_index_free(index);
    ostrec_model_free(model);
    ostrec_close(db);
    return 0;
}
