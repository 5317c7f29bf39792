/* profile.h: what the profile files share (profile.c, profile_io.c,
 * history_import.c, song_match.c, taste.c, profile_summary.c, title_key.c). */
#ifndef OSTREC_PROFILE_H
#define OSTREC_PROFILE_H

#include "internal.h"

/* A profile's name: NULL becomes OSTREC_PROFILE_DEFAULT; 1 to 64 bytes of
 * UTF-8, else OSTREC_EINVAL. */
int profile_name_check(ostrec *db, const char **name);

/* The profile's row id; when there is none, made when `create`, else
 * OSTREC_ENOTFOUND naming it. */
int profile_find(ostrec *db, const char *name, int create, int64_t *id);

/* taste.c: the weight of one play: min(ms / 180 s, 1) (1 without ms), or
 * OSTREC_SKIP_WEIGHT when skipped, halved every half_life_days before now
 * (a play with no time, played_at 0, is not halved). */
double taste_play_weight(int64_t played_at, int has_ms, int64_t ms, int skipped, double half_life_days, int64_t now);

/* title_key.c: the key a title or a name is matched by, into out (size
 * bytes): a bracketed or " - " part that names an OST, a drama's
 * soundtrack, a feature or a version set aside ("(From \"Goblin\" OST)",
 * "(feat. Punch)", " - Goblin OST Part 1"); ASCII letters lowered; every
 * character that is not a letter or digit dropped (Hangul kept). Returns
 * the key's length (0: nothing left to match). */
size_t title_key(const char *text, char *out, size_t size);
/* The names in an artist text ("CHANYEOL, Punch", "A & B", "A feat. B",
 * "A x B"), each as a key, into keys (max of them, each KEY_MAX bytes);
 * returns how many. */
#define KEY_MAX 256
size_t artist_keys(const char *text, char keys[][KEY_MAX], size_t max);

#endif
