/* move.h: what the moving-window kernel files share (internal, not part of the ABI).
 *
 * Values are loaded as double (float32 input is accumulated in double) and stored as float for
 * f32 input, double otherwise. No kernel keeps a running state that could drift. Each family
 * lives in its own file: move_moments.c (sum, mean, var, std), move_extreme.c (min, max,
 * argmin, argmax), move_order.c (median, quantile, rank). A family file defines its lane
 * function (and optionally a block function), then instantiates its exports with
 * MOVE_FOR_DTYPES. */
#ifndef MYPKG_MOVE_H
#define MYPKG_MOVE_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dtype.h"


/* Every kernel is written once over the input element type (enum dt, kernels.h) and
 * instantiated per type through a constant argument, which always_inline folds away. */

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

/* Scratch is carved into 64-byte aligned arrays; the same walk sizes it (base == NULL), where
 * an overflowing size saturates at SIZE_MAX (the driver's MYPKG_ENOMEM). */
INLINE void *take(char *base, size_t *off, size_t bytes)
{
    void *p = base ? base + *off : NULL;
    const size_t end = mypkg_size_add(mypkg_size_add(*off, bytes), 63);
    *off = end == SIZE_MAX ? SIZE_MAX : end & ~(size_t)63;
    return p;
}

/* The largest window of the extreme and order families: they keep positions in int32 (2 *
 * window of them per lane), and their scratch grows with the window (at this size already
 * tens of GiB). A larger window is a bad parameter (MYPKG_EINVAL) for them, checked before any
 * scratch is sized; mypkg.h documents it. move_sum/mean/var/std take any window: their
 * running sums need O(1) memory per lane (move_moments.c), and their kernels' scratch
 * function is move_moment_scratch. */
#define MOVE_MAX_WINDOW ((int64_t)1 << 29)
size_t move_moment_scratch(int64_t n, const void *params);

/* A family's scratch_bytes: its layout walked without a base. */
#define DEFINE_SCRATCH(family)                                                                \
    static size_t family##_scratch(int64_t n, const void *params)                             \
    {                                                                                         \
        (void)n;                                                                              \
        struct family##_bufs b;                                                               \
        return family##_layout(((const struct move_params *)params)->window, NULL, &b);       \
    }

/* ---------------------------------------------------------------------------------------
 * Kernel descriptors: a lane and a block function per (op, dtype), named <op>_kernel_<sfx> as
 * kernels.h declares; the exports (exports.c) hand them to the entries in move.c. */


/* A family file defines <family>_lane(DT, KIND, a, n, as, out, os, ctx) and
 * <family>_block(DT, KIND, lane, a, n, as, m, al, out, os, ol, ctx); `lane` is the out-of-line
 * lane function, for lanes the block function hands back one at a time (calling it rather
 * than inlining the lane code again keeps each kernel's code small). */
#define MOVE_KERNEL(op, sfx, DT, family, KIND)                                                \
    static int op##_lane_##sfx(LANE_ARGS)                                                     \
    {                                                                                         \
        family##_lane(DT, KIND, a, n, as, out, os, ctx);                                      \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int op##_block_##sfx(BLOCK_ARGS)                                                   \
    {                                                                                         \
        family##_block(DT, KIND, op##_lane_##sfx, a, n, as, m, al, out, os, ol, ctx);         \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    const struct mypkg_kernel op##_kernel_##sfx = {op##_lane_##sfx, op##_block_##sfx, 0, 0,   \
                                                   family##_scratch};

/* M(sfx, DT) for every dtype the ABI declares. */
#define MOVE_FOR_DTYPES(M) M(f64, F64) M(f32, F32) M(i64, I64) M(i32, I32) M(u64, U64)
#define MOVE_FOR_FLOAT_DTYPES(M) M(f64, F64) M(f32, F32)

#endif /* MYPKG_MOVE_H */
