/* multi.h: the lane driver for kernels that read several arrays of one geometry (internal).
 *
 * The exponentially weighted kernels (move_exp.c) read a (and b) and the per-element alpha;
 * move_cov and move_corr (move_pair.c) read a and b. Each array has its own byte strides over
 * the shared shape (a broadcast input has stride 0). The kernels are ordinary mypkg_kernel
 * descriptors whose block function the driver calls with a's and out's geometry; where the
 * block's lanes of b and alpha start reaches the block through struct multi_params, which the
 * driver rewrites before each call. The lane function is never used. */
#ifndef MYPKG_MULTI_H
#define MYPKG_MULTI_H

#include <math.h>
#include <stdint.h>

#include "dtype.h"

/* The arrays besides a: b (index 0) and alpha (index 1), either of which may be absent. */
enum { MULTI_B, MULTI_ALPHA, MULTI_EXTRA };

struct multi_params {
    /* Set by the driver for each block: the first element of its first lane in b and alpha,
     * their strides along the axis and between the block's lanes. */
    const char *x[MULTI_EXTRA];
    int64_t xs[MULTI_EXTRA], xl[MULTI_EXTRA];
    /* The call's parameters. */
    double min_weight;
    int64_t window, min_count, ddof;
};

/* The largest window of move_cov and move_corr (their scratch grows with it; at this size
 * already tens of GiB): a larger one is MYPKG_EINVAL. */
#define MOVE_PAIR_MAX_WINDOW ((int64_t)1 << 29)

/* Validate the geometry of a, out and every extra array whose strides are given (as mypkg_run_lanes does
 * for a and out), then call k->block on blocks of lanes along `axis`: several neighbouring
 * lanes at once when the axis is not the dimension whose elements sit closest together, one
 * lane at a time otherwise. An extra array with NULL strides is absent; one with strides
 * but a NULL address is MYPKG_EINVAL unless the shape has no elements. p: the call's parameters (copied; the driver fills in x, xs, xl).
 * Returns MYPKG_EINVAL, MYPKG_ENOMEM or MYPKG_OK, all before anything is written. */
int multi_run_lanes(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                    const int64_t *shape, const int64_t *astrides, void *out,
                    const int64_t *ostrides, int64_t axis, const void *const *extra,
                    const int64_t *const *xstrides, const struct multi_params *p,
                    int64_t nthreads);

#endif /* MYPKG_MULTI_H */
