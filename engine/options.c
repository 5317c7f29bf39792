/* options.c: the versioned option structs: their defaults, and reading a
 * caller's struct of any version from 1 to the current one. */
#include "internal.h"

#include <stddef.h>
#include <string.h>

/* The size of each version of each struct, oldest first. A field added in
 * version N+1 goes at the end, and version N's size becomes offsetof() that
 * field, so a caller built against the older header is read only as far as
 * its struct goes. */
static const size_t open_sizes[] = {sizeof(ostrec_open_options)};
static const size_t query_sizes[] = {offsetof(ostrec_query, seed_weights), sizeof(ostrec_query)};
static const size_t playlist_sizes[] = {offsetof(ostrec_playlist_query, only), sizeof(ostrec_playlist_query)};

void ostrec_open_options_init(ostrec_open_options *options)
{
    if (options != NULL) *options = (ostrec_open_options)OSTREC_OPEN_INIT;
}

void ostrec_query_init(ostrec_query *query)
{
    if (query != NULL) *query = (ostrec_query)OSTREC_QUERY_INIT;
}

void ostrec_playlist_query_init(ostrec_playlist_query *query)
{
    if (query != NULL) *query = (ostrec_playlist_query)OSTREC_PLAYLIST_INIT;
}

/* Copy the fields of `src`'s version into `dst`, which holds the defaults;
 * `src` NULL leaves the defaults. Returns 0, or 1 when the version is not
 * one this library knows. */
static int copy_version(void *dst, const void *src, const size_t *sizes, int versions)
{
    if (src == NULL) return 0;
    int version;
    memcpy(&version, src, sizeof version);
    if (version < 1 || version > versions) return 1;
    memcpy(dst, src, sizes[version - 1]);
    ((int *)dst)[0] = versions; /* what is in dst now is the current layout */
    return 0;
}

#define VERSIONS(sizes) ((int)(sizeof sizes / sizeof sizes[0]))

/* With `db` NULL, no message is set. */
static int refuse(ostrec *db, const char *fmt, int version, int current)
{
    if (db == NULL) return OSTREC_EINVAL;
    return ostrec__fail(db, OSTREC_EINVAL, fmt, version, current);
}

int options_read_open(ostrec *db, const ostrec_open_options *in, ostrec_open_options *out)
{
    ostrec_open_options_init(out);
    if (copy_version(out, in, open_sizes, VERSIONS(open_sizes)))
        return refuse(db, "open options: version %d (expected 1 to %d; start from OSTREC_OPEN_INIT)", in->version,
                      VERSIONS(open_sizes));
    return OSTREC_OK;
}

int options_read_query(ostrec *db, const ostrec_query *in, ostrec_query *out)
{
    ostrec_query_init(out);
    if (in == NULL) return db ? ostrec__fail(db, OSTREC_EINVAL, "query: none given") : OSTREC_EINVAL;
    if (copy_version(out, in, query_sizes, VERSIONS(query_sizes)))
        return refuse(db, "query: version %d (expected 1 to %d; start from OSTREC_QUERY_INIT)", in->version,
                      VERSIONS(query_sizes));
    return OSTREC_OK;
}

int options_read_playlist(ostrec *db, const ostrec_playlist_query *in, ostrec_playlist_query *out)
{
    ostrec_playlist_query_init(out);
    if (in == NULL) return db ? ostrec__fail(db, OSTREC_EINVAL, "playlist: no request given") : OSTREC_EINVAL;
    if (copy_version(out, in, playlist_sizes, VERSIONS(playlist_sizes)))
        return refuse(db, "playlist: version %d (expected 1 to %d; start from OSTREC_PLAYLIST_INIT)", in->version,
                      VERSIONS(playlist_sizes));
    return OSTREC_OK;
}

_Static_assert(VERSIONS(open_sizes) == OSTREC_OPEN_VERSION, "one size per version of ostrec_open_options");
_Static_assert(VERSIONS(query_sizes) == OSTREC_QUERY_VERSION, "one size per version of ostrec_query");
_Static_assert(VERSIONS(playlist_sizes) == OSTREC_PLAYLIST_VERSION, "one size per version of ostrec_playlist_query");
