/* cmd_rate.c: `ostrec like|dislike|unlike SONG...`: a person's opinion of
 * songs, kept in their profile. */
#include "cli.h"

#include <getopt.h>

static const char help_format[] =
    "Usage: ostrec %s SONG... [--profile NAME]\n"
    "%s\n"
    "SONG is an id, a title, or \"TITLE / ARTIST\".\n\n"
    "  --profile NAME  the profile (default \"" OSTREC_PROFILE_DEFAULT "\"; made when new)\n"
    "  -h, --help      show this help\n";

/* Resolve every SONG first, then rate them: a SONG that is not found
 * changes nothing. */
static int rate(cli_ctx *ctx, const char *command, const char *about, int opinion, int argc, char **argv)
{
    static const struct option options[] = {{"profile", required_argument, NULL, 'p'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *profile = OSTREC_PROFILE_DEFAULT;
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (opt) {
        case 'p': profile = optarg; break;
        case 'h': printf(help_format, command, about); return EXIT_OK;
        default: return cli_option_error(command, opt, argv);
        }
    }
    if (optind >= argc) return cli_usage_error(command, "expected at least one SONG (an id or a title; quote it)");
    int status = cli_open(ctx, CLI_PROFILE);
    int64_t ids[256];
    size_t n = 0;
    if (argc - optind > 256) return cli_usage_error(command, "at most 256 songs at once");
    for (int i = optind; status == EXIT_OK && i < argc; i++) {
        ostrec_song_list *found = NULL;
        status = cli_resolve_song(ctx, argv[i], &found);
        if (status == EXIT_OK) ids[n++] = found->items[0].id;
        ostrec_song_list_free(found);
    }
    for (size_t i = 0; status == EXIT_OK && i < n; i++) {
        int rc = ostrec_profile_rate(ctx->db, profile, ids[i], opinion);
        if (rc != OSTREC_OK) return cli_fail(ctx, rc);
    }
    if (status == EXIT_OK)
        fprintf(stderr, "ostrec: %s: %zu song%s %s in profile '%s'\n", command, n, n == 1 ? "" : "s",
                opinion > 0 ? "liked" : opinion < 0 ? "disliked" : "no longer rated", profile);
    return status;
}

int cmd_like(cli_ctx *ctx, int argc, char **argv)
{
    return rate(ctx, "like", "Remember that you like these songs: \"for me\" leans toward them.", 1, argc, argv);
}

int cmd_dislike(cli_ctx *ctx, int argc, char **argv)
{
    return rate(ctx, "dislike", "Remember that you dislike these songs: \"for me\" never returns them and moves away.",
                -1, argc, argv);
}

int cmd_unlike(cli_ctx *ctx, int argc, char **argv)
{
    return rate(ctx, "unlike", "Forget that you liked or disliked these songs.", 0, argc, argv);
}
