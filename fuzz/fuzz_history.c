/* fuzz_history.c: fuzz target: the input as a listening history or playlist
 * for history_parse (format AUTO), its first byte choosing the name the
 * file goes by (.json, .csv, .m3u, .xspf), so detection is fuzzed too.
 * Refused: a negative code with a message and nothing given back. Read: the
 * promises of history.h hold for every entry. */
#include "fuzz.h"

#include "history.h"

static const char *const names[] = {"in.json", "in.csv", "in.m3u", "in.xspf"};

static int is_trimmed(const char *s)
{
    size_t n = strlen(s);
    return n == 0 || (!strchr(" \t\r\n", s[0]) && !strchr(" \t\r\n", s[n - 1]));
}

static void check_entries(const history_entries *h)
{
    PROMISE(h->format != OSTREC_HISTORY_AUTO, "read as AUTO");
    PROMISE(h->count == 0 || h->items != NULL, "%zu entries, no items", h->count);
    for (size_t i = 0; i < h->count; i++) {
        const history_entry *e = &h->items[i];
        PROMISE(e->title != NULL && e->title[0] != '\0', "entry %zu has no title", i);
        PROMISE(e->artist != NULL && e->album != NULL && e->where != NULL, "entry %zu: a NULL text", i);
        const char *texts[3] = {e->title, e->artist, e->album};
        for (int k = 0; k < 3; k++) {
            size_t n = strlen(texts[k]);
            PROMISE(n <= OSTREC_FIELD_MAX, "entry %zu: %zu bytes", i, n);
            PROMISE(utf8_invalid_at(texts[k], n) == 0, "entry %zu: not UTF-8", i);
            PROMISE(is_trimmed(texts[k]), "entry %zu: '%s' not trimmed", i, texts[k]);
        }
        PROMISE(e->position == i + 1, "entry %zu at position %zu", i, e->position);
        PROMISE(e->ms_played >= -1 && e->skipped >= -1 && e->skipped <= 1, "entry %zu: ms %lld, skipped %d", i,
                (long long)e->ms_played, e->skipped);
        PROMISE(e->played_at >= 0 && e->played_at <= 253402300799, "entry %zu: played at %lld", i,
                (long long)e->played_at);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ostrec *db;
    if (size == 0) return 0;
    if (db == NULL) db = fuzz_open(NULL);
    history_entries h;
    int rc = history_parse(db, names[data[0] % 4], (const char *)data + 1, size - 1, OSTREC_HISTORY_AUTO, &h);
    if (rc != OSTREC_OK) {
        expect_refusal(db, rc, "history_parse");
        PROMISE(h.count == 0 && h.items == NULL && h.not_music == 0, "a refusal gave entries back");
    } else {
        check_entries(&h);
    }
    history_entries_free(&h);
    return 0;
}
