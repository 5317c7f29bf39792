/* songs.c: reading songs back: by id, by full-text search, by the name a
 * user gives (with candidates and suggestions), and song lists. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int song_list_new(ostrec_song_list **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? OSTREC_OK : OSTREC_ENOMEM;
}

static void song_clear(ostrec_song *s)
{
    char **texts[] = {&s->title, &s->title_ko, &s->artist, &s->artist_ko, &s->drama, &s->drama_ko,
                      &s->genres, &s->moods, &s->vocal_style, &s->artist_type, &s->source,
                      &s->title_romanized, &s->credits};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) free(*texts[i]);
}

void ostrec_song_list_free(ostrec_song_list *list)
{
    if (list == NULL) return;
    for (size_t i = 0; i < list->count; i++) song_clear(&list->items[i]);
    free(list->items);
    free(list);
}

static char *column_text(sqlite3_stmt *stmt, int col)
{
    const unsigned char *t = sqlite3_column_text(stmt, col);
    size_t n = t ? (size_t)sqlite3_column_bytes(stmt, col) : 0;
    char *copy = malloc(n + 1);
    if (copy == NULL) return NULL;
    if (n) memcpy(copy, t, n);
    copy[n] = '\0';
    return copy;
}

/* Append the statement's current row (SONG_SELECT columns) to the list. */
static int append_row(ostrec_song_list *list, sqlite3_stmt *stmt)
{
    ostrec_song *items = realloc(list->items, (list->count + 1) * sizeof *items);
    if (items == NULL) return OSTREC_ENOMEM;
    list->items = items;
    ostrec_song *s = &items[list->count];
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(stmt, 0);
    s->year = sqlite3_column_int(stmt, 7);
    s->ost_part = sqlite3_column_int(stmt, 8);
    s->instrumental = sqlite3_column_int(stmt, 9);
    struct {
        char **slot;
        int col;
    } texts[] = {{&s->title, 1},   {&s->title_ko, 2},     {&s->artist, 3},       {&s->artist_ko, 4},
                 {&s->drama, 5},   {&s->drama_ko, 6},     {&s->genres, 10},      {&s->moods, 11},
                 {&s->vocal_style, 12}, {&s->artist_type, 13}, {&s->source, 14},
                 {&s->title_romanized, 15}, {&s->credits, 16}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        *texts[i].slot = column_text(stmt, texts[i].col);
        if (*texts[i].slot == NULL) {
            song_clear(s);
            return OSTREC_ENOMEM;
        }
    }
    list->count++;
    return OSTREC_OK;
}

int songs_collect(ostrec *db, sqlite3_stmt *stmt, size_t limit, ostrec_song_list **out)
{
    int rc = song_list_new(out);
    if (rc != OSTREC_OK) return ostrec__fail(db, rc, "out of memory");
    int step;
    while ((limit == 0 || (*out)->count < limit) && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
        rc = append_row(*out, stmt);
        if (rc != OSTREC_OK) return ostrec__fail(db, rc, "out of memory");
    }
    if (limit != 0 && (*out)->count == limit) return OSTREC_OK;
    return step == SQLITE_DONE ? OSTREC_OK : ostrec__fail_sql(db, "read songs");
}

/* Prepare, bind `nbind` texts to ?1.. and collect; *out is always set on return
 * unless memory ran out. */
static int query_songs(ostrec *db, const char *sql, const char *const *binds, size_t nbind, size_t limit,
                       ostrec_song_list **out)
{
    sqlite3_stmt *stmt = NULL;
    *out = NULL;
    if (sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL) != SQLITE_OK) {
        int rc = ostrec__fail_sql(db, "read songs");
        song_list_new(out);
        return rc;
    }
    for (size_t i = 0; i < nbind; i++) sqlite3_bind_text(stmt, (int)i + 1, binds[i], -1, SQLITE_STATIC);
    int rc = songs_collect(db, stmt, limit, out);
    sqlite3_finalize(stmt);
    return rc;
}

int ostrec_song_get(ostrec *db, int64_t id, ostrec_song_list **out)
{
    char idtext[32];
    const char *binds[1] = {idtext};
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    ostrec__clear_error(db);
    int rc = query_songs(db, SONG_SELECT "WHERE s.id = CAST(?1 AS INTEGER)", binds, 1, 1, out);
    if (rc == OSTREC_OK && (*out)->count == 0) rc = ostrec__fail(db, OSTREC_ENOTFOUND, "no song with id %lld", (long long)id);
    return rc;
}

/* Escape a word for LIKE with '\' as the escape character, wrapped in %. */
static char *like_pattern(const char *word)
{
    size_t n = strlen(word);
    char *p = malloc(2 * n + 3), *q = p;
    if (p == NULL) return NULL;
    *q++ = '%';
    for (const char *s = word; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') *q++ = '\\';
        *q++ = *s;
    }
    *q++ = '%';
    *q = '\0';
    return p;
}

/* Number of Unicode characters in s (it is valid UTF-8). */
static size_t char_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* The most words a search takes; more is refused rather than cut. */
#define SEARCH_MAX_WORDS 64
/* The longest SQL fragment one word adds (the LIKE form), with its numbers. */
#define SEARCH_WORD_SQL 640

