/* cmd_why.c: `ostrec why SONG --for SEED...`: where SONG ranks for "more
 * like" the seeds, and which parts of the score hold it back against the
 * top result. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: ostrec why SONG --for SEED [--for SEED]... [--exclude-drama] [--exclude-artist]\n"
    "Where SONG ranks among the songs like the SEEDs (as `similar SEED...` ranks\n"
    "them by score, caps and diversity left out), its score beside the top\n"
    "result's group by group (each part also as a share of its maximum, 100%\n"
    "a full match), the parts that hold it back most, and SONG in words.\n\n"
    "  --for SEED        a song to start from (repeat for several)\n"
    "  --exclude-drama   no song from a seed's drama\n"
    "  --exclude-artist  no song crediting anyone a seed credits\n"
    "  -h, --help        show this help\n";

static int resolve(cli_ctx *ctx, const char *spec, int64_t *id)
{
    ostrec_song_list *found = NULL;
    int status = cli_resolve_song(ctx, spec, &found);
    if (status == EXIT_OK) *id = found->items[0].id;
    ostrec_song_list_free(found);
    return status;
}

static void print_why(cli_ctx *ctx, const ostrec_index *index, const ostrec_query *q, const ostrec_why_result *w)
{
    const ostrec_result *s = &w->song, *t = &w->top;
    printf("\"");
    cli_put_visible(stdout, s->title);
    printf("\" (");
    cli_put_visible(stdout, s->artist);
    printf(", ");
    cli_put_visible(stdout, s->drama);
    printf(") ranks #%zu of %zu, score %.3f", w->rank, w->candidates, s->score);
    if (w->rank > 1) {
        printf("; #1 is \"");
        cli_put_visible(stdout, t->title);
        printf("\" (");
        cli_put_visible(stdout, t->artist);
        printf("), score %.3f", t->score);
    }
    printf("\n\n%-12s %-16s %-16s\n", "GROUP", "THIS SONG", w->rank > 1 ? "#1" : "");
    int order[OSTREC_GROUPS];
    for (int g = 0; g < OSTREC_GROUPS; g++) {
        order[g] = g;
        printf("%-12s %.3f (%3.0f%%)   ", ostrec_group_name((ostrec_group)g), s->terms[g],
               100 * ostrec_term_share(index, s, (ostrec_group)g));
        if (w->rank > 1) printf("%.3f (%3.0f%%)", t->terms[g], 100 * ostrec_term_share(index, t, (ostrec_group)g));
        putchar('\n');
    }
    if (w->rank > 1) { /* the groups by how far this song is behind #1 in them, most first */
        for (int i = 1; i < OSTREC_GROUPS; i++)
            for (int j = i; j > 0 && t->terms[order[j]] - s->terms[order[j]] > t->terms[order[j - 1]] - s->terms[order[j - 1]]; j--) {
                int x = order[j];
                order[j] = order[j - 1];
                order[j - 1] = x;
            }
        printf("\nheld back by:");
        int any = 0;
        for (int i = 0; i < OSTREC_GROUPS; i++) {
            double gap = t->terms[order[i]] - s->terms[order[i]];
            if (gap <= 1e-9) break;
            printf("%s %s (-%.3f)", any ? "," : "", ostrec_group_name((ostrec_group)order[i]), gap);
            any = 1;
        }
        printf("%s\n", any ? "" : " nothing (a tie)");
    }
    char words[1024];
    if (ostrec_result_words(ctx->db, q, s, words, sizeof words) == OSTREC_OK) {
        printf("in words: ");
        cli_put_visible(stdout, words);
        putchar('\n');
    }
}

int cmd_why(cli_ctx *ctx, int argc, char **argv)
{
    enum { OPT_FOR = 256, OPT_EXCL_DRAMA, OPT_EXCL_ARTIST };
    static const struct option options[] = {{"for", required_argument, NULL, OPT_FOR},
                                            {"exclude-drama", no_argument, NULL, OPT_EXCL_DRAMA},
                                            {"exclude-artist", no_argument, NULL, OPT_EXCL_ARTIST},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *for_specs[64];
    size_t for_count = 0;
    ostrec_query q = OSTREC_QUERY_INIT;
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (opt) {
        case OPT_FOR:
            if (for_count == sizeof for_specs / sizeof for_specs[0]) return cli_usage_error("why", "--for: at most 64 songs");
            for_specs[for_count++] = optarg;
            break;
        case OPT_EXCL_DRAMA: q.exclude_seed_dramas = 1; break;
        case OPT_EXCL_ARTIST: q.exclude_seed_artists = 1; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_option_error("why", opt, argv);
        }
    }
    if (argc - optind != 1) return cli_usage_error("why", "expected one SONG (an id or a title; quote it)");
    if (for_count == 0) return cli_usage_error("why", "expected --for SEED: the song(s) to start from");
    int status = cli_open(ctx, CLI_READ);
    if (status != EXIT_OK) return status;
    int64_t song = 0, seeds[64];
    status = resolve(ctx, argv[optind], &song);
    for (size_t i = 0; status == EXIT_OK && i < for_count; i++) status = resolve(ctx, for_specs[i], &seeds[i]);
    if (status != EXIT_OK) return status;
    q.seeds = seeds;
    q.seed_count = for_count;
    ostrec_model *model = NULL;
    ostrec_index *index = NULL;
    if ((status = cli_open_index(ctx, &model, &index)) != EXIT_OK) return status;
    ostrec_why_result w;
    int rc = ostrec_why(ctx->db, index, &q, song, &w);
    if (rc != OSTREC_OK) status = cli_fail(ctx, rc);
    else print_why(ctx, index, &q, &w);
    ostrec_index_free(index);
    ostrec_model_free(model);
    return status;
}
