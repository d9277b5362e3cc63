/* lanes.c: walks every lane of an N-d strided array and hands lanes (or blocks of neighbouring
 * lanes) to a kernel family's functions. The one place that interprets shape and strides. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lanes.h"

static int64_t abs64(int64_t x) { return x < 0 ? -x : x; }

/* The non-axis dimension whose lanes sit closest together in memory, if reading a block of
 * such lanes row by row beats reading each lane on its own (the axis is not the fastest one). */
static int64_t pick_block_dim(const int64_t *shape, const int64_t *astrides, int64_t ndim,
                              int64_t axis)
{
    int64_t best = -1;
    for (int64_t d = 0; d < ndim; d++) {
        if (d == axis || shape[d] < 2) continue;
        if (best < 0 || abs64(astrides[d]) < abs64(astrides[best])) best = d;
    }
    if (best >= 0 && abs64(astrides[best]) >= abs64(astrides[axis])) best = -1;
    return best;
}

int mypkg_run_lanes(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                    const int64_t *shape, const int64_t *astrides, void *out,
                    const int64_t *ostrides, int64_t axis, const void *params,
                    int64_t nthreads)
{
    if (!shape || !astrides || !ostrides) return MYPKG_EINVAL;
    if (ndim < 1 || ndim > MYPKG_MAXDIMS || axis < 0 || axis >= ndim || nthreads < 0)
        return MYPKG_EINVAL;

    int64_t nlanes = 1;
    for (int64_t d = 0; d < ndim; d++) {
        if (shape[d] < 0) return MYPKG_EINVAL;
        if (d == axis || shape[d] == 0) continue;
        if (nlanes > INT64_MAX / shape[d]) return MYPKG_EINVAL;
        nlanes *= shape[d];
    }
    for (int64_t d = 0; d < ndim; d++)
        if (shape[d] == 0 && d != axis) nlanes = 0;
    const int64_t n = shape[axis];
    if (nlanes == 0) return MYPKG_OK;
    if (n == 0 && k->empty_is_error) return MYPKG_EEMPTY;
    if (!out || (!a && n > 0)) return MYPKG_EINVAL;

    struct mypkg_lane_ctx ctx = {NULL, params};
    const size_t scratch = k->scratch_bytes ? k->scratch_bytes(n, params) : 0;
    if (scratch) {
        if (scratch == SIZE_MAX) return MYPKG_ENOMEM;
        ctx.scratch = malloc(scratch);
        if (!ctx.scratch) return MYPKG_ENOMEM;
#ifndef NDEBUG
        /* Checked builds (debug, asan): scratch starts as garbage that reads as plausible
         * numbers (0x4040... is 32.5 as a double, 0x40404040 a large int32), so a kernel that
         * reads what it never wrote fails its tests instead of passing on zeroed fresh pages. */
        memset(ctx.scratch, 0x40, scratch);
#endif
    }

    const int64_t bd = k->block ? pick_block_dim(shape, astrides, ndim, axis) : -1;
    const int64_t as = astrides[axis];
    const int64_t os = k->reduces ? 0 : ostrides[axis];

    /* Odometer over the remaining ("outer") dimensions, innermost last. Offsets rather than
     * pointers, so no pointer is ever formed outside the buffers. */
    int64_t outer[MYPKG_MAXDIMS], idx[MYPKG_MAXDIMS];
    int64_t nouter = 0;
    for (int64_t d = 0; d < ndim; d++)
        if (d != axis && d != bd) { outer[nouter] = d; idx[nouter] = 0; nouter++; }

    const char *abase = (const char *)a;
    char *obase = (char *)out;
    int64_t aoff = 0, ooff = 0;
    int rc = MYPKG_OK;
    for (;;) {
        if (bd >= 0) {
            for (int64_t j0 = 0; j0 < shape[bd] && rc == MYPKG_OK; j0 += MYPKG_BLOCK) {
                const int64_t m = shape[bd] - j0 < MYPKG_BLOCK ? shape[bd] - j0 : MYPKG_BLOCK;
                assert(m >= 1 && m <= MYPKG_BLOCK);
                rc = k->block(abase + aoff + j0 * astrides[bd], n, as, m, astrides[bd],
                              obase + ooff + j0 * ostrides[bd], os, ostrides[bd], &ctx);
            }
        } else {
            rc = k->lane(abase + aoff, n, as, obase + ooff, os, &ctx);
        }
        if (rc != MYPKG_OK) break;

        int64_t t = nouter - 1;
        for (; t >= 0; t--) {
            const int64_t d = outer[t];
            assert(idx[t] >= 0 && idx[t] < shape[d]);
            if (++idx[t] < shape[d]) {
                aoff += astrides[d];
                ooff += ostrides[d];
                break;
            }
            aoff -= astrides[d] * (shape[d] - 1);
            ooff -= ostrides[d] * (shape[d] - 1);
            idx[t] = 0;
        }
        if (t < 0) break;
    }
    free(ctx.scratch);
    return rc;
}
