/* rank.c: top-k selection with a bounded min-heap: O(n log k) over the
 * scores, never a full sort. The heap's root is the worst of the k best so
 * far; a row replaces it only if it ranks better. Equal scores rank the
 * lower row (the lower id) first, so results never depend on heap order. */
#include "internal.h"

/* Does row a (score sa) rank after row b (score sb)? */
static int ranks_after(float sa, size_t a, float sb, size_t b) { return sa < sb || (sa == sb && a > b); }

static void sift_down(const float *scores, size_t *heap, size_t n, size_t i)
{
    for (;;) {
        size_t worst = i, l = 2 * i + 1, r = l + 1;
        if (l < n && ranks_after(scores[heap[l]], heap[l], scores[heap[worst]], heap[worst])) worst = l;
        if (r < n && ranks_after(scores[heap[r]], heap[r], scores[heap[worst]], heap[worst])) worst = r;
        if (worst == i) return;
        size_t t = heap[i];
        heap[i] = heap[worst];
        heap[worst] = t;
        i = worst;
    }
}

static void sift_up(const float *scores, size_t *heap, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!ranks_after(scores[heap[i]], heap[i], scores[heap[parent]], heap[parent])) return;
        size_t t = heap[i];
        heap[i] = heap[parent];
        heap[parent] = t;
        i = parent;
    }
}

size_t rank_top_k(const float *scores, const unsigned char *keep, size_t n, size_t k, size_t *out)
{
    size_t size = 0;
    if (k == 0) return 0;
    for (size_t row = 0; row < n; row++) {
        if (keep && !keep[row]) continue;
        if (size < k) {
            out[size] = row;
            sift_up(scores, out, size++);
        } else if (ranks_after(scores[out[0]], out[0], scores[row], row)) {
            out[0] = row;
            sift_down(scores, out, size, 0);
        }
    }
    /* Pop the worst to the end, leaving out[] best first. */
    for (size_t end = size; end > 1; end--) {
        size_t t = out[0];
        out[0] = out[end - 1];
        out[end - 1] = t;
        sift_down(scores, out, end - 1, 0);
    }
    return size;
}
