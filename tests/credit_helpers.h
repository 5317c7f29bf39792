/* credit_helpers.h: people credited on the songs of a test catalog. The
 * index counts artists per person from song_credits, and this branch's
 * import does not write that table yet, so a test that caps or excludes
 * artists on an imported catalog first credits each song to its artist text
 * as one person: what ostrec_open does for a catalog older than schema 3
 * (engine/store.c, migrate_after), and what the caps meant before credits.
 * Songs that already have credits keep them. */
#ifndef OSTREC_TEST_CREDIT_HELPERS_H
#define OSTREC_TEST_CREDIT_HELPERS_H

#include "helpers.h"

#include "internal.h"

/* Run SQL on the handle's own connection (a catalog in memory has no other). */
static inline void credit_sql(ostrec *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
}

/* Credit every song without credits to its artist text as one person. */
static inline void credit_artist_texts(ostrec *db)
{
    credit_sql(db, "INSERT OR IGNORE INTO artists (name, artist_type) SELECT artist, min(artist_type) FROM songs "
                   "WHERE id NOT IN (SELECT song_id FROM song_credits) GROUP BY artist;"
                   "INSERT INTO song_credits (song_id, position, artist_id) SELECT s.id, 0, a.id FROM songs s "
                   "JOIN artists a ON a.name = s.artist WHERE s.id NOT IN (SELECT song_id FROM song_credits)");
}

#endif
