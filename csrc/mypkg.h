/* mypkg.h: the C ABI of the mypkg native library, and the single source of the cffi cdef.
 *
 * build_ffi.py runs this file through the C preprocessor with MYPKG_CDEF defined and hands the
 * output to cffi, so everything below must stay within what cffi's cdef parser accepts once
 * expanded: plain declarations and enums, no inline code.
 *
 * Conventions shared by every kernel:
 *   - data pointers are untyped; every stride is in BYTES (like NumPy) and may be negative or 0;
 *   - `ndim` (1 <= ndim <= MYPKG_MAXDIMS) and `shape` (every extent >= 0) describe the input;
 *     `astrides` and `ostrides` both have `ndim` entries (a reduction ignores ostrides[axis]);
 *   - `axis` (0 <= axis < ndim) is the axis the kernel works along; each 1-D slice along it (a
 *     lane) is independent of the others;
 *   - `nthreads` is reserved for spreading lanes over threads: 0 or 1 runs on the calling thread;
 *     larger values are accepted and currently also run on the calling thread; < 0 is invalid;
 *   - the return value is MYPKG_OK or a negative MYPKG_E* code. A kernel that fails with
 *     MYPKG_EINVAL, MYPKG_ENOMEM or MYPKG_EEMPTY has written nothing; MYPKG_EALLNAN may be
 *     returned after earlier lanes were written.
 *
 * Status codes, checked in this order (the family's own parameters first, see below):
 *   - MYPKG_EINVAL: ndim outside [1, MYPKG_MAXDIMS], axis outside [0, ndim), nthreads < 0, a
 *     NULL shape or stride array, a negative extent;
 *   - MYPKG_OK without reading or writing anything when the output is empty: an extent other
 *     than the axis is 0, or the axis is 0 for a same-shape kernel; `a` and `out` may then be
 *     NULL. A reduction over a zero-length axis reads nothing (`a` may be NULL) and writes its
 *     value for an empty lane (0 for sums, NaN for means, variances and medians, ...);
 *   - MYPKG_EINVAL: more than INT64_MAX elements, or byte extents (the sum over dimensions of
 *     |stride| * extent, per array) over INT64_MAX, or a NULL `a` or `out` with elements;
 *   - MYPKG_EEMPTY: a reduction with no identity (nanmin, nanmax, nanargmin, nanargmax) over a
 *     zero-length axis;
 *   - MYPKG_ENOMEM: scratch memory could not be allocated;
 *   - MYPKG_EALLNAN: nanargmin/nanargmax met a lane holding only NaN.
 *
 * Process-wide state: the environment variable MYPKG_CPU_FEATURES is read once, while the
 * library is loaded. "baseline" makes every kernel take its portable path (no AVX2 copy); any
 * other value, or none, lets each kernel use what the CPU offers. That choice, read-only after
 * loading, is the library's only process-wide state (besides a future thread pool): calls may
 * run concurrently from any number of threads. Results are the same either way, except in
 * the last bits of float64 move_sum/mean/var/std (the portable copy splits lanes at other
 * points, and multiplies by 1 / (n * (n - ddof)) where the AVX2 one divides) and in the order
 * of partition/argpartition outside the kth positions.
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

#ifdef __cplusplus
extern "C" {
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

/* ---- Kernel families (the parameter lists after the common array arguments) ----------------
 * reduce, reduce_ddof: `out` lacks the axis (ostrides[axis] is ignored); ddof >= 0, otherwise
 *   MYPKG_EINVAL.
 *   nanargmin/nanargmax write the index along the axis; anynan/allnan write 0 or 1.
 * map, kth, fill (same-shape): `out` has the input's shape and ostrides[axis] is used.
 *   rankdata, nanrankdata: average rank from 1; NaN: the whole lane for rankdata, the NaN
 *   positions for nanrankdata. partition/argpartition: kth holds nkth >= 0 positions (kth may
 *   be NULL if nkth == 0), strictly ascending, each in [0, shape[axis]), otherwise MYPKG_EINVAL;
 *   NaN sorts last. push/bfill: limit is the most consecutive NaN a fill replaces; negative
 *   means no limit.
 * replace: works in place on `a` (its lanes along `axis`), writing old_new[1] wherever the value
 *   equals old_new[0] (NaN matches NaN); old_new points to two elements of the input type (NULL:
 *   MYPKG_EINVAL).
 * quantile: a reduction writing one result per q, the one of q[j] at out + j * qstride (bytes);
 *   nq >= 0 and each q in [0, 1] (NaN is not), otherwise MYPKG_EINVAL; q may be NULL if nq == 0.
 *   Linear interpolation computed as NumPy's default method; NaN for an empty lane, an all-NaN
 *   lane, and (quantile) any lane holding NaN.
 * move, move_ddof, move_q: out has a's shape. Position i of a lane gets the statistic of the
 *   trailing window a[i-window+1 .. i] (truncated at the lane start), NaN where that window
 *   holds fewer than min_count non-NaN values. 1 <= window <= shape[axis] (so a zero-length
 *   axis is always invalid), window <= 2**29 (any window for move_sum/mean/var/std),
 *   1 <= min_count <= window, ddof >= 0,
 *   0 <= q <= 1, otherwise MYPKG_EINVAL before anything is written. Accumulated in double.
 *   move_argmin/argmax write the offset back from position i (0 = newest, ties to the newest);
 *   move_rank the rank of a[i] among the window's values scaled to [-1, 1].
 *
 * issue 13 (csrc/multi.c, move_exp.c, move_pair.c, count.c):
 * move_exp, move_exp2, move_pair: out has a's shape; b (move_exp2, move_pair: same element
 *   type as a) and alpha (move_exp, move_exp2: double) are read through their own byte strides
 *   over a's shape (0 to broadcast); NULL bstrides or alphastrides, or a NULL b or alpha with
 *   elements, is MYPKG_EINVAL. min_weight >= 0 (not NaN), otherwise MYPKG_EINVAL; alpha values
 *   belong in (0, 1] (the caller checks: others give meaningless numbers, never a fault).
 *   move_pair: window and min_count as for move, ddof >= 0; windows count the positions where
 *   both a and b are non-NaN. nancount (reduce) writes int64_t counts of non-NaN elements.
 * group, group_ddof (csrc/group.c): out keeps the axis with num_labels >= 0 groups along it
 *   (group g of a lane at out + g * ostrides[axis]); labels holds shape[axis] int64_t labels,
 *   one per lane element, a negative label skipping its element. A label >= num_labels, a NULL
 *   labels with elements or an output extent beyond int64_t is MYPKG_EINVAL before anything is
 *   written; ddof >= 0. Empty groups: 0 (sum, sum_of_squares, count), 1 (prod), 0/1
 *   (any/all), -1 (argmin/argmax), NaN otherwise.
 *
 * Every kernel below is listed with the element type it writes per input dtype. */

