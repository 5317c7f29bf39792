/* filters.c: the filter options that similar, playlist and map share:
 * --era (a named era or years) and --instrumental. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* A whole year within the accepted range. */
int cli_parse_year(const char *text, int *out)
{
    char *end;
    long y = strtol(text, &end, 10);
    if (end == text || *end != '\0' || y < OSTREC_YEAR_MIN || y > OSTREC_YEAR_MAX) return -1;
    *out = (int)y;
    return 0;
}

const ostrec_era *cli_find_era(ostrec *db, const char *name)
{
    for (size_t i = 0; i < ostrec_era_count(db); i++)
        if (strcmp(ostrec_era_at(db, i)->id, name) == 0) return ostrec_era_at(db, i);
    return NULL;
}

void cli_list_eras(ostrec *db)
{
    fputs("the eras are:", stderr);
    for (size_t i = 0; i < ostrec_era_count(db); i++) {
        const ostrec_era *e = ostrec_era_at(db, i);
        fprintf(stderr, " %s (%d-%d)", e->id, e->from, e->to);
    }
    fputc('\n', stderr);
}

int cli_parse_era(ostrec *db, const char *command, const char *text, int *year_from, int *year_to)
{
    const ostrec_era *era = cli_find_era(db, text);
    if (era != NULL) {
        *year_from = era->from;
        *year_to = era->to;
        return EXIT_OK;
    }
    char buf[32];
    snprintf(buf, sizeof buf, "%s", text);
    char *dash = strchr(buf, '-');
    if (dash) *dash = '\0';
    int ok = cli_parse_year(buf, year_from) == 0;
    if (ok && dash) ok = cli_parse_year(dash + 1, year_to) == 0;
    else if (ok) *year_to = *year_from;
    if (ok && *year_from <= *year_to) return EXIT_OK;
    int status = cli_usage_error(command, "--era: expected an era name or YYYY-YYYY, found '%s'", text);
    cli_list_eras(db);
    return status;
}

int cli_parse_instrumental(const char *command, const char *text, ostrec_instrumental *out)
{
    if (strcmp(text, "yes") == 0) *out = OSTREC_INSTRUMENTAL_ONLY;
    else if (strcmp(text, "no") == 0) *out = OSTREC_INSTRUMENTAL_NONE;
    else if (strcmp(text, "any") == 0) *out = OSTREC_INSTRUMENTAL_ANY;
    else return cli_usage_error(command, "--instrumental: expected yes, no or any, found '%s'", text);
    return EXIT_OK;
}
