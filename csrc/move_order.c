/* move_order.c: move_median, move_quantile, move_rank.
 *
 * The lane is cut into segments of `window` outputs; the at most 2*window values a segment can
 * see are sorted once (merging two sorted blocks), and a Fenwick tree over their sorted
 * positions marks which are in the window: O(log window) per output for insertion, removal,
 * k-th smallest and rank. Small windows keep one sorted array instead; when only the last few
 * outputs can reach min_count, those few are computed one by one. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "move.h"
#include "select.h"

/* ---------------------------------------------------------------------------------------
 * median, quantile, rank. Segment s holds outputs [s*w, s*w + w); its windows see positions
 * [s*w - w, s*w + w), i.e. blocks s-1 and s. Each block's non-NaN values are sorted once
 * (merge sort: O(w log w) whatever the data) and merged with the previous block's; rank_of
 * maps a position to its sorted index (-1 for NaN) and the Fenwick tree counts which sorted
 * indices are in the current window. */

enum okind { OMEDIAN, OQUANTILE, ORANK };

struct item { double v; int64_t pos; };

struct order_bufs {
    struct item *prev, *cur, *merged;
    int32_t *rank_of, *tree, *run_lo, *run_hi;
    uint8_t *present; /* which sorted indices are in the window (the tree's leaves) */
};

static size_t order_layout(int64_t w, char *base, struct order_bufs *b)
{
    size_t off = 0;
    const size_t items = (size_t)w * sizeof(struct item), idx = (size_t)(2 * w + 1) * 4;
    b->prev = (struct item *)take(base, &off, items);
    b->cur = (struct item *)take(base, &off, items);
    b->merged = (struct item *)take(base, &off, 2 * items);
    b->rank_of = (int32_t *)take(base, &off, idx);
    b->tree = (int32_t *)take(base, &off, idx);
    b->run_lo = (int32_t *)take(base, &off, idx);
    b->run_hi = (int32_t *)take(base, &off, idx);
    b->present = (uint8_t *)take(base, &off, (size_t)(2 * w + 1));
    return off;
}

DEFINE_SCRATCH(order)

/* Merge sorted x[0..nx) and y[0..ny) into z (stable: x first among equals). Branch-free
 * steps: with random data the comparison is unpredictable. */
static void merge_items(const struct item *x, int64_t nx, const struct item *y, int64_t ny,
                        struct item *z)
{
    int64_t i = 0, j = 0, k = 0;
    while (i < nx && j < ny) {
        const int take_y = y[j].v < x[i].v;
        const struct item *src = take_y ? y + j : x + i;
        z[k++] = *src;
        j += take_y;
        i += !take_y;
    }
    while (i < nx) z[k++] = x[i++];
    while (j < ny) z[k++] = y[j++];
}

/* Sort x[0..n) by value: insertion-sorted runs of 16, then merge passes through tmp. */
static void sort_items(struct item *x, int64_t n, struct item *tmp)
{
    enum { RUN = 16 };
    for (int64_t s = 0; s < n; s += RUN) {
        const int64_t e = n - s < RUN ? n : s + RUN;
        for (int64_t i = s + 1; i < e; i++) {
            const struct item it = x[i];
            int64_t j = i;
            for (; j > s && it.v < x[j - 1].v; j--) x[j] = x[j - 1];
            x[j] = it;
        }
    }
    struct item *src = x, *dst = tmp;
    for (int64_t width = RUN; width < n; width *= 2) {
        for (int64_t s = 0; s < n; s += 2 * width) {
            const int64_t mid = n - s < width ? n : s + width;
            const int64_t end = n - s < 2 * width ? n : s + 2 * width;
            merge_items(src + s, mid - s, src + mid, end - mid, dst + s);
        }
        struct item *swap = src; src = dst; dst = swap;
    }
    if (src != x) memcpy(x, src, (size_t)n * sizeof *x);
}

INLINE void fen_add(int32_t *tree, int64_t m, int64_t i, int32_t delta)
{
    for (i++; i <= m; i += i & -i) tree[i] += delta;
}

