/* move.c: the moving-window kernels (move_sum ... move_rank, move_quantile).
 *
 * Values are loaded as double (float32 input is accumulated in double) and stored as float for
 * f32 input, double otherwise. No kernel keeps a running state that could drift:
 *   - sums, moments, min/max and their args use van Herk/Gil-Werman blocks: the lane is cut
 *     into blocks of `window` elements, and a window ending in block b is a suffix of block b-1
 *     plus a prefix of block b. Both are computed afresh per block (O(1) per element), so no
 *     value is ever subtracted back out: an inf or a spike affects exactly the windows that
 *     hold it, and the result is what a fresh computation over the window gives.
 *   - median, quantile and rank cut the lane into segments of `window` outputs; the at most
 *     2*window values a segment can see are sorted once (merging two sorted blocks), and a
 *     Fenwick tree over their sorted positions marks which are in the window: O(log window)
 *     per output for insertion, removal, k-th smallest and rank. Small windows keep one
 *     sorted array instead; when only the last few outputs can reach min_count, those few are
 *     computed one by one. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lanes.h"
#include "select.h"

#define INLINE static inline __attribute__((always_inline))

/* The input element type; every kernel is written once and instantiated per type through a
 * constant argument, which always_inline folds away. */
enum dt { F64, F32, I64, I32, U64 };

INLINE double ld(enum dt t, const char *p)
{
    switch (t) {
    case F64: return LOAD(double, p);
    case F32: return (double)LOAD(float, p);
    case I64: return (double)LOAD(int64_t, p);
    case I32: return (double)LOAD(int32_t, p);
    default: return (double)LOAD(uint64_t, p);
    }
}

INLINE void st(enum dt t, char *p, double v)
{
    if (t == F32) STORE(float, p, (float)v);
    else STORE(double, p, v);
}

/* Whether x (loaded from type t) counts: NaN never does; integers always do. */
INLINE int isnum(enum dt t, double x) { return (t == F64 || t == F32) ? x == x : 1; }

/* Two doubles processed side by side (e.g. a prefix and a suffix chain). Masks select rather
 * than branch: GCC otherwise branches on NaN tests, and NaN patterns are unpredictable. */
typedef double v2d __attribute__((vector_size(16)));
typedef int64_t v2i __attribute__((vector_size(16)));

INLINE v2d vkeep(v2i ok, v2d x) { return (v2d)((v2i)x & ok); }
INLINE v2d vblend(v2i take, v2d x, v2d y) { return (v2d)(((v2i)x & take) | ((v2i)y & ~take)); }

struct move_params {
    int64_t window, min_count, ddof;
    double q;
};

/* Scratch is carved into 64-byte aligned arrays; the same walk sizes it (base == NULL). */
INLINE void *take(char *base, size_t *off, size_t bytes)
{
    void *p = base ? base + *off : NULL;
    *off += (bytes + 63) & ~(size_t)63;
    return p;
}

/* Windows above this would overflow the int32 positions of the order-statistic kernels (and
 * need > 64 GiB of scratch anyway): reported as an allocation failure. */
#define MAX_SCRATCH_WINDOW ((int64_t)1 << 29)

/* A family's scratch_bytes: its layout walked without a base. */
#define DEFINE_SCRATCH(family)                                                                \
    static size_t family##_scratch(int64_t n, const void *params)                             \
    {                                                                                         \
        (void)n;                                                                              \
        const int64_t w = ((const struct move_params *)params)->window;                       \
        struct family##_bufs b;                                                               \
        return w > MAX_SCRATCH_WINDOW ? SIZE_MAX : family##_layout(w, NULL, &b);              \
    }

/* ---------------------------------------------------------------------------------------
 * Sums and moments. Per block: suffix sums of block b-1 and prefix sums of block b in one loop
 * (independent dependency chains), then an output loop that combines them; the first block
 * has no suffix and writes its outputs on the way.
 *
 * Variances use shifted sums S = sum(x - k), Q = sum((x - k)^2), n with k one of the window's
 * values: the prefix of block b is shifted by its first finite value kb (in every prefix part
 * that holds a finite value); the suffix of block b-1 by kb too when kb is block b's first
 * element (then in every window ending in block b), else by block b-1's latest finite value
 * (in every suffix part that holds one) and re-expressed around kb per output. A shift that
 * is one of the values bounds Q by (n + 1) * M2, so n*Q - S^2 loses at most log2(n) bits
 * whatever the data's offset; with typical data it loses almost none. ±inf needs no special
 * case: it makes S and Q inf (and a var NaN) for exactly the windows holding it. */

