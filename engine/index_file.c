/* index_file.c: the index kept beside its catalog. `ostrec_index_open` maps
 * DB.index read-only when the file was built from this catalog generation,
 * this model and this vocabulary; otherwise it builds the index from the
 * catalog and keeps it there for the next call (a temporary file renamed
 * over the old one, so a reader never sees half a file). A file that does
 * not fit (another version, a truncated or damaged file) is never used:
 * every count, offset and code that could lead a read astray is checked
 * when it is mapped. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECTION_ALIGN 64

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

/* What the index's contents depend on besides the catalog: the model's
 * parameters, every word of the vocabulary in order (with the moods'
 * coordinates), and the shapes of the records. */
static uint64_t index_stamp(const ostrec *db, const ostrec_index *index)
{
    const ostrec_model *m = &index->model;
    uint64_t h = 14695981039346656037ULL;
    h = fnv(h, m->name, strlen(m->name) + 1);
    h = fnv(h, m->weight, sizeof m->weight);
    h = fnv(h, &m->mood_tag_share, sizeof m->mood_tag_share);
    h = fnv(h, &m->mood_grid, sizeof m->mood_grid);
    h = fnv(h, &m->mood_width, sizeof m->mood_width);
    h = fnv(h, &m->mood_tag_width, sizeof m->mood_tag_width);
    h = fnv(h, &m->mood_tag_decay, sizeof m->mood_tag_decay);
    h = fnv(h, &m->era_from, sizeof m->era_from);
    h = fnv(h, &m->era_step, sizeof m->era_step);
    h = fnv(h, &m->era_width, sizeof m->era_width);
    h = fnv(h, &m->era_points, sizeof m->era_points);
    for (int k = 0; k < OSTREC_VOCAB_KINDS; k++) {
        const vocab_list *l = &db->vocab.kinds[k];
        for (size_t i = 0; i < l->count; i++) {
            h = fnv(h, l->terms[i].id, strlen(l->terms[i].id) + 1);
            h = fnv(h, &l->terms[i].valence, sizeof l->terms[i].valence);
            h = fnv(h, &l->terms[i].arousal, sizeof l->terms[i].arousal);
        }
        h = fnv(h, "|", 1);
    }
    size_t shapes[] = {sizeof(song_code), sizeof(song_context), sizeof(index_file_header), SECTIONS};
    return fnv(h, shapes, sizeof shapes);
}

/* The path of the index kept for the catalog at `db_path`, or NULL. */
static char *index_path(const char *db_path)
{
    size_t n = strlen(db_path);
    char *path = malloc(n + sizeof ".index");
    if (path) memcpy(memcpy(path, db_path, n) + n, ".index", sizeof ".index");
    return path;
}

static size_t align_up(size_t n) { return (n + SECTION_ALIGN - 1) / SECTION_ALIGN * SECTION_ALIGN; }

/* ---- reading ---- */

/* Every song's codes, every context and every (genre, mood) pair point
 * inside the dictionaries, the credits inside their sections and the
 * people's rows inside the songs (index_credits_fit), and the texts end with
 * a NUL. The other per-song sections are read through accessors that keep a
 * damaged value in bounds (index_drama, index_song_at, the playlists' ring
 * walks and pair rows): a damaged link or key there can give a wrong answer,
 * never a read out of bounds or an endless loop. So mapping reads the codes,
 * which every query reads anyway, the pairs and the credits (each as long as
 * the songs, or about). */
static int contents_fit(const ostrec_index *ix)
{
    for (size_t r = 0; r < ix->count; r++) {
        const song_code *c = &ix->code[r];
        if (c->genre >= ix->genre_sets || c->mood >= ix->mood_sets || c->context >= ix->contexts) return 0;
    }
    for (size_t c = 0; c < ix->contexts; c++)
        if (ix->context[c].era >= ix->years || ix->context[c].vocal_style >= ix->vocal_count ||
            ix->context[c].artist_type >= ix->artist_count)
            return 0;
    return index_pairs_fit(ix) && index_credits_fit(ix) &&
           (ix->count == 0 || (ix->text_bytes > 0 && ix->texts[ix->text_bytes - 1] == '\0'));
}

/* Map the file at `path` as *index (laid out like `fresh`, whose sizes it
 * takes) when it is an index of this generation and stamp. Returns 1 when
 * it was used, 0 when there is no usable file, OSTREC_ENOMEM. */
