/* stats.c: counts over the catalog (songs, dramas, eras, vocabulary use). */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Run a one-number query; ?1 is bound to `word` if given, ?1 and ?2 to the
 * years when `word` is NULL and the query has them. */
static int count_query(ostrec *db, const char *sql, const char *word, int from, int to, size_t *out)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL) != SQLITE_OK) return ostrec__fail_sql(db, "stats");
    if (word) {
        sqlite3_bind_text(stmt, 1, word, -1, SQLITE_STATIC);
    } else if (sqlite3_bind_parameter_count(stmt) == 2) {
        sqlite3_bind_int(stmt, 1, from);
        sqlite3_bind_int(stmt, 2, to);
    }
    int rc = sqlite3_step(stmt) == SQLITE_ROW ? OSTREC_OK : ostrec__fail_sql(db, "stats");
    if (rc == OSTREC_OK) *out = (size_t)sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return rc;
}

void ostrec_stats_free(ostrec_stats *stats)
{
    if (stats == NULL) return;
    free(stats->era_songs);
    for (int k = 0; k < OSTREC_VOCAB_KINDS; k++) free(stats->term_songs[k]);
    free(stats);
}

int ostrec_stats_get(ostrec *db, ostrec_stats **out)
{
    static const char *const term_sql[OSTREC_VOCAB_KINDS] = {
        "SELECT count(*) FROM song_genres WHERE genre = ?1",
        "SELECT count(*) FROM song_moods WHERE mood = ?1",
        "SELECT count(*) FROM songs WHERE vocal_style = ?1",
        "SELECT count(*) FROM songs WHERE artist_type = ?1"};
    ostrec__clear_error(db);
    ostrec_stats *st = calloc(1, sizeof *st);
    *out = NULL;
    if (st == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    int rc = OSTREC_OK;
    st->era_songs = calloc(db->vocab.era_count + 1, sizeof *st->era_songs);
    for (int k = 0; k < OSTREC_VOCAB_KINDS; k++)
        st->term_songs[k] = calloc(db->vocab.kinds[k].count + 1, sizeof *st->term_songs[k]);
    for (int k = 0; k < OSTREC_VOCAB_KINDS; k++)
        if (st->term_songs[k] == NULL) rc = OSTREC_ENOMEM;
    if (st->era_songs == NULL || rc != OSTREC_OK) {
        ostrec_stats_free(st);
        return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    }
    size_t ymin = 0, ymax = 0;
    rc = count_query(db, "SELECT count(*) FROM songs", NULL, 0, 0, &st->songs);
    if (rc == OSTREC_OK) rc = count_query(db, "SELECT count(DISTINCT drama) FROM songs", NULL, 0, 0, &st->dramas);
    if (rc == OSTREC_OK) rc = count_query(db, "SELECT count(DISTINCT artist) FROM songs", NULL, 0, 0, &st->artists);
    if (rc == OSTREC_OK) rc = count_query(db, "SELECT count(*) FROM songs WHERE instrumental = 1", NULL, 0, 0, &st->instrumental);
    if (rc == OSTREC_OK) rc = count_query(db, "SELECT coalesce(min(year), 0) FROM songs", NULL, 0, 0, &ymin);
    if (rc == OSTREC_OK) rc = count_query(db, "SELECT coalesce(max(year), 0) FROM songs", NULL, 0, 0, &ymax);
    st->year_min = (int)ymin;
    st->year_max = (int)ymax;
    for (size_t e = 0; e < db->vocab.era_count && rc == OSTREC_OK; e++) {
        rc = count_query(db, "SELECT count(*) FROM songs WHERE year BETWEEN ?1 AND ?2", NULL,
                         db->vocab.eras[e].from, db->vocab.eras[e].to, &st->era_songs[e]);
    }
    for (int k = 0; k < OSTREC_VOCAB_KINDS && rc == OSTREC_OK; k++)
        for (size_t i = 0; i < db->vocab.kinds[k].count && rc == OSTREC_OK; i++)
            rc = count_query(db, term_sql[k], db->vocab.kinds[k].terms[i].id, 0, 0, &st->term_songs[k][i]);
    if (rc != OSTREC_OK) {
        ostrec_stats_free(st);
        return rc;
    }
    *out = st;
    return OSTREC_OK;
}
