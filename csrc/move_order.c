/* move_order.c: move_median, move_quantile, move_rank.
 *
 * The lane is cut into segments of `window` outputs; the at most 2*window values a segment can
 * see are sorted once (merging two sorted blocks: O(log window) per output), and a bitmap over
 * their sorted positions marks which are in the window: insertion and removal flip a bit, an
 * order statistic is a short walk from the previous one, a rank a prefix count. Segments none
 * of whose windows reach min_count are not sorted at all; when only the last few outputs of a
 * lane can reach it, those few are computed one by one. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "move.h"
#include "select.h"

/* ---------------------------------------------------------------------------------------
 * median, quantile, rank. Segment s holds outputs [s*w, s*w + w); its windows see positions
 * [s*w - w, s*w + w), i.e. blocks s-1 and s. Each block's non-NaN values are sorted once
 * (counting sort of short runs, then merges: O(w log w) whatever the data) and merged with the
 * previous block's; rank_of
 * maps a position to its sorted index (-1 for NaN) and a bitmap over sorted indices marks
 * which are in the current window. An order statistic moves by a few sorted places from one
 * window to the next, so it is found by walking the bitmap a word at a time from the last
 * one; a Fenwick tree over the words' counts bounds long walks and rank's prefix counts when
 * the bitmap spans many words. */

enum okind { OMEDIAN, OQUANTILE, ORANK };

struct item { double v; int64_t pos; };

/* Blocks of up to 2 * RUN positions are sorted by counting in one go, longer ones in runs of
 * RUN positions then merged pairwise. */
#define RUN 16

struct order_bufs {
    double *vprev, *vcur; /* the two blocks' raw values, read once from the lane */
    struct item *prev, *cur, *merged;
    int64_t *bounds;      /* run boundaries while sorting a block */
    int32_t *rank_of, *run_lo, *run_hi, *tree;
    uint64_t *bits;
};

/* Words of the bitmap over 2*w sorted indices, with room for index 2*w itself (rank's
 * prefix counts end there). */
INLINE int64_t bitmap_words(int64_t w) { return 2 * w / 64 + 1; }

static size_t order_layout(int64_t w, char *base, struct order_bufs *b)
{
    size_t off = 0;
    const size_t items = mypkg_size_mul((size_t)w, sizeof(struct item));
    const size_t idx = mypkg_size_mul((size_t)w, 2 * sizeof(int32_t));
    const size_t values = mypkg_size_mul((size_t)w + 1, sizeof(double));
    const int64_t nw = bitmap_words(w);
    b->vprev = (double *)take(base, &off, values);
    b->vcur = (double *)take(base, &off, values);
    b->bounds = (int64_t *)take(base, &off, (size_t)(w / RUN + 2) * sizeof(int64_t));
    b->prev = (struct item *)take(base, &off, items);
    b->cur = (struct item *)take(base, &off, items);
    b->merged = (struct item *)take(base, &off, mypkg_size_mul(items, 2));
    b->rank_of = (int32_t *)take(base, &off, idx);
    b->run_lo = (int32_t *)take(base, &off, idx);
    b->run_hi = (int32_t *)take(base, &off, idx);
    b->tree = (int32_t *)take(base, &off, mypkg_size_mul((size_t)nw + 1, sizeof(int32_t)));
    b->bits = (uint64_t *)take(base, &off, mypkg_size_mul((size_t)nw, sizeof(uint64_t)));
    return off;
}

DEFINE_SCRATCH(order)

/* *z = take_b ? *b : *a, by a mask: GCC turns a conditional copy into a branch, and with
 * random data the comparison behind take_b is unpredictable. */
INLINE void pick(struct item *z, const struct item *a, const struct item *b, int64_t take_b)
{
    v2i ai, bi;
    memcpy(&ai, a, sizeof ai);
    memcpy(&bi, b, sizeof bi);
    const v2i mask = {-take_b, -take_b};
    const v2i r = (ai & ~mask) | (bi & mask);
    memcpy(z, &r, sizeof r);
}

/* Merge sorted x[0..nx) and y[0..ny) into z (stable: x first among equals), from both ends at
 * once: each step depends on the one before through a load and a comparison, and two
 * independent chains halve that latency. While both inputs have values left, the smallest
 * and the largest of them are distinct values. */