/* @generated-begin: `python build_ffi.py --generate` writes this block from mypkg/_registry.py */
/* nansum (reduce):
 * f64 -> double, f32 -> float, i64 -> int64_t, i32 -> int64_t, u64 -> uint64_t */
MYPKG_API int mypkg_nansum_f64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nansum_f32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nansum_i64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nansum_i32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nansum_u64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);

/* ss (reduce): f64 -> double, f32 -> float, i64 -> int64_t, i32 -> int64_t, u64 -> uint64_t */
MYPKG_API int mypkg_ss_f64(const void *a, int64_t ndim, const int64_t *shape,
                           const int64_t *astrides, void *out, const int64_t *ostrides,
                           int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_ss_f32(const void *a, int64_t ndim, const int64_t *shape,
                           const int64_t *astrides, void *out, const int64_t *ostrides,
                           int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_ss_i64(const void *a, int64_t ndim, const int64_t *shape,
                           const int64_t *astrides, void *out, const int64_t *ostrides,
                           int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_ss_i32(const void *a, int64_t ndim, const int64_t *shape,
                           const int64_t *astrides, void *out, const int64_t *ostrides,
                           int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_ss_u64(const void *a, int64_t ndim, const int64_t *shape,
                           const int64_t *astrides, void *out, const int64_t *ostrides,
                           int64_t axis, int64_t nthreads);

/* nanmean (reduce): f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_nanmean_f64(const void *a, int64_t ndim, const int64_t *shape,
                                const int64_t *astrides, void *out, const int64_t *ostrides,
                                int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmean_f32(const void *a, int64_t ndim, const int64_t *shape,
                                const int64_t *astrides, void *out, const int64_t *ostrides,
                                int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmean_i64(const void *a, int64_t ndim, const int64_t *shape,
                                const int64_t *astrides, void *out, const int64_t *ostrides,
                                int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmean_i32(const void *a, int64_t ndim, const int64_t *shape,
                                const int64_t *astrides, void *out, const int64_t *ostrides,
                                int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmean_u64(const void *a, int64_t ndim, const int64_t *shape,
                                const int64_t *astrides, void *out, const int64_t *ostrides,
                                int64_t axis, int64_t nthreads);

/* nanvar (reduce_ddof):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_nanvar_f64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_nanvar_f32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_nanvar_i64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_nanvar_i32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_nanvar_u64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t ddof, int64_t nthreads);

/* nanstd (reduce_ddof):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_nanstd_f64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_nanstd_f32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_nanstd_i64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_nanstd_i32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_nanstd_u64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t ddof, int64_t nthreads);

/* nanmin (reduce):
 * f64 -> double, f32 -> float, i64 -> int64_t, i32 -> int32_t, u64 -> uint64_t */
MYPKG_API int mypkg_nanmin_f64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmin_f32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmin_i64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmin_i32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmin_u64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);

/* nanmax (reduce):
 * f64 -> double, f32 -> float, i64 -> int64_t, i32 -> int32_t, u64 -> uint64_t */
MYPKG_API int mypkg_nanmax_f64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmax_f32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmax_i64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmax_i32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmax_u64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);

/* nanargmin (reduce):
 * f64 -> int64_t, f32 -> int64_t, i64 -> int64_t, i32 -> int64_t, u64 -> int64_t */
MYPKG_API int mypkg_nanargmin_f64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanargmin_f32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanargmin_i64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanargmin_i32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanargmin_u64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);

/* nanargmax (reduce):
 * f64 -> int64_t, f32 -> int64_t, i64 -> int64_t, i32 -> int64_t, u64 -> int64_t */
MYPKG_API int mypkg_nanargmax_f64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanargmax_f32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanargmax_i64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanargmax_i32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanargmax_u64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);

/* anynan (reduce):
 * f64 -> uint8_t, f32 -> uint8_t, i64 -> uint8_t, i32 -> uint8_t, u64 -> uint8_t */
MYPKG_API int mypkg_anynan_f64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_anynan_f32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_anynan_i64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_anynan_i32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_anynan_u64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);

