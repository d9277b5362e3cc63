/* move_moments.c: move_sum, move_mean, move_var, move_std.
 *
 * Van Herk/Gil-Werman blocks: the lane is cut into blocks of `window` elements, and a window
 * ending in block b is a suffix of block b-1 plus a prefix of block b. Both are computed
 * afresh per block (O(1) per element), so no value is ever subtracted back out: an inf or a
 * spike affects exactly the windows that hold it, and the result is what a fresh computation
 * over the window gives. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "move.h"

/* ---------------------------------------------------------------------------------------
 * Design. One pass per block: walking block b forward extends its prefix sums, each combined
 * with the stored suffix sums of block b-1 into an output; the same loop walks block b
 * backward and stores its suffix sums for block b+1 (two buffers take turns). The prefix and
 * suffix chains are independent, and every v2d carries two independent sequences: the two
 * halves of a lane (the lane function) or two neighbouring lanes (the block function, which
 * also walks many pairs row by row, in memory order). The first block has no suffix to
 * combine, and its outputs before min_count elements are NaN without any arithmetic.
 *
 * Variances use shifted sums S = sum(x - k), Q = sum((x - k)^2), n with k one of the window's
 * values: the prefix of block b is shifted by its first finite value kb (in every prefix part
 * that holds a finite value); the suffix of block b-1 by kb too when kb is block b's first
 * element (then in every window ending in block b), else by block b-1's latest finite value
 * (in every suffix part that holds one) and re-expressed around kb in the windows that reach
 * kb. A shift that is one of the values bounds Q by (n + 1) * M2, so n*Q - S^2 loses at most
 * log2(n) bits whatever the data's offset; with typical data it loses almost none. ±inf needs
 * no special case: it makes S and Q inf (and a var NaN) for exactly the windows holding it. */

enum mkind { MSUM, MMEAN, MVAR, MSTD };

INLINE int shifted(enum mkind kind) { return kind == MVAR || kind == MSTD; }

/* Count, sum and (var/std only) sum of squares of two sequences, one per v2d slot. */
struct acc { v2d n, s, q; };

/* Where the sums of one block pass are shifted, per slot: the prefix by kb, the suffix being
 * built by ks; the stored suffix sums of the previous block by kb + d, re-expressed around kb
 * from prefix position jf on (d == 0: nothing to re-express). */
struct shifts { v2d kb, ks, d, jf; };

INLINE v2d splat(double x) { return (v2d){x, x}; }

typedef float v2f __attribute__((vector_size(8)));

/* Elements at p0 and p1 side by side. */
INLINE v2d ld2(enum dt t, const char *p0, const char *p1)
{
    if (t == F32) return __builtin_convertvector(((v2f){LOAD(float, p0), LOAD(float, p1)}), v2d);
    return (v2d){ld(t, p0), ld(t, p1)};
}

