/* move_moments.c: move_sum, move_mean, move_var, move_std.
 *
 * Van Herk/Gil-Werman blocks: the lane is cut into blocks of `window` elements, and a window
 * ending in block b is a suffix of block b-1 plus a prefix of block b. Both are computed
 * afresh per block (O(1) per element), so no value is ever subtracted back out: an inf or a
 * spike affects exactly the windows that hold it, and the result is what a fresh computation
 * over the window gives. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "move.h"

/* ---------------------------------------------------------------------------------------
 * Design. One pass per block: walking block b forward extends its prefix sums, each combined
 * with the stored suffix sums of block b-1 into an output; the same loop walks block b
 * backward and stores its suffix sums for block b+1 (two buffers take turns). The prefix and
 * suffix chains are independent, and every vector carries independent sequences: the
 * parts of a lane (the lane function) or neighbouring lanes (the block function, which
 * also walks many pairs row by row, in memory order). The first block combines with an
 * empty suffix, and the last one builds a suffix nobody reads: every block is the same loop
 * (fewer loops to compile, and none of them branches per element).
 *
 * The kernels are written once in move_moments_body.h for a vector of MOMENT_W sequences and
 * compiled twice: 2-wide (baseline SSE2) and 4-wide for AVX2 (one 32-byte vector; the lane
 * path is instruction-bound, so twice the sequences per instruction is nearly twice the
 * speed). The 4-wide copy is chosen per call when the CPU has AVX2 and the lane or block is
 * large enough to fill it: lanes of at least two windows (shorter ones would be mostly the
 * sequences' overlap) and blocks of at least four lanes. No FMA, so the sums round alike in
 * both; var and std end with a division in the 4-wide copy and a multiplication by the
 * looked-up factor in the 2-wide one (see struct limits), which may differ in the last bit.
 * Contiguous lanes load (and store) MOMENT_W rows of every sequence at once, transposed in
 * registers.
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

/* What turns a window's sums into its statistic, per kind: sum and mean blend by min_count;
 * var and std scale n*Q - S^2 by 1 / (n * (n - ddof)) and blend by the least count that has
 * a variance. The 4-wide copy divides (one instruction for four slots; a lookup of the factor
 * per slot would take a dozen); the 2-wide copy looks the factor up in a table of counts 0..w
 * (two scalar loads beat a 2-wide division, which costs as much as a 4-wide one). */
struct limits {
    double least;         /* min_count */
    double vleast;        /* var, std: min_count, or ddof + 1 if that is more */
    double ddof;
    const double *factor; /* var, std, 2-wide: 1 / (n * (n - ddof)) by count, NaN below vleast */
};

