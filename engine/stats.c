/* stats.c: counts over the catalog (songs, dramas, eras, vocabulary use). */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* The catalog-wide counts, in one pass over the songs. */
static int count_songs(ostrec *db, ostrec_stats *st)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db->sql,
                           "SELECT count(*), count(DISTINCT drama), (SELECT count(DISTINCT artist_id) FROM song_credits), "
                           "coalesce(sum(instrumental), 0), coalesce(min(year), 0), coalesce(max(year), 0), "
                           "count(nullif(title_ko, '')), count(nullif(title_romanized, '')) FROM songs",
                           -1, &stmt, NULL) != SQLITE_OK)
        return ostrec__fail_sql(db, "stats");
    int rc = sqlite3_step(stmt) == SQLITE_ROW ? OSTREC_OK : ostrec__fail_sql(db, "stats");
    if (rc == OSTREC_OK) {
        st->songs = (size_t)sqlite3_column_int64(stmt, 0);
        st->dramas = (size_t)sqlite3_column_int64(stmt, 1);
        st->artists = (size_t)sqlite3_column_int64(stmt, 2);
        st->instrumental = (size_t)sqlite3_column_int64(stmt, 3);
        st->year_min = sqlite3_column_int(stmt, 4);
        st->year_max = sqlite3_column_int(stmt, 5);
        st->titles_ko = (size_t)sqlite3_column_int64(stmt, 6);
        st->titles_romanized = (size_t)sqlite3_column_int64(stmt, 7);
    }
    sqlite3_finalize(stmt);
    return rc;
}

static int count_era(ostrec *db, const ostrec_era *era, size_t *out)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db->sql, "SELECT count(*) FROM songs WHERE year BETWEEN ?1 AND ?2", -1, &stmt, NULL) !=
        SQLITE_OK)
        return ostrec__fail_sql(db, "stats");
    sqlite3_bind_int(stmt, 1, era->from);
    sqlite3_bind_int(stmt, 2, era->to);
    int rc = sqlite3_step(stmt) == SQLITE_ROW ? OSTREC_OK : ostrec__fail_sql(db, "stats");
    if (rc == OSTREC_OK) *out = (size_t)sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return rc;
}

/* How many songs use each word of one kind: one grouped query, its rows
 * matched to the vocabulary's order. */
static int count_terms(ostrec *db, ostrec_vocab_kind kind, size_t *counts)
{
    static const char *const sql[OSTREC_VOCAB_KINDS] = {
        "SELECT genre, count(*) FROM song_genres GROUP BY genre",
        "SELECT mood, count(*) FROM song_moods GROUP BY mood",
        "SELECT vocal_style, count(*) FROM songs GROUP BY vocal_style",
        "SELECT artist_type, count(*) FROM songs GROUP BY artist_type"};
    const vocab_list *words = &db->vocab.kinds[kind];
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db->sql, sql[kind], -1, &stmt, NULL) != SQLITE_OK) return ostrec__fail_sql(db, "stats");
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *word = (const char *)sqlite3_column_text(stmt, 0);
        /* A word the loaded vocabulary no longer has is not counted. */
        for (size_t i = 0; word != NULL && i < words->count; i++)
            if (strcmp(words->terms[i].id, word) == 0) counts[i] = (size_t)sqlite3_column_int64(stmt, 1);
    }
    sqlite3_finalize(stmt);
    return step == SQLITE_DONE ? OSTREC_OK : ostrec__fail_sql(db, "stats");
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
    rc = count_songs(db, st);
    for (size_t e = 0; e < db->vocab.era_count && rc == OSTREC_OK; e++)
        rc = count_era(db, &db->vocab.eras[e], &st->era_songs[e]);
    for (int k = 0; k < OSTREC_VOCAB_KINDS && rc == OSTREC_OK; k++)
        rc = count_terms(db, (ostrec_vocab_kind)k, st->term_songs[k]);
    if (rc != OSTREC_OK) {
        ostrec_stats_free(st);
        return rc;
    }
    *out = st;
    return OSTREC_OK;
}
