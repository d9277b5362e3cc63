/* mypkg.h: the C ABI of the mypkg native library, and the single source of the cffi cdef.
 *
 * build_ffi.py runs this file through the C preprocessor with MYPKG_CDEF defined and hands the
 * output to cffi, so everything below must stay within what cffi's cdef parser accepts once
 * expanded: plain declarations and enums, no inline code.
 *
 * Conventions shared by every kernel:
 *   - data pointers are untyped; every stride is in BYTES (like NumPy) and may be negative or 0;
 *   - `ndim` (1 <= ndim <= MYPKG_MAXDIMS) and `shape` describe the input; `astrides` and
 *     `ostrides` both have `ndim` entries (a reduction ignores ostrides[axis]);
 *   - `axis` (0 <= axis < ndim) is the axis the kernel works along; each 1-D slice along it (a
 *     lane) is independent of the others;
 *   - `nthreads` is reserved for spreading lanes over threads: 0 or 1 runs on the calling thread;
 *     larger values are accepted and currently also run on the calling thread;
 *   - the return value is MYPKG_OK or a negative MYPKG_E* code. A kernel that fails with
 *     MYPKG_EINVAL, MYPKG_ENOMEM or MYPKG_EEMPTY has written nothing; MYPKG_EALLNAN may be
 *     returned after earlier lanes were written.
 */
#ifndef MYPKG_H
#define MYPKG_H

#ifndef MYPKG_CDEF
#include <stdint.h>
#endif

#if defined(MYPKG_CDEF)
#define MYPKG_API
#elif defined(MYPKG_BUILDING)
#define MYPKG_API __attribute__((visibility("default")))
#else
#define MYPKG_API
#endif

enum {
    MYPKG_ABI_VERSION = 1,
    MYPKG_MAXDIMS = 64
};

enum mypkg_status {
    MYPKG_OK = 0,
    MYPKG_EINVAL = -1,  /* bad ndim, axis, shape or scalar parameter */
    MYPKG_ENOMEM = -2,  /* a scratch allocation failed */
    MYPKG_EEMPTY = -3,  /* a reduction with no identity over a zero-length axis */
    MYPKG_EALLNAN = -4  /* an arg-reduction over a lane holding only NaN */
};

/* Library identity: the ABI version this build implements, the package version, and a
 * "variant=...; compiler=...; flags=..." description of how it was built. */
MYPKG_API int64_t mypkg_abi_version(void);
MYPKG_API const char *mypkg_version(void);
MYPKG_API const char *mypkg_build_info(void);

/* Dtype suffixes with native kernels. Output element types per kernel family:
 *   nansum, ss:                 f64 -> double, f32 -> float, i64/i32 -> int64_t, u64 -> uint64_t
 *   nanmean, nanvar, nanstd,
 *   median, nanmedian:          f32 -> float, every other suffix -> double
 *   nanmin, nanmax:             the input type
 *   nanargmin, nanargmax:       int64_t (index along the axis)
 *   anynan, allnan:             uint8_t (0 or 1)
 */
#define MYPKG_REDUCE_ARGS                                                                    \
    const void *a, int64_t ndim, const int64_t *shape, const int64_t *astrides, void *out, \
        const int64_t *ostrides, int64_t axis

#define MYPKG_DECLARE_REDUCE(op, sfx) \
    MYPKG_API int mypkg_##op##_##sfx(MYPKG_REDUCE_ARGS, int64_t nthreads);
#define MYPKG_DECLARE_REDUCE_DDOF(op, sfx) \
    MYPKG_API int mypkg_##op##_##sfx(MYPKG_REDUCE_ARGS, int64_t ddof, int64_t nthreads);

#define MYPKG_DECLARE_FOR_DTYPES(DECL, op) \
    DECL(op, f64) DECL(op, f32) DECL(op, i64) DECL(op, i32) DECL(op, u64)

MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE, nansum)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE, ss)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE, nanmean)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE_DDOF, nanvar)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE_DDOF, nanstd)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE, nanmin)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE, nanmax)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE, nanargmin)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE, nanargmax)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE, anynan)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE, allnan)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE, median)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REDUCE, nanmedian)

