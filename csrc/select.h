/* select.h: k-th element selection (introselect), written once over the element type (enum dt,
 * a constant argument that always_inline folds away). Shared by every kernel that needs order
 * statistics (median, quantiles, partition, move_median). Values selected must not be NaN:
 * callers filter or short-circuit NaN first (sel_lane moves them to the back itself). */
#ifndef MYPKG_SELECT_H
#define MYPKG_SELECT_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "dtype.h"

/* ---------------------------------------------------------------------------------------
 * One element of any type: only the member of type t is used, and every operation switches
 * on the constant t, so after inlining the element is a scalar of that type in a register and
 * int64/uint64 values are compared exactly, never through double. A struct, not a union: GCC
 * optimises an always_inline body on its own before inlining it, when t is not yet known, and
 * split a union's overlapping members into integer pieces that defeated vectorisation. */

struct sel_val { double f64; float f32; int64_t i64; int32_t i32; uint64_t u64; };


/* Element i of the typed array v. */
INLINE void *sel_ptr(enum dt t, void *v, int64_t i) { return (char *)v + i * esize(t); }
INLINE const void *sel_cptr(enum dt t, const void *v, int64_t i)
{
    return (const char *)v + i * esize(t);
}

INLINE struct sel_val sel_load(enum dt t, const void *p)
{
    struct sel_val x;
    switch (t) {
    case F64: x.f64 = LOAD(double, p); break;
    case F32: x.f32 = LOAD(float, p); break;
    case I64: x.i64 = LOAD(int64_t, p); break;
    case I32: x.i32 = LOAD(int32_t, p); break;
    default: x.u64 = LOAD(uint64_t, p); break;
    }
    return x;
}

INLINE void sel_store(enum dt t, void *p, struct sel_val x)
{
    switch (t) {
    case F64: STORE(double, p, x.f64); break;
    case F32: STORE(float, p, x.f32); break;
    case I64: STORE(int64_t, p, x.i64); break;
    case I32: STORE(int32_t, p, x.i32); break;
    default: STORE(uint64_t, p, x.u64); break;
    }
}

INLINE struct sel_val sel_get(enum dt t, const void *v, int64_t i)
{
    return sel_load(t, sel_cptr(t, v, i));
}
INLINE void sel_put(enum dt t, void *v, int64_t i, struct sel_val x)
{
    sel_store(t, sel_ptr(t, v, i), x);
}
INLINE void sel_swap(enum dt t, void *v, int64_t i, int64_t j)
{
    const struct sel_val x = sel_get(t, v, i);
    sel_put(t, v, i, sel_get(t, v, j));
    sel_put(t, v, j, x);
}

INLINE int sel_lt(enum dt t, struct sel_val x, struct sel_val y)
{
    switch (t) {
    case F64: return x.f64 < y.f64;
    case F32: return x.f32 < y.f32;
    case I64: return x.i64 < y.i64;
    case I32: return x.i32 < y.i32;
    default: return x.u64 < y.u64;
    }
}
INLINE int sel_le(enum dt t, struct sel_val x, struct sel_val y)
{
    switch (t) {
    case F64: return x.f64 <= y.f64;
    case F32: return x.f32 <= y.f32;
    case I64: return x.i64 <= y.i64;
    case I32: return x.i32 <= y.i32;
    default: return x.u64 <= y.u64;
    }
}
INLINE int sel_eq(enum dt t, struct sel_val x, struct sel_val y)
{
    switch (t) {
    case F64: return x.f64 == y.f64;
    case F32: return x.f32 == y.f32;
    case I64: return x.i64 == y.i64;
    case I32: return x.i32 == y.i32;
    default: return x.u64 == y.u64;
    }
}

/* Whether x is a number: NaN is not; integers always are (the test compiles to nothing). */
INLINE int sel_isnum(enum dt t, struct sel_val x)
{
    return t == F64 ? x.f64 == x.f64 : t == F32 ? x.f32 == x.f32 : 1;
}

INLINE double sel_double(enum dt t, struct sel_val x)
{
    switch (t) {
    case F64: return x.f64;
    case F32: return (double)x.f32;
    case I64: return (double)x.i64;
    case I32: return (double)x.i32;
    default: return (double)x.u64;
    }
}

/* c ? x : y, chosen as values of the type itself rather than as whole structs (which GCC may
 * copy under a branch, leaving a loop unvectorised). */