enum mkind { MSUM, MMEAN, MVAR, MSTD };

/* Two independent sequences are processed side by side, one per lane of a v2d: the two halves
 * of a lane (the second one starting window - 1 elements early, its first outputs unwritten)
 * or two neighbouring lanes, so that every dependency chain has a twin to overlap with and the
 * output loop is 2-wide. p*[j]: prefix of block b over its positions 0..j; s*[u]: suffix of
 * block b-1 over its positions u..w-1 (s*[w] empty). */
struct seq2 {
    const char *src[2]; /* element 0 of each sequence (same stride) */
    char *dst[2];       /* its output 0 */
    int64_t len[2];     /* 0 for an unused lane */
    int64_t skip[2];    /* outputs below this index are not written */
};

/* Split one lane of n elements into two sequences (the second lane unused if short). */
static struct seq2 split_lane(const char *a, int64_t n, int64_t as, char *out, int64_t os,
                              int64_t w)
{
    struct seq2 q = {{a, a}, {out, out}, {n, 0}, {0, 0}};
    if (n >= 4 * w) {
        const int64_t mid = n / 2, start = mid - (w - 1);
        q.len[0] = mid;
        q.src[1] = a + start * as;
        q.dst[1] = out + start * os;
        q.len[1] = n - start;
        q.skip[1] = w - 1;
    }
    return q;
}

struct moment_bufs { v2d *pn, *ps, *pq, *sn, *ss, *sq; };

static size_t moment_layout(int64_t w, char *base, struct moment_bufs *b)
{
    size_t off = 0;
    const size_t bytes = (size_t)(w + 1) * sizeof(v2d);
    v2d **arrays[] = {&b->pn, &b->ps, &b->pq, &b->sn, &b->ss, &b->sq};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        *arrays[i] = (v2d *)take(base, &off, bytes);
    return off;
}

DEFINE_SCRATCH(moment)

/* The latest finite value of positions [b0 - w, b0) of a sequence, or `fallback`. */
INLINE double latest_finite(enum dt t, const char *a, int64_t as, int64_t b0, int64_t w,
                            double fallback)
{
    for (int64_t j = 1; j <= w && b0 - j >= 0; j++) {
        const double x = ld(t, a + (b0 - j) * as);
        if (isfinite(x)) return x;
    }
    return fallback;
}

/* The running prefix (p*) and suffix (s*) chains of both sequences. */
struct mchains { v2d pc, ps, pq, sc, ss, sq; };

/* One step of the block loop: prefix position i, suffix position u of both sequences; an
 * inactive position (mask 0) reads element 0 and is masked out. */
INLINE void moment_step(enum dt t, int shifted, const struct seq2 *q, int64_t as, int64_t i,
                        int64_t u, v2i okx, v2i oky, v2d ka, v2d kb, int64_t j,
                        const struct moment_bufs *m, int64_t w, struct mchains *c)
{
    const v2d one = {1.0, 1.0};
    const v2d x = {ld(t, q->src[0] + (okx[0] ? i : 0) * as),
                   ld(t, q->src[1] + (okx[1] ? i : 0) * as)};
    const v2d y = {ld(t, q->src[0] + (oky[0] ? u : 0) * as),
                   ld(t, q->src[1] + (oky[1] ? u : 0) * as)};
    if (t == F64 || t == F32) {
        okx &= (v2i)(x == x);
        oky &= (v2i)(y == y);
    }
    const v2d dx = vkeep(okx, x - kb), dy = vkeep(oky, y - ka);
    c->pc += vkeep(okx, one);
    c->sc += vkeep(oky, one);
    c->ps += dx;
    c->ss += dy;
    m->pn[j] = c->pc;
    m->ps[j] = c->ps;
    m->sn[w - 1 - j] = c->sc;
    m->ss[w - 1 - j] = c->ss;
    if (shifted) {
        c->pq += dx * dx;
        c->sq += dy * dy;
        m->pq[j] = c->pq;
        m->sq[w - 1 - j] = c->sq;
    }
}

/* 1 / the divisor of a mean or variance over cnt values (a 2-wide division: cheaper here than
 * looking the reciprocal up in a table by count). */
INLINE v2d moment_inv(enum mkind kind, v2d cnt, v2d ddof)
{
    return kind == MMEAN ? 1.0 / cnt : 1.0 / (cnt * (cnt - ddof));
}

