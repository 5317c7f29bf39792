/* profile_summary.c: what a profile holds, for `profile show`: counts, the
 * soundtracks, people, genres, eras and moods its taste weighs most, its
 * place on the mood plane, and the mood most played at each part of the
 * day. */
#include "profile.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* Names with their summed weight, for one top list. */
typedef struct {
    char **names;
    double *weights;
    size_t count, cap;
} tally;

static int tally_add(tally *t, const char *name, double w)
{
    for (size_t i = 0; i < t->count; i++)
        if (strcmp(t->names[i], name) == 0) {
            t->weights[i] += w;
            return OSTREC_OK;
        }
    if (t->count == t->cap) {
        size_t bigger = t->cap ? 2 * t->cap : 32;
        char **names = realloc(t->names, bigger * sizeof *names);
        if (names == NULL) return OSTREC_ENOMEM;
        t->names = names;
        double *weights = realloc(t->weights, bigger * sizeof *weights);
        if (weights == NULL) return OSTREC_ENOMEM;
        t->weights = weights;
        t->cap = bigger;
    }
    if ((t->names[t->count] = strdup(name)) == NULL) return OSTREC_ENOMEM;
    t->weights[t->count++] = w;
    return OSTREC_OK;
}

/* Each ';'-joined word of `joined` gets an equal share of w. */
static int tally_joined(tally *t, const char *joined, double w)
{
    size_t n = 1;
    for (const char *p = joined; *p; p++) n += *p == ';';
    char word[OSTREC_FIELD_MAX + 1];
    for (const char *p = joined; *p;) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > OSTREC_FIELD_MAX) len = OSTREC_FIELD_MAX;
        memcpy(word, p, len);
        word[len] = '\0';
        if (strncmp(word, "feat:", 5) == 0) memmove(word, word + 5, len - 4);
        if (*word && tally_add(t, word, w / (double)n) != OSTREC_OK) return OSTREC_ENOMEM;
        if (end == NULL) break;
        p = end + 1;
    }
    return OSTREC_OK;
}

static void tally_free(tally *t)
{
    for (size_t i = 0; i < t->count; i++) free(t->names[i]);
    free(t->names);
    free(t->weights);
}

/* Copy name into out (size bytes), cut at a whole UTF-8 character. */
static void copy_whole_chars(char *out, size_t size, const char *name)
{
    size_t n = strlen(name);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80) n--;
    }
    memcpy(out, name, n);
    out[n] = '\0';
}

/* The heaviest OSTREC_PROFILE_TOP of t as shares of total. */
static void tally_top(const tally *t, double total, ostrec_top_item *top, size_t *count)
{
    unsigned char *taken = calloc(t->count + 1, 1);
    *count = 0;
    while (taken && *count < OSTREC_PROFILE_TOP) {
        long best = -1;
        for (size_t i = 0; i < t->count; i++)
            if (!taken[i] && (best < 0 || t->weights[i] > t->weights[best] ||
                              (t->weights[i] == t->weights[best] && strcmp(t->names[i], t->names[best]) < 0)))
                best = (long)i;
        if (best < 0) break;
        taken[best] = 1;
        copy_whole_chars(top[*count].name, sizeof top[*count].name, t->names[best]);
        top[(*count)++].share = total > 0 ? t->weights[best] / total : 0;
    }
    free(taken);
}

/* Counts of the profile's rows, and its first and last timed play. */
static int read_counts(ostrec *db, int64_t pid, ostrec_profile_summary *s)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(
        db->sql,
        "SELECT (SELECT count(*) FROM profile_opinions WHERE profile_id = ?1 AND opinion = 1),"
        " (SELECT count(*) FROM profile_opinions WHERE profile_id = ?1 AND opinion = -1),"
        " (SELECT count(*) FROM profile_plays WHERE profile_id = ?1),"
        " (SELECT count(*) FROM profile_plays WHERE profile_id = ?1 AND skipped = 1),"
        " (SELECT coalesce(min(played_at), 0) FROM profile_plays WHERE profile_id = ?1 AND played_at > 0),"
        " (SELECT coalesce(max(played_at), 0) FROM profile_plays WHERE profile_id = ?1)",
        -1, &stmt, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, 1, pid);
    if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        s->likes = (size_t)sqlite3_column_int64(stmt, 0);
        s->dislikes = (size_t)sqlite3_column_int64(stmt, 1);
        s->plays = (size_t)sqlite3_column_int64(stmt, 2);
        s->skips = (size_t)sqlite3_column_int64(stmt, 3);
        s->first_play = sqlite3_column_int64(stmt, 4);
        s->last_play = sqlite3_column_int64(stmt, 5);
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_ROW ? OSTREC_OK : ostrec__fail_sql(db, "profile");
}