INLINE struct sel_val sel_pick(enum dt t, int c, struct sel_val x, struct sel_val y)
{
    struct sel_val r;
    switch (t) {
    case F64: r.f64 = c ? x.f64 : y.f64; break;
    case F32: r.f32 = c ? x.f32 : y.f32; break;
    case I64: r.i64 = c ? x.i64 : y.i64; break;
    case I32: r.i32 = c ? x.i32 : y.i32; break;
    default: r.u64 = c ? x.u64 : y.u64; break;
    }
    return r;
}

/* The median of three values (none NaN). */
INLINE struct sel_val sel_median3(enum dt t, struct sel_val x, struct sel_val y, struct sel_val z)
{
    return sel_pick(t, sel_lt(t, x, y),
                    sel_pick(t, sel_lt(t, y, z), y, sel_pick(t, sel_lt(t, x, z), z, x)),
                    sel_pick(t, sel_lt(t, x, z), x, sel_pick(t, sel_lt(t, y, z), z, y)));
}

/* ---------------------------------------------------------------------------------------
 * sel_select(t, v, n, k) reorders v[0..n) so that v[k] holds the value a full sort would put
 * there, every element before it is <= v[k] and every element after it is >= v[k]. Expected
 * O(n): Wirth's partitioning around a median-of-three pivot; after ~2*log2(n) rounds without
 * converging (adversarial input) the remaining range is heap-sorted, bounding the worst case
 * at O(n log n). */

INLINE void sel_sift(enum dt t, void *v, int64_t root, int64_t n)
{
    for (;;) {
        int64_t child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && sel_lt(t, sel_get(t, v, child), sel_get(t, v, child + 1))) child++;
        if (!sel_lt(t, sel_get(t, v, root), sel_get(t, v, child))) return;
        sel_swap(t, v, root, child);
        root = child;
    }
}

INLINE void sel_heapsort(enum dt t, void *v, int64_t n)
{
    for (int64_t i = n / 2 - 1; i >= 0; i--) sel_sift(t, v, i, n);
    for (int64_t end = n - 1; end > 0; end--) {
        sel_swap(t, v, 0, end);
        sel_sift(t, v, 0, end);
    }
}

INLINE void sel_select(enum dt t, void *v, int64_t n, int64_t k)
{
    int64_t lo = 0, hi = n - 1, budget = 8;
    for (int64_t m = n; m > 1; m >>= 1) budget += 2;
    while (lo < hi) {
        if (budget-- == 0) {
            sel_heapsort(t, sel_ptr(t, v, lo), hi - lo + 1);
            return;
        }
        const struct sel_val p = sel_median3(t, sel_get(t, v, lo),
                                            sel_get(t, v, lo + (hi - lo) / 2), sel_get(t, v, hi));
        int64_t i = lo, j = hi;
        do {
            while (sel_lt(t, sel_get(t, v, i), p)) i++;
            while (sel_lt(t, p, sel_get(t, v, j))) j--;
            if (i <= j) {
                sel_swap(t, v, i, j);
                i++;
                j--;
            }
        } while (i <= j);
        if (j < k) lo = i;
        if (k < i) hi = j;
    }
}

/* ---------------------------------------------------------------------------------------
 * sel_lane(t, avx2, a, n, as, dst, mid, ks, nk, whole) copies the lane of n values at a,
 * a + as, ... (byte stride) into dst with its NaN at the end, partitioned at every position of
 * ks (ascending, distinct, < n): NumPy's partition with a kth sequence. mid is scratch for n
 * values. If `whole` is 0 only dst[k] for k in ks is sure to be written (which spares the
 * memory traffic of the rest when only those values are wanted). Long lanes first take two
 * pivots from an evenly spaced sample, bracketing the wanted positions (as Floyd and Rivest
 * do), and are split around them while being copied, in one branch-free pass; selection then
 * runs on the few values between the pivots. A bad sample costs time, never correctness: the
 * split is a valid partition whatever the pivots. Selecting several positions, the middle one
 * is selected first, then each side: O(n log nk) expected. Each selection splits branch-free
 * (Lomuto's scheme with unconditional swaps: nothing to mispredict on random data), with the
 * same median-of-three pivot and heapsort guard as sel_select, which finishes the last few
 * elements.
 *
 * avx2 (a constant; nonzero only for F64/F32, and only inside a function compiled for AVX2
 * and called if mypkg_have_avx2()): the same algorithm, whose splits of contiguous values move
 * 32 bytes at a time, each vector packed by a permutation looked up from its comparison
 * mask. */