int ostrec_search(ostrec *db, const char *text, size_t limit, ostrec_song_list **out)
{
    char *copy = NULL, *sql = NULL, *words[SEARCH_MAX_WORDS];
    char *binds[2 * SEARCH_MAX_WORDS + 1] = {0}; /* per word: its match and its LIKE pattern; then the text */
    size_t nwords = 0, found = 0;
    int rc = OSTREC_OK;
    *out = NULL;
    ostrec__clear_error(db);
    if (text == NULL || utf8_invalid_at(text, strlen(text)))
        return ostrec__fail(db, OSTREC_EINVAL, "search text: expected UTF-8 text");
    copy = malloc(strlen(text) + 1);
    if (copy == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    strcpy(copy, text);
    /* strtok_r, not strtok: strtok keeps its place in one process-wide
     * variable, so two handles searching in two threads would mix words. */
    char *rest = NULL;
    for (char *w = strtok_r(copy, " \t\r\n", &rest); w; w = strtok_r(NULL, " \t\r\n", &rest))
        if (found++ < SEARCH_MAX_WORDS) words[nwords++] = w;
    if (found > SEARCH_MAX_WORDS) {
        free(copy);
        return ostrec__fail(db, OSTREC_EINVAL, "search text: expected at most %d words, found %zu", SEARCH_MAX_WORDS,
                            found);
    }
    if (nwords == 0) {
        free(copy);
        return ostrec__fail(db, OSTREC_EINVAL, "search text: expected at least one word");
    }

    /* The SQL is assembled from fixed fragments only; every word is bound.
     * Words of three or more characters use the trigram index; shorter ones
     * (a two-syllable Korean name, "IU") fall back to LIKE over the columns.
     * Either way a word also finds the songs crediting an artist any of
     * whose names holds it: the canonical name, the Korean name, an alias,
     * or a group the artist belongs to (artist_names in data/schema.sql). */
    size_t size = sizeof SONG_SELECT + 256 + nwords * SEARCH_WORD_SQL;
    if ((sql = malloc(size)) == NULL) {
        rc = OSTREC_ENOMEM;
        goto done;
    }
    size_t used = (size_t)snprintf(sql, size, "%sWHERE 1", SONG_SELECT);
    for (size_t i = 0; i < nwords; i++) {
        int fts = char_count(words[i]) >= 3;
        if (fts) {
            /* An FTS5 string: double any '"' inside the quotes. */
            size_t n = strlen(words[i]);
            char *q = malloc(2 * n + 3), *p = q;
            if (q == NULL) { rc = OSTREC_ENOMEM; goto done; }
            *p++ = '"';
            for (const char *s = words[i]; *s; s++) {
                if (*s == '"') *p++ = '"';
                *p++ = *s;
            }
            *p++ = '"';
            *p = '\0';
            binds[2 * i] = q;
        } else if ((binds[2 * i] = like_pattern(words[i])) == NULL) {
            rc = OSTREC_ENOMEM;
            goto done;
        }
        if ((binds[2 * i + 1] = like_pattern(words[i])) == NULL) {
            rc = OSTREC_ENOMEM;
            goto done;
        }
        size_t m = 2 * i + 1, p = 2 * i + 2;
        used += (size_t)snprintf(sql + used, size - used,
                                 fts ? " AND (s.id IN (SELECT rowid FROM songs_fts WHERE songs_fts MATCH ?%zu)"
                                     : " AND (s.title LIKE ?%zu ESCAPE '\\' OR s.title_ko LIKE ?%zu ESCAPE '\\'"
                                       " OR s.artist LIKE ?%zu ESCAPE '\\' OR s.artist_ko LIKE ?%zu ESCAPE '\\'"
                                       " OR s.drama LIKE ?%zu ESCAPE '\\' OR s.drama_ko LIKE ?%zu ESCAPE '\\'"
                                       " OR s.title_romanized LIKE ?%zu ESCAPE '\\'",
                                 m, m, m, m, m, m, m);
        used += (size_t)snprintf(sql + used, size - used,
                                 " OR s.id IN (SELECT c.song_id FROM song_credits c JOIN artist_names n"
                                 " ON n.artist_id = c.artist_id WHERE n.name LIKE ?%zu ESCAPE '\\'))", p);
    }
    binds[2 * nwords] = (char *)text;
    snprintf(sql + used, size - used,
             " ORDER BY (lower(s.title) = lower(?%zu) OR s.title_ko = ?%zu) DESC, s.id", 2 * nwords + 1, 2 * nwords + 1);
    rc = query_songs(db, sql, (const char *const *)binds, 2 * nwords + 1, limit, out);
done:
    for (size_t i = 0; i < 2 * nwords; i++) free(binds[i]);
    free(sql);
    free(copy);
    if (rc == OSTREC_ENOMEM) rc = ostrec__fail(db, rc, "out of memory");
    return rc;
}

/* Up to five songs whose titles are nearest to `title` by edit distance,
 * none farther than len / 2 + 2 edits (too far to be what was meant). Each
 * distance is computed only up to the bound a title would have to beat (the
 * cut-off, or the fifth best so far), so a long hostile text is cheap. */
static int nearest_titles(ostrec *db, const char *title, ostrec_song_list **out)
{
    enum { KEEP = 5 };
    int64_t best_id[KEEP];
    size_t best_d[KEEP], kept = 0;
    size_t len = strlen(title), cutoff = len / 2 + 2;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db->sql, "SELECT id, title, title_ko FROM songs", -1, &stmt, NULL) != SQLITE_OK)
        return ostrec__fail_sql(db, "suggest");
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        size_t bound = cutoff;
        if (kept == KEEP) { /* a title must beat the fifth best to get in */
            if (best_d[KEEP - 1] == 0) break;
            if (best_d[KEEP - 1] - 1 < bound) bound = best_d[KEEP - 1] - 1;
        }
        const char *t = (const char *)sqlite3_column_text(stmt, 1);
        size_t tn = t ? (size_t)sqlite3_column_bytes(stmt, 1) : 0;
        const char *k = (const char *)sqlite3_column_text(stmt, 2);
        size_t kn = k ? (size_t)sqlite3_column_bytes(stmt, 2) : 0;
        size_t d = edit_distance_within(title, len, t ? t : "", tn, bound);
        if (kn > 0) {
            size_t dk = edit_distance_within(title, len, k, kn, d <= bound ? d : bound);
            if (dk < d) d = dk;
        }
        if (d > bound) continue;
        /* Insert into the small sorted list of the best so far. */
        size_t pos = kept;
        while (pos > 0 && best_d[pos - 1] > d) pos--;
        if (pos >= KEEP) continue;
        size_t last = kept < KEEP ? kept : KEEP - 1;
        for (size_t j = last; j > pos; j--) {
            best_d[j] = best_d[j - 1];
            best_id[j] = best_id[j - 1];
        }
        best_d[pos] = d;
        best_id[pos] = sqlite3_column_int64(stmt, 0);
        if (kept < KEEP) kept++;
    }
    sqlite3_finalize(stmt);
    int rc = song_list_new(out);
    if (rc != OSTREC_OK) return rc;
    for (size_t i = 0; i < kept && rc == OSTREC_OK; i++) {
        ostrec_song_list *one = NULL;
        rc = ostrec_song_get(db, best_id[i], &one);
        if (rc == OSTREC_OK) {
            ostrec_song *items = realloc((*out)->items, ((*out)->count + 1) * sizeof *items);
            if (items == NULL) rc = OSTREC_ENOMEM;
            else {
                (*out)->items = items;
                items[(*out)->count++] = one->items[0];
                one->count = 0; /* ownership moved */
            }
        }
        ostrec_song_list_free(one);
    }
    return rc;
}