/* The top lists and the place on the plane, from the taste's seeds. */
static int read_tops(ostrec *db, const ostrec_taste *taste, ostrec_profile_summary *s)
{
    tally t[OSTREC_TOP_KINDS] = {{0}};
    double total = 0, valence = 0, arousal = 0;
    int rc = OSTREC_OK;
    for (size_t i = 0; rc == OSTREC_OK && i < taste->seed_count; i++) {
        ostrec_song_list *one = NULL;
        if ((rc = ostrec_song_get(db, taste->seeds[i], &one)) != OSTREC_OK) break;
        const ostrec_song *song = &one->items[0];
        double w = taste->seed_weights[i], v, a;
        const ostrec_era *era = ostrec_era_of_year(db, song->year);
        total += w;
        if (tally_add(&t[OSTREC_TOP_SOUNDTRACKS], song->drama, w) || tally_joined(&t[OSTREC_TOP_ARTISTS], song->credits, w) ||
            tally_joined(&t[OSTREC_TOP_GENRES], song->genres, w) || tally_joined(&t[OSTREC_TOP_MOODS], song->moods, w) ||
            (era && tally_add(&t[OSTREC_TOP_ERAS], era->id, w)))
            rc = ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
        if (rc == OSTREC_OK && (rc = ostrec_song_mood_point(db, song, &v, &a)) == OSTREC_OK) {
            valence += w * v;
            arousal += w * a;
        }
        ostrec_song_list_free(one);
    }
    for (int k = 0; k < OSTREC_TOP_KINDS; k++) {
        if (rc == OSTREC_OK) tally_top(&t[k], total, s->top[k], &s->top_count[k]);
        tally_free(&t[k]);
    }
    if (rc == OSTREC_OK && total > 0) {
        s->has_place = 1;
        s->valence = valence / total;
        s->arousal = arousal / total;
    }
    return rc;
}

/* The mood most played at each part of the day: each timed play that was
 * not skipped counts its song's first mood. */