#define SEL_SAMPLE_MIN 512
#define SEL_SAMPLE_RUN 8
/* Below this many values the vector selection hands over to the scalar one. */
#ifndef SEL_VSELECT_MIN
#define SEL_VSELECT_MIN 64
#endif

/* Where a split is between its pointers: the next free slot at the front, one past the free
 * slots at the back (which fill downwards), values between the pivots so far. */
struct sel_split { int64_t front, back, nmid; };

enum { SEL_BELOW, SEL_NOT_ABOVE, SEL_NUMBER };

/* Whether x meets `what`: below p, not above p, or a number. */
INLINE int sel_meets(enum dt t, struct sel_val x, struct sel_val p, int what)
{
    return what == SEL_BELOW ? sel_lt(t, x, p)
           : what == SEL_NOT_ABOVE ? !sel_lt(t, p, x) : sel_isnum(t, x);
}

/* v[lo..hi) split into the values meeting `what`, then the rest; returns where the rest
 * starts. */
INLINE int64_t sel_split(enum dt t, void *v, int64_t lo, int64_t hi, struct sel_val p, int what)
{
    int64_t i = lo;
    for (int64_t j = lo; j < hi; j++) {
        const struct sel_val x = sel_get(t, v, j);
        sel_put(t, v, j, sel_get(t, v, i));
        sel_put(t, v, i, x);
        i += sel_meets(t, x, p, what);
    }
    return i;
}

/* Select k within v[lo..hi), in place. */
INLINE void sel_select_nb(enum dt t, void *v, int64_t lo, int64_t hi, int64_t k)
{
    int64_t budget = 8;
    for (int64_t m = hi - lo; m > 1; m >>= 1) budget += 2;
    while (hi - lo > 16) {
        if (budget-- == 0) {
            sel_heapsort(t, sel_ptr(t, v, lo), hi - lo);
            return;
        }
        const struct sel_val p = sel_median3(t, sel_get(t, v, lo),
                                            sel_get(t, v, lo + (hi - lo) / 2),
                                            sel_get(t, v, hi - 1));
        int64_t i = sel_split(t, v, lo, hi, p, SEL_BELOW);
        if (i == lo) { /* p is the minimum: split off the values equal to it */
            i = sel_split(t, v, lo, hi, p, SEL_NOT_ABOVE);
            if (k < i) return;
            lo = i;
        } else if (k < i) {
            hi = i;
        } else {
            lo = i;
        }
    }
    if (hi - lo > 1) sel_select(t, sel_ptr(t, v, lo), hi - lo, k - lo);
}

/* The lane into dst with NaN last; returns how many are not NaN. */
INLINE int64_t sel_copy(enum dt t, const char *a, int64_t n, int64_t as, void *dst)
{
    int64_t front = 0, back = n - 1;
    for (int64_t i = 0; i < n; i++) {
        const struct sel_val x = sel_load(t, a + i * as);
        const int num = sel_isnum(t, x);
        sel_put(t, dst, front, x);
        sel_put(t, dst, back, x);
        front += num;
        back -= !num;
    }
    return front;
}

/* The sampled split from value i on (the vector split's tail): below plo to the front of dst,
 * above phi and NaN to its back (only if whole), the rest to mid. */
INLINE struct sel_split sel_split3_from(enum dt t, const char *a, int64_t i, int64_t n,
                                        int64_t as, void *dst, void *mid, struct sel_val plo,
                                        struct sel_val phi, int whole, struct sel_split sp)
{
    for (; i < n; i++) {
        const struct sel_val x = sel_load(t, a + i * as);
        const int below = sel_lt(t, x, plo), above = !sel_le(t, x, phi);
        if (whole) {
            sel_put(t, dst, sp.front, x);
            sel_put(t, dst, sp.back - 1, x);
        }
        sel_put(t, mid, sp.nmid, x);
        sp.front += below;
        sp.back -= above;
        sp.nmid += !(below | above);
    }
    return sp;
}

/* The sample ranks of two pivots bracketing ks, or 0, 0 if a split would not pay. The sample
 * holds about s/n of the lane's values, NaN or not, so position k is near sample rank
 * k * s / n, give or take sqrt(s) / 2 (one standard deviation); one and a half of them of
 * margin either side: a narrower bracket misses more often than the smaller middle saves, a
 * wider one makes the middle larger than the misses it spares cost (measured on 1000-value
 * lanes). */