/* The limits of a call; table: where to put the factors (w + 1 doubles), or NULL. */
static struct limits moment_limits(enum mkind kind, const struct move_params *p, double *table)
{
    /* ddof >= window: no window has a variance (and ddof + 1 may not exist) */
    const int64_t v = p->ddof >= p->window ? p->window + 1
                      : p->ddof >= p->min_count ? p->ddof + 1 : p->min_count;
    for (int64_t k = 0; table && shifted(kind) && k <= p->window; k++)
        table[k] = k >= v ? 1.0 / ((double)k * (double)(k - p->ddof)) : NAN;
    return (struct limits){(double)p->min_count, (double)v, (double)p->ddof, table};
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

/* ---------------------------------------------------------------------------------------
 * Scratch: per group of sequences (one vector), the prefix sums, the shifts of this and of
 * the next block, and two suffix buffers of window + 1 entries (entry w: the empty suffix),
 * entry-major so the block function's row walk reads them in order. A block call takes its
 * groups in tiles whose buffers stay in L2; a lane that is one window needs no buffers. The
 * arrays hold the width's struct acc (ACC_DOUBLES doubles per slot) and struct shifts. */

/* Windows from RUN_WINDOW on use running sums (see below), values from 2^RUN_EXP on their
 * scaling. */
#define RUN_WINDOW 1024
#define RUN_EXP 450
#define RUN_BYTES (4 * sizeof(double) + 3 * sizeof(int64_t))

#define ACC_DOUBLES 3
#define SHIFT_DOUBLES 4
#define SUFFIX_BUDGET ((int64_t)192 * 1024)

static int64_t tile_groups(int64_t n, int64_t w, int width)
{
    if (n <= w) return MYPKG_BLOCK / width;
    const int64_t acc = width * ACC_DOUBLES * (int64_t)sizeof(double);
    const int64_t fit = SUFFIX_BUDGET / (2 * (w + 1) * acc);
    return fit < 1 ? 1 : fit > MYPKG_BLOCK / width ? MYPKG_BLOCK / width : fit;
}

struct moment_bufs {
    int64_t groups; /* per tile */
    void *pre, *suf[2], *sh[2];
    double *factor; /* w + 1 (none for running sums) */
    struct run *runs; /* running sums: one per lane of a block call */
    double *shift;
};

/* The driver's scratch is malloc'ed (16-byte aligned): the arrays start at the next 64-byte
 * boundary, so 32-byte vectors in them are aligned (the layout is 63 bytes longer). */
static size_t moment_layout(int64_t n, int64_t w, int width, char *base, struct moment_bufs *b)
{
    size_t off = 0;
    if (base) base += -(uintptr_t)base & 63;
    b->groups = tile_groups(n, w, width);
    const size_t tg = (size_t)b->groups;
    const int running = w >= RUN_WINDOW;
    const size_t entries = n > w && !running ? mypkg_size_mul((size_t)w + 1, tg) : 0;
    const size_t acc = (size_t)width * ACC_DOUBLES * sizeof(double);
    const size_t shifts = (size_t)width * SHIFT_DOUBLES * sizeof(double);
    b->pre = take(base, &off, tg * acc);
    b->factor = take(base, &off, running ? 0 : mypkg_size_mul((size_t)w + 1, sizeof(double)));
    b->runs = take(base, &off, MYPKG_BLOCK * RUN_BYTES);
    b->shift = take(base, &off, MYPKG_BLOCK * sizeof(double));
    for (int k = 0; k < 2; k++) {
        b->suf[k] = take(base, &off, mypkg_size_mul(entries, acc));
        b->sh[k] = take(base, &off, tg * shifts);
    }
    return mypkg_size_add(off, 63);
}

size_t move_moment_scratch(int64_t n, const void *params)
{
    const int64_t w = ((const struct move_params *)params)->window;
    struct moment_bufs b;
    const size_t two = moment_layout(n, w, 2, NULL, &b), four = moment_layout(n, w, 4, NULL, &b);
    return two > four ? two : four;
}
/* MOVE_KERNEL's name for it (move.c compares kernels' scratch functions with it). */
#define moment_scratch move_moment_scratch

/* A lane longer than the window as `width` sequences of equal length len (returned, so their
 * blocks line up, len >= w): sequence k starts at start[k] (the last one ends with the lane),
 * window - 1 or window elements before sequence k - 1 ends (its outputs there are of
 * truncated windows; sequence k - 1 has the right ones). The width * len - (width - 1) *
 * (window - 1) elements they cover exceed n by less than width, spread over the overlaps
 * one each. */
static int64_t lane_split(int64_t n, int64_t w, int width, int64_t *start)
{
    const int64_t len = (n + (width - 1) * (w - 1) + width - 1) / width;
    const int64_t slack = n + (width - 1) * w - width * len;
    start[0] = 0;
    for (int k = 1; k < width; k++) start[k] = start[k - 1] + len - w + (k <= slack);
    return len;
}

/* Neighbouring lanes of a block call, `groups` vectors of them. */
struct tile {
    const char *a; /* the tile's first lane */
    char *out;
    int64_t as, al, os, ol;
    int64_t groups;
};

/* Rows of the next block, fetched while this one is computed: each row of a tile is a short
 * run at a long stride, whose first lines the hardware would fetch too late. */
INLINE void prefetch_rows(enum dt t, const struct tile *g, int64_t lanes, int64_t r0,
                          int64_t r1)
{
    const int64_t bytes = (lanes - 1) * g->al + (t == F32 || t == I32 ? 4 : 8);
    for (int64_t r = r0; r < r1; r++)
        for (int64_t o = 0; o < bytes; o += 64) __builtin_prefetch(g->a + r * g->as + o);
}

/* Elements r0..r1-1 of a sequence, fetched a block or two before they are needed: a lane's
 * sequences are short streams (along a fast axis, a few kilobytes each) that the hardware
 * would start fetching only after missing on their first lines. */
INLINE void prefetch_seq(const char *src, int64_t as, int64_t r0, int64_t r1)
{
    const int64_t bytes = as < 0 ? -as : as, step = bytes && bytes < 64 ? 64 / bytes : 1;
    for (int64_t r = r0; r < r1; r += step) __builtin_prefetch(src + r * as);
}

#define WN_(name, w) name##_w##w
#define WN__(name, w) WN_(name, w)
#define WN(name) WN__(name, MOMENT_W)

/* The square roots are spelled out as sqrtpd where it exists: from an element list GCC makes
 * scalar square roots (of the 4-wide one always, of the 2-wide one where its slots are stored
 * apart), and the divide/sqrt unit is the std's bottleneck. */
#define MOMENT_W 2
#define MOMENT_TARGET
#define MOMENT_DTYPES MOVE_FOR_DTYPES
#define EACH_SLOT(E) E(0), E(1)
#if MYPKG_X86 && defined(__SSE2__)
#define VSQRT(v) __builtin_ia32_sqrtpd(v)
#else
#define VSQRT(v) ((vd_w2){sqrt((v)[0]), sqrt((v)[1])})
#endif
#define MOMENT_LOOKUP 1
#define TO_VD(f) __builtin_convertvector(f, vd_w2)
#define TO_VF(v) __builtin_convertvector(v, vf_w2)
#include "move_moments_body.h"
#undef VSQRT
#undef TO_VD
#undef TO_VF
#undef MOMENT_LOOKUP
#undef EACH_SLOT
#undef MOMENT_DTYPES
#undef MOMENT_TARGET
#undef MOMENT_W

/* The 4-wide copy: every function of it carries the AVX2 target attribute (not a pragma
 * region, which clang ignores), and the helpers above that it inlines are target-neutral. */
#if MYPKG_X86
#define MOMENT_W 4
#define MOMENT_TARGET MYPKG_AVX2
#define MOMENT_DTYPES MOVE_FOR_FLOAT_DTYPES
#define EACH_SLOT(E) E(0), E(1), E(2), E(3)
#define VSQRT(v) __builtin_ia32_sqrtpd256(v)
#define MOMENT_LOOKUP 0
#if defined(__clang__)
#define TO_VD(f) __builtin_convertvector(f, vd_w4)
#define TO_VF(v) __builtin_convertvector(v, vf_w4)
#else /* GCC converts 4 floats in two halves through the stack: one instruction each way */
#define TO_VD(f) __builtin_ia32_cvtps2pd256(f)
#define TO_VF(v) __builtin_ia32_cvtpd2ps256(v)
#endif
#include "move_moments_body.h"
#undef VSQRT
#undef TO_VD
#undef TO_VF
#undef MOMENT_LOOKUP
#undef EACH_SLOT
#undef MOMENT_DTYPES
#undef MOMENT_TARGET
#undef MOMENT_W
#else /* no 4-wide copy: never chosen */
#define moment_lane_entry_w4 moment_lane_entry_w2
#define moment_block_entry_w4 moment_block_entry_w2
#endif

/* ---------------------------------------------------------------------------------------
 * A lane that is exactly one window: its outputs before min_count elements are NaN, and the
 * sums up to there are a plain reduction (four independent chains, 2-wide: the reduction is
 * bound by the loads); only the rest is a scalar prefix scan. */

/* The statistic of one window from its sums, for lane_one_window (which has no factor table:
 * filling one would cost a division per count, as many as the lane has elements). */
INLINE double one_value(enum mkind kind, double n, double s, double q, const struct limits *f)
{
    if (!shifted(kind)) return n >= f->least ? (kind == MMEAN ? s / n : s) : NAN;
    if (!(n >= f->vleast)) return NAN;
    const double v = n * q - s * s;
    const double var = (v < 0.0 ? 0.0 : v) / (n * (n - f->ddof)); /* keeps NaN */
    return kind == MSTD ? sqrt(var) : var;
}

/* The reduction of lane_one_window: elements [0, end) in 2-wide steps, two accumulators;
 * contig: float data in adjacent elements, a step is one load. */
INLINE struct acc_w2 one_reduce(enum dt t, enum mkind kind, int contig, const char *a,
                                int64_t as, int64_t end, int64_t *i, vd_w2 k)
{
    const struct acc_w2 zero = {{0}, {0}, {0}};
    struct acc_w2 c0 = zero, c1 = zero;
    for (; *i + 4 <= end; *i += 4) {
        c0 = acc_add_w2(t, kind, c0, load_step_w2(t, a + *i * as, as, contig), k);
        c1 = acc_add_w2(t, kind, c1, load_step_w2(t, a + (*i + 2) * as, as, contig), k);
    }
    return acc_join_w2(kind, c0, c1);
}

INLINE void lane_one_window(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                            char *out, int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    const int64_t lo = p->min_count - 1;
    const int64_t isz = t == F32 || t == I32 ? 4 : 8, osz = t == F32 ? 4 : 8;
    const struct limits lim = moment_limits(kind, p, NULL);
    const vd_w2 k = splat_w2(shifted(kind) ? plan_block(t, a, as, 0, n, n, 0.0).kb : 0.0);
    int64_t i = 0;
    const struct acc_w2 c0 = is_float(t) && as == isz ? one_reduce(t, kind, 1, a, as, lo, &i, k)
                                                     : one_reduce(t, kind, 0, a, as, lo, &i, k);
    double cn = c0.n[0] + c0.n[1], cs = c0.s[0] + c0.s[1], cq = c0.q[0] + c0.q[1];
    int64_t j = 0;
    if (os == osz) { /* adjacent outputs: NaN two at a time */
        const vd_w2 nan = splat_w2(NAN);
        for (; j + 2 <= lo; j += 2) store_step_w2(t, out + j * os, os, nan, 1);
    }
    for (; j < lo; j++) st(t, out + j * os, NAN);
    for (; i < n; i++) {
        const double x = ld(t, a + i * as);
        if (isnum(t, x)) {
            const double d = shifted(kind) ? x - k[0] : x;
            cn += 1.0;
            cs += d;
            cq += d * d;
        }
        if (i >= lo) st(t, out + i * os, one_value(kind, cn, cs, cq, &lim));
    }
}

/* ---------------------------------------------------------------------------------------
 * Large windows: running sums. A window of RUN_WINDOW values or more is not cut into van
 * Herk blocks (whose buffers grow with the window) but kept as running sums, O(1) memory
 * per lane: each step adds the value entering the window and takes out the one leaving it.
 * No drift: the sums are double-doubles (hi + lo, every addition's rounding error kept in lo
 * by TwoSum, every square's by Dekker's product), so taking a value out cancels adding it to
 * about 2^-100 of the largest sum; infinities are not summed but counted (+inf, -inf), NaN
 * skipped. Variances are shifted by the lane's first finite value, as above.
 *
 * Overflow: values are scaled by a power of two, 1 unless a sum overflowed; then the lane is
 * computed again with the scale that brings its largest magnitude to 2^RUN_EXP (the squares
 * of RUN_EXP + 1 bit values summed over 2^63 counts stay finite). The van Herk kernels take
 * lanes whose values all stay below 2^RUN_EXP in magnitude, where nothing overflows; var and
 * std check that first and send the other lanes here (move_std([1e154, -1e154], 2) is 1e154,
 * not NaN). A statistic that itself overflows is inf. */


struct run {
    double hi, lo, qhi, qlo; /* sums of u = x * scale - k and of u^2 */
    int64_t n, pinf, ninf;   /* finite values, +inf, -inf */
};
_Static_assert(sizeof(struct run) == RUN_BYTES, "layout");

INLINE void two_sum(double a, double b, double *s, double *e)
{
    *s = a + b;
    const double bb = *s - a;
    *e = (a - (*s - bb)) + (b - bb);
}

/* The rounding error of p = a * b (Dekker: both split into 26-bit halves). */
INLINE double prod_err(double a, double b, double p)
{
    const double ca = 134217729.0 * a, cb = 134217729.0 * b;
    const double ah = ca - (ca - a), al = a - ah, bh = cb - (cb - b), bl = b - bh;
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/* Add (sign 1) or take out (sign -1) one value. */
INLINE void run_put(enum dt t, enum mkind kind, struct run *r, double x, int sign, double k,
                    double scale)
{
    if (!isnum(t, x)) return;
    if (is_float(t) && isinf(x)) {
        if (x > 0) r->pinf += sign;
        else r->ninf += sign;
        return;
    }
    r->n += sign;
    const double u = x * scale - k, su = sign > 0 ? u : -u;
    double s, e;
    two_sum(r->hi, su, &s, &e);
    r->hi = s;
    r->lo += e;
    if (shifted(kind)) {
        const double p = u * u, pe = prod_err(u, u, p);
        two_sum(r->qhi, sign > 0 ? p : -p, &s, &e);
        r->qhi = s;
        r->qlo += e + (sign > 0 ? pe : -pe);
    }
}

/* The statistic of the window from its running sums. */
INLINE double run_value(enum mkind kind, const struct run *r, const struct move_params *p,
                        double scale)
{
    if (r->n + r->pinf + r->ninf < p->min_count) return NAN;
    if (r->pinf || r->ninf) {
        if (shifted(kind) || (r->pinf && r->ninf)) return NAN;
        return r->pinf ? INFINITY : -INFINITY;
    }
    const double n = (double)r->n;
    if (!shifted(kind)) {
        const double s = r->hi + r->lo;
        return (kind == MMEAN ? s / n : s) / scale;
    }
    if (r->n <= p->ddof) return NAN;
    /* n * var = Q - S * (S / n), with S / n as a double-double m + m2 */
    const double m = r->hi / n, pm = m * n;
    const double m2 = ((r->hi - pm) - prod_err(m, n, pm) + r->lo) / n;
    const double ph = r->hi * m, pl = prod_err(r->hi, m, ph) + r->hi * m2 + r->lo * m;
    double v, e;
    two_sum(r->qhi, -ph, &v, &e);
    v += (r->qlo - pl) + e;
    v = v > 0.0 ? v / (n - (double)p->ddof) : 0.0;
    return kind == MSTD ? sqrt(v) / scale : v / scale / scale;
}

/* One lane with the given scale; returns 0 if a sum overflowed (its outputs are then
 * to be computed again). A scale below 1 would flush the squares of ordinary values to zero,
 * so the values below 2^RUN_EXP in magnitude are then summed unscaled too (shifted by 0): a
 * window holding none of the larger ones (nbig == 0) takes its statistic from those sums. */
INLINE int run_lane_scaled(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                           char *out, int64_t os, const struct move_params *p, double scale)
{
    const int64_t w = p->window;
    const double k = shifted(kind) ? plan_block(t, a, as, 0, n, n, 0.0).kb * scale : 0.0;
    const double big = ldexp(1.0, RUN_EXP);
    struct run r = {0, 0, 0, 0, 0, 0, 0}, plain = r;
    int64_t nbig = 0;
    for (int64_t i = 0; i < n; i++) {
        for (int sign = 1; sign >= -1; sign -= 2) {
            if (sign < 0 && i < w) break;
            const double x = ld(t, a + (sign > 0 ? i : i - w) * as);
            run_put(t, kind, &r, x, sign, k, scale);
            if (scale == 1.0) continue;
            if (fabs(x) >= big && isfinite(x)) nbig += sign;
            else run_put(t, kind, &plain, x, sign, 0.0, 1.0);
        }
        st(t, out + i * os,
           scale != 1.0 && nbig == 0 ? run_value(kind, &plain, p, 1.0)
                                     : run_value(kind, &r, p, scale));
    }
    return isfinite(r.hi + r.lo + r.qhi + r.qlo);
}

/* The largest finite magnitude of a lane (0 if none). */
INLINE double lane_maxabs(enum dt t, const char *a, int64_t n, int64_t as)
{
    double m = 0.0;
    for (int64_t i = 0; i < n; i++) {
        const double x = fabs(ld(t, a + i * as));
        m = x > m && x <= DBL_MAX ? x : m;
    }
    return m;
}

INLINE double run_scale(double maxabs)
{
    int e;
    frexp(maxabs, &e);
    return e > RUN_EXP ? ldexp(1.0, RUN_EXP - e) : 1.0;
}

INLINE void run_lane(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                     char *out, int64_t os, const struct move_params *p)
{
    if (!run_lane_scaled(t, kind, a, n, as, out, os, p, 1.0))
        run_lane_scaled(t, kind, a, n, as, out, os, p, run_scale(lane_maxabs(t, a, n, as)));
}

INLINE void run_block(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                      int64_t m, int64_t al, char *out, int64_t os, int64_t ol,
                      const struct move_params *p, struct run *r, double *k)
{
    const int64_t w = p->window;
    for (int64_t j = 0; j < m; j++) {
        r[j] = (struct run){0, 0, 0, 0, 0, 0, 0};
        k[j] = shifted(kind) ? plan_block(t, a + j * al, as, 0, n, n, 0.0).kb : 0.0;
    }
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < m; j++) {
            run_put(t, kind, r + j, ld(t, a + i * as + j * al), 1, k[j], 1.0);
            if (i >= w) run_put(t, kind, r + j, ld(t, a + (i - w) * as + j * al), -1, k[j], 1.0);
            st(t, out + i * os + j * ol, run_value(kind, r + j, p, 1.0));
        }
    for (int64_t j = 0; j < m; j++)
        if (!isfinite(r[j].hi + r[j].lo + r[j].qhi + r[j].qlo))
            run_lane_scaled(t, kind, a + j * al, n, as, out + j * ol, os, p,
                            run_scale(lane_maxabs(t, a + j * al, n, as)));
}

/* Whether var or std of a block needs the running sums' scaling (see above). */
INLINE int needs_scale(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                       int64_t m, int64_t al)
{
    if (!shifted(kind) || !is_float(t)) return 0;
    double mx = 0.0;
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < m; j++) {
            const double x = fabs(ld(t, a + i * as + j * al));
            mx = x > mx && x <= DBL_MAX ? x : mx;
        }
    return mx >= ldexp(1.0, RUN_EXP);
}