static int map_kept(const char *path, uint64_t generation, uint64_t stamp, ostrec_index *fresh)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    struct stat st;
    index_file_header h;
    void *map = MAP_FAILED;
    int used = 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size < sizeof h ||
        pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h)
        goto done;
    if (memcmp(h.magic, INDEX_MAGIC, 8) != 0 || h.format != INDEX_FORMAT || h.order != 0x01020304 ||
        h.checksum != fnv(14695981039346656037ULL, &h, offsetof(index_file_header, checksum)) ||
        h.file_size != (uint64_t)st.st_size || h.generation != generation || h.stamp != stamp ||
        h.count >= UINT32_MAX || h.genre_sets > UINT16_MAX || h.mood_sets > UINT16_MAX || h.years > UINT16_MAX ||
        h.contexts > UINT16_MAX || h.pairs > h.count || h.credits >= UINT32_MAX || h.artists > h.credits ||
        h.dramas > h.count || h.text_bytes > UINT32_MAX)
        goto done;
    fresh->count = h.count;
    fresh->genre_sets = h.genre_sets;
    fresh->mood_sets = h.mood_sets;
    fresh->years = h.years;
    fresh->contexts = h.contexts;
    fresh->pairs = h.pairs;
    fresh->text_bytes = h.text_bytes;
    fresh->artists = h.artists;
    fresh->dramas = h.dramas;
    fresh->credits = h.credits;
    size_t end = align_up(sizeof h);
    for (int s = 0; s < SECTIONS; s++) { /* in order, aligned, each inside the file */
        size_t count, size = index_section_size(fresh, s, &count);
        if (h.offset[s] != end || count > (h.file_size - end) / size) goto done;
        end = align_up(end + count * size);
    }
    if (end != h.file_size) goto done;
    map = mmap(NULL, h.file_size, PROT_READ, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) goto done;
    for (int s = 0; s < SECTIONS; s++) fresh->section[s] = (char *)map + h.offset[s];
    index_point_sections(fresh);
    if (!contents_fit(fresh)) goto done;
    fresh->owns_sections = 0;
    fresh->map = map;
    fresh->map_size = h.file_size;
    fresh->generation = generation;
    used = 1;
done:
    if (!used && map != MAP_FAILED) munmap(map, h.file_size);
    if (!used) memset(fresh->section, 0, sizeof fresh->section);
    close(fd);
    return used;
}

/* ---- writing ---- */

static int write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Keep `index` at `path`: write a temporary file beside it, then rename it
 * over. Returns 0, or -1 when the file could not be written (the index is
 * then simply not kept). */
static int keep(const ostrec_index *index, const char *path, uint64_t stamp)
{
    static const char zeros[SECTION_ALIGN] = {0};
    index_file_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, INDEX_MAGIC, 8);
    h.format = INDEX_FORMAT;
    h.order = 0x01020304;
    h.generation = index->generation;
    h.stamp = stamp;
    h.count = index->count;
    h.genre_sets = index->genre_sets;
    h.mood_sets = index->mood_sets;
    h.years = index->years;
    h.contexts = index->contexts;
    h.pairs = index->pairs;
    h.text_bytes = index->text_bytes;
    h.artists = index->artists;
    h.dramas = index->dramas;
    h.credits = index->credits;
    size_t end = align_up(sizeof h);
    for (int s = 0; s < SECTIONS; s++) {
        size_t count, size = index_section_size(index, s, &count);
        h.offset[s] = end;
        end = align_up(end + count * size);
    }
    h.file_size = end;
    h.checksum = fnv(14695981039346656037ULL, &h, offsetof(index_file_header, checksum));

    size_t n = strlen(path);
    char *temp = malloc(n + sizeof ".XXXXXX");
    if (temp == NULL) return -1;
    memcpy(memcpy(temp, path, n) + n, ".XXXXXX", sizeof ".XXXXXX");
    int fd = mkstemp(temp);
    if (fd < 0) {
        free(temp);
        return -1;
    }
    int rc = write_all(fd, &h, sizeof h) || write_all(fd, zeros, align_up(sizeof h) - sizeof h) ? -1 : 0;
    for (int s = 0; rc == 0 && s < SECTIONS; s++) {
        size_t count, size = index_section_size(index, s, &count);
        if (write_all(fd, index->section[s], count * size) != 0 ||
            write_all(fd, zeros, align_up(count * size) - count * size) != 0)
            rc = -1;
    }
    /* The file is readable by whoever may read the catalog. */
    if (rc == 0 && fchmod(fd, 0644) != 0) rc = -1;
    if (close(fd) != 0) rc = -1;
    if (rc == 0 && rename(temp, path) != 0) rc = -1;
    if (rc != 0) unlink(temp);
    free(temp);
    return rc;
}

int ostrec_index_open(ostrec *db, const ostrec_model *model, ostrec_index **out)
{
    *out = NULL;
    if (model == NULL) return ostrec__fail(db, OSTREC_EINVAL, "no model given");
    const char *db_path = sqlite3_db_filename(db->sql, "main");
    int64_t generation = 0;
    ostrec_index *index = NULL;
    char *path = db_path && db_path[0] ? index_path(db_path) : NULL;
    int rc;
    if (db_path && db_path[0] && path == NULL) return ostrec__fail(db, OSTREC_ENOMEM, "out of memory");
    /* One read transaction: the generation read is the catalog built from. */
    if (sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        free(path);
        return ostrec__fail_sql(db, "index");
    }
    int known = 0;
    if ((rc = store_generation(db, &generation, &known)) != OSTREC_OK || (rc = index_new(db, model, &index)) != OSTREC_OK)
        goto done;
    if (!known) { /* nothing to tell a kept index from a stale one: build, keep nothing */
        free(path);
        path = NULL;
    }
    uint64_t stamp = index_stamp(db, index);
    if (path && map_kept(path, (uint64_t)generation, stamp, index)) goto done;
    ostrec_index_free(index);
    index = NULL;
    if ((rc = ostrec_index_build(db, model, &index)) != OSTREC_OK) goto done;
    index->generation = (uint64_t)generation;
    if (path) keep(index, path, stamp); /* not kept (a read-only directory, a full disk): built again next time */
done:
    sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
    free(path);
    if (rc != OSTREC_OK) {
        ostrec_index_free(index);
        return rc;
    }
    *out = index;
    return OSTREC_OK;
}