INLINE void sel_pivot_ranks(int64_t n, int64_t s, int64_t ns, const int64_t *ks, int64_t nk,
                            int64_t *slo, int64_t *shi)
{
    const int64_t delta = (int64_t)(0.75 * sqrt((double)s)) + 1;
    int64_t lo = (int64_t)((double)ks[0] / (double)n * (double)s) - delta;
    int64_t hi = (int64_t)((double)ks[nk - 1] / (double)n * (double)s) + delta;
    lo = lo < 0 ? 0 : lo;
    hi = hi > ns - 1 ? ns - 1 : hi;
    if (hi - lo < 1 || hi - lo >= ns / 2) lo = hi = 0;
    *slo = lo;
    *shi = hi;
}

#if MYPKG_X86
#include <immintrin.h>

/* Entry m of the packing table: byte j is the 32-bit lane that goes to slot j when the lanes
 * whose bit is set in m are packed to the front and the others behind them, each in order
 * (lane i goes to slot SLOT(m, i)). A double is two lanes with the same bit: it stays whole. */
#define SEL_BIT(m, i) (((m) >> (i)) & 1)
#define SEL_SET_BELOW(m, i)                                                                 \
    (SEL_BIT(m, 0) * (0 < (i)) + SEL_BIT(m, 1) * (1 < (i)) + SEL_BIT(m, 2) * (2 < (i)) +   \
     SEL_BIT(m, 3) * (3 < (i)) + SEL_BIT(m, 4) * (4 < (i)) + SEL_BIT(m, 5) * (5 < (i)) +   \
     SEL_BIT(m, 6) * (6 < (i)) + SEL_BIT(m, 7) * (7 < (i)))
#define SEL_SLOT(m, i)                                                                      \
    (SEL_BIT(m, i) ? SEL_SET_BELOW(m, i) : SEL_SET_BELOW(m, 8) + (i) - SEL_SET_BELOW(m, i))
#define SEL_LANE_AT(m, i) ((uint64_t)(i) << 8 * SEL_SLOT(m, i))
#define SEL_PACKING(m)                                                                      \
    (SEL_LANE_AT(m, 0) | SEL_LANE_AT(m, 1) | SEL_LANE_AT(m, 2) | SEL_LANE_AT(m, 3) |       \
     SEL_LANE_AT(m, 4) | SEL_LANE_AT(m, 5) | SEL_LANE_AT(m, 6) | SEL_LANE_AT(m, 7))
#define SEL_PACKINGS4(m)                                                                    \
    SEL_PACKING(m), SEL_PACKING((m) + 1), SEL_PACKING((m) + 2), SEL_PACKING((m) + 3)
#define SEL_PACKINGS16(m)                                                                   \
    SEL_PACKINGS4(m), SEL_PACKINGS4((m) + 4), SEL_PACKINGS4((m) + 8), SEL_PACKINGS4((m) + 12)
#define SEL_PACKINGS64(m)                                                                   \
    SEL_PACKINGS16(m), SEL_PACKINGS16((m) + 16), SEL_PACKINGS16((m) + 32),                  \
        SEL_PACKINGS16((m) + 48)

/* The 32-bit lanes of x flagged in the 8-bit mask m first, the others after them. */
MYPKG_AVX2 INLINE __m256 sel_pack8(__m256 x, int m)
{
    static const uint64_t packing[256] = {SEL_PACKINGS64(0), SEL_PACKINGS64(64),
                                          SEL_PACKINGS64(128), SEL_PACKINGS64(192)};
    const __m128i bytes = _mm_cvtsi64_si128((long long)packing[m]);
    return _mm256_permutevar8x32_ps(x, _mm256_cvtepu8_epi32(bytes));
}

/* A vector of 32 bytes seen as eight floats whatever t is; a comparison gives an 8-bit mask
 * (two equal bits per double). The predicate must be a literal, hence a macro. */
MYPKG_AVX2 INLINE __m256 sel_vset(enum dt t, struct sel_val p)
{
    return t == F64 ? _mm256_castpd_ps(_mm256_set1_pd(p.f64)) : _mm256_set1_ps(p.f32);
}
#define SEL_VCMP(t, x, y, pred)                                                             \
    ((t) == F64 ? _mm256_movemask_ps(_mm256_castpd_ps(                                      \
                      _mm256_cmp_pd(_mm256_castps_pd(x), _mm256_castps_pd(y), pred)))       \
                : _mm256_movemask_ps(_mm256_cmp_ps(x, y, pred)))

