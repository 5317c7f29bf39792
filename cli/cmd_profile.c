/* cmd_profile.c: `ostrec profile show|export|import|forget`: what a profile
 * holds, a lossless JSON copy of it and back, and deleting it for good. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char help[] =
    "Usage: ostrec profile show [--format table|json] [--utc-offset H] [--half-life DAYS]\n"
    "       ostrec profile export [-o FILE]\n"
    "       ostrec profile import FILE\n"
    "       ostrec profile forget --yes\n"
    "A profile holds what one person likes, dislikes and plays.\n"
    "  show    counts; the soundtracks, artists, genres, eras and moods you weigh most;\n"
    "          your place on the mood plane; the mood you play most at each part of the day\n"
    "  export  every like, dislike and play as JSON (to stdout, or FILE)\n"
    "  import  add an export to the profile (the profile named in the file, or --profile)\n"
    "  forget  delete the profile and every trace of it from the database file\n\n"
    "  --profile NAME    the profile (default \"" OSTREC_PROFILE_DEFAULT "\")\n"
    "  --utc-offset H    show: hours to add to UTC for the parts of the day (9 for Korea)\n"
    "  --half-life DAYS  show: how fast old plays fade (default 90)\n"
    "  -o, --output FILE export: write here instead of stdout\n"
    "  --yes             forget: yes, delete it\n"
    "  -h, --help        show this help\n";

static const char *const top_titles[OSTREC_TOP_KINDS] = {"Soundtracks", "Artists", "Genres", "Eras", "Moods"};
static const char *const part_titles[OSTREC_DAY_PARTS] = {"night (0-6)", "morning (6-12)", "afternoon (12-18)",
                                                          "evening (18-24)"};

static void print_day(const char *label, int64_t t)
{
    char when[32];
    time_t tt = (time_t)t;
    struct tm tm;
    if (t > 0 && gmtime_r(&tt, &tm) && strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm))
        printf("%s %s\n", label, when);
}

static void print_summary(const ostrec_profile_summary *s, const char *profile)
{
    printf("Profile '%s': %zu likes, %zu dislikes, %zu plays (%zu skipped), %zu songs", profile, s->likes,
           s->dislikes, s->plays, s->skips, s->songs);
    if (s->missing) printf(", %zu no longer in the catalog", s->missing);
    putchar('\n');
    print_day("First play:", s->first_play);
    print_day("Last play: ", s->last_play);
    if (s->has_place) printf("Place on the mood plane: valence %+.2f, arousal %+.2f\n", s->valence, s->arousal);
    for (int k = 0; k < OSTREC_TOP_KINDS; k++) {
        if (s->top_count[k] == 0) continue;
        printf("%s:", top_titles[k]);
        for (size_t i = 0; i < s->top_count[k]; i++) {
            printf("%s ", i ? "," : "");
            cli_put_visible(stdout, s->top[k][i].name);
            double percent = 100 * s->top[k][i].share;
            printf(percent < 1 ? " <1%%" : " %.0f%%", percent);
        }
        putchar('\n');
    }
    for (int p = 0; p < OSTREC_DAY_PARTS; p++)
        if (s->day_plays[p]) printf("Mood you return to, %s: %s (%zu plays)\n", part_titles[p], s->day_mood[p], s->day_plays[p]);
}

static int parse_number(const char *option, const char *text, double min, double max, double *out)
{
    char *end;
    double x = strtod(text, &end);
    if (end == text || *end != '\0' || !(x >= min && x <= max))
        return cli_usage_error("profile", "%s: expected a number from %g to %g, found '%s'", option, min, max, text);
    *out = x;
    return EXIT_OK;
}

int cmd_profile(cli_ctx *ctx, int argc, char **argv)
{
    enum { OPT_PROFILE = 256, OPT_FORMAT, OPT_OFFSET, OPT_HALF_LIFE, OPT_YES };
    static const struct option options[] = {{"profile", required_argument, NULL, OPT_PROFILE},
                                            {"format", required_argument, NULL, OPT_FORMAT},
                                            {"utc-offset", required_argument, NULL, OPT_OFFSET},
                                            {"half-life", required_argument, NULL, OPT_HALF_LIFE},
                                            {"output", required_argument, NULL, 'o'},
                                            {"yes", no_argument, NULL, OPT_YES},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *profile = NULL, *output = NULL;
    out_format format = OUT_TABLE;
    double offset = 0, half_life = 90;
    int opt, yes = 0, status = EXIT_OK;
    while (status == EXIT_OK && (opt = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
        switch (opt) {
        case OPT_PROFILE: profile = optarg; break;
        case OPT_FORMAT: status = cli_parse_format("profile", optarg, 1u << OUT_TABLE | 1u << OUT_JSON, &format); break;
        case OPT_OFFSET: status = parse_number("--utc-offset", optarg, -14, 14, &offset); break;
        case OPT_HALF_LIFE: status = parse_number("--half-life", optarg, 0.01, 36500, &half_life); break;
        case 'o': output = optarg; break;
        case OPT_YES: yes = 1; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_option_error("profile", opt, argv);
        }
    }
    if (status != EXIT_OK) return status;
    const char *action = optind < argc ? argv[optind] : "";
    int operands = argc - optind - 1, is_import = strcmp(action, "import") == 0;
    if (strcmp(action, "show") && strcmp(action, "export") && !is_import && strcmp(action, "forget"))
        return cli_usage_error("profile", "expected show, export, import or forget");
    if (operands != is_import)
        return cli_usage_error("profile", is_import ? "import: expected one FILE" : "%s: unexpected '%s'", action,
                               optind + 1 < argc ? argv[optind + 1] : "");
    if (strcmp(action, "forget") == 0 && !yes)
        return cli_usage_error("profile", "forget deletes profile '%s' for good: add --yes",
                               profile ? profile : OSTREC_PROFILE_DEFAULT);
    if ((status = cli_open(ctx, CLI_PROFILE)) != EXIT_OK) return status;
    const char *name = profile ? profile : OSTREC_PROFILE_DEFAULT;
    int rc = OSTREC_OK;
    if (strcmp(action, "show") == 0) {
        ostrec_profile_summary s;
        rc = ostrec_profile_summary_get(ctx->db, name, half_life, 0, (int)(offset * 60), &s);
        if (rc == OSTREC_OK && format == OUT_JSON) {
            char *text = ostrec_profile_summary_to_json(&s, name);
            if (text == NULL) {
                cli_error("out of memory");
                return EXIT_RUNTIME;
            }
            return cli_print_json(text);
        }
        if (rc == OSTREC_OK) print_summary(&s, name);
    } else if (strcmp(action, "export") == 0) {
        FILE *out = output ? fopen(output, "w") : stdout;
        if (out == NULL) {
            cli_error("%s: cannot write", output);
            return EXIT_RUNTIME;
        }
        rc = ostrec_profile_export(ctx->db, name, out);
        if (output && fclose(out) != 0 && rc == OSTREC_OK) {
            cli_error("%s: cannot write", output);
            return EXIT_RUNTIME;
        }
    } else if (is_import) {
        rc = ostrec_profile_import(ctx->db, profile, argv[optind + 1]);
        if (rc == OSTREC_OK) fprintf(stderr, "ostrec: imported %s\n", argv[optind + 1]);
    } else {
        rc = ostrec_profile_forget(ctx->db, name);
        if (rc == OSTREC_OK) fprintf(stderr, "ostrec: profile '%s' forgotten, and the database compacted\n", name);
    }
    return rc == OSTREC_OK ? EXIT_OK : cli_fail(ctx, rc);
}