static int read_day_parts(ostrec *db, int64_t pid, int offset_minutes, ostrec_profile_summary *s)
{
    size_t moods = ostrec_vocab_count(db, OSTREC_VOCAB_MOODS);
    size_t *count = calloc(OSTREC_DAY_PARTS * (moods + 1), sizeof *count);
    sqlite3_stmt *stmt = NULL;
    if (count == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    int rc = sqlite3_prepare_v2(db->sql,
                                "SELECT p.played_at, m.mood FROM profile_plays p JOIN song_moods m "
                                "ON m.song_id = p.song_id AND m.position = 0 "
                                "WHERE p.profile_id = ?1 AND p.played_at > 0 AND coalesce(p.skipped, 0) = 0",
                                -1, &stmt, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, 1, pid);
    while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        int64_t seconds = (sqlite3_column_int64(stmt, 0) + (int64_t)offset_minutes * 60) % 86400;
        if (seconds < 0) seconds += 86400;
        size_t part = (size_t)(seconds / 21600); /* six hours a part */
        const ostrec_term *mood = ostrec_vocab_find(db, OSTREC_VOCAB_MOODS, (const char *)sqlite3_column_text(stmt, 1));
        s->day_plays[part]++;
        if (mood) count[part * (moods + 1) + (size_t)(mood - ostrec_vocab_term(db, OSTREC_VOCAB_MOODS, 0))]++;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(stmt);
    for (size_t part = 0; part < OSTREC_DAY_PARTS; part++) {
        size_t best = moods;
        for (size_t m = 0; m < moods; m++)
            if (count[part * (moods + 1) + m] > 0 && (best == moods || count[part * (moods + 1) + m] > count[part * (moods + 1) + best]))
                best = m;
        s->day_mood[part][0] = '\0';
        if (best < moods) copy_whole_chars(s->day_mood[part], sizeof s->day_mood[part], ostrec_vocab_term(db, OSTREC_VOCAB_MOODS, best)->id);
    }
    free(count);
    return rc == SQLITE_DONE ? OSTREC_OK : ostrec__fail_sql(db, "profile");
}

int ostrec_profile_summary_get(ostrec *db, const char *profile, double half_life_days, int64_t now,
                               int utc_offset_minutes, ostrec_profile_summary *out)
{
    memset(out, 0, sizeof *out);
    ostrec_taste *taste = NULL;
    int64_t pid = 0;
    if (utc_offset_minutes < -24 * 60 || utc_offset_minutes > 24 * 60)
        return ostrec__fail(db, OSTREC_EINVAL, "profile: the UTC offset must be within a day");
    int rc = ostrec_taste_get(db, profile, half_life_days, now, &taste);
    if (rc == OSTREC_OK) rc = profile_name_check(db, &profile);
    if (rc == OSTREC_OK) rc = profile_find(db, profile, 0, &pid);
    if (rc == OSTREC_OK) rc = read_counts(db, pid, out);
    if (rc == OSTREC_OK) rc = read_tops(db, taste, out);
    if (rc == OSTREC_OK) rc = read_day_parts(db, pid, utc_offset_minutes, out);
    if (rc == OSTREC_OK) {
        out->songs = taste->heard_count;
        out->missing = taste->missing;
    }
    ostrec_taste_free(taste);
    return rc;
}

static const char *const top_names[OSTREC_TOP_KINDS] = {"soundtracks", "artists", "genres", "eras", "moods"};
static const char *const part_names[OSTREC_DAY_PARTS] = {"night", "morning", "afternoon", "evening"};

char *ostrec_profile_summary_to_json(const ostrec_profile_summary *s, const char *profile)
{
    cJSON *root = cJSON_CreateObject();
    int ok = root != NULL && cJSON_AddStringToObject(root, "profile", profile ? profile : OSTREC_PROFILE_DEFAULT) &&
             cJSON_AddNumberToObject(root, "likes", (double)s->likes) &&
             cJSON_AddNumberToObject(root, "dislikes", (double)s->dislikes) &&
             cJSON_AddNumberToObject(root, "plays", (double)s->plays) &&
             cJSON_AddNumberToObject(root, "skips", (double)s->skips) &&
             cJSON_AddNumberToObject(root, "songs", (double)s->songs) &&
             cJSON_AddNumberToObject(root, "missing", (double)s->missing) &&
             cJSON_AddNumberToObject(root, "first_play", (double)s->first_play) &&
             cJSON_AddNumberToObject(root, "last_play", (double)s->last_play);
    if (ok && s->has_place) {
        cJSON *place = cJSON_AddObjectToObject(root, "place");
        ok = place && cJSON_AddNumberToObject(place, "valence", s->valence) &&
             cJSON_AddNumberToObject(place, "arousal", s->arousal);
    }
    for (int k = 0; ok && k < OSTREC_TOP_KINDS; k++) {
        cJSON *list = cJSON_AddArrayToObject(root, top_names[k]);
        ok = list != NULL;
        for (size_t i = 0; ok && i < s->top_count[k]; i++) {
            cJSON *item = cJSON_CreateObject();
            ok = item && cJSON_AddItemToArray(list, item) && cJSON_AddStringToObject(item, "name", s->top[k][i].name) &&
                 cJSON_AddNumberToObject(item, "share", s->top[k][i].share);
        }
    }
    cJSON *day = ok ? cJSON_AddObjectToObject(root, "day") : NULL;
    ok = ok && day;
    for (int p = 0; ok && p < OSTREC_DAY_PARTS; p++) {
        cJSON *part = cJSON_AddObjectToObject(day, part_names[p]);
        ok = part && cJSON_AddNumberToObject(part, "plays", (double)s->day_plays[p]) &&
             (s->day_mood[p][0] ? cJSON_AddStringToObject(part, "mood", s->day_mood[p]) != NULL
                                : cJSON_AddNullToObject(part, "mood") != NULL);
    }
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return text;
}