/* Values of t flagged in an 8-bit mask. */
MYPKG_AVX2 INLINE int64_t sel_count8(enum dt t, int m)
{
    return __builtin_popcount((unsigned)m) * 4 / esize(t);
}

/* src[0..n) into dst[0..n): the values meeting `what` to the front, the rest to the back;
 * returns how many met it. While two vectors' room is left, each vector is packed once and
 * stored at both ends (its other values are overwritten later). */
MYPKG_AVX2 INLINE int64_t sel_vsplit(enum dt t, const void *src, int64_t n, void *dst,
                                     struct sel_val p, int what)
{
    const int64_t w = 32 / esize(t);
    const __m256 vp = sel_vset(t, p);
    int64_t front = 0, back = n, i = 0;
    for (; n - i >= 2 * w; i += w) {
        const __m256 x = _mm256_loadu_ps((const float *)sel_cptr(t, src, i));
        const int m = what == SEL_BELOW       ? SEL_VCMP(t, x, vp, _CMP_LT_OQ)
                      : what == SEL_NOT_ABOVE ? SEL_VCMP(t, x, vp, _CMP_NGT_UQ)
                                              : SEL_VCMP(t, x, x, _CMP_ORD_Q);
        const __m256 y = sel_pack8(x, m);
        _mm256_storeu_ps((float *)sel_ptr(t, dst, back - w), y);
        _mm256_storeu_ps((float *)sel_ptr(t, dst, front), y);
        front += sel_count8(t, m);
        back -= w - sel_count8(t, m);
    }
    for (; i < n; i++) {
        const struct sel_val x = sel_get(t, src, i);
        const int in = sel_meets(t, x, p, what);
        sel_put(t, dst, front, x);
        sel_put(t, dst, back - 1, x);
        front += in;
        back -= !in;
    }
    return front;
}

/* sel_select_nb, its splits made out of place: v[lo..hi) copied to tmp is split back into
 * v[lo..hi). */
MYPKG_AVX2 INLINE void sel_vselect(enum dt t, void *v, void *tmp, int64_t lo, int64_t hi,
                                   int64_t k)
{
    int64_t budget = 8;
    for (int64_t m = hi - lo; m > 1; m >>= 1) budget += 2;
    while (hi - lo > SEL_VSELECT_MIN) {
        if (budget-- == 0) {
            sel_heapsort(t, sel_ptr(t, v, lo), hi - lo);
            return;
        }
        const struct sel_val p = sel_median3(t, sel_get(t, v, lo),
                                            sel_get(t, v, lo + (hi - lo) / 2),
                                            sel_get(t, v, hi - 1));
        memcpy(tmp, sel_ptr(t, v, lo), (size_t)((hi - lo) * esize(t)));
        int64_t i = lo + sel_vsplit(t, tmp, hi - lo, sel_ptr(t, v, lo), p, SEL_BELOW);
        if (i == lo) { /* p is the minimum: split off the values equal to it */
            i = lo + sel_vsplit(t, tmp, hi - lo, sel_ptr(t, v, lo), p, SEL_NOT_ABOVE);
            if (k < i) return;
            lo = i;
        } else if (k < i) {
            hi = i;
        } else {
            lo = i;
        }
    }
    sel_select_nb(t, v, lo, hi, k);
}

MYPKG_AVX2 INLINE int64_t sel_vcopy(enum dt t, const char *a, int64_t n, int64_t as, void *dst)
{
    const struct sel_val none = {0}; /* no pivot: the split is by NaN */
    if (as != esize(t)) return sel_copy(t, a, n, as, dst);
    return sel_vsplit(t, a, n, dst, none, SEL_NUMBER);
}