/* How many marked sorted indices are below i. */
INLINE int64_t fen_count(const int32_t *tree, int64_t i)
{
    int64_t c = 0;
    for (; i > 0; i -= i & -i) c += tree[i];
    return c;
}

/* The sorted index of the k-th (0-based) marked entry; top = largest power of 2 <= m. */
INLINE int64_t fen_kth(const int32_t *tree, int64_t m, int64_t top, int64_t k)
{
    int64_t pos = 0, rem = k + 1;
    for (int64_t step = top; step; step >>= 1) {
        const int64_t nx = pos + step;
        if (nx <= m && tree[nx] < rem) { pos = nx; rem -= tree[nx]; }
    }
    return pos;
}

/* The sorted index of the k-th (0-based) marked entry, walking from `from` (the kfrom-th) when
 * that takes at most WALK steps (the usual case: consecutive windows' order statistics sit
 * next to each other), by a Fenwick descent otherwise (from < 0: no start). */
#define WALK 64
INLINE int64_t seek_kth(const uint8_t *present, const int32_t *tree, int64_t m, int64_t top,
                        int64_t from, int64_t kfrom, int64_t k)
{
    if (from >= 0) {
        int64_t pos = from;
        for (int steps = 0; kfrom < k && steps < WALK; steps++) kfrom += present[++pos];
        for (int steps = 0; kfrom > k && steps < WALK; steps++) kfrom -= present[--pos];
        if (kfrom == k && present[pos]) return pos;
    }
    return fen_kth(tree, m, top, k);
}

/* The q-quantile between neighbours lo <= hi at fraction f, as np.quantile's linear method,
 * except that infinities are exact (lerp(1, inf) = inf, not NaN) and f = 0.5 is the midpoint
 * median uses, so q = 0.5 gives move_median's result. */
INLINE double lerp(double lo, double hi, double f)
{
    if (f == 0.0 || lo == hi) return lo;
    if (isinf(lo) || isinf(hi)) return lo + hi;
    if (f == 0.5) return 0.5 * lo + 0.5 * hi;
    return f < 0.5 ? lo + (hi - lo) * f : hi - (hi - lo) * (1.0 - f);
}

/* The rank of a value with `less` smaller and `equal` equal values (itself included) among
 * cnt, ties averaged, scaled to [-1, 1]. */
INLINE double scaled_rank(int64_t less, int64_t equal, int64_t cnt)
{
    return cnt == 1 ? 0.0 : (double)(2 * less + equal - 1) / (double)(cnt - 1) - 1.0;
}

