/* common.c: what every command needs: printing errors in one form, parsing
 * shared option values, resolving a SONG argument. */
#include "cli.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("ostrec: error: ", stderr);
    va_start(ap, fmt);
    cli_vput_visible(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fputs("ostrec: error: ", stderr);
    va_start(ap, fmt);
    cli_vput_visible(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'ostrec %s%s--help'.\n", command ? command : "", command ? " " : "");
    return EXIT_USAGE;
}

int cli_fail(cli_ctx *ctx, int rc)
{
    cli_error("%s", ostrec_errmsg(ctx->db));
    return rc == OSTREC_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
}

int cli_parse_format(const char *command, const char *text, unsigned allowed, out_format *out)
{
    static const char *const names[] = {"table", "json", "csv", "xspf"};
    char list[64] = "";
    for (unsigned f = 0; f < 4; f++) {
        if (!(allowed & (1u << f))) continue;
        if (strcmp(text, names[f]) == 0) {
            *out = (out_format)f;
            return EXIT_OK;
        }
        strcat(list, *list ? "|" : "");
        strcat(list, names[f]);
    }
    return cli_usage_error(command, "--format: expected %s, found '%s'", list, text);
}

int cli_parse_count(const char *command, const char *name, const char *text, size_t *out)
{
    char *end;
    if (*text < '0' || *text > '9') return cli_usage_error(command, "%s: expected a whole number, found '%s'", name, text);
    unsigned long long v = strtoull(text, &end, 10);
    if (*end != '\0' || v > 1000000000ULL)
        return cli_usage_error(command, "%s: expected a whole number, found '%s'", name, text);
    *out = (size_t)v;
    return EXIT_OK;
}

int cli_resolve_song(cli_ctx *ctx, const char *spec, ostrec_song_list **out)
{
    int rc = ostrec_resolve(ctx->db, spec, out);
    if (rc == OSTREC_OK) return EXIT_OK;
    cli_error("%s", ostrec_errmsg(ctx->db));
    if ((rc == OSTREC_EAMBIGUOUS || rc == OSTREC_ENOTFOUND) && *out != NULL && (*out)->count > 0) {
        fputs(rc == OSTREC_EAMBIGUOUS ? "candidates:\n" : "did you mean:\n", stderr);
        for (size_t i = 0; i < (*out)->count; i++) {
            const ostrec_song *s = &(*out)->items[i];
            fprintf(stderr, "  %lld  ", (long long)s->id);
            cli_put_visible(stderr, s->title);
            fputs(" / ", stderr);
            cli_put_visible(stderr, s->artist);
            fputs("  (", stderr);
            cli_put_visible(stderr, s->drama);
            fprintf(stderr, ", %d)\n", s->year);
        }
    }
    ostrec_song_list_free(*out);
    *out = NULL;
    return rc == OSTREC_EAMBIGUOUS || rc == OSTREC_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
}

int cli_print_json(char *text)
{
    if (text == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    puts(text);
    cJSON_free(text);
    return EXIT_OK;
}

int cli_option_error(const char *command, int opt, char **argv)
{
    const char *arg = argv[optind - 1];
    if (opt == ':') return cli_usage_error(command, "option '%s' needs a value", arg);
    return cli_usage_error(command, "unknown option '%s'", arg);
}


int cli_parse_format_options(const char *command, int argc, char **argv, const char *help, out_format *format)
{
    static const struct option options[] = {{"format", required_argument, NULL, 'f'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    int opt, status;
    while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            status = cli_parse_format(command, optarg, 1u << OUT_TABLE | 1u << OUT_JSON, format);
            if (status != EXIT_OK) return status;
            break;
        case 'h': fputs(help, stdout); return CLI_HELP_SHOWN;
        default: return cli_option_error(command, opt, argv);
        }
    }
    return EXIT_OK;
}
