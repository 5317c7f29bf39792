// cplusplus.cpp: engine/ostrec.h compiles as C++ (g++ -std=c++11 -pedantic
// -Wall -Wextra -Werror) and links against libostrec.a: its extern "C", its
// initializer macros and a few calls, on an in-memory catalog.
#include <cstdio>
#include <cstring>

#include "ostrec.h"

static int failures = 0;

static void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "FAIL: cplusplus: %s\n", what);
        failures++;
    }
}

int main()
{
    check(std::strcmp(ostrec_version(), OSTREC_VERSION) == 0, "ostrec_version() is OSTREC_VERSION");

    ostrec *db = NULL;
    int rc = ostrec_open(&db, ":memory:", NULL);
    check(rc == OSTREC_OK, "ostrec_open(\":memory:\")");
    if (rc != OSTREC_OK) {
        std::fprintf(stderr, "cplusplus: %s\n", ostrec_errmsg(db));
        ostrec_close(db);
        return 1;
    }
    check(ostrec_vocab_count(db, OSTREC_VOCAB_MOODS) > 0, "the built-in vocabulary has moods");

    ostrec_stats *stats = NULL;
    check(ostrec_stats_get(db, &stats) == OSTREC_OK && stats != NULL && stats->songs == 0,
          "an empty catalog has no songs");
    ostrec_stats_free(stats);

    ostrec_song_list *found = NULL;
    check(ostrec_resolve(db, "Stay With Me", &found) == OSTREC_ENOTFOUND, "no song in an empty catalog");
    ostrec_song_list_free(found);

    ostrec_query query = OSTREC_QUERY_INIT;
    check(query.version == OSTREC_QUERY_VERSION && query.k == 10 && query.negative_weight == 0.5,
          "OSTREC_QUERY_INIT");
    ostrec_playlist_query playlist = OSTREC_PLAYLIST_INIT;
    check(playlist.version == OSTREC_PLAYLIST_VERSION && playlist.n == 20 && playlist.targets == NULL,
          "OSTREC_PLAYLIST_INIT");

    ostrec_close(db);
    if (failures == 0)
        std::printf("cplusplus: ok\n");
    return failures == 0 ? 0 : 1;
}