static void merge_items(const struct item *x, int64_t nx, const struct item *y, int64_t ny,
                        struct item *z)
{
    int64_t i = 0, j = 0, k = 0, ib = nx - 1, jb = ny - 1, kb = nx + ny - 1;
    while (i <= ib && j <= jb) {
        const int64_t front_y = y[j].v < x[i].v;
        pick(z + k++, x + i, y + j, front_y);
        j += front_y;
        i += 1 - front_y;
        if (i > ib || j > jb) break;
        const int64_t back_x = y[jb].v < x[ib].v;
        pick(z + kb--, y + jb, x + ib, back_x);
        ib -= back_x;
        jb -= 1 - back_x;
    }
    while (i <= ib) z[k++] = x[i++];
    while (j <= jb) z[k++] = y[j++];
}

/* earlier + 2 * RUN - i: a mask per position j < 2 * RUN, set where j < i (loaded rather than
 * compared: GCC compiles an and of two vector comparisons lane by lane). */
static const int64_t earlier[4 * RUN] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                         -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                         -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

/* The non-NaN values of v[0..len) (lane positions pos0, pos0 + 1, ...), len <= 2 * RUN, sorted
 * into x by counting for each how many precede it in (value, position) order: quadratic,
 * but branch-free and two values at a time, which beats comparison sorting on short runs.
 * v[len] must be readable (NaN) when len is odd. Returns how many values were sorted. */
INLINE int64_t count_sort(enum dt t, const double *v, int64_t len, int64_t pos0,
                          struct item *x)
{
    int64_t cnt = 0;
    for (int64_t i = 0; i < len; i++) {
        if (!isnum(t, v[i])) continue;
        const v2d vi = {v[i], v[i]};
        const int64_t *before_i = earlier + 2 * RUN - i;
        v2i before = {0, 0};
        for (int64_t j = 0; j < len; j += 2) {
            v2d vj;
            v2i ej;
            memcpy(&vj, v + j, sizeof vj);
            memcpy(&ej, before_i + j, sizeof ej);
            before -= (vj < vi) | ((vj == vi) & ej);
        }
        x[before[0] + before[1]] = (struct item){v[i], pos0 + i};
        cnt++;
    }
    return cnt;
}

/* The non-NaN values of v[0..len) (lane positions pos0, pos0 + 1, ...) sorted into x, with
 * tmp as large as x and len / RUN + 2 run boundaries; v[len] must be readable (NaN) when len
 * is odd. Returns how many values were sorted. */
INLINE int64_t sorted_block(enum dt t, const double *v, int64_t len, int64_t pos0,
                            struct item *x, struct item *tmp, int64_t *bounds)
{
    const int64_t run = len <= 2 * RUN ? len : RUN;
    int64_t runs = 0;
    bounds[0] = 0;
    for (int64_t s = 0; s < len; s += run) {
        const int64_t e = len - s < run ? len : s + run;
        bounds[runs + 1] = bounds[runs] + count_sort(t, v + s, e - s, pos0 + s, x + bounds[runs]);
        runs++;
    }
    struct item *src = x, *dst = tmp;
    for (; runs > 1; runs = (runs + 1) / 2) {
        for (int64_t r = 0; r < runs; r += 2) {
            const int64_t lo = bounds[r], mid = bounds[r + 1];
            const int64_t hi = r + 2 <= runs ? bounds[r + 2] : mid;
            merge_items(src + lo, mid - lo, src + mid, hi - mid, dst + lo);
            bounds[r / 2 + 1] = hi;
        }
        struct item *swap = src; src = dst; dst = swap;
    }
    if (src != x) memcpy(x, src, (size_t)bounds[runs] * sizeof *x);
    return bounds[runs];
}

/* Portable bit counting (the baseline x86-64 build has no popcnt instruction): the bytes'
 * counts, then their running sums by one multiplication. */
