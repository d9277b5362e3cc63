/* move_pair.c: move_cov and move_corr, the moving-window covariance and correlation of a and b
 * over the positions where both are non-NaN.
 *
 * Every window is computed afresh, as move_var does (move_moments.c), so nothing drifts and
 * nothing is subtracted back out: the lane is cut into blocks of `window` elements, and a
 * window ending in block b is a suffix of block b-1 plus a prefix of block b. A backward pass
 * over block b-1 stores its suffix moments; the forward pass over block b extends its prefix
 * moments and combines each with the stored suffix. Moments are counts, means and sums of
 * squared and multiplied deviations from the means (Welford's update, Chan's combination),
 * never raw sums of squares, so data far from zero keeps its digits, a variance cannot go
 * negative and a correlation stays in [-1, 1] (it is NaN where a variance is 0). An inf makes
 * exactly the windows that hold it NaN. Divisions by counts are multiplications by a table of
 * reciprocals. */
#include <math.h>
#include <string.h>

#include "multi.h"

enum pkind { PCOV, PCORR };

/* The moments of a set of pairs. */
struct mom {
    double n, mx, my, mxx, myy, mxy;
};

/* Add the pair (x, y) to m; inv[k] = 1 / k. */
INLINE void mom_add(struct mom *m, double x, double y, const double *inv)
{
    m->n += 1.0;
    const double r = inv[(int64_t)m->n];
    const double dx = x - m->mx, dy = y - m->my;
    m->mx += dx * r;
    m->my += dy * r;
    m->mxx += dx * (x - m->mx);
    m->myy += dy * (y - m->my);
    m->mxy += dx * (y - m->my);
}

/* The statistic of the union of the pairs of s and p (inv[0] = 0 covers two empty sets). */
INLINE double mom_result(enum pkind kind, const struct mom *s, const struct mom *p,
                         const double *inv, const struct multi_params *q)
{
    const double n = s->n + p->n;
    if (n < (double)q->min_count) return NAN;
    const double f = s->n * p->n * inv[(int64_t)n];
    const double dx = p->mx - s->mx, dy = p->my - s->my;
    const double mxy = s->mxy + p->mxy + dx * dy * f;
    if (kind == PCOV) return n > (double)q->ddof ? mxy / (n - (double)q->ddof) : NAN;
    const double vv = (s->mxx + p->mxx + dx * dx * f) * (s->myy + p->myy + dy * dy * f);
    if (!(vv > 0.0)) return NAN;
    const double r = mxy / sqrt(vv);
    return r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;
}

/* Scratch: window + 1 suffix moments (entry w: the empty suffix) and window + 1 reciprocals. */
static size_t pair_scratch(int64_t n, const void *params)
{
    (void)n;
    const size_t w1 = (size_t)((const struct multi_params *)params)->window + 1;
    return mypkg_size_mul(w1, sizeof(struct mom) + sizeof(double));
}

INLINE void pair_lane(enum dt t, enum pkind kind, const char *a, int64_t n, int64_t as,
                      const char *b, int64_t bs, char *out, int64_t os, struct mom *suf,
                      const double *inv, const struct multi_params *q)
{
    const int64_t w = q->window;
    memset(suf, 0, (size_t)(w + 1) * sizeof *suf);
    for (int64_t b0 = 0; b0 < n; b0 += w) {
        const int64_t len = n - b0 < w ? n - b0 : w;
        struct mom pre = {0};
        for (int64_t j = 0; j < len; j++) {
            const double x = ld(t, a + (b0 + j) * as), y = ld(t, b + (b0 + j) * bs);
            if (isnum(t, x) && isnum(t, y)) mom_add(&pre, x, y, inv);
            st(t, out + (b0 + j) * os, mom_result(kind, &suf[j + 1], &pre, inv, q));
        }
        if (b0 + w >= n) break;
        struct mom acc = {0};
        for (int64_t j = w - 1; j >= 0; j--) {
            const double x = ld(t, a + (b0 + j) * as), y = ld(t, b + (b0 + j) * bs);
            if (isnum(t, x) && isnum(t, y)) mom_add(&acc, x, y, inv);
            suf[j] = acc;
        }
    }
}

/* The block's lanes one at a time (each needs its own window of suffix moments). */
INLINE void pair_block(enum dt t, enum pkind kind, BLOCK_ARGS)
{
    const struct multi_params *q = ctx->params;
    const int64_t w = q->window;
    struct mom *suf = ctx->scratch;
    double *inv = (double *)(suf + w + 1);
    inv[0] = 0.0;
    for (int64_t k = 1; k <= w; k++) inv[k] = 1.0 / (double)k;
    for (int64_t j = 0; j < m; j++)
        pair_lane(t, kind, a + j * al, n, as, q->x[MULTI_B] + j * q->xl[MULTI_B], q->xs[MULTI_B],
                  out + j * ol, os, suf, inv, q);
}

/* Glue: <op>_kernel_<sfx>, a block function for multi_run_lanes (multi.h). */
#define PAIR_KERNEL(sfx, DT, op, KIND)                                                        \
    static int op##_block_##sfx(BLOCK_ARGS)                                                   \
    {                                                                                         \
        pair_block(DT, KIND, a, n, as, m, al, out, os, ol, ctx);                              \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    const struct mypkg_kernel op##_kernel_##sfx = {NULL, op##_block_##sfx, 0, 0, pair_scratch};

#define PAIR_FOR_DTYPES(op, KIND)                                                             \
    PAIR_KERNEL(f64, F64, op, KIND) PAIR_KERNEL(f32, F32, op, KIND)                           \
    PAIR_KERNEL(i64, I64, op, KIND) PAIR_KERNEL(i32, I32, op, KIND) PAIR_KERNEL(u64, U64, op, KIND)

PAIR_FOR_DTYPES(move_cov, PCOV)
PAIR_FOR_DTYPES(move_corr, PCORR)