/* allnan (reduce):
 * f64 -> uint8_t, f32 -> uint8_t, i64 -> uint8_t, i32 -> uint8_t, u64 -> uint8_t */
MYPKG_API int mypkg_allnan_f64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_allnan_f32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_allnan_i64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_allnan_i32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_allnan_u64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);

/* median (reduce): f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_median_f64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_median_f32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_median_i64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_median_i32(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_median_u64(const void *a, int64_t ndim, const int64_t *shape,
                               const int64_t *astrides, void *out, const int64_t *ostrides,
                               int64_t axis, int64_t nthreads);

/* nanmedian (reduce): f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_nanmedian_f64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmedian_f32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmedian_i64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmedian_i32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanmedian_u64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t nthreads);

/* rankdata (map): f64 -> double, f32 -> double, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_rankdata_f64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_rankdata_f32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_rankdata_i64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_rankdata_i32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_rankdata_u64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t nthreads);

/* nanrankdata (map): f64 -> double, f32 -> double, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_nanrankdata_f64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanrankdata_f32(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanrankdata_i64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanrankdata_i32(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nanrankdata_u64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t nthreads);

/* partition (kth):
 * f64 -> double, f32 -> float, i64 -> int64_t, i32 -> int32_t, u64 -> uint64_t */
MYPKG_API int mypkg_partition_f64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, const int64_t *kth, int64_t nkth, int64_t nthreads);
MYPKG_API int mypkg_partition_f32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, const int64_t *kth, int64_t nkth, int64_t nthreads);
MYPKG_API int mypkg_partition_i64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, const int64_t *kth, int64_t nkth, int64_t nthreads);
MYPKG_API int mypkg_partition_i32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, const int64_t *kth, int64_t nkth, int64_t nthreads);
MYPKG_API int mypkg_partition_u64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, const int64_t *kth, int64_t nkth, int64_t nthreads);

/* argpartition (kth):
 * f64 -> int64_t, f32 -> int64_t, i64 -> int64_t, i32 -> int64_t, u64 -> int64_t */
MYPKG_API int mypkg_argpartition_f64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *kth, int64_t nkth,
                                     int64_t nthreads);
MYPKG_API int mypkg_argpartition_f32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *kth, int64_t nkth,
                                     int64_t nthreads);
MYPKG_API int mypkg_argpartition_i64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *kth, int64_t nkth,
                                     int64_t nthreads);
MYPKG_API int mypkg_argpartition_i32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *kth, int64_t nkth,
                                     int64_t nthreads);
MYPKG_API int mypkg_argpartition_u64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *kth, int64_t nkth,
                                     int64_t nthreads);

/* push (fill): f64 -> double, f32 -> float, i64 -> int64_t, i32 -> int32_t, u64 -> uint64_t */
MYPKG_API int mypkg_push_f64(const void *a, int64_t ndim, const int64_t *shape,
                             const int64_t *astrides, void *out, const int64_t *ostrides,
                             int64_t axis, int64_t limit, int64_t nthreads);
MYPKG_API int mypkg_push_f32(const void *a, int64_t ndim, const int64_t *shape,
                             const int64_t *astrides, void *out, const int64_t *ostrides,
                             int64_t axis, int64_t limit, int64_t nthreads);
MYPKG_API int mypkg_push_i64(const void *a, int64_t ndim, const int64_t *shape,
                             const int64_t *astrides, void *out, const int64_t *ostrides,
                             int64_t axis, int64_t limit, int64_t nthreads);
MYPKG_API int mypkg_push_i32(const void *a, int64_t ndim, const int64_t *shape,
                             const int64_t *astrides, void *out, const int64_t *ostrides,
                             int64_t axis, int64_t limit, int64_t nthreads);
MYPKG_API int mypkg_push_u64(const void *a, int64_t ndim, const int64_t *shape,
                             const int64_t *astrides, void *out, const int64_t *ostrides,
                             int64_t axis, int64_t limit, int64_t nthreads);

/* bfill (fill): f64 -> double, f32 -> float, i64 -> int64_t, i32 -> int32_t, u64 -> uint64_t */
MYPKG_API int mypkg_bfill_f64(const void *a, int64_t ndim, const int64_t *shape,
                              const int64_t *astrides, void *out, const int64_t *ostrides,
                              int64_t axis, int64_t limit, int64_t nthreads);
MYPKG_API int mypkg_bfill_f32(const void *a, int64_t ndim, const int64_t *shape,
                              const int64_t *astrides, void *out, const int64_t *ostrides,
                              int64_t axis, int64_t limit, int64_t nthreads);
MYPKG_API int mypkg_bfill_i64(const void *a, int64_t ndim, const int64_t *shape,
                              const int64_t *astrides, void *out, const int64_t *ostrides,
                              int64_t axis, int64_t limit, int64_t nthreads);
MYPKG_API int mypkg_bfill_i32(const void *a, int64_t ndim, const int64_t *shape,
                              const int64_t *astrides, void *out, const int64_t *ostrides,
                              int64_t axis, int64_t limit, int64_t nthreads);
MYPKG_API int mypkg_bfill_u64(const void *a, int64_t ndim, const int64_t *shape,
                              const int64_t *astrides, void *out, const int64_t *ostrides,
                              int64_t axis, int64_t limit, int64_t nthreads);

/* replace (replace):
 * f64 -> double, f32 -> float, i64 -> int64_t, i32 -> int32_t, u64 -> uint64_t */