INLINE void fenwick_lane(enum dt t, enum okind kind, const char *a, int64_t n, int64_t as,
                         char *out, int64_t os, int64_t w, int64_t minc, double q,
                         void *scratch)
{
    struct order_bufs b;
    order_layout(w, (char *)scratch, &b);
    int64_t nprev = 0;

    for (int64_t s0 = 0; s0 < n; s0 += w) {
        const int64_t len = n - s0 < w ? n - s0 : w, base = s0 - w;
        int64_t ncur = 0;
        for (int64_t i = s0; i < s0 + len; i++) {
            const double x = ld(t, a + i * as);
            if (isnum(t, x)) b.cur[ncur++] = (struct item){x, i};
        }
        sort_items(b.cur, ncur, b.merged);
        merge_items(b.prev, nprev, b.cur, ncur, b.merged);
        const int64_t m = nprev + ncur;
        for (int64_t i = 0; i < 2 * w; i++) b.rank_of[i] = -1;
        for (int64_t i = 0; i < m; i++) b.rank_of[b.merged[i].pos - base] = (int32_t)i;
        if (kind == ORANK) {
            for (int64_t i = 0; i < m; i++)
                b.run_lo[i] = i > 0 && b.merged[i].v == b.merged[i - 1].v ? b.run_lo[i - 1]
                                                                          : (int32_t)i;
            for (int64_t i = m - 1; i >= 0; i--)
                b.run_hi[i] = i + 1 < m && b.merged[i].v == b.merged[i + 1].v
                                  ? b.run_hi[i + 1] : (int32_t)(i + 1);
        }
        /* Fenwick tree of the first window of the segment, built in O(m) */
        int64_t cnt = 0, top = 1;
        while (top * 2 <= m) top *= 2;
        memset(b.tree, 0, (size_t)(m + 1) * sizeof *b.tree);
        memset(b.present, 0, (size_t)m);
        for (int64_t i = s0 - w + 1 > 0 ? s0 - w + 1 : 0; i <= s0; i++) {
            const int32_t r = b.rank_of[i - base];
            if (r >= 0) { b.tree[r + 1] = 1; b.present[r] = 1; cnt++; }
        }
        int64_t at = -1, kat = 0; /* the last order statistic found: its index and rank */
        for (int64_t i = 1; i <= m; i++) {
            const int64_t up = i + (i & -i);
            if (up <= m) b.tree[up] += b.tree[i];
        }
        for (int64_t i = s0; i < s0 + len; i++) {
            if (i > s0) {
                const int32_t rin = b.rank_of[i - base];
                if (rin >= 0) {
                    fen_add(b.tree, m, rin, 1);
                    b.present[rin] = 1;
                    cnt++;
                    kat += rin < at;
                }
                const int32_t rout = i - w >= 0 ? b.rank_of[i - w - base] : -1;
                if (rout >= 0) {
                    fen_add(b.tree, m, rout, -1);
                    b.present[rout] = 0;
                    cnt--;
                    kat -= rout < at;
                    at = rout == at ? -1 : at;
                }
            }
            double v = NAN;
            if (cnt >= minc) {
                if (kind == ORANK) {
                    const int32_t r = b.rank_of[i - base];
                    if (r >= 0) {
                        const int64_t less = fen_count(b.tree, b.run_lo[r]);
                        v = scaled_rank(less, fen_count(b.tree, b.run_hi[r]) - less, cnt);
                    }
                } else {
                    const double h = q * (double)(cnt - 1), f = h - floor(h);
                    const int64_t k = (int64_t)h;
                    at = seek_kth(b.present, b.tree, m, top, at, kat, k);
                    kat = k;
                    const double lo = b.merged[at].v;
                    const double hi =
                        f > 0.0 ? b.merged[seek_kth(b.present, b.tree, m, top, at, k, k + 1)].v
                                : lo;
                    v = lerp(lo, hi, f);
                }
            }
            st(t, out + i * os, v);
        }
        struct item *swap = b.prev; b.prev = b.cur; b.cur = swap;
        nprev = ncur;
    }
}

/* Windows up to this size keep their values in one sorted array instead: a binary search and
 * a memmove of at most SORTED_MAX doubles per update beat the Fenwick machinery there. */
#define SORTED_MAX 192

/* First index of v[0..n) whose value is >= x (strict: > x); branch-free halving, since the
 * comparisons are unpredictable. */
INLINE int64_t bound(const double *v, int64_t n, double x, int strict)
{
    if (n == 0) return 0;
    const double *b = v;
    while (n > 1) {
        const int64_t half = n / 2;
        const int go = strict ? !(x < b[half]) : b[half] < x;
        b = go ? b + half : b;
        n -= half;
    }
    return (b - v) + (strict ? !(x < *b) : *b < x);
}

/* Replace one value of the sorted v[0..cnt) (the one at index out, or none if out < 0) by x
 * (or by nothing if !put), shifting only the values between the two places. */
__attribute__((optimize("no-tree-loop-distribute-patterns"))) /* no memmove call */
static int64_t sorted_replace(double *v, int64_t cnt, int64_t out, int put, double x)
{
    int64_t at = put ? bound(v, cnt, x, 1) : cnt; /* insertion index before the removal */
    if (out < 0) out = cnt++;                    /* nothing leaves: open a slot at the end */
    if (at > out) {
        for (int64_t i = out; i < at - 1; i++) v[i] = v[i + 1];
        at--;
    } else {
        for (int64_t i = out; i > at; i--) v[i] = v[i - 1];
    }
    if (put) v[at] = x;
    else {
        for (int64_t i = at; i < cnt - 1; i++) v[i] = v[i + 1];
        cnt--;
    }
    return cnt;
}

