/* multi.c: the lane driver for kernels reading several arrays (multi.h), and the entries of the
 * families that use it: move_exp (a, alpha), move_exp2 (a, b, alpha), move_pair (a, b). */
#include <stdlib.h>
#include <string.h>

#include "multi.h"

static int64_t abs64(int64_t x) { return x < 0 ? -x : x; }

/* Whether sum over d of |strides[d]| * shape[d] fits in int64_t (every offset formed fits). */
static int extent_fits(const int64_t *shape, const int64_t *strides, int64_t ndim)
{
    int64_t total = 0, bytes;
    for (int64_t d = 0; d < ndim; d++)
        if (strides[d] == INT64_MIN || __builtin_mul_overflow(abs64(strides[d]), shape[d], &bytes) ||
            __builtin_add_overflow(total, bytes, &total))
            return 0;
    return 1;
}

/* The non-axis dimension whose lanes of a sit closest together, if walking a block of them
 * row by row beats walking each lane on its own; -1 otherwise. */
static int64_t block_dim(const int64_t *shape, const int64_t *astrides, int64_t ndim, int64_t axis)
{
    int64_t best = -1;
    for (int64_t d = 0; d < ndim; d++) {
        if (d == axis || shape[d] < 2) continue;
        if (best < 0 || abs64(astrides[d]) < abs64(astrides[best])) best = d;
    }
    return best >= 0 && abs64(astrides[best]) < abs64(astrides[axis]) ? best : -1;
}

int multi_run_lanes(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                    const int64_t *shape, const int64_t *astrides, void *out,
                    const int64_t *ostrides, int64_t axis, const void *const *extra,
                    const int64_t *const *xstrides, const struct multi_params *p,
                    int64_t nthreads)
{
    const int64_t n = mypkg_axis_length(ndim, shape, axis);
    if (nthreads < 0 || n < 0 || !astrides || !ostrides) return MYPKG_EINVAL;
    int64_t nelem = 1;
    for (int64_t d = 0; d < ndim; d++)
        if (__builtin_mul_overflow(nelem, shape[d], &nelem)) return MYPKG_EINVAL;
    if (nelem == 0) return MYPKG_OK;
    if (!a || !out || !extent_fits(shape, astrides, ndim) || !extent_fits(shape, ostrides, ndim))
        return MYPKG_EINVAL;
    for (int i = 0; i < MULTI_EXTRA; i++)
        if (xstrides[i] && (!extra[i] || !extent_fits(shape, xstrides[i], ndim)))
            return MYPKG_EINVAL;

    struct multi_params q = *p;
    struct mypkg_lane_ctx ctx = {NULL, &q};
    const size_t scratch = k->scratch_bytes ? k->scratch_bytes(n, p) : 0;
    if (scratch) {
        if (scratch == SIZE_MAX) return MYPKG_ENOMEM;
        ctx.scratch = malloc(scratch);
        if (!ctx.scratch) return MYPKG_ENOMEM;
    }
    const int64_t bd = block_dim(shape, astrides, ndim, axis);
    const int64_t rows = bd >= 0 ? shape[bd] : 1;
    for (int i = 0; i < MULTI_EXTRA; i++) {
        q.xs[i] = xstrides[i] ? xstrides[i][axis] : 0;
        q.xl[i] = xstrides[i] && bd >= 0 ? xstrides[i][bd] : 0;
    }
    /* Odometer over the other dimensions, in offsets (the extent checks keep them in range). */
    int64_t outer[MYPKG_MAXDIMS], idx[MYPKG_MAXDIMS] = {0};
    int64_t nouter = 0;
    for (int64_t d = 0; d < ndim; d++)
        if (d != axis && d != bd) outer[nouter++] = d;
    int64_t aoff = 0, ooff = 0, xoff[MULTI_EXTRA] = {0};
    int rc = MYPKG_OK;
    for (;;) {
        for (int64_t j0 = 0; j0 < rows && rc == MYPKG_OK; j0 += MYPKG_BLOCK) {
            const int64_t m = rows - j0 < MYPKG_BLOCK ? rows - j0 : MYPKG_BLOCK;
            const int64_t al = bd >= 0 ? astrides[bd] : 0, ol = bd >= 0 ? ostrides[bd] : 0;
            for (int i = 0; i < MULTI_EXTRA; i++)
                q.x[i] = xstrides[i] ? (const char *)extra[i] + xoff[i] + j0 * q.xl[i] : NULL;
            rc = k->block((const char *)a + aoff + j0 * al, n, astrides[axis], m, al,
                          (char *)out + ooff + j0 * ol, ostrides[axis], ol, &ctx);
        }
        if (rc != MYPKG_OK) break;
        int64_t t = nouter - 1;
        for (; t >= 0; t--) {
            const int64_t d = outer[t];
            if (++idx[t] < shape[d]) {
                aoff += astrides[d];
                ooff += ostrides[d];
                for (int i = 0; i < MULTI_EXTRA; i++)
                    if (xstrides[i]) xoff[i] += xstrides[i][d];
                break;
            }
            aoff -= (shape[d] - 1) * astrides[d];
            ooff -= (shape[d] - 1) * ostrides[d];
            for (int i = 0; i < MULTI_EXTRA; i++)
                if (xstrides[i]) xoff[i] -= (shape[d] - 1) * xstrides[i][d];
            idx[t] = 0;
        }
        if (t < 0) break;
    }
    free(ctx.scratch);
    return rc;
}