MYPKG_API int mypkg_replace_f64(void *a, int64_t ndim, const int64_t *shape, const int64_t *strides,
                                int64_t axis, const void *old_new, int64_t nthreads);
MYPKG_API int mypkg_replace_f32(void *a, int64_t ndim, const int64_t *shape, const int64_t *strides,
                                int64_t axis, const void *old_new, int64_t nthreads);
MYPKG_API int mypkg_replace_i64(void *a, int64_t ndim, const int64_t *shape, const int64_t *strides,
                                int64_t axis, const void *old_new, int64_t nthreads);
MYPKG_API int mypkg_replace_i32(void *a, int64_t ndim, const int64_t *shape, const int64_t *strides,
                                int64_t axis, const void *old_new, int64_t nthreads);
MYPKG_API int mypkg_replace_u64(void *a, int64_t ndim, const int64_t *shape, const int64_t *strides,
                                int64_t axis, const void *old_new, int64_t nthreads);

/* quantile (quantile):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_quantile_f64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, const double *q, int64_t nq, int64_t qstride,
                                 int64_t nthreads);
MYPKG_API int mypkg_quantile_f32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, const double *q, int64_t nq, int64_t qstride,
                                 int64_t nthreads);
MYPKG_API int mypkg_quantile_i64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, const double *q, int64_t nq, int64_t qstride,
                                 int64_t nthreads);
MYPKG_API int mypkg_quantile_i32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, const double *q, int64_t nq, int64_t qstride,
                                 int64_t nthreads);
MYPKG_API int mypkg_quantile_u64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, const double *q, int64_t nq, int64_t qstride,
                                 int64_t nthreads);

/* nanquantile (quantile):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_nanquantile_f64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, const double *q, int64_t nq, int64_t qstride,
                                    int64_t nthreads);
MYPKG_API int mypkg_nanquantile_f32(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, const double *q, int64_t nq, int64_t qstride,
                                    int64_t nthreads);
MYPKG_API int mypkg_nanquantile_i64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, const double *q, int64_t nq, int64_t qstride,
                                    int64_t nthreads);
MYPKG_API int mypkg_nanquantile_i32(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, const double *q, int64_t nq, int64_t qstride,
                                    int64_t nthreads);
MYPKG_API int mypkg_nanquantile_u64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, const double *q, int64_t nq, int64_t qstride,
                                    int64_t nthreads);

/* move_sum (move): f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_sum_f64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);
MYPKG_API int mypkg_move_sum_f32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);
MYPKG_API int mypkg_move_sum_i64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);
MYPKG_API int mypkg_move_sum_i32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);
MYPKG_API int mypkg_move_sum_u64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);

/* move_mean (move): f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_mean_f64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t window, int64_t min_count,
                                  int64_t nthreads);
MYPKG_API int mypkg_move_mean_f32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t window, int64_t min_count,
                                  int64_t nthreads);
MYPKG_API int mypkg_move_mean_i64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t window, int64_t min_count,
                                  int64_t nthreads);
MYPKG_API int mypkg_move_mean_i32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t window, int64_t min_count,
                                  int64_t nthreads);
MYPKG_API int mypkg_move_mean_u64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t window, int64_t min_count,
                                  int64_t nthreads);

/* move_var (move_ddof):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_var_f64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t ddof,
                                 int64_t nthreads);
MYPKG_API int mypkg_move_var_f32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t ddof,
                                 int64_t nthreads);
MYPKG_API int mypkg_move_var_i64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t ddof,
                                 int64_t nthreads);
MYPKG_API int mypkg_move_var_i32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t ddof,
                                 int64_t nthreads);
MYPKG_API int mypkg_move_var_u64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t ddof,
                                 int64_t nthreads);

/* move_std (move_ddof):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_std_f64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t ddof,
                                 int64_t nthreads);
MYPKG_API int mypkg_move_std_f32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t ddof,
                                 int64_t nthreads);
MYPKG_API int mypkg_move_std_i64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t ddof,
                                 int64_t nthreads);
MYPKG_API int mypkg_move_std_i32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t ddof,
                                 int64_t nthreads);
MYPKG_API int mypkg_move_std_u64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t ddof,
                                 int64_t nthreads);

/* move_min (move): f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_min_f64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);
MYPKG_API int mypkg_move_min_f32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);
MYPKG_API int mypkg_move_min_i64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);
MYPKG_API int mypkg_move_min_i32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);
MYPKG_API int mypkg_move_min_u64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);

/* move_max (move): f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_max_f64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);
MYPKG_API int mypkg_move_max_f32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);
MYPKG_API int mypkg_move_max_i64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);
MYPKG_API int mypkg_move_max_i32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);
MYPKG_API int mypkg_move_max_u64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t window, int64_t min_count, int64_t nthreads);

/* move_argmin (move): f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_argmin_f64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);
MYPKG_API int mypkg_move_argmin_f32(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);
MYPKG_API int mypkg_move_argmin_i64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);
MYPKG_API int mypkg_move_argmin_i32(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);
MYPKG_API int mypkg_move_argmin_u64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);

/* move_argmax (move): f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_argmax_f64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);
MYPKG_API int mypkg_move_argmax_f32(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);
MYPKG_API int mypkg_move_argmax_i64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);
MYPKG_API int mypkg_move_argmax_i32(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);
MYPKG_API int mypkg_move_argmax_u64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);

/* move_median (move): f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_median_f64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);
MYPKG_API int mypkg_move_median_f32(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);
MYPKG_API int mypkg_move_median_i64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);
MYPKG_API int mypkg_move_median_i32(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);
MYPKG_API int mypkg_move_median_u64(const void *a, int64_t ndim, const int64_t *shape,
                                    const int64_t *astrides, void *out, const int64_t *ostrides,
                                    int64_t axis, int64_t window, int64_t min_count,
                                    int64_t nthreads);

/* move_quantile (move_q):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_quantile_f64(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, int64_t window, int64_t min_count, double q,
                                      int64_t nthreads);
MYPKG_API int mypkg_move_quantile_f32(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, int64_t window, int64_t min_count, double q,
                                      int64_t nthreads);
MYPKG_API int mypkg_move_quantile_i64(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, int64_t window, int64_t min_count, double q,
                                      int64_t nthreads);
MYPKG_API int mypkg_move_quantile_i32(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, int64_t window, int64_t min_count, double q,
                                      int64_t nthreads);
MYPKG_API int mypkg_move_quantile_u64(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, int64_t window, int64_t min_count, double q,
                                      int64_t nthreads);

/* move_rank (move): f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_rank_f64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t window, int64_t min_count,
                                  int64_t nthreads);
MYPKG_API int mypkg_move_rank_f32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t window, int64_t min_count,
                                  int64_t nthreads);
MYPKG_API int mypkg_move_rank_i64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t window, int64_t min_count,
                                  int64_t nthreads);
MYPKG_API int mypkg_move_rank_i32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t window, int64_t min_count,
                                  int64_t nthreads);
MYPKG_API int mypkg_move_rank_u64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, int64_t window, int64_t min_count,
                                  int64_t nthreads);

/* group_nansum (group):
 * f64 -> double, f32 -> float, i64 -> int64_t, i32 -> int64_t, u64 -> uint64_t */