int ostrec_resolve(ostrec *db, const char *spec, ostrec_song_list **out)
{
    *out = NULL;
    ostrec__clear_error(db);
    if (spec == NULL || *spec == '\0' || utf8_invalid_at(spec, strlen(spec))) {
        song_list_new(out);
        return ostrec__fail(db, OSTREC_EINVAL, "song: expected an id or a title");
    }
    /* An id: all digits, within int64_t (a longer number saturates in
     * strtoll to the largest id; it is no id, but may be a title). */
    if (strspn(spec, "0123456789") == strlen(spec)) {
        errno = 0;
        long long id = strtoll(spec, NULL, 10);
        if (errno != ERANGE) {
            int rc = ostrec_song_get(db, id, out);
            if (rc != OSTREC_ENOTFOUND) return rc;
            ostrec_song_list_free(*out); /* not an id: maybe a title of digits */
            *out = NULL;
        }
    }
    /* "TITLE / ARTIST": split at the last " / ". */
    char *title = malloc(strlen(spec) + 1);
    if (title == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    strcpy(title, spec);
    char *split = NULL;
    for (char *p = title; (p = strstr(p, " / ")) != NULL; p++) split = p;
    const char *artist = "";
    if (split != NULL) {
        *split = '\0';
        artist = split + 3;
    }
    const char *binds[2] = {title, artist};
    int rc = query_songs(db,
                         SONG_SELECT "WHERE (lower(s.title) = lower(?1) OR s.title_ko = ?1) "
                                     "AND (?2 = '' OR lower(s.artist) = lower(?2) OR s.artist_ko = ?2 "
                                     "OR instr(lower(s.artist), lower(?2)) > 0) ORDER BY s.id",
                         binds, 2, 0, out);
    if (rc == OSTREC_OK) {
        if ((*out)->count == 1) {
            ;
        } else if ((*out)->count > 1) {
            rc = ostrec__fail(db, OSTREC_EAMBIGUOUS, "'%s' names %zu songs; give an id or \"TITLE / ARTIST\"", spec,
                              (*out)->count);
        } else {
            ostrec_song_list_free(*out);
            *out = NULL;
            rc = nearest_titles(db, title, out);
            if (rc == OSTREC_OK) rc = ostrec__fail(db, OSTREC_ENOTFOUND, "no song is called '%s'", spec);
            else if (*out == NULL) song_list_new(out);
        }
    }
    free(title);
    return rc;
}