/* The statistic of windows with cnt values, sum s and sum of squares qq (both shifted alike). */
INLINE v2d moment_value(enum mkind kind, v2d cnt, v2d s, v2d qq, v2d inv,
                        const struct move_params *p)
{
    const v2d zero = {0.0, 0.0}, nanv = {NAN, NAN};
    const v2d minc = {(double)p->min_count, (double)p->min_count};
    const v2d ddof = {(double)p->ddof, (double)p->ddof};
    v2d v = s;
    if (kind == MMEAN) v *= inv;
    if (kind == MVAR || kind == MSTD) {
        v = (cnt * qq - s * s) * inv;
        v = vblend((v2i)(v < zero), zero, v); /* keeps NaN */
        if (kind == MSTD) v = (v2d){sqrt(v[0]), sqrt(v[1])};
        v = vblend((v2i)(cnt - ddof > zero), v, nanv);
    }
    return vblend((v2i)(cnt >= minc), v, nanv);
}

INLINE void moment_store(enum dt t, const struct seq2 *q, int64_t os, int64_t i, v2d v)
{
    for (int k = 0; k < 2; k++)
        if (i < q->len[k] && i >= q->skip[k]) st(t, q->dst[k] + i * os, v[k]);
}

/* The outputs of one block from its prefix and suffix sums; conv: the suffix sums are
 * shifted by kb + shift rather than by the prefix's kb (from the sequence's jfirst on). */
INLINE void moment_outputs(enum dt t, enum mkind kind, const struct seq2 *q, int64_t os,
                           const struct moment_bufs *m, int64_t b0, int64_t blen, v2d shift,
                           v2d jfirst, const struct move_params *p, int conv)
{
    const v2d ddof = {(double)p->ddof, (double)p->ddof};
    for (int64_t r = 0; r < blen; r++) {
        const v2d na = m->sn[r + 1], sa = m->ss[r + 1], cnt = na + m->pn[r];
        v2d s = sa + m->ps[r], qq = m->sq[r + 1] + m->pq[r];
        if (conv) { /* both parts re-expressed around the prefix's shift */
            const v2d rr = {(double)r, (double)r};
            const v2d d = vkeep((v2i)(rr >= jfirst), shift);
            qq += d * (2.0 * sa + na * d);
            s += na * d;
        }
        const v2d inv = moment_inv(kind, cnt, ddof);
        moment_store(t, q, os, b0 + r, moment_value(kind, cnt, s, qq, inv, p));
    }
}

/* The first block has no suffix: each output is its prefix, computed on the way. */
INLINE void moment_first(enum dt t, enum mkind kind, const struct seq2 *q, int64_t as,
                         int64_t os, int64_t blen, v2d kb, const struct move_params *p)
{
    const v2d zero = {0.0, 0.0}, one = {1.0, 1.0};
    const v2d ddof = {(double)p->ddof, (double)p->ddof};
    v2d cnt = zero, s = zero, qq = zero;
    for (int64_t i = 0; i < blen; i++) {
        const int on0 = i < q->len[0], on1 = i < q->len[1];
        const v2d x = {ld(t, q->src[0] + (on0 ? i : 0) * as),
                       ld(t, q->src[1] + (on1 ? i : 0) * as)};
        v2i ok = {on0 ? -1 : 0, on1 ? -1 : 0};
        if (t == F64 || t == F32) ok &= (v2i)(x == x);
        const v2d d = vkeep(ok, x - kb);
        cnt += vkeep(ok, one);
        s += d;
        qq += d * d;
        const v2d inv = moment_inv(kind, cnt, ddof);
        moment_store(t, q, os, i, moment_value(kind, cnt, s, qq, inv, p));
    }
}