MYPKG_API int mypkg_group_nansum_f64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nansum_f32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nansum_i64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nansum_i32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nansum_u64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);

/* group_nansum_of_squares (group):
 * f64 -> double, f32 -> float, i64 -> int64_t, i32 -> int64_t, u64 -> uint64_t */
MYPKG_API int mypkg_group_nansum_of_squares_f64(const void *a, int64_t ndim, const int64_t *shape,
                                                const int64_t *astrides, void *out,
                                                const int64_t *ostrides, int64_t axis,
                                                const int64_t *labels, int64_t num_labels,
                                                int64_t nthreads);
MYPKG_API int mypkg_group_nansum_of_squares_f32(const void *a, int64_t ndim, const int64_t *shape,
                                                const int64_t *astrides, void *out,
                                                const int64_t *ostrides, int64_t axis,
                                                const int64_t *labels, int64_t num_labels,
                                                int64_t nthreads);
MYPKG_API int mypkg_group_nansum_of_squares_i64(const void *a, int64_t ndim, const int64_t *shape,
                                                const int64_t *astrides, void *out,
                                                const int64_t *ostrides, int64_t axis,
                                                const int64_t *labels, int64_t num_labels,
                                                int64_t nthreads);
MYPKG_API int mypkg_group_nansum_of_squares_i32(const void *a, int64_t ndim, const int64_t *shape,
                                                const int64_t *astrides, void *out,
                                                const int64_t *ostrides, int64_t axis,
                                                const int64_t *labels, int64_t num_labels,
                                                int64_t nthreads);
MYPKG_API int mypkg_group_nansum_of_squares_u64(const void *a, int64_t ndim, const int64_t *shape,
                                                const int64_t *astrides, void *out,
                                                const int64_t *ostrides, int64_t axis,
                                                const int64_t *labels, int64_t num_labels,
                                                int64_t nthreads);

/* group_nanprod (group):
 * f64 -> double, f32 -> float, i64 -> int64_t, i32 -> int64_t, u64 -> uint64_t */
MYPKG_API int mypkg_group_nanprod_f64(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);
MYPKG_API int mypkg_group_nanprod_f32(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);
MYPKG_API int mypkg_group_nanprod_i64(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);
MYPKG_API int mypkg_group_nanprod_i32(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);
MYPKG_API int mypkg_group_nanprod_u64(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);

/* group_nancount (group):
 * f64 -> int64_t, f32 -> int64_t, i64 -> int64_t, i32 -> int64_t, u64 -> int64_t */
MYPKG_API int mypkg_group_nancount_f64(const void *a, int64_t ndim, const int64_t *shape,
                                       const int64_t *astrides, void *out, const int64_t *ostrides,
                                       int64_t axis, const int64_t *labels, int64_t num_labels,
                                       int64_t nthreads);
MYPKG_API int mypkg_group_nancount_f32(const void *a, int64_t ndim, const int64_t *shape,
                                       const int64_t *astrides, void *out, const int64_t *ostrides,
                                       int64_t axis, const int64_t *labels, int64_t num_labels,
                                       int64_t nthreads);
MYPKG_API int mypkg_group_nancount_i64(const void *a, int64_t ndim, const int64_t *shape,
                                       const int64_t *astrides, void *out, const int64_t *ostrides,
                                       int64_t axis, const int64_t *labels, int64_t num_labels,
                                       int64_t nthreads);
MYPKG_API int mypkg_group_nancount_i32(const void *a, int64_t ndim, const int64_t *shape,
                                       const int64_t *astrides, void *out, const int64_t *ostrides,
                                       int64_t axis, const int64_t *labels, int64_t num_labels,
                                       int64_t nthreads);
