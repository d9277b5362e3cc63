/* move_exp.c: the exponentially weighted moving statistics move_exp_nancount, _nansum,
 * _nanmean, _nanvar, _nanstd, _nancov and _nancorr (numbagg's definitions).
 *
 * At each step every earlier weight decays by (1 - alpha) (NaN steps too), and a non-NaN value
 * (a pair of them for cov and corr) enters with weight 1. The result is NaN where the decayed
 * sum of the entering alphas is below min_weight. Count, sum and mean keep numbagg's decayed
 * sums. Variances and covariances do not: a decayed sum of squares minus the squared mean
 * cancels catastrophically for data far from zero (a mean of 1e8 leaves no digit of a variance
 * of 1). They keep the weighted mean and the weighted sum of squared deviations from it
 * (West's update, see struct ew), which never subtract large numbers: the variance cannot go negative, and a
 * spike's contribution decays with its weight like any other value's. The unbiased variance
 * divides by sum(w) - sum(w^2) / sum(w), as pandas' ewm(adjust=True).var(bias=False) does. */
#include <math.h>
#include <string.h>

#include "multi.h"

enum ekind { ECOUNT, ESUM, EMEAN, EVAR, ESTD, ECOV, ECORR };

INLINE int pair(enum ekind kind) { return kind == ECOV || kind == ECORR; }
INLINE int spread(enum ekind kind) { return kind >= EVAR; }

/* One lane's state: decayed sums of the weights and of the alphas, the decayed sum of values
 * (count, sum, mean), and for var, std, cov and corr the weighted means, the sums of squared
 * deviations and of products of deviations, and dd = sum(w)^2 - sum(w^2) (the sum of w_i w_j
 * over pairs i != j), so that the unbiased divisor sum(w) - sum(w^2) / sum(w) is dd / sum(w)
 * without the cancellation of that difference when one weight dominates: dd is exactly 0 with
 * one weighted value. A new value of weight 1 adds 2 * sum(w) to dd and, with d = x - mean,
 * d^2 * sum(w) / (sum(w) + 1) to the sum of squared deviations. */
struct ew {
    double sw, dd, wt, sum, mx, my, mxx, myy, mxy;
    int seen;
};

/* Take the step of one element (x, and y for pairs) with decay alpha; return the statistic. */
INLINE double ew_step(enum dt t, enum ekind kind, struct ew *s, double x, double y, double alpha,
                      double min_weight)
{
    const double d = 1.0 - alpha;
    s->sw *= d;
    s->wt *= d;
    if (kind == ESUM || kind == EMEAN) s->sum *= d;
    if (spread(kind)) {
        s->dd *= d * d;
        s->mxx *= d;
        if (pair(kind)) s->mxy *= d;
        if (kind == ECORR) s->myy *= d;
    }
    if (isnum(t, x) && (!pair(kind) || isnum(t, y))) {
        /* Nothing left of the past (the start, or alpha 1): the means restart at this value. */
        const double past = s->sw;
        const int fresh = past == 0.0;
        s->sw += 1.0;
        s->wt += alpha;
        s->seen = 1;
        if (kind == ESUM || kind == EMEAN) s->sum += x;
        if (spread(kind)) {
            s->dd += 2.0 * past;
            const double r = 1.0 / s->sw, f = past * r;
            const double dx = x - s->mx;
            s->mx = fresh ? x : s->mx + dx * r;
            if (kind != ECOV) s->mxx = fresh ? 0.0 : s->mxx + dx * dx * f;
            if (pair(kind)) {
                const double dy = y - s->my;
                s->my = fresh ? y : s->my + dy * r;
                s->mxy = fresh ? 0.0 : s->mxy + dx * dy * f;
                if (kind == ECORR) s->myy = fresh ? 0.0 : s->myy + dy * dy * f;
            }
        }
    }
    if (!(s->wt >= min_weight)) return NAN;
    switch (kind) {
    case ECOUNT: return s->sw;
    case ESUM: return s->seen ? s->sum : NAN;
    case EMEAN: return s->sum / s->sw; /* 0 / 0 before any value */
    case ECORR: {
        const double vv = s->mxx * s->myy;
        if (!(s->dd > 0.0) || !(vv > 0.0)) return NAN;
        const double r = s->mxy / sqrt(vv);
        return r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;
    }
    default: {
        /* The unbiased (co)variance; NaN with no weight or with all of it on one value. */
        const double denom = s->dd / s->sw;
        if (!(denom > 0.0)) return NAN;
        if (kind == ECOV) return s->mxy / denom;
        const double var = (s->mxx > 0.0 ? s->mxx : 0.0) / denom;
        return kind == ESTD ? sqrt(var) : var;
    }
    }
}

/* m neighbouring lanes (m == 1: one lane) walked row by row, each with its own state. */
INLINE void ew_rows(enum dt t, enum ekind kind, int64_t m, const char *a, int64_t n, int64_t as,
                    int64_t al, char *out, int64_t os, int64_t ol, const struct multi_params *p)
{
    struct ew s[MYPKG_BLOCK];
    memset(s, 0, (size_t)m * sizeof s[0]);
    const char *b = p->x[MULTI_B], *alpha = p->x[MULTI_ALPHA];
    const int64_t bs = p->xs[MULTI_B], bl = p->xl[MULTI_B];
    const int64_t cs = p->xs[MULTI_ALPHA], cl = p->xl[MULTI_ALPHA];
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < m; j++) {
            const double x = ld(t, a + i * as + j * al);
            const double y = pair(kind) ? ld(t, b + i * bs + j * bl) : 0.0;
            const double c = LOAD(double, alpha + i * cs + j * cl);
            st(t, out + i * os + j * ol, ew_step(t, kind, &s[j], x, y, c, p->min_weight));
        }
}

INLINE void ew_block(enum dt t, enum ekind kind, BLOCK_ARGS)
{
    const struct multi_params *p = ctx->params;
    if (m == 1)
        ew_rows(t, kind, 1, a, n, as, 0, out, os, 0, p);
    else
        ew_rows(t, kind, m, a, n, as, al, out, os, ol, p);
}

/* Glue: <op>_kernel_<sfx>, a block function for multi_run_lanes (multi.h). */
#define EW_KERNEL(sfx, DT, op, KIND)                                                          \
    static int op##_block_##sfx(BLOCK_ARGS)                                                   \
    {                                                                                         \
        ew_block(DT, KIND, a, n, as, m, al, out, os, ol, ctx);                                \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    const struct mypkg_kernel op##_kernel_##sfx = {NULL, op##_block_##sfx, 0, 0, NULL};

#define EW_FOR_DTYPES(op, KIND)                                                               \
    EW_KERNEL(f64, F64, op, KIND) EW_KERNEL(f32, F32, op, KIND) EW_KERNEL(i64, I64, op, KIND) \
    EW_KERNEL(i32, I32, op, KIND) EW_KERNEL(u64, U64, op, KIND)

EW_FOR_DTYPES(move_exp_nancount, ECOUNT)
EW_FOR_DTYPES(move_exp_nansum, ESUM)
EW_FOR_DTYPES(move_exp_nanmean, EMEAN)
EW_FOR_DTYPES(move_exp_nanvar, EVAR)
EW_FOR_DTYPES(move_exp_nanstd, ESTD)
EW_FOR_DTYPES(move_exp_nancov, ECOV)
EW_FOR_DTYPES(move_exp_nancorr, ECORR)
