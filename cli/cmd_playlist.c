/* cmd_playlist.c: `ostrec playlist`: songs for a mood, a scene or a point on
 * the mood plane; an arc through several; or a path between two songs. */
#include "cli.h"

#include <stdlib.h>

static const char help[] =
    "Usage: ostrec playlist (--mood WORDS | --va V,A | --scene NAME | --arc A,B,...\n"
    "                        | --from SONG --to SONG) [-n N] [options]\n"
    "A playlist aimed at a place in the mood model: songs near it, ordered so each\n"
    "song is near the last; or an arc that moves through several places in order;\n"
    "or a path from one song to another.\n\n"
    "  --mood WORDS         mood words, comma-separated, in English or Korean\n"
    "                       (sad,longing or 슬픈; see 'ostrec vocab moods')\n"
    "  --va V,A             a point on the mood plane: valence (sad -1 .. happy 1)\n"
    "                       and arousal (calm -1 .. intense 1)\n"
    "  --scene NAME         a moment of K-drama storytelling (see 'ostrec scenes')\n"
    "  --arc A,B,...        move through these in order, each a mood word or a scene\n"
    "  --from SONG --to SONG  a path: the two songs are its ends, and each step\n"
    "                       between takes the best song near its point of the way\n"
    "  -n, --count N        how many songs (default 20)\n"
    "  --era NAME|Y1-Y2     only songs of a named era (see 'ostrec vocab eras') or years\n"
    "  --instrumental W     yes (only instrumentals), no (only sung songs) or any (default)\n"
    "  --max-per-artist K   at most K songs by one artist\n"
    "  --one-per-drama      at most one song from each drama\n"
    "  --seed-rng N         among songs within 0.01 of the best score, pick at random,\n"
    "                       the same way for the same N\n"
    "  --profile NAME       lean toward this profile's taste: take the songs from those it\n"
    "                       ranks high, never one it dislikes (see 'ostrec for-me')\n"
    "  --explain            show each score's parts (table; json and csv always have them)\n"
    "  --format FMT         table (default), json, csv or xspf (a playlist file)\n"
    "  -h, --help           show this help\n"
    "SONG is an id, a title, or \"TITLE / ARTIST\". A song never appears twice, nor\n"
    "two versions of one song (an instrumental or a \"ver.\" of a song already in).\n";

static int print_table(const ostrec_playlist *p, int explain)
{
    static const char *const headers[] = {"#",       "TITLE", "ARTIST", "DRAMA", "YEAR",  "V/A",
                                          "AIM",     "SCORE", "GENRE",  "MOOD",  "ERA",   "VOICE",
                                          "ARTIST TYPE"};
    size_t columns = explain ? 13 : 8;
    table *t = table_new(columns, headers);
    if (t == NULL) goto oom;
    for (size_t i = 0; i < p->count; i++) {
        const ostrec_result *r = &p->items[i].song;
        char rank[24], year[8], va[32], aim[32], score[16], terms[OSTREC_GROUPS][16];
        snprintf(rank, sizeof rank, "%zu", r->rank);
        snprintf(year, sizeof year, "%d", r->year);
        snprintf(va, sizeof va, "%+.2f %+.2f", r->valence, r->arousal);
        snprintf(aim, sizeof aim, "%+.2f %+.2f", p->items[i].target_valence, p->items[i].target_arousal);
        snprintf(score, sizeof score, "%.3f", r->score);
        for (int g = 0; g < OSTREC_GROUPS; g++) snprintf(terms[g], sizeof terms[g], "%.3f", r->terms[g]);
        const char *cells[] = {rank,  r->title, r->artist, r->drama, year,     va,      aim,
                               score, terms[0], terms[1],  terms[2], terms[3], terms[4]};
        if (table_add(t, cells) != 0) goto oom;
    }
    table_print(t, stdout);
    table_free(t);
    return EXIT_OK;
oom:
    table_free(t);
    cli_error("out of memory");
    return EXIT_RUNTIME;
}

int playlist_run(cli_ctx *ctx, playlist_request *r)
{
    ostrec_model *model = NULL;
    ostrec_index *index = NULL;
    ostrec_playlist *p = NULL;
    int status = cli_open_index(ctx, &model, &index), rc;
    if (status == EXIT_OK) status = playlist_request_lean(ctx, index, r);
    if (status != EXIT_OK) {
        ostrec_index_free(index);
        ostrec_model_free(model);
        return status;
    }
    if ((rc = ostrec_playlist_make(ctx->db, index, &r->q, &p)) != OSTREC_OK) {
        status = cli_fail(ctx, rc);
    } else {
        playlist_explain_shortfall(&r->q, p);
        if (r->format == OUT_TABLE) {
            if (p->count > 0) status = print_table(p, r->explain);
        } else {
            ostrec_results_format f = r->format == OUT_JSON  ? OSTREC_RESULTS_JSON
                                      : r->format == OUT_CSV ? OSTREC_RESULTS_CSV
                                                             : OSTREC_RESULTS_XSPF;
            if ((rc = ostrec_playlist_write(ctx->db, index, &r->q, p, f, stdout)) != OSTREC_OK)
                status = cli_fail(ctx, rc);
        }
    }
    ostrec_playlist_free(p);
    ostrec_index_free(index);
    ostrec_model_free(model);
    return status;
}

int cmd_playlist(cli_ctx *ctx, int argc, char **argv)
{
    playlist_request r;
    playlist_request_init(&r);
    int status = playlist_request_parse("playlist", argc, argv, help, 0, &r);
    if (status == CLI_HELP_SHOWN) return EXIT_OK;
    if (status == EXIT_OK) status = playlist_request_resolve(ctx, "playlist", &r);
    if (status == EXIT_OK) status = playlist_run(ctx, &r);
    playlist_request_release(&r);
    return status;
}