MYPKG_API int mypkg_group_nancount_u64(const void *a, int64_t ndim, const int64_t *shape,
                                       const int64_t *astrides, void *out, const int64_t *ostrides,
                                       int64_t axis, const int64_t *labels, int64_t num_labels,
                                       int64_t nthreads);

/* group_nanmean (group):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_group_nanmean_f64(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);
MYPKG_API int mypkg_group_nanmean_f32(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);
MYPKG_API int mypkg_group_nanmean_i64(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);
MYPKG_API int mypkg_group_nanmean_i32(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);
MYPKG_API int mypkg_group_nanmean_u64(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);

/* group_nanvar (group_ddof):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_group_nanvar_f64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_group_nanvar_f32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_group_nanvar_i64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_group_nanvar_i32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_group_nanvar_u64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t ddof, int64_t nthreads);

/* group_nanstd (group_ddof):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_group_nanstd_f64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_group_nanstd_f32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_group_nanstd_i64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_group_nanstd_i32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_group_nanstd_u64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t ddof, int64_t nthreads);

/* group_nanmin (group):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_group_nanmin_f64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanmin_f32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanmin_i64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanmin_i32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanmin_u64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);

/* group_nanmax (group):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_group_nanmax_f64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanmax_f32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanmax_i64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanmax_i32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanmax_u64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);

/* group_nanargmin (group):
 * f64 -> int64_t, f32 -> int64_t, i64 -> int64_t, i32 -> int64_t, u64 -> int64_t */
MYPKG_API int mypkg_group_nanargmin_f64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const int64_t *labels, int64_t num_labels,
                                        int64_t nthreads);
MYPKG_API int mypkg_group_nanargmin_f32(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const int64_t *labels, int64_t num_labels,
                                        int64_t nthreads);
MYPKG_API int mypkg_group_nanargmin_i64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const int64_t *labels, int64_t num_labels,
                                        int64_t nthreads);
MYPKG_API int mypkg_group_nanargmin_i32(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const int64_t *labels, int64_t num_labels,
                                        int64_t nthreads);
MYPKG_API int mypkg_group_nanargmin_u64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const int64_t *labels, int64_t num_labels,
                                        int64_t nthreads);

/* group_nanargmax (group):
 * f64 -> int64_t, f32 -> int64_t, i64 -> int64_t, i32 -> int64_t, u64 -> int64_t */
MYPKG_API int mypkg_group_nanargmax_f64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const int64_t *labels, int64_t num_labels,
                                        int64_t nthreads);
MYPKG_API int mypkg_group_nanargmax_f32(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const int64_t *labels, int64_t num_labels,
                                        int64_t nthreads);
MYPKG_API int mypkg_group_nanargmax_i64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const int64_t *labels, int64_t num_labels,
                                        int64_t nthreads);
MYPKG_API int mypkg_group_nanargmax_i32(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const int64_t *labels, int64_t num_labels,
                                        int64_t nthreads);
MYPKG_API int mypkg_group_nanargmax_u64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const int64_t *labels, int64_t num_labels,
                                        int64_t nthreads);

/* group_nanfirst (group):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_group_nanfirst_f64(const void *a, int64_t ndim, const int64_t *shape,
                                       const int64_t *astrides, void *out, const int64_t *ostrides,
                                       int64_t axis, const int64_t *labels, int64_t num_labels,
                                       int64_t nthreads);
MYPKG_API int mypkg_group_nanfirst_f32(const void *a, int64_t ndim, const int64_t *shape,
                                       const int64_t *astrides, void *out, const int64_t *ostrides,
                                       int64_t axis, const int64_t *labels, int64_t num_labels,
                                       int64_t nthreads);
MYPKG_API int mypkg_group_nanfirst_i64(const void *a, int64_t ndim, const int64_t *shape,
                                       const int64_t *astrides, void *out, const int64_t *ostrides,
                                       int64_t axis, const int64_t *labels, int64_t num_labels,
                                       int64_t nthreads);
MYPKG_API int mypkg_group_nanfirst_i32(const void *a, int64_t ndim, const int64_t *shape,
                                       const int64_t *astrides, void *out, const int64_t *ostrides,
                                       int64_t axis, const int64_t *labels, int64_t num_labels,
                                       int64_t nthreads);
MYPKG_API int mypkg_group_nanfirst_u64(const void *a, int64_t ndim, const int64_t *shape,
                                       const int64_t *astrides, void *out, const int64_t *ostrides,
                                       int64_t axis, const int64_t *labels, int64_t num_labels,
                                       int64_t nthreads);

/* group_nanlast (group):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_group_nanlast_f64(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);
MYPKG_API int mypkg_group_nanlast_f32(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);
MYPKG_API int mypkg_group_nanlast_i64(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);
MYPKG_API int mypkg_group_nanlast_i32(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);
MYPKG_API int mypkg_group_nanlast_u64(const void *a, int64_t ndim, const int64_t *shape,
                                      const int64_t *astrides, void *out, const int64_t *ostrides,
                                      int64_t axis, const int64_t *labels, int64_t num_labels,
                                      int64_t nthreads);

/* group_nanany (group):
 * f64 -> uint8_t, f32 -> uint8_t, i64 -> uint8_t, i32 -> uint8_t, u64 -> uint8_t */