MYPKG_AVX2 INLINE struct sel_split sel_vsplit3(enum dt t, const char *a, int64_t n, int64_t as,
                                               void *dst, void *mid, struct sel_val plo,
                                               struct sel_val phi, int whole)
{
    const int64_t w = 32 / esize(t);
    struct sel_split sp = {0, n, 0};
    if (as != esize(t)) return sel_split3_from(t, a, 0, n, as, dst, mid, plo, phi, whole, sp);
    const __m256 vlo = sel_vset(t, plo), vhi = sel_vset(t, phi);
    int64_t i = 0;
    /* the stores at both ends stay clear of each other's values as in sel_vsplit: the gap
     * between front and back is at least the n - i values left */
    for (; n - i >= 2 * w; i += w) {
        const __m256 x = _mm256_loadu_ps((const float *)(const void *)(a + i * as));
        const int below = SEL_VCMP(t, x, vlo, _CMP_LT_OQ);
        const int above = SEL_VCMP(t, x, vhi, _CMP_NLE_UQ);
        const int between = ~(below | above) & 0xff;
        if (whole) {
            _mm256_storeu_ps((float *)sel_ptr(t, dst, sp.back - w), sel_pack8(x, ~above & 0xff));
            _mm256_storeu_ps((float *)sel_ptr(t, dst, sp.front), sel_pack8(x, below));
        }
        _mm256_storeu_ps((float *)sel_ptr(t, mid, sp.nmid), sel_pack8(x, between));
        sp.front += sel_count8(t, below);
        sp.back -= sel_count8(t, above);
        sp.nmid += sel_count8(t, between);
    }
    return sel_split3_from(t, a, i, n, as, dst, mid, plo, phi, whole, sp);
}

/* The vector pieces as sel_lane calls them: not always_inline (code compiled for AVX2 cannot
 * be forced into the generic sel_lane), so t is a runtime argument here, tested once per call;
 * inside sel_lane's AVX2 instantiation the compiler may inline them and fold the test. */
MYPKG_AVX2 static inline void sel_vselect_any(enum dt t, void *v, void *tmp, int64_t lo,
                                              int64_t hi, int64_t k)
{
    if (t == F64) sel_vselect(F64, v, tmp, lo, hi, k);
    else sel_vselect(F32, v, tmp, lo, hi, k);
}
MYPKG_AVX2 static inline int64_t sel_vcopy_any(enum dt t, const char *a, int64_t n, int64_t as,
                                               void *dst)
{
    return t == F64 ? sel_vcopy(F64, a, n, as, dst) : sel_vcopy(F32, a, n, as, dst);
}
MYPKG_AVX2 static inline struct sel_split sel_vsplit3_any(enum dt t, const char *a, int64_t n,
                                                          int64_t as, void *dst, void *mid,
                                                          struct sel_val plo, struct sel_val phi,
                                                          int whole)
{
    return t == F64 ? sel_vsplit3(F64, a, n, as, dst, mid, plo, phi, whole)
                    : sel_vsplit3(F32, a, n, as, dst, mid, plo, phi, whole);
}
#endif /* MYPKG_X86 */

/* The three steps of sel_lane, each its vector build when avx2 is set. */
INLINE void sel_select_range(enum dt t, int avx2, void *v, void *tmp, int64_t lo, int64_t hi,
                             int64_t k)
{
#if MYPKG_X86
    if (avx2) {
        sel_vselect_any(t, v, tmp, lo, hi, k);
        return;
    }
#endif
    (void)avx2;
    (void)tmp; /* in place */
    sel_select_nb(t, v, lo, hi, k);
}

INLINE int64_t sel_copy_lane(enum dt t, int avx2, const char *a, int64_t n, int64_t as,
                             void *dst)
{
#if MYPKG_X86
    if (avx2) return sel_vcopy_any(t, a, n, as, dst);
#endif
    (void)avx2;
    return sel_copy(t, a, n, as, dst);
}

INLINE struct sel_split sel_split3(enum dt t, int avx2, const char *a, int64_t n, int64_t as,
                                   void *dst, void *mid, struct sel_val plo, struct sel_val phi,
                                   int whole)
{
#if MYPKG_X86
    if (avx2) return sel_vsplit3_any(t, a, n, as, dst, mid, plo, phi, whole);
#endif
    (void)avx2;
    const struct sel_split start = {0, n, 0};
    return sel_split3_from(t, a, 0, n, as, dst, mid, plo, phi, whole, start);
}

/* Select every position of ks (ascending, distinct) within v[lo..hi) (tmp: scratch for
 * hi - lo values): the middle one first, then the left side, then the right. The right sides
 * wait on a stack; each holds at most half the positions of the one before, so 64 levels
 * cover any nk. */
