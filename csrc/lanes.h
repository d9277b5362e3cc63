/* lanes.h: the N-d lane driver shared by every kernel family (internal, not part of the ABI).
 *
 * A kernel family writes a per-lane function (and optionally a per-block function that handles
 * several neighbouring lanes at once); mypkg_run_lanes() validates the geometry, walks every
 * other axis and calls them. Byte pointers and byte strides throughout. */
#ifndef MYPKG_LANES_H
#define MYPKG_LANES_H

#include <stddef.h>
#include <stdint.h>

#include "mypkg.h"

/* Runtime dispatch: a kernel may carry a copy compiled for AVX2 (each of its functions marked
 * MYPKG_AVX2), which a call picks once, not per lane, when mypkg_have_avx2() says so. Only x86
 * with GCC-compatible compilers (GCC, clang) builds such copies (MYPKG_X86).
 *
 * mypkg_have_avx2() is a load of what lanes.c chose while the library was loaded: the CPU's
 * AVX2 and POPCNT, unless the environment variable MYPKG_CPU_FEATURES was "baseline" (see
 * mypkg.h). Written once before any kernel can run, read-only after. */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define MYPKG_X86 1
#define MYPKG_AVX2 __attribute__((target("avx2,popcnt")))

/* What the CPU offers the AVX2 copies. */
static inline int mypkg_cpu_has_avx2(void)
{
    __builtin_cpu_init(); /* needed before constructors have run */
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
}

/* lanes.c's choice. Weak, so that a kernel header compiled into a program without lanes.c (as
 * tests/test_nonreduce_paths.py does with select.h) still links: the variable's address is then
 * NULL, and mypkg_have_avx2() asks the CPU on every call, ignoring MYPKG_CPU_FEATURES. */
extern int mypkg_cpu_avx2 __attribute__((weak));
static inline int mypkg_have_avx2(void)
{
    return &mypkg_cpu_avx2 ? mypkg_cpu_avx2 : mypkg_cpu_has_avx2();
}
#else
#define MYPKG_X86 0
#define MYPKG_AVX2
static inline int mypkg_have_avx2(void) { return 0; }
#endif

/* Scratch sizes: a * b and a + b, or SIZE_MAX when that overflows (SIZE_MAX stays SIZE_MAX).
 * A scratch_bytes function returning SIZE_MAX makes the call fail with MYPKG_ENOMEM. */
static inline size_t mypkg_size_mul(size_t a, size_t b)
{
    size_t r;
    return __builtin_mul_overflow(a, b, &r) ? SIZE_MAX : r;
}
static inline size_t mypkg_size_add(size_t a, size_t b)
{
    size_t r;
    return __builtin_add_overflow(a, b, &r) ? SIZE_MAX : r;
}

/* Lanes handled together by a block function: per-lane state lives on its stack. */
#define MYPKG_BLOCK 128

/* The one inline attribute: kernels written once over a constant dtype argument rely on it. */
#define INLINE static inline __attribute__((always_inline))

/* NaN tests that compile to nothing for integer types (and draw no self-compare warning). */
#define FLT_ISNUM(x) ((x) == (x))
#define INT_ISNUM(x) ((void)(x), 1)

/* Read one element of type T at byte address p (no alignment assumption beyond T's own). */
#define LOAD(T, p) (*(const T *)(const void *)(p))
#define STORE(T, p, v) (*(T *)(void *)(p) = (v))

struct mypkg_lane_ctx {
    void *scratch;      /* scratch_bytes(n, params) bytes, or NULL */
    const void *params; /* the family's own parameter struct (window, ddof, kth, ...) */
};

/* One lane: n elements at a, a + as, ...; the result goes to out (reductions) or to out, out +
 * os, ... (same-shape kernels). Returns MYPKG_OK or a negative code. n >= 1, except for a
 * reduction over a zero-length axis: then a points at no element of the caller's (a valid
 * address all the same, so a + i * as may be formed) and as == 0. */
#define LANE_ARGS const char *a, int64_t n, int64_t as, char *out, int64_t os, \
                  const struct mypkg_lane_ctx *ctx
typedef int (*mypkg_lane_fn)(LANE_ARGS);

/* m lanes, lane j starting at a + j * al (its output at out + j * ol); element i of lane j at
 * a + i * as + j * al, and for same-shape kernels out + i * os + j * ol. 1 <= m <= MYPKG_BLOCK
 * and n >= 1 (zero-length lanes go to the lane function). */
#define BLOCK_ARGS const char *a, int64_t n, int64_t as, int64_t m, int64_t al, char *out, \
                   int64_t os, int64_t ol, const struct mypkg_lane_ctx *ctx
typedef int (*mypkg_block_fn)(BLOCK_ARGS);

struct mypkg_kernel {
    mypkg_lane_fn lane;
    mypkg_block_fn block; /* NULL: always lane by lane */
    int reduces;          /* 1: the output has no extent along the axis */
    int empty_is_error;   /* 1: a zero-length axis with any lane is MYPKG_EEMPTY */
    /* scratch one lane of length n needs (allocated once per call, before anything is
     * written); NULL: none */
    size_t (*scratch_bytes)(int64_t n, const void *params);
};

/* The geometry check every entry shares: shape[axis] if 1 <= ndim <= MYPKG_MAXDIMS, shape is
 * not NULL, 0 <= axis < ndim and no extent is negative; -1 otherwise. Entries whose parameters
 * depend on the axis length (window, kth) check it first; the driver starts with it. */
int64_t mypkg_axis_length(int64_t ndim, const int64_t *shape, int64_t axis);

/* Validate the geometry, then call k->lane (or k->block) on every lane along `axis`.
 * Returns, in this order of checks:
 *   MYPKG_EINVAL   nthreads < 0, ndim outside [1, MYPKG_MAXDIMS], NULL shape or strides, axis
 *                  outside [0, ndim), a negative extent;
 *   MYPKG_OK       an empty output (a zero-length non-axis dimension, or a zero-length axis for
 *                  a same-shape kernel): nothing is read or written, a and out may be NULL;
 *   MYPKG_EINVAL   an element count or byte extent (sum of |stride| * extent) over INT64_MAX,
 *                  or a NULL a or out that has elements;
 *   MYPKG_EEMPTY   a zero-length axis for a kernel with k->empty_is_error;
 *   MYPKG_ENOMEM   scratch that cannot be allocated;
 * all before anything is written; then the first error a lane function returns, or MYPKG_OK. */
int mypkg_run_lanes(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                    const int64_t *shape, const int64_t *astrides, void *out,
                    const int64_t *ostrides, int64_t axis, const void *params,
                    int64_t nthreads);

#endif /* MYPKG_LANES_H */