INLINE void moment_seq2(enum dt t, enum mkind kind, const struct seq2 *q, int64_t as,
                        int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    const int64_t w = p->window, total = q->len[0] > q->len[1] ? q->len[0] : q->len[1];
    const int shifted = kind == MVAR || kind == MSTD;
    const v2d zero = {0.0, 0.0};
    struct moment_bufs m;
    moment_layout(w, (char *)ctx->scratch, &m);
    m.sn[w] = m.ss[w] = m.sq[w] = zero;

    v2d ka = zero; /* per sequence: shift of the suffix sums */
    for (int64_t b0 = 0; b0 < total; b0 += w) {
        const int64_t blen = total - b0 < w ? total - b0 : w;
        if (shifted && b0 > 0)
            for (int k = 0; k < 2; k++)
                ka[k] = latest_finite(t, q->src[k], as, b0 < q->len[k] ? b0 : 0, w, ka[k]);
        /* The prefix is shifted by ka up to a sequence's first finite value (at jfirst[k]),
         * then by that value (sums over NaN and inf only do not depend on the shift). */
        v2d kb = ka, jfirst = {(double)w, (double)w};
        for (int k = 0; shifted && k < 2; k++)
            for (int64_t j = 0; j < w && b0 + j < q->len[k]; j++) {
                const double x = ld(t, q->src[k] + (b0 + j) * as);
                if (isfinite(x)) {
                    kb[k] = x;
                    jfirst[k] = (double)j;
                    break;
                }
            }
        /* The suffix is shifted by kb too when kb is the block's first value (then in every
         * window of block b); otherwise by ka, and converted for each output. */
        const int direct = !shifted || (jfirst[0] == 0.0 && jfirst[1] == 0.0);
        const v2d ks = direct ? kb : ka;
        if (b0 == 0) {
            moment_first(t, kind, q, as, os, blen, kb, p);
            continue;
        }
        struct mchains c = {zero, zero, zero, zero, zero, zero};
        /* Which prefix and suffix positions are active, if that is the same for the whole
         * block (all but the last blocks): then the loop needs no per-step tests. */
        v2i pre_on = {0, 0}, suf_on = {0, 0};
        int uniform = 1;
        for (int k = 0; k < 2; k++) {
            if (b0 + w <= q->len[k]) pre_on[k] = -1;
            else if (b0 < q->len[k]) uniform = 0;
            if (b0 > 0 && b0 <= q->len[k]) suf_on[k] = -1;
            else if (b0 > 0 && b0 - w < q->len[k]) uniform = 0;
        }
        for (int64_t j = 0; j < w; j++) {
            const int64_t i = b0 + j, u = b0 - 1 - j;
            if (uniform) {
                moment_step(t, shifted, q, as, i, u, pre_on, suf_on, ks, kb, j, &m, w, &c);
                continue;
            }
            const int on0 = i < q->len[0], on1 = i < q->len[1];
            const int son0 = u >= 0 && u < q->len[0], son1 = u >= 0 && u < q->len[1];
            moment_step(t, shifted, q, as, i, u, (v2i){on0 ? -1 : 0, on1 ? -1 : 0},
                        (v2i){son0 ? -1 : 0, son1 ? -1 : 0}, ks, kb, j, &m, w, &c);
        }
        if (direct) moment_outputs(t, kind, q, os, &m, b0, blen, zero, jfirst, p, 0);
        else moment_outputs(t, kind, q, os, &m, b0, blen, ks - kb, jfirst, p, 1);
    }
}

INLINE void moment_lane(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                        char *out, int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const int64_t w = ((const struct move_params *)ctx->params)->window;
    const struct seq2 q = split_lane(a, n, as, out, os, w);
    moment_seq2(t, kind, &q, as, os, ctx);
}

/* Neighbouring lanes along a slow axis, two at a time: each row read covers both. */
INLINE void moment_block(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                         int64_t m, int64_t al, char *out, int64_t os, int64_t ol,
                         const struct mypkg_lane_ctx *ctx)
{
    for (int64_t j = 0; j < m; j += 2) {
        const int two = j + 1 < m;
        const struct seq2 q = {{a + j * al, a + (j + two) * al},
                               {out + j * ol, out + (j + two) * ol},
                               {n, two ? n : 0}, {0, 0}};
        moment_seq2(t, kind, &q, as, os, ctx);
    }
}

/* ---------------------------------------------------------------------------------------
 * min, max, argmin, argmax: the same blocks over (value, key) pairs. NaN becomes the worst
 * value (+inf for min) and loses ties to real values; among equal values the newest wins.
 * key = position + REALKEY for a non-NaN value, so "real first, then newest" is one compare
 * (exact in a double for positions below 2^52). */

enum ekind { EMIN, EMAX, EARGMIN, EARGMAX };
#define REALKEY 4503599627370496.0 /* 2^52 */

struct extreme_bufs { double *pv, *sv, *pn, *sn, *pk, *sk; };