INLINE uint64_t byte_counts(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555u;
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    return (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
}

#define BYTES_1 0x0101010101010101u
#define BYTES_80 0x8080808080808080u

INLINE int64_t popcount64(uint64_t x) { return (int64_t)((byte_counts(x) * BYTES_1) >> 56); }

/* How many bytes of sums (nondecreasing byte-wise running counts, each <= 64) are <= k:
 * byte-wise, k >= c is the top bit of k + 128 - c. */
INLINE int64_t sums_not_above(uint64_t sums, int64_t k)
{
    const uint64_t not_above = (((uint64_t)k * BYTES_1 | BYTES_80) - sums) & BYTES_80;
    return (int64_t)(((not_above >> 7) * BYTES_1) >> 56);
}

/* The position of the k-th (0-based) set bit of x, k < popcount64(x): the byte holding it
 * from the bytes' running counts, then the bit within that byte the same way, with the
 * byte's bits spread one per byte. */
INLINE int64_t select64(uint64_t x, int64_t k)
{
    const uint64_t sums = byte_counts(x) * BYTES_1;
    const int64_t byte = sums_not_above(sums, k);
    const int64_t rest = k - (int64_t)(((sums << 8) >> (8 * byte)) & 0xff);
    const uint64_t b = (x >> (8 * byte)) & 0xff;
    const uint64_t spread = ((b * BYTES_1) & 0x8040201008040201u) + 0x7f7f7f7f7f7f7f7fu;
    return 8 * byte + sums_not_above(((spread & BYTES_80) >> 7) * BYTES_1, rest);
}

/* Longest walk, in bitmap words, before a Fenwick descent takes over. The tree costs every
 * update a few steps, which pays off for rank's prefix counts beyond WALK_WORDS words; order
 * statistics walk a word or two per window and only need it to bound long walks, when the
 * bitmap has more than TREE_WORDS words (measured at window 1000: 32 words). */
#define WALK_WORDS 8
#define TREE_WORDS 32

/* The window's members among the sorted indices: a bitmap of nw words, optionally a Fenwick
 * tree over the words' counts, and a walking cursor: word wi with cb members below it. */
struct members {
    uint64_t *bits;
    int32_t *tree; /* NULL: none */
    int64_t nw, top, wi, cb;
};

INLINE int has_tree(const struct members *s) { return s->tree != NULL; }

INLINE void fen_add(int32_t *tree, int64_t m, int64_t i, int32_t delta)
{
    for (i++; i <= m; i += i & -i) tree[i] += delta;
}

/* Prefix sum of the first i entries. */
INLINE int64_t fen_count(const int32_t *tree, int64_t i)
{
    int64_t c = 0;
    for (; i > 0; i -= i & -i) c += tree[i];
    return c;
}

/* Start with the members marked in bits (nw words): build the tree in O(nw). */
INLINE void members_init(struct members *s)
{
    s->wi = s->cb = 0;
    if (!has_tree(s)) return;
    s->top = 1;
    while (s->top * 2 <= s->nw) s->top *= 2;
    s->tree[0] = 0;
    for (int64_t i = 1; i <= s->nw; i++) s->tree[i] = (int32_t)popcount64(s->bits[i - 1]);
    for (int64_t i = 1; i <= s->nw; i++) {
        const int64_t up = i + (i & -i);
        if (up <= s->nw) s->tree[up] += s->tree[i];
    }
}

/* Add (delta = 1) or remove (delta = -1) sorted index r. */
INLINE void members_flip(struct members *s, int64_t r, int32_t delta)
{
    s->bits[r >> 6] ^= (uint64_t)1 << (r & 63);
    if (has_tree(s)) fen_add(s->tree, s->nw, r >> 6, delta);
    s->cb += (r >> 6) < s->wi ? delta : 0;
}

/* How many members are below sorted index r. */
INLINE int64_t members_below(const struct members *s, int64_t r)
{
    const int64_t w = r >> 6;
    int64_t c = popcount64(s->bits[w] & (((uint64_t)1 << (r & 63)) - 1));
    if (has_tree(s)) return c + fen_count(s->tree, w);
    for (int64_t i = 0; i < w; i++) c += popcount64(s->bits[i]);
    return c;
}

/* The sorted index of the k-th (0-based) member, k < the number of members. */
INLINE int64_t members_kth(struct members *s, int64_t k)
{
    int64_t wi = s->wi, cb = s->cb, c = popcount64(s->bits[wi]);
    for (int steps = 0; cb > k || cb + c <= k; steps++) {
        if (steps == WALK_WORDS && has_tree(s)) {
            int64_t rem = k + 1;
            wi = 0;
            for (int64_t step = s->top; step; step >>= 1) {
                const int64_t nx = wi + step;
                if (nx <= s->nw && s->tree[nx] < rem) { wi = nx; rem -= s->tree[nx]; }
            }
            cb = k + 1 - rem;
            c = popcount64(s->bits[wi]);
            break;
        }
        if (cb > k) {
            c = popcount64(s->bits[--wi]);
            cb -= c;
        } else {
            cb += c;
            c = popcount64(s->bits[++wi]);
        }
    }
    s->wi = wi;
    s->cb = cb;
    return 64 * wi + select64(s->bits[wi], k - cb);
}

/* The sorted index of the first member above sorted index r (there is one). */
INLINE int64_t members_next(const struct members *s, int64_t r)
{
    int64_t wi = r >> 6;
    uint64_t word = s->bits[wi] & ~((((uint64_t)2) << (r & 63)) - 1);
    while (!word) word = s->bits[++wi];
    return 64 * wi + __builtin_ctzll(word);
}

/* The q-quantile between neighbours lo <= hi at fraction f, as np.quantile's linear method,
 * except that infinities are exact (lerp(1, inf) = inf, not NaN) and f = 0.5 is the midpoint
 * median uses, so q = 0.5 gives move_median's result. Every case is computed and one
 * selected: which applies follows the window's count, unpredictably when NaN come and go. */
INLINE double lerp(double lo, double hi, double f)
{
    const double d = hi - lo;
    const double mid = f == 0.5 ? 0.5 * lo + 0.5 * hi : f < 0.5 ? lo + d * f : hi - d * (1.0 - f);
    const double r = isinf(lo) || isinf(hi) ? lo + hi : mid;
    return f == 0.0 || lo == hi ? lo : r;
}

/* The position h = q * (cnt - 1) of the q-quantile of cnt values: its index k and fraction. */
INLINE int64_t quantile_at(double q, int64_t cnt, double *f)
{
    const double h = q * (double)(cnt - 1);
    const int64_t k = (int64_t)h; /* h >= 0: truncation is floor, without a libm call */
    *f = h - (double)k;
    return k;
}

/* The rank of a value with `less` smaller and `equal` equal values (itself included) among
 * cnt, ties averaged, scaled to [-1, 1]. */
INLINE double scaled_rank(int64_t less, int64_t equal, int64_t cnt)
{
    return cnt == 1 ? 0.0 : (double)(2 * less + equal - 1) / (double)(cnt - 1) - 1.0;
}

/* How the window's count of values changes at output base + w + j: the value entering from
 * block s, less the one leaving from block s-1 (none before the lane starts). */
INLINE int64_t count_change(enum dt t, const struct order_bufs *b, int64_t base, int64_t j)
{
    return isnum(t, b->vcur[j]) - (base + j >= 0 && isnum(t, b->vprev[j]));
}

INLINE void blocks_lane(enum dt t, enum okind kind, const char *a, int64_t n, int64_t as,
                        char *out, int64_t os, int64_t w, int64_t minc, double q,
                        void *scratch)
{
    struct order_bufs b;
    order_layout(w, (char *)scratch, &b);
    int64_t nprev = 0, cnt = 0; /* cnt: the window's values at the last output written */
    int prev_sorted = 1;        /* block s-1 is in b.prev (nothing before the lane starts) */

    for (int64_t s0 = 0; s0 < n; s0 += w) {
        const int64_t len = n - s0 < w ? n - s0 : w, base = s0 - w;
        for (int64_t j = 0; j < len; j++) b.vcur[j] = ld(t, a + (s0 + j) * as);
        b.vcur[len] = NAN; /* the sort reads values in pairs */
        /* a segment none of whose windows reaches min_count needs no sorting */
        int64_t reach = 0;
        for (int64_t j = 0, c = cnt; j < len; j++) {
            c += count_change(t, &b, base, j);
            reach = c > reach ? c : reach;
        }
        if (reach < minc) {
            for (int64_t j = 0; j < len; j++) {
                cnt += count_change(t, &b, base, j);
                st(t, out + (s0 + j) * os, NAN);
            }
            double *swap = b.vprev; b.vprev = b.vcur; b.vcur = swap;
            prev_sorted = 0;
            continue;
        }
        if (!prev_sorted) nprev = sorted_block(t, b.vprev, w, base, b.prev, b.merged, b.bounds);
        const int64_t ncur = sorted_block(t, b.vcur, len, s0, b.cur, b.merged, b.bounds);
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
        const int64_t nw = m / 64 + 1;
        const int tree = nw > (kind == ORANK ? WALK_WORDS : TREE_WORDS);
        struct members set = {b.bits, tree ? b.tree : NULL, nw, 0, 0, 0};
        /* the members of the window ending just before the segment: all of block s-1 */
        memset(b.bits, 0, (size_t)set.nw * sizeof *b.bits);
        for (int64_t j = 0; j < w; j++) {
            const int32_t r = b.rank_of[j];
            if (r >= 0) set.bits[r >> 6] |= (uint64_t)1 << (r & 63);
        }
        members_init(&set);
        for (int64_t i = s0; i < s0 + len; i++) {
            const int32_t rin = b.rank_of[i - base], rout = b.rank_of[i - w - base];
            if (rin >= 0) { members_flip(&set, rin, 1); cnt++; }
            if (rout >= 0) { members_flip(&set, rout, -1); cnt--; }
            double v = NAN;
            if (cnt >= minc) {
                if (kind == ORANK) {
                    if (rin >= 0) {
                        const int64_t less = members_below(&set, b.run_lo[rin]);
                        v = scaled_rank(less, members_below(&set, b.run_hi[rin]) - less, cnt);
                    }
                } else {
                    double f;
                    const int64_t k = quantile_at(q, cnt, &f), at = members_kth(&set, k);
                    /* the next value even when f = 0 (lerp ignores it): no branch on f */
                    const double lo = b.merged[at].v;
                    const double hi = k + 1 < cnt ? b.merged[members_next(&set, at)].v : lo;
                    v = lerp(lo, hi, f);
                }
            }
            st(t, out + i * os, v);
        }
        double *vswap = b.vprev; b.vprev = b.vcur; b.vcur = vswap;
        struct item *swap = b.prev; b.prev = b.cur; b.cur = swap;
        nprev = ncur;
        prev_sorted = 1;
    }
}

INLINE void mypkg_select_f64(double *v, int64_t n, int64_t k) { sel_select(F64, v, n, k); }

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
                double f;
                const int64_t k = quantile_at(q, cnt, &f);
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

/* Whether only the last few positions of a lane of n can reach min_count, so that computing
 * each of them on its own beats maintaining a window. */
INLINE int direct_only(int64_t n, int64_t w, int64_t minc) { return (n - minc + 1) * w <= 4 * n; }

INLINE void order_lane(enum dt t, enum okind kind, const char *a, int64_t n, int64_t as,
                       char *out, int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    const int64_t w = p->window, minc = p->min_count;
    const double q = kind == OMEDIAN ? 0.5 : p->q;
    void *sc = ctx->scratch;
    if (direct_only(n, w, minc)) direct_lane(t, kind, a, n, as, out, os, w, minc, q, sc);
    else blocks_lane(t, kind, a, n, as, out, os, w, minc, q, sc);
}

/* move_rank where only the last few positions count, for m neighbouring lanes at once: the
 * counts of direct_lane, kept per lane, reading the window a row of lanes at a time rather
 * than one lane's strided column at a time. */
INLINE void rank_direct_block(enum dt t, const char *a, int64_t n, int64_t as, int64_t m,
                              int64_t al, char *out, int64_t os, int64_t ol, int64_t w,
                              int64_t minc)
{
    double cur[MYPKG_BLOCK];
    int64_t cnt[MYPKG_BLOCK], less[MYPKG_BLOCK], equal[MYPKG_BLOCK];
    for (int64_t i = 0; i < n; i++) {
        if (i + 1 >= minc) {
            for (int64_t j = 0; j < m; j++) {
                cur[j] = ld(t, a + i * as + j * al);
                cnt[j] = less[j] = equal[j] = 0;
            }
            for (int64_t r = i + 1 > w ? i + 1 - w : 0; r <= i; r++) {
                for (int64_t j = 0; j < m; j++) {
                    const double x = ld(t, a + r * as + j * al);
                    cnt[j] += isnum(t, x);
                    less[j] += x < cur[j];
                    equal[j] += x == cur[j];
                }
            }
        }
        for (int64_t j = 0; j < m; j++) {
            const int ok = i + 1 >= minc && isnum(t, cur[j]) && cnt[j] >= minc;
            st(t, out + i * os + j * ol, ok ? scaled_rank(less[j], equal[j], cnt[j]) : NAN);
        }
    }
}

INLINE void order_block(enum dt t, enum okind kind, mypkg_lane_fn lane, const char *a,
                        int64_t n, int64_t as, int64_t m, int64_t al, char *out, int64_t os,
                        int64_t ol, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    if (kind == ORANK && direct_only(n, p->window, p->min_count)) {
        rank_direct_block(t, a, n, as, m, al, out, os, ol, p->window, p->min_count);
        return;
    }
    for (int64_t j = 0; j < m; j++) lane(a + j * al, n, as, out + j * ol, os, ctx);
}

#define DEFINE_ORDERS(sfx, DT)                                                                \
    MOVE_KERNEL(move_median, sfx, DT, order, OMEDIAN)                                         \
    MOVE_KERNEL(move_quantile, sfx, DT, order, OQUANTILE)                                   \
    MOVE_KERNEL(move_rank, sfx, DT, order, ORANK)
MOVE_FOR_DTYPES(DEFINE_ORDERS)