/* ---- Ranking, partitioning, filling, replacing (csrc/nonreduce.c) ----------------------------
 * Same-shape kernels: `out` has the input's shape and ostrides[axis] is used. Output types:
 *   rankdata, nanrankdata:   double (average rank from 1; NaN: the whole lane for rankdata,
 *                            the NaN positions for nanrankdata)
 *   partition, push, bfill:  the input type
 *   argpartition:            int64_t (index along the axis)
 * kth: nkth >= 0 positions, strictly ascending, each in [0, shape[axis]); NaN sorts last.
 * limit: the most consecutive NaN a fill replaces; negative means no limit.
 * replace works in place on `a` (its lanes along `axis`), writing old_new[1] wherever the value
 * equals old_new[0] (NaN matches NaN); old_new points to two elements of the input type.
 * quantile, nanquantile: reductions (MYPKG_REDUCE_ARGS) writing one result per q, the one of
 * q[j] at out + j * qstride (bytes); each q in [0, 1]; linear interpolation computed as
 * NumPy's default method; f32 -> float, every other suffix -> double; NaN for an empty lane,
 * an all-NaN lane, and (quantile) any lane holding NaN. */
#define MYPKG_NONREDUCE_ARGS MYPKG_REDUCE_ARGS

#define MYPKG_DECLARE_MAP(op, sfx) \
    MYPKG_API int mypkg_##op##_##sfx(MYPKG_NONREDUCE_ARGS, int64_t nthreads);
#define MYPKG_DECLARE_KTH(op, sfx)                                                           \
    MYPKG_API int mypkg_##op##_##sfx(MYPKG_NONREDUCE_ARGS, const int64_t *kth, int64_t nkth, \
                                     int64_t nthreads);
#define MYPKG_DECLARE_FILL(op, sfx) \
    MYPKG_API int mypkg_##op##_##sfx(MYPKG_NONREDUCE_ARGS, int64_t limit, int64_t nthreads);
#define MYPKG_DECLARE_REPLACE(op, sfx)                                                        \
    MYPKG_API int mypkg_##op##_##sfx(void *a, int64_t ndim, const int64_t *shape,             \
                                     const int64_t *strides, int64_t axis, const void *old_new, \
                                     int64_t nthreads);
#define MYPKG_DECLARE_QUANTILE(op, sfx)                                                      \
    MYPKG_API int mypkg_##op##_##sfx(MYPKG_REDUCE_ARGS, const double *q, int64_t nq,         \
                                     int64_t qstride, int64_t nthreads);

MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MAP, rankdata)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MAP, nanrankdata)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_KTH, partition)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_KTH, argpartition)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_FILL, push)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_FILL, bfill)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_REPLACE, replace)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_QUANTILE, quantile)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_QUANTILE, nanquantile)

/* ---- moving windows -------------------------------------------------------------------------
 * Same-shape kernels: out has a's shape (ostrides has ndim entries). Position i of a lane gets
 * the statistic of the trailing window a[i-window+1 .. i] (truncated at the lane start), NaN
 * where that window holds fewer than min_count non-NaN values.
 *   1 <= window <= shape[axis], 1 <= min_count <= window, ddof >= 0, 0 <= q <= 1, otherwise
 *   MYPKG_EINVAL before anything is written.
 * Output element type: f32 -> float, every other suffix -> double (accumulated in double).
 * move_argmin/argmax write the offset back from position i (0 = newest, ties to the newest);
 * move_rank the rank of a[i] among the window's values scaled to [-1, 1]. */
#define MYPKG_MOVE_ARGS MYPKG_REDUCE_ARGS, int64_t window, int64_t min_count

#define MYPKG_DECLARE_MOVE(op, sfx) \
    MYPKG_API int mypkg_##op##_##sfx(MYPKG_MOVE_ARGS, int64_t nthreads);
#define MYPKG_DECLARE_MOVE_DDOF(op, sfx) \
    MYPKG_API int mypkg_##op##_##sfx(MYPKG_MOVE_ARGS, int64_t ddof, int64_t nthreads);
#define MYPKG_DECLARE_MOVE_Q(op, sfx) \
    MYPKG_API int mypkg_##op##_##sfx(MYPKG_MOVE_ARGS, double q, int64_t nthreads);

MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MOVE, move_sum)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MOVE, move_mean)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MOVE_DDOF, move_var)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MOVE_DDOF, move_std)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MOVE, move_min)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MOVE, move_max)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MOVE, move_argmin)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MOVE, move_argmax)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MOVE, move_median)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MOVE_Q, move_quantile)
MYPKG_DECLARE_FOR_DTYPES(MYPKG_DECLARE_MOVE, move_rank)

#endif /* MYPKG_H */
