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

#endif /* MYPKG_H */