/* Elements at p and p + step; contig: step is one element, which makes it one vector load. */
INLINE v2d ld2_step(enum dt t, const char *p, int64_t step, int contig)
{
    if (contig && t == F64) {
        v2d v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    if (contig && t == F32) {
        v2f f;
        memcpy(&f, p, sizeof f);
        return __builtin_convertvector(f, v2d);
    }
    return ld2(t, p, p + step);
}

/* Store both slots (one conversion for float32); contig: p1 is the element after p0. */
INLINE void st2(enum dt t, char *p0, char *p1, v2d v, int contig)
{
    if (t == F32) {
        const v2f f = __builtin_convertvector(v, v2f);
        if (contig) {
            memcpy(p0, &f, sizeof f);
            return;
        }
        STORE(float, p0, f[0]);
        STORE(float, p1, f[1]);
    } else if (contig) {
        memcpy(p0, &v, sizeof v);
    } else {
        STORE(double, p0, v[0]);
        STORE(double, p1, v[1]);
    }
}

INLINE struct acc acc_add(enum dt t, enum mkind kind, struct acc c, v2d x, v2d k)
{
    v2i ok = {-1, -1};
    if (t == F64 || t == F32) ok = (v2i)(x == x);
    const v2d d = vkeep(ok, shifted(kind) ? x - k : x);
    c.n += vkeep(ok, splat(1.0));
    c.s += d;
    if (shifted(kind)) c.q += d * d;
    return c;
}

INLINE struct acc acc_join(enum mkind kind, struct acc a, struct acc b)
{
    a.n += b.n;
    a.s += b.s;
    if (shifted(kind)) a.q += b.q;
    return a;
}

/* Sums shifted by k + d re-expressed around k: x - k = (x - k - d) + d. */
INLINE struct acc acc_reshift(struct acc a, v2d d)
{
    a.q += d * (2.0 * a.s + a.n * d);
    a.s += a.n * d;
    return a;
}

/* Only the fields the kind uses (the buffers are memory; a dead store would stay). */
INLINE void acc_put(enum mkind kind, struct acc *p, struct acc c)
{
    p->n = c.n;
    p->s = c.s;
    if (shifted(kind)) p->q = c.q;
}

/* The factor that turns a window's n*Q - S^2 into its variance (or its square root into the
 * std): NaN below min_count (or for ddof), so one multiplication also blends. */
static inline double moment_factor(enum mkind kind, int64_t cnt, const struct move_params *p)
{
    const int64_t least = shifted(kind) && p->ddof >= p->min_count ? p->ddof + 1 : p->min_count;
    if (cnt < least) return NAN;
    if (kind == MMEAN) return 1.0 / (double)cnt;
    return shifted(kind) ? 1.0 / ((double)cnt * (double)(cnt - p->ddof)) : 1.0;
}

/* What turns a window's sums into its statistic: var and std look the factor of its count
 * up (cheaper than the division next to the square root on the same unit, and it blends);
 * sum and mean need no factor or only a division, and blend by min_count. */
struct factors {
    v2d least;       /* min_count */
    double factor[]; /* moment_factor of counts 0..w (var, std) */
};

static void moment_factors(enum mkind kind, int64_t w, const struct move_params *p,
                           struct factors *f)
{
    f->least = splat((double)p->min_count);
    for (int64_t k = 0; shifted(kind) && k <= w; k++) f->factor[k] = moment_factor(kind, k, p);
}

/* var, std: the statistic of a window from its sums and the factor of its count. */
INLINE v2d moment_scaled(enum mkind kind, struct acc c, v2d factor)
{
    v2d v = c.n * c.q - c.s * c.s;
    v = vblend((v2i)(v < splat(0.0)), splat(0.0), v) * factor; /* keeps NaN */
    return kind == MSTD ? (v2d){sqrt(v[0]), sqrt(v[1])} : v;
}

/* sum, mean: the statistic of a window from its sums. */
INLINE v2d moment_plain(enum mkind kind, struct acc c, v2d least)
{
    return vblend((v2i)(c.n >= least), kind == MMEAN ? c.s / c.n : c.s, splat(NAN));
}

INLINE v2d moment_value(enum mkind kind, struct acc c, const struct factors *f)
{
    if (!shifted(kind)) return moment_plain(kind, c, f->least);
    return moment_scaled(kind, c, (v2d){f->factor[(int64_t)c.n[0]], f->factor[(int64_t)c.n[1]]});
}

/* One position j of a block pass for one pair of sequences: x (at prefix position j) extends
 * the prefix sums *pre, y (at suffix position w-1-j) the suffix sums *suf being built; returns
 * the statistic of the window ending at j, whose older part is *prev (the previous block's
 * suffix from position j+1). first: no previous block; nan: too few elements for min_count. */
INLINE v2d pass_step(enum dt t, enum mkind kind, int first, int build, int conv, int nan,
                     struct acc *pre, v2d x, struct acc *suf, v2d y, const struct acc *prev,
                     const struct shifts *sh, v2d jv, const struct factors *tbl)
{
    *pre = acc_add(t, kind, *pre, x, sh->kb);
    if (build) *suf = acc_add(t, kind, *suf, y, sh->ks);
    if (nan) return splat(NAN);
    if (first) return moment_value(kind, *pre, tbl);
    struct acc older = *prev;
    if (conv) older = acc_reshift(older, vkeep((v2i)(jv >= sh->jf), sh->d));
    return moment_value(kind, acc_join(kind, older, *pre), tbl);
}

/* The shifts of one sequence around the block boundary b1: ks for the suffix sums of the
 * block before it, kb for the prefix sums of the block from it (fallback: when neither
 * block holds a finite value, where the shift does not matter). */
struct plan { double kb, ks, jf; };

INLINE struct plan plan_block(enum dt t, const char *src, int64_t as, int64_t b1, int64_t len,
                              int64_t w, double fallback)
{
    struct plan pl = {fallback, fallback, -1.0};
    for (int64_t j = 0; j < w && b1 + j < len; j++) {
        const double x = ld(t, src + (b1 + j) * as);
        if (isfinite(x)) {
            pl.kb = pl.ks = x;
            pl.jf = (double)j;
            break;
        }
    }
    if (pl.jf != 0.0)
        for (int64_t u = b1 - 1; u >= 0 && u >= b1 - w; u--) {
            const double x = ld(t, src + u * as);
            if (isfinite(x)) {
                pl.ks = x;
                break;
            }
        }
    if (pl.jf < 0.0) { /* no finite value from b1 on: its prefix sums do not depend on kb */
        pl.kb = pl.ks;
        pl.jf = 0.0;
    }
    return pl;
}

/* Store the plan of slot k for the next block into *next and its ks into *cur. */
INLINE void plan_slot(struct shifts *cur, struct shifts *next, int k, struct plan pl)
{
    cur->ks[k] = pl.ks;
    next->kb[k] = pl.kb;
    next->d[k] = pl.ks - pl.kb;
    next->jf[k] = pl.jf;
}

/* ---------------------------------------------------------------------------------------
 * Scratch: per pair of sequences, the prefix sums, the shifts of this and of the next block,
 * and two suffix buffers of window + 1 entries (entry w: the empty suffix), entry-major so the
 * block function's row walk reads them in order. A block call takes its pairs in tiles whose
 * buffers stay in L2; a lane that is one window needs no buffers. */

#define SUFFIX_BUDGET ((int64_t)192 * 1024)

static int64_t tile_pairs(int64_t n, int64_t w)
{
    if (n <= w) return MYPKG_BLOCK / 2;
    const int64_t fit = SUFFIX_BUDGET / (2 * (w + 1) * (int64_t)sizeof(struct acc));
    return fit < 1 ? 1 : fit > MYPKG_BLOCK / 2 ? MYPKG_BLOCK / 2 : fit;
}

struct moment_bufs {
    int64_t tp; /* pairs per tile */
    struct acc *pre, *suf[2];
    struct shifts *sh[2];
    struct factors *tbl;
};

static size_t moment_layout(int64_t n, int64_t w, char *base, struct moment_bufs *b)
{
    size_t off = 0;
    b->tp = tile_pairs(n, w);
    const size_t tp = (size_t)b->tp, entries = n > w ? (size_t)(w + 1) * tp : 0;
    b->pre = (struct acc *)take(base, &off, tp * sizeof(struct acc));
    b->tbl = (struct factors *)take(base, &off,
                                    sizeof(struct factors) + (size_t)(w + 1) * sizeof(double));
    for (int k = 0; k < 2; k++) {
        b->suf[k] = (struct acc *)take(base, &off, entries * sizeof(struct acc));
        b->sh[k] = (struct shifts *)take(base, &off, tp * sizeof(struct shifts));
    }
    return off;
}

static size_t moment_scratch(int64_t n, const void *params)
{
    const int64_t w = ((const struct move_params *)params)->window;
    struct moment_bufs b;
    return w > MAX_SCRATCH_WINDOW ? SIZE_MAX : moment_layout(n, w, NULL, &b);
}

/* ---------------------------------------------------------------------------------------
 * Lanes. A lane longer than the window is cut into two sequences of equal length len (so
 * their blocks line up), the second starting window - 1 or window elements before the
 * first one ends and writing only from skip1 on. */
struct seq2 {
    const char *src[2];
    char *dst[2];
    int64_t len, skip1;
};

INLINE void lane_row(enum dt t, enum mkind kind, int first, int build, int conv, int nan,
                     const struct seq2 *q, int64_t as, int64_t os, int64_t b0, int64_t j,
                     int64_t w, struct acc *pre, struct acc *suf, const struct acc *prev,
                     struct acc *cur, const struct shifts *sh, const struct factors *tbl)
{
    const int64_t i = b0 + j, u = b0 + w - 1 - j;
    const v2d x = ld2(t, q->src[0] + i * as, q->src[1] + i * as);
    const v2d y = build ? ld2(t, q->src[0] + u * as, q->src[1] + u * as) : x;
    const v2d v = pass_step(t, kind, first, build, conv, nan, pre, x, suf, y, prev + j + 1, sh,
                            splat((double)j), tbl);
    if (build) acc_put(kind, cur + w - 1 - j, *suf);
    if (!first) {
        st2(t, q->dst[0] + i * os, q->dst[1] + i * os, v, 0);
    } else {
        st(t, q->dst[0] + i * os, v[0]);
        if (i >= q->skip1) st(t, q->dst[1] + i * os, v[1]);
    }
}

INLINE void lane_pass(enum dt t, enum mkind kind, int first, int build, int conv,
                      const struct seq2 *q, int64_t as, int64_t os, int64_t b0, int64_t blen,
                      int64_t w, const struct acc *prev, struct acc *cur,
                      const struct shifts *sh, const struct move_params *p,
                      const struct factors *tbl)
{
    const struct acc zero = {splat(0.0), splat(0.0), splat(0.0)};
    struct acc pre = zero, suf = zero;
    const int64_t nan_until = first ? p->min_count - 1 : 0;
    int64_t j = 0;
    for (; j < nan_until; j++)
        lane_row(t, kind, first, build, conv, 1, q, as, os, b0, j, w, &pre, &suf, prev, cur,
                 sh, tbl);
    for (; j < blen; j++)
        lane_row(t, kind, first, build, conv, 0, q, as, os, b0, j, w, &pre, &suf, prev, cur,
                 sh, tbl);
}

/* The pass variants, each compiled with its own loop. */
INLINE void lane_pass_any(enum dt t, enum mkind kind, int first, int build, int conv,
                          const struct seq2 *q, int64_t as, int64_t os, int64_t b0,
                          int64_t blen, int64_t w, const struct acc *prev, struct acc *cur,
                          const struct shifts *sh, const struct move_params *p,
                      const struct factors *tbl)
{
#define LANE_PASS(F, B, C) lane_pass(t, kind, F, B, C, q, as, os, b0, blen, w, prev, cur, sh, p, tbl)
    if (first) {
        if (build) LANE_PASS(1, 1, 0);
        else LANE_PASS(1, 0, 0);
    } else if (conv) {
        if (build) LANE_PASS(0, 1, 1);
        else LANE_PASS(0, 0, 1);
    } else {
        if (build) LANE_PASS(0, 1, 0);
        else LANE_PASS(0, 0, 0);
    }
#undef LANE_PASS
}

INLINE void lane_seq2(enum dt t, enum mkind kind, const struct seq2 *q, int64_t as, int64_t os,
                      int64_t w, const struct moment_bufs *m, const struct move_params *p)
{
    const struct acc zero = {splat(0.0), splat(0.0), splat(0.0)};
    struct shifts sh = {splat(0.0), splat(0.0), splat(0.0), splat(0.0)}, next = sh;
    if (shifted(kind))
        for (int k = 0; k < 2; k++) sh.kb[k] = plan_block(t, q->src[k], as, 0, q->len, w, 0.0).kb;
    m->suf[0][w] = m->suf[1][w] = zero;
    for (int64_t b = 0, b0 = 0; b0 < q->len; b++, b0 += w) {
        const int64_t blen = q->len - b0 < w ? q->len - b0 : w;
        const int build = b0 + w < q->len;
        if (shifted(kind) && build)
            for (int k = 0; k < 2; k++)
                plan_slot(&sh, &next, k,
                          plan_block(t, q->src[k], as, b0 + w, q->len, w, sh.kb[k]));
        const int conv = shifted(kind) && (sh.d[0] != 0.0 || sh.d[1] != 0.0);
        lane_pass_any(t, kind, b == 0, build, conv, q, as, os, b0, blen, w, m->suf[(b + 1) & 1],
                      m->suf[b & 1], &sh, p, m->tbl);
        sh.kb = next.kb;
        sh.d = next.d;
        sh.jf = next.jf;
    }
}

/* A lane that is exactly one window: its outputs before min_count elements are NaN, and the
 * sums up to there are a plain reduction (four independent chains); only the rest is a
 * prefix scan (both slots alike). */
INLINE void lane_one_window(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                            char *out, int64_t os, const struct move_params *p)
{
    const struct acc zero = {splat(0.0), splat(0.0), splat(0.0)};
    const int64_t lo = p->min_count - 1;
    const v2d k = splat(shifted(kind) ? plan_block(t, a, as, 0, n, n, 0.0).kb : 0.0);
    struct acc c0 = zero, c1 = zero;
    int64_t i = 0;
    for (; i + 4 <= lo; i += 4) {
        c0 = acc_add(t, kind, c0, ld2(t, a + i * as, a + (i + 1) * as), k);
        c1 = acc_add(t, kind, c1, ld2(t, a + (i + 2) * as, a + (i + 3) * as), k);
    }
    c0 = acc_join(kind, c0, c1);
    struct acc c = c0;
    c.n = splat(c0.n[0] + c0.n[1]);
    c.s = splat(c0.s[0] + c0.s[1]);
    c.q = splat(c0.q[0] + c0.q[1]);
    for (int64_t j = 0; j < lo; j++) st(t, out + j * os, NAN);
    for (; i < n; i++) {
        c = acc_add(t, kind, c, splat(ld(t, a + i * as)), k);
        if (i >= lo)
            st(t, out + i * os,
               (shifted(kind)
                    ? moment_scaled(kind, c, splat(moment_factor(kind, (int64_t)c.n[0], p)))
                    : moment_plain(kind, c, splat((double)p->min_count)))[0]);
    }
}

INLINE void moment_lane(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                        char *out, int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    const int64_t w = p->window;
    if (n <= w) {
        lane_one_window(t, kind, a, n, as, out, os, p);
        return;
    }
    struct moment_bufs m;
    moment_layout(n, w, (char *)ctx->scratch, &m);
    moment_factors(kind, w, p, m.tbl);
    const int64_t len = (n + w) / 2, start = n - len;
    const struct seq2 q = {{a, a + start * as}, {out, out + start * os}, len, 2 * len - n};
    lane_seq2(t, kind, &q, as, os, w, &m, p);
}

/* ---------------------------------------------------------------------------------------
 * Blocks of neighbouring lanes along a slow axis: pairs of lanes side by side in a v2d, all
 * pairs of a tile advanced row by row (rows are contiguous in memory), their sums kept in
 * the scratch arrays (one entry per pair). An odd last lane makes a pair with the lane
 * before it, which is computed twice alike. contig: lanes (and outputs) are adjacent
 * elements, so a pair is one vector load (store). */
struct tile {
    const char *a; /* the tile's first lane */
    char *out;
    int64_t as, al, os, ol;
    int64_t tp; /* pairs of lanes */
};

INLINE void block_row(enum dt t, enum mkind kind, int first, int build, int conv, int nan,
                      int contig, const struct tile *g, int64_t b0, int64_t j, int64_t w,
                      struct acc *pre, const struct acc *prev, struct acc *cur,
                      const struct shifts *sh, const struct factors *tbl)
{
    const char *xr = g->a + (b0 + j) * g->as, *yr = g->a + (b0 + w - 1 - j) * g->as;
    char *orow = g->out + (b0 + j) * g->os;
    const int64_t tp = g->tp, al = g->al, ol = g->ol;
    const v2d jv = splat((double)j);
    for (int64_t pr = 0; pr < tp; pr++) {
        const v2d x = ld2_step(t, xr + 2 * pr * al, al, contig);
        const v2d y = build ? ld2_step(t, yr + 2 * pr * al, al, contig) : x;
        struct acc suf = build ? cur[(w - j) * tp + pr] : pre[pr];
        const v2d v = pass_step(t, kind, first, build, conv, nan, pre + pr, x, &suf, y,
                                prev + (j + 1) * tp + pr, sh + pr, jv, tbl);
        if (build) acc_put(kind, cur + (w - 1 - j) * tp + pr, suf);
        st2(t, orow + 2 * pr * ol, orow + (2 * pr + 1) * ol, v, contig);
    }
}

INLINE void block_pass(enum dt t, enum mkind kind, int first, int build, int conv, int contig,
                       const struct tile *g, int64_t b0, int64_t blen, int64_t w,
                       struct acc *pre, const struct acc *prev, struct acc *cur,
                       const struct shifts *sh, const struct move_params *p,
                      const struct factors *tbl)
{
    const int64_t nan_until = first ? p->min_count - 1 : 0;
    int64_t j = 0;
    for (; j < nan_until; j++)
        block_row(t, kind, first, build, conv, 1, contig, g, b0, j, w, pre, prev, cur, sh, tbl);
    for (; j < blen; j++)
        block_row(t, kind, first, build, conv, 0, contig, g, b0, j, w, pre, prev, cur, sh, tbl);
}

INLINE void block_pass_any(enum dt t, enum mkind kind, int first, int build, int conv,
                           int contig, const struct tile *g, int64_t b0, int64_t blen,
                           int64_t w, struct acc *pre, const struct acc *prev, struct acc *cur,
                           const struct shifts *sh, const struct move_params *p,
                      const struct factors *tbl)
{
#define BLOCK_PASS(F, B, C)                                                                   \
    block_pass(t, kind, F, B, C, contig, g, b0, blen, w, pre, prev, cur, sh, p, tbl)
    if (first) {
        if (build) BLOCK_PASS(1, 1, 0);
        else BLOCK_PASS(1, 0, 0);
    } else if (conv) {
        if (build) BLOCK_PASS(0, 1, 1);
        else BLOCK_PASS(0, 0, 1);
    } else {
        if (build) BLOCK_PASS(0, 1, 0);
        else BLOCK_PASS(0, 0, 0);
    }
#undef BLOCK_PASS
}

/* Rows of the next block, fetched while this one is computed: each row of a tile is a short
 * run at a long stride, whose first lines the hardware would fetch too late. */
INLINE void prefetch_rows(enum dt t, const struct tile *g, int64_t r0, int64_t r1)
{
    const int64_t bytes = (2 * g->tp - 1) * g->al + (t == F32 || t == I32 ? 4 : 8);
    for (int64_t r = r0; r < r1; r++)
        for (int64_t o = 0; o < bytes; o += 64) __builtin_prefetch(g->a + r * g->as + o);
}

INLINE void block_tile(enum dt t, enum mkind kind, int contig, const struct tile *g, int64_t n,
                       int64_t w, const struct moment_bufs *m, const struct move_params *p)
{
    const struct acc zero = {splat(0.0), splat(0.0), splat(0.0)};
    const int64_t tp = g->tp;
    struct shifts *sh = m->sh[0], *next = m->sh[1];
    for (int64_t pr = 0; pr < tp; pr++) {
        m->pre[pr] = zero;
        sh[pr] = next[pr] = (struct shifts){zero.n, zero.n, zero.n, zero.n};
        if (n > w) m->suf[0][w * tp + pr] = m->suf[1][w * tp + pr] = zero;
        for (int k = 0; shifted(kind) && k < 2; k++)
            sh[pr].kb[k] = plan_block(t, g->a + (2 * pr + k) * g->al, g->as, 0, n, w, 0.0).kb;
    }
    for (int64_t b = 0, b0 = 0; b0 < n; b++, b0 += w) {
        const int64_t blen = n - b0 < w ? n - b0 : w;
        const int build = b0 + w < n;
        int conv = 0;
        for (int64_t pr = 0; shifted(kind) && pr < tp; pr++) {
            for (int k = 0; build && k < 2; k++)
                plan_slot(sh + pr, next + pr, k,
                          plan_block(t, g->a + (2 * pr + k) * g->al, g->as, b0 + w, n, w,
                                     sh[pr].kb[k]));
            conv |= sh[pr].d[0] != 0.0 || sh[pr].d[1] != 0.0;
        }
        for (int64_t pr = 0; b > 0 && pr < tp; pr++) m->pre[pr] = zero;
        prefetch_rows(t, g, b0 + w, b0 + w + blen < n ? b0 + w + blen : n);
        block_pass_any(t, kind, b == 0, build, conv, contig, g, b0, blen, w, m->pre,
                       m->suf[(b + 1) & 1], m->suf[b & 1], sh, p, m->tbl);
        for (int64_t pr = 0; shifted(kind) && pr < tp; pr++) {
            sh[pr].kb = next[pr].kb;
            sh[pr].d = next[pr].d;
            sh[pr].jf = next[pr].jf;
        }
    }
}

/* Tiles of full pairs, then the odd last lane with the one before it. */
INLINE void block_tiles(enum dt t, enum mkind kind, int contig, const char *a, int64_t n,
                        int64_t as, int64_t m, int64_t al, char *out, int64_t os, int64_t ol,
                        const struct moment_bufs *bufs, const struct move_params *p)
{
    const int64_t pairs = m / 2;
    for (int64_t p0 = 0; p0 < pairs; p0 += bufs->tp) {
        const struct tile g = {a + 2 * p0 * al, out + 2 * p0 * ol, as, al, os, ol,
                               pairs - p0 < bufs->tp ? pairs - p0 : bufs->tp};
        block_tile(t, kind, contig, &g, n, p->window, bufs, p);
    }
    if (m % 2) {
        const struct tile g = {a + (m - 2) * al, out + (m - 2) * ol, as, al, os, ol, 1};
        block_tile(t, kind, contig, &g, n, p->window, bufs, p);
    }
}

INLINE void moment_block(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                         int64_t m, int64_t al, char *out, int64_t os, int64_t ol,
                         const struct mypkg_lane_ctx *ctx)
{
    if (m == 1) {
        moment_lane(t, kind, a, n, as, out, os, ctx);
        return;
    }
    const struct move_params *p = (const struct move_params *)ctx->params;
    struct moment_bufs bufs;
    moment_layout(n, p->window, (char *)ctx->scratch, &bufs);
    moment_factors(kind, p->window, p, bufs.tbl);
    const int64_t esize = t == F32 || t == I32 ? 4 : 8, osize = t == F32 ? 4 : 8;
    if (al == esize && ol == osize)
        block_tiles(t, kind, 1, a, n, as, m, esize, out, os, osize, &bufs, p);
    else
        block_tiles(t, kind, 0, a, n, as, m, al, out, os, ol, &bufs, p);
}

#define MOVE_BLOCK_moment(op, sfx, DT, KIND)                                                  \
    static int op##_block_##sfx(BLOCK_ARGS)                                                   \
    {                                                                                         \
        moment_block(DT, KIND, a, n, as, m, al, out, os, ol, ctx);                            \
        return MYPKG_OK;                                                                      \
    }
#define MOVE_BLOCK_FN_moment(name) name

#define DEFINE_MOMENTS(sfx, DT)                                                               \
    EXPORT_MOVE(move_sum, sfx, DT, moment, MSUM)                                              \
    EXPORT_MOVE(move_mean, sfx, DT, moment, MMEAN)                                            \
    EXPORT_MOVE_DDOF(move_var, sfx, DT, moment, MVAR)                                         \
    EXPORT_MOVE_DDOF(move_std, sfx, DT, moment, MSTD)
MOVE_FOR_DTYPES(DEFINE_MOMENTS)