MYPKG_API int mypkg_group_nanany_f64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanany_f32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanany_i64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanany_i32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanany_u64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);

/* group_nanall (group):
 * f64 -> uint8_t, f32 -> uint8_t, i64 -> uint8_t, i32 -> uint8_t, u64 -> uint8_t */
MYPKG_API int mypkg_group_nanall_f64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanall_f32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanall_i64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanall_i32(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);
MYPKG_API int mypkg_group_nanall_u64(const void *a, int64_t ndim, const int64_t *shape,
                                     const int64_t *astrides, void *out, const int64_t *ostrides,
                                     int64_t axis, const int64_t *labels, int64_t num_labels,
                                     int64_t nthreads);

/* move_exp_nancount (move_exp):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_exp_nancount_f64(const void *a, int64_t ndim, const int64_t *shape,
                                          const int64_t *astrides, void *out,
                                          const int64_t *ostrides, int64_t axis, const void *alpha,
                                          const int64_t *alphastrides, double min_weight,
                                          int64_t nthreads);
MYPKG_API int mypkg_move_exp_nancount_f32(const void *a, int64_t ndim, const int64_t *shape,
                                          const int64_t *astrides, void *out,
                                          const int64_t *ostrides, int64_t axis, const void *alpha,
                                          const int64_t *alphastrides, double min_weight,
                                          int64_t nthreads);
MYPKG_API int mypkg_move_exp_nancount_i64(const void *a, int64_t ndim, const int64_t *shape,
                                          const int64_t *astrides, void *out,
                                          const int64_t *ostrides, int64_t axis, const void *alpha,
                                          const int64_t *alphastrides, double min_weight,
                                          int64_t nthreads);
MYPKG_API int mypkg_move_exp_nancount_i32(const void *a, int64_t ndim, const int64_t *shape,
                                          const int64_t *astrides, void *out,
                                          const int64_t *ostrides, int64_t axis, const void *alpha,
                                          const int64_t *alphastrides, double min_weight,
                                          int64_t nthreads);
MYPKG_API int mypkg_move_exp_nancount_u64(const void *a, int64_t ndim, const int64_t *shape,
                                          const int64_t *astrides, void *out,
                                          const int64_t *ostrides, int64_t axis, const void *alpha,
                                          const int64_t *alphastrides, double min_weight,
                                          int64_t nthreads);

/* move_exp_nansum (move_exp):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_exp_nansum_f64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);
MYPKG_API int mypkg_move_exp_nansum_f32(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);
MYPKG_API int mypkg_move_exp_nansum_i64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);
MYPKG_API int mypkg_move_exp_nansum_i32(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);
MYPKG_API int mypkg_move_exp_nansum_u64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);

/* move_exp_nanmean (move_exp):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_exp_nanmean_f64(const void *a, int64_t ndim, const int64_t *shape,
                                         const int64_t *astrides, void *out,
                                         const int64_t *ostrides, int64_t axis, const void *alpha,
                                         const int64_t *alphastrides, double min_weight,
                                         int64_t nthreads);
MYPKG_API int mypkg_move_exp_nanmean_f32(const void *a, int64_t ndim, const int64_t *shape,
                                         const int64_t *astrides, void *out,
                                         const int64_t *ostrides, int64_t axis, const void *alpha,
                                         const int64_t *alphastrides, double min_weight,
                                         int64_t nthreads);
MYPKG_API int mypkg_move_exp_nanmean_i64(const void *a, int64_t ndim, const int64_t *shape,
                                         const int64_t *astrides, void *out,
                                         const int64_t *ostrides, int64_t axis, const void *alpha,
                                         const int64_t *alphastrides, double min_weight,
                                         int64_t nthreads);
MYPKG_API int mypkg_move_exp_nanmean_i32(const void *a, int64_t ndim, const int64_t *shape,
                                         const int64_t *astrides, void *out,
                                         const int64_t *ostrides, int64_t axis, const void *alpha,
                                         const int64_t *alphastrides, double min_weight,
                                         int64_t nthreads);
MYPKG_API int mypkg_move_exp_nanmean_u64(const void *a, int64_t ndim, const int64_t *shape,
                                         const int64_t *astrides, void *out,
                                         const int64_t *ostrides, int64_t axis, const void *alpha,
                                         const int64_t *alphastrides, double min_weight,
                                         int64_t nthreads);

/* move_exp_nanvar (move_exp):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_exp_nanvar_f64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);
MYPKG_API int mypkg_move_exp_nanvar_f32(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);
MYPKG_API int mypkg_move_exp_nanvar_i64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);
MYPKG_API int mypkg_move_exp_nanvar_i32(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);
MYPKG_API int mypkg_move_exp_nanvar_u64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);

/* move_exp_nanstd (move_exp):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_exp_nanstd_f64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);
MYPKG_API int mypkg_move_exp_nanstd_f32(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);
MYPKG_API int mypkg_move_exp_nanstd_i64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);
MYPKG_API int mypkg_move_exp_nanstd_i32(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);
MYPKG_API int mypkg_move_exp_nanstd_u64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *alpha,
                                        const int64_t *alphastrides, double min_weight,
                                        int64_t nthreads);

/* move_exp_nancov (move_exp2):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_exp_nancov_f64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *b, const int64_t *bstrides,
                                        const void *alpha, const int64_t *alphastrides,
                                        double min_weight, int64_t nthreads);
MYPKG_API int mypkg_move_exp_nancov_f32(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *b, const int64_t *bstrides,
                                        const void *alpha, const int64_t *alphastrides,
                                        double min_weight, int64_t nthreads);
MYPKG_API int mypkg_move_exp_nancov_i64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *b, const int64_t *bstrides,
                                        const void *alpha, const int64_t *alphastrides,
                                        double min_weight, int64_t nthreads);
MYPKG_API int mypkg_move_exp_nancov_i32(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *b, const int64_t *bstrides,
                                        const void *alpha, const int64_t *alphastrides,
                                        double min_weight, int64_t nthreads);
MYPKG_API int mypkg_move_exp_nancov_u64(const void *a, int64_t ndim, const int64_t *shape,
                                        const int64_t *astrides, void *out, const int64_t *ostrides,
                                        int64_t axis, const void *b, const int64_t *bstrides,
                                        const void *alpha, const int64_t *alphastrides,
                                        double min_weight, int64_t nthreads);

/* move_exp_nancorr (move_exp2):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_exp_nancorr_f64(const void *a, int64_t ndim, const int64_t *shape,
                                         const int64_t *astrides, void *out,
                                         const int64_t *ostrides, int64_t axis, const void *b,
                                         const int64_t *bstrides, const void *alpha,
                                         const int64_t *alphastrides, double min_weight,
                                         int64_t nthreads);
MYPKG_API int mypkg_move_exp_nancorr_f32(const void *a, int64_t ndim, const int64_t *shape,
                                         const int64_t *astrides, void *out,
                                         const int64_t *ostrides, int64_t axis, const void *b,
                                         const int64_t *bstrides, const void *alpha,
                                         const int64_t *alphastrides, double min_weight,
                                         int64_t nthreads);
MYPKG_API int mypkg_move_exp_nancorr_i64(const void *a, int64_t ndim, const int64_t *shape,
                                         const int64_t *astrides, void *out,
                                         const int64_t *ostrides, int64_t axis, const void *b,
                                         const int64_t *bstrides, const void *alpha,
                                         const int64_t *alphastrides, double min_weight,
                                         int64_t nthreads);
MYPKG_API int mypkg_move_exp_nancorr_i32(const void *a, int64_t ndim, const int64_t *shape,
                                         const int64_t *astrides, void *out,
                                         const int64_t *ostrides, int64_t axis, const void *b,
                                         const int64_t *bstrides, const void *alpha,
                                         const int64_t *alphastrides, double min_weight,
                                         int64_t nthreads);
MYPKG_API int mypkg_move_exp_nancorr_u64(const void *a, int64_t ndim, const int64_t *shape,
                                         const int64_t *astrides, void *out,
                                         const int64_t *ostrides, int64_t axis, const void *b,
                                         const int64_t *bstrides, const void *alpha,
                                         const int64_t *alphastrides, double min_weight,
                                         int64_t nthreads);

/* move_cov (move_pair):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_cov_f64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, const void *b, const int64_t *bstrides,
                                 int64_t window, int64_t min_count, int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_move_cov_f32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, const void *b, const int64_t *bstrides,
                                 int64_t window, int64_t min_count, int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_move_cov_i64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, const void *b, const int64_t *bstrides,
                                 int64_t window, int64_t min_count, int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_move_cov_i32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, const void *b, const int64_t *bstrides,
                                 int64_t window, int64_t min_count, int64_t ddof, int64_t nthreads);
MYPKG_API int mypkg_move_cov_u64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, const void *b, const int64_t *bstrides,
                                 int64_t window, int64_t min_count, int64_t ddof, int64_t nthreads);

/* move_corr (move_pair):
 * f64 -> double, f32 -> float, i64 -> double, i32 -> double, u64 -> double */
