/* cmd_show.c: `ostrec show SONG`: every field of one song. */
#include "cli.h"

#include <cjson/cJSON.h>
#include <unistd.h> /* optind */
#include <stdlib.h>

static const char help[] =
    "Usage: ostrec show [--format table|json] SONG\n"
    "Show one song. SONG is an id, a title (case-insensitive, English or Korean),\n"
    "or \"TITLE / ARTIST\". When several songs match, the candidates are listed\n"
    "and the exit status is 2; when none does, the nearest titles are suggested\n"
    "and the exit status is 1. The JSON form adds what the model sees: the song's\n"
    "valence and arousal (the mean of its moods') and its named era.\n\n"
    "  --format FMT   table (default) or json\n"
    "  -h, --help     show this help\n";

static int print_fields(const ostrec_song *s)
{
    char id[24], year[8], part[8];
    snprintf(id, sizeof id, "%lld", (long long)s->id);
    snprintf(year, sizeof year, "%d", s->year);
    snprintf(part, sizeof part, "%d", s->ost_part);
    const char *rows[][2] = {{"id", id},
                             {"title", s->title},
                             {"title_ko", s->title_ko},
                             {"romanized", s->title_romanized},
                             {"artist", s->artist},
                             {"artist_ko", s->artist_ko},
                             {"credits", s->credits},
                             {"drama", s->drama},
                             {"drama_ko", s->drama_ko},
                             {"year", year},
                             {"ost_part", s->ost_part ? part : ""},
                             {"instrumental", s->instrumental ? "yes" : "no"},
                             {"genres", s->genres},
                             {"moods", s->moods},
                             {"vocal_style", s->vocal_style},
                             {"artist_type", s->artist_type},
                             {"source", s->source}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (*rows[i][1]) {
            printf("%-13s ", rows[i][0]);
            cli_put_visible(stdout, rows[i][1]);
            putchar('\n');
        }
    return EXIT_OK;
}

int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
    out_format format = OUT_TABLE;
    int status = cli_parse_format_options("show", argc, argv, help, &format);
    if (status != EXIT_OK) return status == CLI_HELP_SHOWN ? EXIT_OK : status;
    if (argc - optind != 1) return cli_usage_error("show", "expected one SONG (an id or a title; quote it)");
    if ((status = cli_open(ctx, CLI_READ)) != EXIT_OK) return status;
    ostrec_song_list *list = NULL;
    if ((status = cli_resolve_song(ctx, argv[optind], &list)) != EXIT_OK) return status;
    if (format == OUT_TABLE) {
        status = print_fields(&list->items[0]);
    } else {
        /* The one object, not an array of one, with what the model sees. */
        char *text = ostrec_songs_to_json(list);
        cJSON *arr = text ? cJSON_Parse(text) : NULL;
        cJSON *song = cJSON_GetArrayItem(arr, 0);
        free(text);
        double valence, arousal;
        const ostrec_era *era = ostrec_era_of_year(ctx->db, list->items[0].year);
        if (ostrec_song_mood_point(ctx->db, &list->items[0], &valence, &arousal) != OSTREC_OK) {
            status = cli_fail(ctx, OSTREC_EDATA);
        } else if (song == NULL || !cJSON_AddNumberToObject(song, "valence", valence) ||
                   !cJSON_AddNumberToObject(song, "arousal", arousal) ||
                   !(era ? cJSON_AddStringToObject(song, "era", era->id) : cJSON_AddNullToObject(song, "era"))) {
            status = cli_print_json(NULL);
        } else {
            status = cli_print_json(cJSON_Print(song));
        }
        cJSON_Delete(arr);
    }
    ostrec_song_list_free(list);
    return status;
}