static size_t extreme_layout(int64_t w, char *base, struct extreme_bufs *b)
{
    size_t off = 0;
    const size_t bytes = (size_t)(w + 1) * sizeof(double);
    double **arrays[] = {&b->pv, &b->sv, &b->pn, &b->sn, &b->pk, &b->sk};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        *arrays[i] = (double *)take(base, &off, bytes);
    return off;
}

DEFINE_SCRATCH(extreme)

INLINE void extreme_lane(enum dt t, enum ekind kind, const char *a, int64_t n, int64_t as,
                         char *out, int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    const int64_t w = p->window;
    const int is_max = kind == EMAX || kind == EARGMAX;
    const int arg = kind == EARGMIN || kind == EARGMAX;
    const double worst = is_max ? -INFINITY : INFINITY, minc = (double)p->min_count;
    struct extreme_bufs m;
    extreme_layout(w, (char *)ctx->scratch, &m);
    m.sv[w] = worst;
    m.sn[w] = 0.0;
    m.sk[w] = -1.0;

    for (int64_t b0 = 0; b0 < n; b0 += w) {
        const int64_t len = n - b0 < w ? n - b0 : w;
        /* lane 0 of each vector: prefix of block b; lane 1: suffix of block b-1 (walking
         * back, so a tie with an older value keeps the newer one). A lane with nothing to do
         * (no block b-1; past the end of a short last block) reads the other lane's element
         * and masks it out. */
        const v2d one = {1.0, 1.0}, real = {REALKEY, REALKEY}, worstv = {worst, worst};
        v2d cur = worstv, curk = {-1.0, -1.0}, cnt = {0.0, 0.0};
        const int uniform = len == w && b0 > 0; /* every prefix and suffix step active */
        for (int64_t j = 0; j < w; j++) {
            const int pre_on = uniform || j < len, suf_on = uniform || b0 > 0;
            const int64_t ip = pre_on ? b0 + j : b0 - 1 - j;
            const int64_t is = suf_on ? b0 - 1 - j : ip;
            const v2d x = {ld(t, a + ip * as), ld(t, a + is * as)};
            v2i ok = {pre_on ? -1 : 0, suf_on ? -1 : 0};
            if (t == F64 || t == F32) ok &= (v2i)(x == x);
            const v2d v = vblend(ok, x, worstv);
            cnt += vkeep(ok, one);
            v2i take = is_max ? (v2i)(v > cur) : (v2i)(v < cur);
            if (arg) {
                const v2d key = (v2d){(double)ip, (double)is} + vkeep(ok, real);
                take |= (v2i)(v == cur) & (v2i)(key > curk);
                curk = vblend(take, key, curk);
                m.pk[j] = curk[0];
                m.sk[w - 1 - j] = curk[1];
            }
            cur = vblend(take, v, cur);
            m.pv[j] = cur[0];
            m.pn[j] = cnt[0];
            m.sv[w - 1 - j] = cur[1];
            m.sn[w - 1 - j] = cnt[1];
        }
        for (int64_t r = 0; r < len; r++) {
            const double count = m.sn[r + 1] + m.pn[r];
            const double pv = m.pv[r], sv = m.sv[r + 1];
            double v;
            if (arg) {
                const double pk = m.pk[r], sk = m.sk[r + 1];
                const int pre = (is_max ? pv > sv : pv < sv) || (pv == sv && pk > sk);
                const double key = pre ? pk : sk;
                v = (double)(b0 + r) - (key >= REALKEY ? key - REALKEY : key);
            } else {
                v = is_max ? (pv > sv ? pv : sv) : (pv < sv ? pv : sv);
            }
            st(t, out + (b0 + r) * os, count >= minc ? v : NAN);
        }
    }
}

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

/* ---------------------------------------------------------------------------------------
 * Exported entry points: a lane function and kernel descriptor per (op, dtype), and a thin
 * function that validates the parameters and hands them to the lane driver. */

#define LANE_ARGS const char *a, int64_t n, int64_t as, char *out, int64_t os, \
                  const struct mypkg_lane_ctx *ctx
#define BLOCK_ARGS const char *a, int64_t n, int64_t as, int64_t m, int64_t al, char *out, \
                   int64_t os, int64_t ol, const struct mypkg_lane_ctx *ctx

static int run_move(const struct mypkg_kernel *k, MYPKG_MOVE_ARGS, struct move_params *p,
                    int64_t nthreads)
{
    if (!shape || ndim < 1 || ndim > MYPKG_MAXDIMS || axis < 0 || axis >= ndim)
        return MYPKG_EINVAL;
    if (window < 1 || window > shape[axis] || min_count < 1 || min_count > window ||
        p->ddof < 0 || !(p->q >= 0.0 && p->q <= 1.0))
        return MYPKG_EINVAL;
    return mypkg_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, p, nthreads);
}

