/* lanes.c: walks every lane of an N-d strided array and hands lanes (or blocks of neighbouring
 * lanes) to a kernel family's functions. The one place that interprets shape and strides; also
 * the CPU check every family's dispatch reads (mypkg_have_avx2). */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lanes.h"

#if MYPKG_X86
int mypkg_cpu_avx2;

/* Runs once while the library is loaded, before any kernel can: the process-wide dispatch
 * choice. MYPKG_CPU_FEATURES=baseline forces the portable paths (to test them, or to rule out
 * an AVX2 copy when hunting a bug); any other value, or none, takes what the CPU offers. */
__attribute__((constructor)) static void mypkg_detect_cpu(void)
{
    const char *features = getenv("MYPKG_CPU_FEATURES");
    mypkg_cpu_avx2 = !(features && strcmp(features, "baseline") == 0) && mypkg_cpu_has_avx2();
}
#endif

/* What a reduction over a zero-length axis gets as its lane: no element of the caller's (whose
 * a may be NULL), but an address, so that a kernel may form a + i * as without undefined
 * behaviour; the driver passes it with stride 0 (and reads of it would see zeros). */
static const int64_t no_elements[1];

/* Strides of an input that has no elements, for the offsets the driver then never uses. */
static const int64_t zero_strides[MYPKG_MAXDIMS];

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

/* Whether sum over d of |strides[d]| * shape[d] (leaving out the axis if skip_axis: a
 * reduction's output ignores its stride) fits in int64_t: then every byte offset a kernel or the
 * driver forms, i * stride for 0 <= i <= shape[d], and the sum of one per dimension, fits too. */
static int extent_fits(const int64_t *shape, const int64_t *strides, int64_t ndim, int64_t axis,
                       int skip_axis)
{
    int64_t total = 0, bytes;
    for (int64_t d = 0; d < ndim; d++) {
        if (d == axis && skip_axis) continue;
        if (strides[d] == INT64_MIN ||
            __builtin_mul_overflow(abs64(strides[d]), shape[d], &bytes) ||
            __builtin_add_overflow(total, bytes, &total))
            return 0;
    }
    return 1;
}

int64_t mypkg_axis_length(int64_t ndim, const int64_t *shape, int64_t axis)
{
    if (ndim < 1 || ndim > MYPKG_MAXDIMS || !shape || axis < 0 || axis >= ndim) return -1;
    for (int64_t d = 0; d < ndim; d++)
        if (shape[d] < 0) return -1;
    return shape[axis];
}

int mypkg_run_lanes(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                    const int64_t *shape, const int64_t *astrides, void *out,
                    const int64_t *ostrides, int64_t axis, const void *params,
                    int64_t nthreads)
{
    const int64_t n = mypkg_axis_length(ndim, shape, axis);
    if (nthreads < 0 || n < 0 || !astrides || !ostrides) return MYPKG_EINVAL;
    int empty = 0;
    for (int64_t d = 0; d < ndim; d++)
        if (shape[d] == 0 && d != axis) empty = 1;
    if (empty || (n == 0 && !k->reduces)) return MYPKG_OK;

    /* From here on every lane exists, and (but for a reduction over a zero-length axis) holds
     * n >= 1 elements. */
    int64_t nelem = n > 0 ? n : 1; /* elements, or outputs of an empty reduction */
    for (int64_t d = 0; d < ndim; d++)
        if (d != axis && __builtin_mul_overflow(nelem, shape[d], &nelem)) return MYPKG_EINVAL;
    if (n > 0 && !extent_fits(shape, astrides, ndim, axis, 0)) return MYPKG_EINVAL;
    if (!extent_fits(shape, ostrides, ndim, axis, k->reduces)) return MYPKG_EINVAL;
    if (!out || (!a && n > 0)) return MYPKG_EINVAL;
    if (n == 0 && k->empty_is_error) return MYPKG_EEMPTY;

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

    /* An input without elements: one address for every lane, no offsets into the caller's. */
    const char *abase = n > 0 ? (const char *)a : (const char *)no_elements;
    const int64_t *ast = n > 0 ? astrides : zero_strides;
    const int64_t bd = k->block && n > 0 ? pick_block_dim(shape, ast, ndim, axis) : -1;
    const int64_t as = ast[axis];
    const int64_t os = k->reduces ? 0 : ostrides[axis];

    /* Odometer over the remaining ("outer") dimensions, innermost last. Offsets rather than
     * pointers, so no pointer is ever formed outside the buffers; the extent checks above keep
     * every offset inside int64_t. */
    int64_t outer[MYPKG_MAXDIMS], idx[MYPKG_MAXDIMS];
    int64_t nouter = 0;
    for (int64_t d = 0; d < ndim; d++)
        if (d != axis && d != bd) { outer[nouter] = d; idx[nouter] = 0; nouter++; }

    char *obase = (char *)out;
    int64_t aoff = 0, ooff = 0;
    int rc = MYPKG_OK;
    for (;;) {
        if (bd >= 0) {
            for (int64_t j0 = 0; j0 < shape[bd] && rc == MYPKG_OK; j0 += MYPKG_BLOCK) {
                const int64_t m = shape[bd] - j0 < MYPKG_BLOCK ? shape[bd] - j0 : MYPKG_BLOCK;
                assert(m >= 1 && m <= MYPKG_BLOCK);
                rc = k->block(abase + aoff + j0 * ast[bd], n, as, m, ast[bd],
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
                aoff += ast[d];
                ooff += ostrides[d];
                break;
            }
            aoff -= ast[d] * (shape[d] - 1);
            ooff -= ostrides[d] * (shape[d] - 1);
            idx[t] = 0;
        }
        if (t < 0) break;
    }
    free(ctx.scratch);
    return rc;
}
