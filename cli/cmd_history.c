/* cmd_history.c: `ostrec history import FILE`: a listening history or a
 * playlist into a profile, with what matched and what did not. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char help[] =
    "Usage: ostrec history import FILE [--format FMT] [--profile NAME] [--unmatched]\n"
    "Add the songs of a listening history or playlist to your profile. Each entry is\n"
    "matched to a catalog song by title (English, Korean or romanized) and artist (any\n"
    "name or alias of a credited person or their group). Importing a file again adds\n"
    "nothing; a malformed file is refused whole.\n\n"
    "Formats (by default told from the file's name and first bytes):\n"
    "  spotify           StreamingHistory_music_N.json (Spotify account data)\n"
    "  spotify-extended  Streaming_History_Audio_*.json (Spotify extended history)\n"
    "  lastfm            a Last.fm scrobble export as CSV (artist, album, track, date)\n"
    "  m3u, xspf         a playlist\n"
    "  csv               a playlist as CSV with a header naming title and artist\n\n"
    "  --format FMT      one of the formats above\n"
    "  --profile NAME    the profile (default \"" OSTREC_PROFILE_DEFAULT "\"; made when new)\n"
    "  --unmatched       list the entries that matched no song, or several, on stderr\n"
    "  -h, --help        show this help\n";

static const struct {
    const char *name;
    ostrec_history_format format;
} formats[] = {{"spotify", OSTREC_HISTORY_SPOTIFY}, {"spotify-extended", OSTREC_HISTORY_SPOTIFY_EXTENDED},
               {"lastfm", OSTREC_HISTORY_LASTFM},   {"m3u", OSTREC_HISTORY_M3U},
               {"xspf", OSTREC_HISTORY_XSPF},       {"csv", OSTREC_HISTORY_CSV}};

static void print_miss(void *user, const char *where, const char *title, const char *artist, int ambiguous)
{
    (void)user;
    fputs("ostrec: ", stderr);
    cli_put_visible(stderr, where);
    fprintf(stderr, ": %s: \"", ambiguous ? "several songs fit" : "no song fits");
    cli_put_visible(stderr, title);
    fputs("\" by \"", stderr);
    cli_put_visible(stderr, artist);
    fputs("\"\n", stderr);
}

int cmd_history(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"format", required_argument, NULL, 'f'},
                                            {"profile", required_argument, NULL, 'p'},
                                            {"unmatched", no_argument, NULL, 'u'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *profile = OSTREC_PROFILE_DEFAULT;
    ostrec_history_format format = OSTREC_HISTORY_AUTO;
    int opt, list = 0;
    while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (opt) {
        case 'f': {
            size_t i = 0;
            while (i < sizeof formats / sizeof formats[0] && strcmp(formats[i].name, optarg) != 0) i++;
            if (i == sizeof formats / sizeof formats[0])
                return cli_usage_error("history", "--format: expected spotify, spotify-extended, lastfm, m3u, xspf "
                                                  "or csv, found '%s'", optarg);
            format = formats[i].format;
            break;
        }
        case 'p': profile = optarg; break;
        case 'u': list = 1; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_option_error("history", opt, argv);
        }
    }
    if (optind >= argc || strcmp(argv[optind], "import") != 0)
        return cli_usage_error("history", "expected 'import FILE'");
    if (optind + 2 != argc) return cli_usage_error("history", "import: expected one FILE");
    int status = cli_open(ctx, CLI_PROFILE);
    if (status != EXIT_OK) return status;
    ostrec_history_result r;
    int rc = ostrec_history_import(ctx->db, profile, argv[optind + 1], format, &r, list ? print_miss : NULL, NULL);
    if (rc != OSTREC_OK) return cli_fail(ctx, rc);
    printf("%s: %zu entries: %zu matched, %zu ambiguous, %zu unmatched; %zu plays added to profile '%s'",
           argv[optind + 1], r.entries, r.matched, r.ambiguous, r.unmatched, r.added, profile);
    if (r.not_music) printf(" (%zu entries that are not music left out)", r.not_music);
    putchar('\n');
    if (!list && r.ambiguous + r.unmatched > 0) fprintf(stderr, "ostrec: --unmatched lists the entries not added\n");
    return EXIT_OK;
}