#define MOVE_KERNEL(op, sfx, DT, family, KIND)                                                \
    static int op##_lane_##sfx(LANE_ARGS)                                                     \
    {                                                                                         \
        family##_lane(DT, KIND, a, n, as, out, os, ctx);                                      \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    MOVE_BLOCK_##family(op, sfx, DT, KIND)                                                    \
    static const struct mypkg_kernel op##_kernel_##sfx = {                                    \
        op##_lane_##sfx, MOVE_BLOCK_FN_##family(op##_block_##sfx), 0, 0, family##_scratch};

/* Families with a block function (several neighbouring lanes at once) define it here. */
#define MOVE_BLOCK_moment(op, sfx, DT, KIND)                                                  \
    static int op##_block_##sfx(BLOCK_ARGS)                                                   \
    {                                                                                         \
        moment_block(DT, KIND, a, n, as, m, al, out, os, ol, ctx);                            \
        return MYPKG_OK;                                                                      \
    }
#define MOVE_BLOCK_FN_moment(name) name
#define MOVE_BLOCK_extreme(op, sfx, DT, KIND)
#define MOVE_BLOCK_FN_extreme(name) NULL
#define MOVE_BLOCK_order(op, sfx, DT, KIND)
#define MOVE_BLOCK_FN_order(name) NULL

/* PARAMS: the exported function's parameter list; DDOF, Q: the parameters it sets. */
#define EXPORT_MOVE_WITH(op, sfx, DT, family, KIND, PARAMS, DDOF, Q)                          \
    MOVE_KERNEL(op, sfx, DT, family, KIND)                                                    \
    MYPKG_EXPORT int mypkg_##op##_##sfx PARAMS                                                \
    {                                                                                         \
        struct move_params p = {window, min_count, DDOF, Q};                                  \
        return run_move(&op##_kernel_##sfx, a, ndim, shape, astrides, out, ostrides, axis,    \
                        window, min_count, &p, nthreads);                                     \
    }
#define EXPORT_MOVE(op, sfx, DT, family, KIND)                                                \
    EXPORT_MOVE_WITH(op, sfx, DT, family, KIND, (MYPKG_MOVE_ARGS, int64_t nthreads), 0, 0.5)
#define EXPORT_MOVE_DDOF(op, sfx, DT, family, KIND)                                           \
    EXPORT_MOVE_WITH(op, sfx, DT, family, KIND,                                               \
                     (MYPKG_MOVE_ARGS, int64_t ddof, int64_t nthreads), ddof, 0.5)
#define EXPORT_MOVE_Q(op, sfx, DT, family, KIND)                                              \
    EXPORT_MOVE_WITH(op, sfx, DT, family, KIND,                                               \
                     (MYPKG_MOVE_ARGS, double q, int64_t nthreads), 0, q)

#define DEFINE_MOVES(sfx, DT)                                                                 \
    EXPORT_MOVE(move_sum, sfx, DT, moment, MSUM)                                              \
    EXPORT_MOVE(move_mean, sfx, DT, moment, MMEAN)                                            \
    EXPORT_MOVE_DDOF(move_var, sfx, DT, moment, MVAR)                                         \
    EXPORT_MOVE_DDOF(move_std, sfx, DT, moment, MSTD)                                         \
    EXPORT_MOVE(move_min, sfx, DT, extreme, EMIN)                                             \
    EXPORT_MOVE(move_max, sfx, DT, extreme, EMAX)                                             \
    EXPORT_MOVE(move_argmin, sfx, DT, extreme, EARGMIN)                                       \
    EXPORT_MOVE(move_argmax, sfx, DT, extreme, EARGMAX)                                       \
    EXPORT_MOVE(move_median, sfx, DT, order, OMEDIAN)                                         \
    EXPORT_MOVE_Q(move_quantile, sfx, DT, order, OQUANTILE)                                   \
    EXPORT_MOVE(move_rank, sfx, DT, order, ORANK)

DEFINE_MOVES(f64, F64)
DEFINE_MOVES(f32, F32)
DEFINE_MOVES(i64, I64)
DEFINE_MOVES(i32, I32)
DEFINE_MOVES(u64, U64)