INLINE void sorted_lane(enum dt t, enum okind kind, const char *a, int64_t n, int64_t as,
                        char *out, int64_t os, int64_t w, int64_t minc, double q,
                        void *scratch)
{
    double *v = (double *)scratch;
    int64_t cnt = 0;
    for (int64_t i = 0; i < n; i++) {
        const double x = ld(t, a + i * as);
        int64_t leaving = -1;
        if (i >= w) {
            const double y = ld(t, a + (i - w) * as);
            if (isnum(t, y)) leaving = bound(v, cnt, y, 0);
        }
        if (leaving >= 0 || isnum(t, x)) cnt = sorted_replace(v, cnt, leaving, isnum(t, x), x);
        double r = NAN;
        if (cnt >= minc) {
            if (kind == ORANK) {
                if (isnum(t, x)) {
                    const int64_t less = bound(v, cnt, x, 0);
                    r = scaled_rank(less, bound(v, cnt, x, 1) - less, cnt);
                }
            } else {
                const double h = q * (double)(cnt - 1), f = h - floor(h);
                const int64_t k = (int64_t)h;
                r = lerp(v[k], f > 0.0 ? v[k + 1] : v[k], f);
            }
        }
        st(t, out + i * os, r);
    }
}

DEFINE_SELECT(f64, double)

/* Only the last few positions of the lane can reach min_count: each of them is computed on its
 * own, in O(window). */
INLINE void direct_lane(enum dt t, enum okind kind, const char *a, int64_t n, int64_t as,
                        char *out, int64_t os, int64_t w, int64_t minc, double q,
                        void *scratch)
{
    double *v = (double *)scratch;
    for (int64_t i = 0; i < n; i++) {
        double r = NAN;
        const double cur = ld(t, a + i * as);
        if (i + 1 >= minc && (kind != ORANK || isnum(t, cur))) {
            int64_t cnt = 0, less = 0, equal = 0;
            for (int64_t j = i + 1 > w ? i + 1 - w : 0; j <= i; j++) {
                const double x = ld(t, a + j * as);
                if (!isnum(t, x)) continue;
                v[cnt++] = x;
                less += x < cur;
                equal += x == cur;
            }
            if (cnt >= minc && kind == ORANK) {
                r = scaled_rank(less, equal, cnt);
            } else if (cnt >= minc) {
                const double h = q * (double)(cnt - 1), f = h - floor(h);
                const int64_t k = (int64_t)h;
                mypkg_select_f64(v, cnt, k);
                double hi = v[k];
                if (f > 0.0) {
                    hi = v[k + 1];
                    for (int64_t j = k + 2; j < cnt; j++) hi = v[j] < hi ? v[j] : hi;
                }
                r = lerp(v[k], hi, f);
            }
        }
        st(t, out + i * os, r);
    }
}

INLINE void order_lane(enum dt t, enum okind kind, const char *a, int64_t n, int64_t as,
                       char *out, int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    const int64_t w = p->window, minc = p->min_count;
    const double q = kind == OMEDIAN ? 0.5 : p->q;
    void *sc = ctx->scratch;
    if ((n - minc + 1) * w <= 4 * n) direct_lane(t, kind, a, n, as, out, os, w, minc, q, sc);
    else if (w <= SORTED_MAX) sorted_lane(t, kind, a, n, as, out, os, w, minc, q, sc);
    else fenwick_lane(t, kind, a, n, as, out, os, w, minc, q, sc);
}

#define MOVE_BLOCK_order(op, sfx, DT, KIND)
#define MOVE_BLOCK_FN_order(name) NULL

#define DEFINE_ORDERS(sfx, DT)                                                                \
    EXPORT_MOVE(move_median, sfx, DT, order, OMEDIAN)                                         \
    EXPORT_MOVE_Q(move_quantile, sfx, DT, order, OQUANTILE)                                   \
    EXPORT_MOVE(move_rank, sfx, DT, order, ORANK)
MOVE_FOR_DTYPES(DEFINE_ORDERS)