/* Both exponentially weighted families: b is NULL for the one-array kernels. */
static int run_exp(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
                   const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
                   const void *b, const int64_t *bstrides, const void *alpha,
                   const int64_t *alphastrides, double min_weight, int64_t nthreads)
{
    if (!(min_weight >= 0.0) || !alphastrides) return MYPKG_EINVAL; /* NaN fails too */
    const struct multi_params p = {.min_weight = min_weight};
    const void *extra[MULTI_EXTRA] = {b, alpha};
    const int64_t *xstrides[MULTI_EXTRA] = {bstrides, alphastrides};
    return multi_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, extra, xstrides, &p,
                           nthreads);
}

int move_exp_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                   const int64_t *shape, const int64_t *astrides, void *out,
                   const int64_t *ostrides, int64_t axis, const void *alpha,
                   const int64_t *alphastrides, double min_weight, int64_t nthreads)
{
    return run_exp(k, a, ndim, shape, astrides, out, ostrides, axis, NULL, NULL,
                   alpha, alphastrides, min_weight, nthreads);
}

int move_exp2_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                    const int64_t *shape, const int64_t *astrides, void *out,
                    const int64_t *ostrides, int64_t axis, const void *b,
                    const int64_t *bstrides, const void *alpha, const int64_t *alphastrides,
                    double min_weight, int64_t nthreads)
{
    if (!bstrides) return MYPKG_EINVAL;
    return run_exp(k, a, ndim, shape, astrides, out, ostrides, axis, b, bstrides, alpha,
                   alphastrides, min_weight, nthreads);
}

int move_pair_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                    const int64_t *shape, const int64_t *astrides, void *out,
                    const int64_t *ostrides, int64_t axis, const void *b,
                    const int64_t *bstrides, int64_t window, int64_t min_count, int64_t ddof,
                    int64_t nthreads)
{
    const int64_t n = mypkg_axis_length(ndim, shape, axis);
    if (n < 0 || window < 1 || window > n || window > MOVE_PAIR_MAX_WINDOW || min_count < 1 ||
        min_count > window || ddof < 0 || !bstrides)
        return MYPKG_EINVAL;
    const struct multi_params p = {.window = window, .min_count = min_count, .ddof = ddof};
    const void *extra[MULTI_EXTRA] = {b, NULL};
    const int64_t *xstrides[MULTI_EXTRA] = {bstrides, NULL};
    return multi_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, extra, xstrides, &p,
                           nthreads);
}