/* Which copy runs, checked once per driver call of the lane or block function: the 4-wide one
 * for float data only (the speed targets are for float input; a 4-wide integer copy
 * would double this file's already long compile time for nothing measured). */
INLINE int four_wide(enum dt t) { return is_float(t) && mypkg_have_avx2(); }

INLINE void moment_lane(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                        char *out, int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    if (p->window >= RUN_WINDOW || needs_scale(t, kind, a, n, as, 1, 0))
        run_lane(t, kind, a, n, as, out, os, p);
    else if (n <= p->window) lane_one_window(t, kind, a, n, as, out, os, ctx);
    else if (n >= 2 * p->window && four_wide(t)) moment_lane_entry_w4(t, kind, a, n, as, out, os, ctx);
    else moment_lane_entry_w2(t, kind, a, n, as, out, os, ctx);
}

INLINE void moment_block(enum dt t, enum mkind kind, mypkg_lane_fn lane, const char *a,
                         int64_t n, int64_t as, int64_t m, int64_t al, char *out, int64_t os,
                         int64_t ol, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    struct moment_bufs b;
    moment_layout(n, p->window, 2, (char *)ctx->scratch, &b);
    if (m == 1) lane(a, n, as, out, os, ctx);
    else if (p->window >= RUN_WINDOW || needs_scale(t, kind, a, n, as, m, al))
        run_block(t, kind, a, n, as, m, al, out, os, ol, p, b.runs, b.shift);
    else if (m >= 4 && four_wide(t)) moment_block_entry_w4(t, kind, a, n, as, m, al, out, os, ol, ctx);
    else moment_block_entry_w2(t, kind, a, n, as, m, al, out, os, ol, ctx);
}

#define DEFINE_MOMENTS(sfx, DT)                                                               \
    MOVE_KERNEL(move_sum, sfx, DT, moment, MSUM)                                              \
    MOVE_KERNEL(move_mean, sfx, DT, moment, MMEAN)                                            \
    MOVE_KERNEL(move_var, sfx, DT, moment, MVAR)                                         \
    MOVE_KERNEL(move_std, sfx, DT, moment, MSTD)
MOVE_FOR_DTYPES(DEFINE_MOMENTS)