MYPKG_API int mypkg_move_corr_f64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, const void *b, const int64_t *bstrides,
                                  int64_t window, int64_t min_count, int64_t ddof,
                                  int64_t nthreads);
MYPKG_API int mypkg_move_corr_f32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, const void *b, const int64_t *bstrides,
                                  int64_t window, int64_t min_count, int64_t ddof,
                                  int64_t nthreads);
MYPKG_API int mypkg_move_corr_i64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, const void *b, const int64_t *bstrides,
                                  int64_t window, int64_t min_count, int64_t ddof,
                                  int64_t nthreads);
MYPKG_API int mypkg_move_corr_i32(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, const void *b, const int64_t *bstrides,
                                  int64_t window, int64_t min_count, int64_t ddof,
                                  int64_t nthreads);
MYPKG_API int mypkg_move_corr_u64(const void *a, int64_t ndim, const int64_t *shape,
                                  const int64_t *astrides, void *out, const int64_t *ostrides,
                                  int64_t axis, const void *b, const int64_t *bstrides,
                                  int64_t window, int64_t min_count, int64_t ddof,
                                  int64_t nthreads);

/* nancount (reduce):
 * f64 -> int64_t, f32 -> int64_t, i64 -> int64_t, i32 -> int64_t, u64 -> int64_t */
MYPKG_API int mypkg_nancount_f64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nancount_f32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nancount_i64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nancount_i32(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t nthreads);
MYPKG_API int mypkg_nancount_u64(const void *a, int64_t ndim, const int64_t *shape,
                                 const int64_t *astrides, void *out, const int64_t *ostrides,
                                 int64_t axis, int64_t nthreads);
/* @generated-end */

#ifdef __cplusplus
}
#endif

#endif /* MYPKG_H */