INLINE void sel_multiselect(enum dt t, int avx2, void *v, void *tmp, int64_t lo, int64_t hi,
                            const int64_t *ks, int64_t nk)
{
    struct { int64_t lo, hi, nk; const int64_t *ks; } right[64];
    int depth = 0;
    for (;;) {
        while (nk > 0) {
            const int64_t m = nk / 2, k = ks[m];
            sel_select_range(t, avx2, v, tmp, lo, hi, k);
            if (nk - m - 1 > 0) {
                right[depth].lo = k + 1;
                right[depth].hi = hi;
                right[depth].nk = nk - m - 1;
                right[depth].ks = ks + m + 1;
                depth++;
            }
            hi = k;
            nk = m;
        }
        if (depth == 0) return;
        depth--;
        lo = right[depth].lo;
        hi = right[depth].hi;
        nk = right[depth].nk;
        ks = right[depth].ks;
    }
}

/* Select ks (ascending, distinct) within the consecutive ranges [b[0], b[1]), [b[1], b[2]),
 * ... [b[nr-1], b[nr]) of v: each k in the range that holds it; ks at or past b[nr] (the
 * NaN) are left as they are. */
INLINE void sel_ranges(enum dt t, int avx2, void *v, void *tmp, const int64_t *b, int nr,
                       const int64_t *ks, int64_t nk)
{
    int64_t j = 0;
    for (int r = 0; r < nr; r++) {
        int64_t e = j;
        while (e < nk && ks[e] < b[r + 1]) e++;
        sel_multiselect(t, avx2, v, tmp, b[r], b[r + 1], ks + j, e - j);
        j = e;
    }
}

INLINE void sel_lane(enum dt t, int avx2, const char *a, int64_t n, int64_t as, void *dst,
                     void *mid, const int64_t *ks, int64_t nk, int whole)
{
    const int64_t size = esize(t);
    /* s values in runs of SEL_SAMPLE_RUN neighbours: fewer cache lines to wait for */
    const int64_t s = 2 * (int64_t)sqrt((double)n) / SEL_SAMPLE_RUN * SEL_SAMPLE_RUN;
    const int64_t step = n >= SEL_SAMPLE_MIN ? n / (s / SEL_SAMPLE_RUN) : 0;
    int64_t ns = 0, slo = 0, shi = 0;
    if (nk > 0 && n >= SEL_SAMPLE_MIN) {
        /* a short contiguous lane is fetched whole at once: the sample would otherwise wait
         * for its cache lines one run at a time */
        if (as == size && n * size <= 65536)
            for (int64_t off = 0; off < n * size; off += 64) __builtin_prefetch(a + off);
        for (int64_t j = 0; j < s; j++) {
            const int64_t i = j / SEL_SAMPLE_RUN * step + j % SEL_SAMPLE_RUN;
            const struct sel_val x = sel_load(t, a + i * as);
            sel_put(t, dst, ns, x);
            ns += sel_isnum(t, x);
        }
        if (ns >= 16) sel_pivot_ranks(n, s, ns, ks, nk, &slo, &shi);
    }
    int64_t b[4] = {0, 0, 0, 0};
    int nr;
    if (slo == shi) { /* a plain copy, NaN to the back */
        b[1] = sel_copy_lane(t, avx2, a, n, as, dst);
        nr = 1;
    } else {
        const int64_t pivots[2] = {slo, shi}, sample[2] = {0, ns};
        sel_ranges(t, avx2, dst, mid, sample, 1, pivots, 2);
        /* below plo to the front of dst, above phi and NaN to its back, the rest to mid;
         * values may also be written into the gap, which the copy of mid overwrites. Not
         * whole: front and back are only counted, and if a wanted position falls there (an
         * unlucky sample) the lane is split again, whole. */
        const struct sel_val plo = sel_get(t, dst, slo), phi = sel_get(t, dst, shi);
        struct sel_split sp;
        for (;;) {
            sp = sel_split3(t, avx2, a, n, as, dst, mid, plo, phi, whole);
            if (whole || (ks[0] >= sp.front && ks[nk - 1] < sp.front + sp.nmid)) break;
            whole = 1;
        }
        memcpy(sel_ptr(t, dst, sp.front), mid, (size_t)(sp.nmid * size));
        b[1] = sp.front;
        b[2] = b[3] = sp.front + sp.nmid;
        /* wanted positions above phi: the NaN among those values go last */
        if (ks[nk - 1] >= b[2]) b[3] = sel_split(t, dst, b[2], n, plo, SEL_NUMBER);
        nr = 3;
    }
    sel_ranges(t, avx2, dst, mid, b, nr, ks, nk);
}

#endif /* MYPKG_SELECT_H */
