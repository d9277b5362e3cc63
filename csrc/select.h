/* select.h: k-th element selection (introselect) over a scratch array, generated per dtype.
 * Shared by every kernel that needs order statistics (median, quantiles, partition).
 * Values must not contain NaN: callers filter or short-circuit NaN first. */
#ifndef MYPKG_SELECT_H
#define MYPKG_SELECT_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lanes.h"

/* The median of three values (none NaN). */
#define MYPKG_MEDIAN3(x, y, z)                                                             \
    ((x) < (y) ? ((y) < (z) ? (y) : ((x) < (z) ? (z) : (x)))                               \
               : ((x) < (z) ? (x) : ((y) < (z) ? (z) : (y))))

/* DEFINE_SELECT(sfx, T) defines
 *   static void mypkg_select_<sfx>(T *v, int64_t n, int64_t k)
 * which reorders v[0..n) so that v[k] holds the value a full sort would put there, every
 * element before it is <= v[k] and every element after it is >= v[k]. Expected O(n): Wirth's
 * partitioning around a median-of-three pivot; after ~2*log2(n) rounds without converging
 * (adversarial input) the remaining range is heap-sorted, bounding the worst case at
 * O(n log n). */
#define DEFINE_SELECT(sfx, T)                                                              \
    static void mypkg_sift_##sfx(T *v, int64_t root, int64_t n)                            \
    {                                                                                      \
        for (;;) {                                                                         \
            int64_t child = 2 * root + 1;                                                  \
            if (child >= n) return;                                                        \
            if (child + 1 < n && v[child] < v[child + 1]) child++;                         \
            if (!(v[root] < v[child])) return;                                             \
            T t = v[root]; v[root] = v[child]; v[child] = t;                               \
            root = child;                                                                  \
        }                                                                                  \
    }                                                                                      \
    static void mypkg_heapsort_##sfx(T *v, int64_t n)                                      \
    {                                                                                      \
        for (int64_t i = n / 2 - 1; i >= 0; i--) mypkg_sift_##sfx(v, i, n);                \
        for (int64_t end = n - 1; end > 0; end--) {                                        \
            T t = v[0]; v[0] = v[end]; v[end] = t;                                         \
            mypkg_sift_##sfx(v, 0, end);                                                   \
        }                                                                                  \
    }                                                                                      \
    static void mypkg_select_##sfx(T *v, int64_t n, int64_t k)                             \
    {                                                                                      \
        int64_t lo = 0, hi = n - 1, budget = 8;                                            \
        for (int64_t m = n; m > 1; m >>= 1) budget += 2;                                   \
        while (lo < hi) {                                                                  \
            if (budget-- == 0) {                                                           \
                mypkg_heapsort_##sfx(v + lo, hi - lo + 1);                                 \
                return;                                                                    \
            }                                                                              \
            const T p = MYPKG_MEDIAN3(v[lo], v[lo + (hi - lo) / 2], v[hi]);                \
            int64_t i = lo, j = hi;                                                        \
            do {                                                                           \
                while (v[i] < p) i++;                                                      \
                while (p < v[j]) j--;                                                      \
                if (i <= j) {                                                              \
                    T t = v[i]; v[i] = v[j]; v[j] = t;                                     \
                    i++;                                                                   \
                    j--;                                                                   \
                }                                                                          \
            } while (i <= j);                                                              \
            if (j < k) lo = i;                                                             \
            if (k < i) hi = j;                                                             \
        }                                                                                  \
    }

/* DEFINE_MULTISELECT(sfx, T, ISNUM), used after DEFINE_SELECT(sfx, T), defines
 *   static void mypkg_partition_lane_<sfx>(const char *a, int64_t n, int64_t as, T *dst,
 *                                          T *mid, const int64_t *ks, int64_t nk, int whole)
 * which copies the lane of n values at a, a + as, ... (byte stride) into dst with its NaN
 * (!ISNUM) at the end, partitioned at every position of ks (ascending, distinct, < n): NumPy's
 * partition with a kth sequence. mid is scratch for n values. If `whole` is 0 only dst[k] for
 * k in ks is sure to be written (which spares the memory traffic of the rest when only those
 * values are wanted). Long lanes first take two pivots from an evenly spaced sample,
 * bracketing the wanted positions (as Floyd and Rivest do), and are split around them while
 * being copied, in one branch-free pass; selection then runs on the few values between the
 * pivots. A bad sample costs time, never correctness: the split is a valid partition whatever
 * the pivots. Selecting several positions, the middle one is selected first, then each side:
 * O(n log nk) expected. Each selection splits branch-free (Lomuto's scheme with unconditional
 * swaps: nothing to mispredict on random data), with the same median-of-three pivot and
 * heapsort guard as mypkg_select_<sfx>, which finishes the last few elements.
 *
 * DEFINE_MULTISELECT_AVX2(sfx, T, ISNUM), for sfx f64 or f32 after DEFINE_MULTISELECT(sfx, ...),
 * defines mypkg_partition_lane_avx2_<sfx>, the same function for CPUs with AVX2 (call it only
 * if mypkg_have_avx2()): the same algorithm, whose splits of contiguous values move 32 bytes
 * at a time, each vector packed by a permutation looked up from its comparison mask. */
#define MYPKG_SAMPLE_MIN 512
#define MYPKG_SAMPLE_RUN 8
/* Below this many values the vector selection hands over to the scalar one. */
#ifndef MYPKG_VSELECT_MIN
#define MYPKG_VSELECT_MIN 64
#endif

/* Where a split is between its pointers: the next free slot at the front, one past the free
 * slots at the back (which fill downwards), values between the pivots so far. */
struct mypkg_split { int64_t front, back, nmid; };

enum { MYPKG_BELOW, MYPKG_NOT_ABOVE, MYPKG_NUMBER };

/* The two function bodies DEFINE_MULTISELECT and DEFINE_MULTISELECT_AVX2 each build once:
 * select(v, tmp, lo, hi, k) selects k within v[lo..hi) (tmp: scratch for hi - lo values);
 * copy(a, n, as, dst) copies the lane to dst with NaN last, returning how many are not;
 * split3(a, n, as, dst, mid, plo, phi, whole) is the sampled split described above. */
#define MYPKG_MULTISELECT_FN(ATTR, name, T, select)                                        \
    ATTR static void name(T *v, T *tmp, int64_t lo, int64_t hi, const int64_t *ks,         \
                          int64_t nk)                                                      \
    {                                                                                      \
        while (nk > 0) {                                                                   \
            const int64_t m = nk / 2, k = ks[m];                                           \
            select(v, tmp, lo, hi, k);                                                     \
            name(v, tmp, lo, k, ks, m);                                                    \
            lo = k + 1;                                                                    \
            ks += m + 1;                                                                   \
            nk -= m + 1;                                                                   \
        }                                                                                  \
    }
#define MYPKG_PARTITION_LANE_FN(ATTR, name, sfx, T, ISNUM, select, copy, split3, multiselect) \
    ATTR static void name(const char *a, int64_t n, int64_t as, T *dst, T *mid,            \
                          const int64_t *ks, int64_t nk, int whole)                        \
    {                                                                                      \
        /* s values in runs of MYPKG_SAMPLE_RUN neighbours: fewer cache lines to wait for */ \
        const int64_t s = 2 * (int64_t)sqrt((double)n) / MYPKG_SAMPLE_RUN * MYPKG_SAMPLE_RUN; \
        const int64_t step = n >= MYPKG_SAMPLE_MIN ? n / (s / MYPKG_SAMPLE_RUN) : 0;       \
        int64_t ns = 0, slo = 0, shi = 0;                                                  \
        if (nk > 0 && n >= MYPKG_SAMPLE_MIN) {                                             \
            /* a short contiguous lane is fetched whole at once: the sample would otherwise \
             * wait for its cache lines one run at a time */                               \
            if (as == (int64_t)sizeof(T) && n * (int64_t)sizeof(T) <= 65536)               \
                for (int64_t off = 0; off < n * (int64_t)sizeof(T); off += 64)             \
                    __builtin_prefetch(a + off);                                           \
            for (int64_t j = 0; j < s; j++) {                                              \
                T x;                                                                       \
                const int64_t i = j / MYPKG_SAMPLE_RUN * step + j % MYPKG_SAMPLE_RUN;      \
                memcpy(&x, a + i * as, sizeof x);                                          \
                dst[ns] = x;                                                               \
                ns += ISNUM(x);                                                            \
            }                                                                              \
            if (ns >= 16) mypkg_pivot_ranks(n, s, ns, ks, nk, &slo, &shi);                 \
        }                                                                                  \
        if (slo == shi) { /* a plain copy, NaN to the back */                              \
            const int64_t count = copy(a, n, as, dst);                                     \
            int64_t nv = 0;                                                                \
            while (nv < nk && ks[nv] < count) nv++;                                        \
            multiselect(dst, mid, 0, count, ks, nv);                                       \
            return;                                                                        \
        }                                                                                  \
        select(dst, mid, 0, ns, slo);                                                      \
        select(dst, mid, slo, ns, shi);                                                    \
        /* below plo to the front of dst, above phi and NaN to its back, the rest to mid;  \
         * values may also be written into the gap, which the copy of mid overwrites. Not  \
         * whole: front and back are only counted, and if a wanted position falls there    \
         * (an unlucky sample) the lane is done again, whole. */                           \
        const T plo = dst[slo], phi = dst[shi];                                            \
        const struct mypkg_split sp = split3(a, n, as, dst, mid, plo, phi, whole);         \
        const int64_t front = sp.front, upper = front + sp.nmid;                           \
        if (!whole && (ks[0] < front || ks[nk - 1] >= upper)) {                            \
            name(a, n, as, dst, mid, ks, nk, 1);                                           \
            return;                                                                        \
        }                                                                                  \
        memcpy(dst + front, mid, (size_t)sp.nmid * sizeof(T));                             \
        int64_t i1 = 0, i2, i3, count = upper;                                             \
        while (i1 < nk && ks[i1] < front) i1++;                                            \
        for (i2 = i1; i2 < nk && ks[i2] < upper; i2++) {}                                  \
        /* wanted positions above phi: the NaN among those values go last */               \
        if (i2 < nk) count = mypkg_split_##sfx(dst, upper, n, plo, MYPKG_NUMBER);          \
        for (i3 = i2; i3 < nk && ks[i3] < count; i3++) {}                                  \
        multiselect(dst, mid, 0, front, ks, i1);                                           \
        multiselect(dst, mid, front, upper, ks + i1, i2 - i1);                             \
        multiselect(dst, mid, upper, count, ks + i2, i3 - i2);                             \
    }

/* The sample ranks of two pivots bracketing ks, or 0, 0 if a split would not pay. The sample
 * holds about s/n of the lane's values, NaN or not, so position k is near sample rank
 * k * s / n, give or take sqrt(s) / 2 (one standard deviation); one and a half of them of
 * margin either side: a narrower bracket misses more often than the smaller middle saves, a
 * wider one makes the middle larger than the misses it spares cost (measured on 1000-value
 * lanes). */
static inline void mypkg_pivot_ranks(int64_t n, int64_t s, int64_t ns, const int64_t *ks,
                                     int64_t nk, int64_t *slo, int64_t *shi)
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

#define DEFINE_MULTISELECT(sfx, T, ISNUM)                                                  \
    /* v[lo..hi) split into the values meeting `what` (below p, not above p, not NaN), then \
     * the rest; returns where the rest starts */                                          \
    static inline int64_t mypkg_split_##sfx(T *v, int64_t lo, int64_t hi, T p, int what)   \
    {                                                                                      \
        int64_t i = lo;                                                                    \
        for (int64_t j = lo; j < hi; j++) {                                                \
            const T x = v[j];                                                              \
            v[j] = v[i];                                                                   \
            v[i] = x;                                                                      \
            i += what == MYPKG_BELOW ? x < p : what == MYPKG_NOT_ABOVE ? !(p < x) : ISNUM(x); \
        }                                                                                  \
        return i;                                                                          \
    }                                                                                      \
    static void mypkg_select_nb_##sfx(T *v, T *tmp, int64_t lo, int64_t hi, int64_t k)     \
    {                                                                                      \
        (void)tmp; /* in place */                                                          \
        int64_t budget = 8;                                                                \
        for (int64_t m = hi - lo; m > 1; m >>= 1) budget += 2;                             \
        while (hi - lo > 16) {                                                             \
            if (budget-- == 0) {                                                           \
                mypkg_heapsort_##sfx(v + lo, hi - lo);                                     \
                return;                                                                    \
            }                                                                              \
            const T p = MYPKG_MEDIAN3(v[lo], v[lo + (hi - lo) / 2], v[hi - 1]);            \
            int64_t i = mypkg_split_##sfx(v, lo, hi, p, MYPKG_BELOW);                      \
            if (i == lo) { /* p is the minimum: split off the values equal to it */        \
                i = mypkg_split_##sfx(v, lo, hi, p, MYPKG_NOT_ABOVE);                      \
                if (k < i) return;                                                         \
                lo = i;                                                                    \
            } else if (k < i) {                                                            \
                hi = i;                                                                    \
            } else {                                                                       \
                lo = i;                                                                    \
            }                                                                              \
        }                                                                                  \
        if (hi - lo > 1) mypkg_select_##sfx(v + lo, hi - lo, k - lo);                      \
    }                                                                                      \
    static inline int64_t mypkg_copy_##sfx(const char *a, int64_t n, int64_t as, T *dst)   \
    {                                                                                      \
        int64_t front = 0, back = n - 1;                                                   \
        for (int64_t i = 0; i < n; i++) {                                                  \
            T x;                                                                           \
            memcpy(&x, a + i * as, sizeof x);                                              \
            const int num = ISNUM(x);                                                      \
            dst[front] = x;                                                                \
            dst[back] = x;                                                                 \
            front += num;                                                                  \
            back -= !num;                                                                  \
        }                                                                                  \
        return front;                                                                      \
    }                                                                                      \
    /* the split of split3 from value i on (the vector build's tail) */                    \
    static inline struct mypkg_split mypkg_split3_from_##sfx(                              \
        const char *a, int64_t i, int64_t n, int64_t as, T *dst, T *mid, T plo, T phi,     \
        int whole, struct mypkg_split sp)                                                  \
    {                                                                                      \
        for (; i < n; i++) {                                                               \
            T x;                                                                           \
            memcpy(&x, a + i * as, sizeof x);                                              \
            const int below = x < plo, above = !(x <= phi);                                \
            if (whole) {                                                                   \
                dst[sp.front] = x;                                                         \
                dst[sp.back - 1] = x;                                                      \
            }                                                                              \
            mid[sp.nmid] = x;                                                              \
            sp.front += below;                                                             \
            sp.back -= above;                                                              \
            sp.nmid += !(below | above);                                                   \
        }                                                                                  \
        return sp;                                                                         \
    }                                                                                      \
    static inline struct mypkg_split mypkg_split3_##sfx(const char *a, int64_t n, int64_t as, \
                                                        T *dst, T *mid, T plo, T phi,      \
                                                        int whole)                         \
    {                                                                                      \
        const struct mypkg_split start = {0, n, 0};                                        \
        return mypkg_split3_from_##sfx(a, 0, n, as, dst, mid, plo, phi, whole, start);     \
    }                                                                                      \
    MYPKG_MULTISELECT_FN(, mypkg_multiselect_##sfx, T, mypkg_select_nb_##sfx)              \
    MYPKG_PARTITION_LANE_FN(, mypkg_partition_lane_##sfx, sfx, T, ISNUM,                   \
                            mypkg_select_nb_##sfx, mypkg_copy_##sfx,                       \
                            mypkg_split3_##sfx, mypkg_multiselect_##sfx)

#if MYPKG_X86
#include <immintrin.h>

/* Entry m of the packing table: byte j is the 32-bit lane that goes to slot j when the lanes
 * whose bit is set in m are packed to the front and the others behind them, each in order
 * (lane i goes to slot SLOT(m, i)). A double is two lanes with the same bit: it stays whole. */
#define MYPKG_BIT(m, i) (((m) >> (i)) & 1)
#define MYPKG_SET_BELOW(m, i)                                                              \
    (MYPKG_BIT(m, 0) * (0 < (i)) + MYPKG_BIT(m, 1) * (1 < (i)) + MYPKG_BIT(m, 2) * (2 < (i)) + \
     MYPKG_BIT(m, 3) * (3 < (i)) + MYPKG_BIT(m, 4) * (4 < (i)) + MYPKG_BIT(m, 5) * (5 < (i)) + \
     MYPKG_BIT(m, 6) * (6 < (i)) + MYPKG_BIT(m, 7) * (7 < (i)))
#define MYPKG_SLOT(m, i)                                                                   \
    (MYPKG_BIT(m, i) ? MYPKG_SET_BELOW(m, i) : MYPKG_SET_BELOW(m, 8) + (i) - MYPKG_SET_BELOW(m, i))
#define MYPKG_LANE_AT(m, i) ((uint64_t)(i) << 8 * MYPKG_SLOT(m, i))
#define MYPKG_PACKING(m)                                                                   \
    (MYPKG_LANE_AT(m, 0) | MYPKG_LANE_AT(m, 1) | MYPKG_LANE_AT(m, 2) | MYPKG_LANE_AT(m, 3) | \
     MYPKG_LANE_AT(m, 4) | MYPKG_LANE_AT(m, 5) | MYPKG_LANE_AT(m, 6) | MYPKG_LANE_AT(m, 7))
#define MYPKG_PACKINGS4(m)                                                                 \
    MYPKG_PACKING(m), MYPKG_PACKING((m) + 1), MYPKG_PACKING((m) + 2), MYPKG_PACKING((m) + 3)
#define MYPKG_PACKINGS16(m)                                                                \
    MYPKG_PACKINGS4(m), MYPKG_PACKINGS4((m) + 4), MYPKG_PACKINGS4((m) + 8),                \
        MYPKG_PACKINGS4((m) + 12)
#define MYPKG_PACKINGS64(m)                                                                \
    MYPKG_PACKINGS16(m), MYPKG_PACKINGS16((m) + 16), MYPKG_PACKINGS16((m) + 32),           \
        MYPKG_PACKINGS16((m) + 48)

/* The 32-bit lanes of x flagged in the 8-bit mask m first, the others after them. */
MYPKG_AVX2 static inline __m256 mypkg_pack8(__m256 x, int m)
{
    static const uint64_t packing[256] = {MYPKG_PACKINGS64(0), MYPKG_PACKINGS64(64),
                                          MYPKG_PACKINGS64(128), MYPKG_PACKINGS64(192)};
    const __m128i bytes = _mm_cvtsi64_si128((long long)packing[m]);
    return _mm256_permutevar8x32_ps(x, _mm256_cvtepu8_epi32(bytes));
}

/* A vector of 32 bytes seen as eight floats whatever T is; the comparisons give 8-bit masks
 * (two equal bits per double). */
#define MYPKG_SET8_f64(p) _mm256_castpd_ps(_mm256_set1_pd(p))
#define MYPKG_SET8_f32(p) _mm256_set1_ps(p)
#define MYPKG_CMP8_f64(x, y, pred)                                                         \
    _mm256_movemask_ps(                                                                    \
        _mm256_castpd_ps(_mm256_cmp_pd(_mm256_castps_pd(x), _mm256_castps_pd(y), pred)))
#define MYPKG_CMP8_f32(x, y, pred) _mm256_movemask_ps(_mm256_cmp_ps(x, y, pred))

#define DEFINE_MULTISELECT_AVX2(sfx, T, ISNUM)                                             \
    /* Values of T flagged in an 8-bit mask. */                                            \
    MYPKG_AVX2 static inline int64_t mypkg_count8_##sfx(int m)                             \
    {                                                                                      \
        return __builtin_popcount((unsigned)m) * 4 / (int)sizeof(T);                       \
    }                                                                                      \
    /* src[0..n) into dst[0..n): the values meeting `what` to the front, the rest to the   \
     * back; returns how many met it. While two vectors' room is left, each vector is      \
     * packed once and stored at both ends (its other values are overwritten later). */    \
    MYPKG_AVX2 static inline __attribute__((always_inline)) int64_t mypkg_vsplit_##sfx(    \
        const T *src, int64_t n, T *dst, T p, int what)                                    \
    {                                                                                      \
        enum { W = 32 / sizeof(T) };                                                       \
        const __m256 vp = MYPKG_SET8_##sfx(p);                                             \
        int64_t front = 0, back = n, i = 0;                                                \
        for (; n - i >= 2 * W; i += W) {                                                   \
            const __m256 x = _mm256_loadu_ps((const float *)(src + i));                    \
            const int m = what == MYPKG_BELOW       ? MYPKG_CMP8_##sfx(x, vp, _CMP_LT_OQ)  \
                          : what == MYPKG_NOT_ABOVE ? MYPKG_CMP8_##sfx(x, vp, _CMP_NGT_UQ) \
                                                    : MYPKG_CMP8_##sfx(x, x, _CMP_ORD_Q);  \
            const __m256 y = mypkg_pack8(x, m);                                            \
            _mm256_storeu_ps((float *)(dst + back - W), y);                                \
            _mm256_storeu_ps((float *)(dst + front), y);                                   \
            front += mypkg_count8_##sfx(m);                                                \
            back -= W - mypkg_count8_##sfx(m);                                             \
        }                                                                                  \
        for (; i < n; i++) {                                                               \
            const T x = src[i];                                                            \
            const int in = what == MYPKG_BELOW ? x < p : what == MYPKG_NOT_ABOVE ? !(p < x) \
                                                                                : ISNUM(x); \
            dst[front] = x;                                                                \
            dst[back - 1] = x;                                                             \
            front += in;                                                                   \
            back -= !in;                                                                   \
        }                                                                                  \
        return front;                                                                      \
    }                                                                                      \
    /* mypkg_select_nb_<sfx>, its splits made out of place: v[lo..hi) copied to tmp is     \
     * split back into v[lo..hi) */                                                        \
    MYPKG_AVX2 static void mypkg_vselect_##sfx(T *v, T *tmp, int64_t lo, int64_t hi,       \
                                               int64_t k)                                  \
    {                                                                                      \
        int64_t budget = 8;                                                                \
        for (int64_t m = hi - lo; m > 1; m >>= 1) budget += 2;                             \
        while (hi - lo > MYPKG_VSELECT_MIN) {                                              \
            if (budget-- == 0) {                                                           \
                mypkg_heapsort_##sfx(v + lo, hi - lo);                                     \
                return;                                                                    \
            }                                                                              \
            const T p = MYPKG_MEDIAN3(v[lo], v[lo + (hi - lo) / 2], v[hi - 1]);            \
            memcpy(tmp, v + lo, (size_t)(hi - lo) * sizeof(T));                            \
            int64_t i = lo + mypkg_vsplit_##sfx(tmp, hi - lo, v + lo, p, MYPKG_BELOW);     \
            if (i == lo) { /* p is the minimum: split off the values equal to it */        \
                i = lo + mypkg_vsplit_##sfx(tmp, hi - lo, v + lo, p, MYPKG_NOT_ABOVE);     \
                if (k < i) return;                                                         \
                lo = i;                                                                    \
            } else if (k < i) {                                                            \
                hi = i;                                                                    \
            } else {                                                                       \
                lo = i;                                                                    \
            }                                                                              \
        }                                                                                  \
        mypkg_select_nb_##sfx(v, tmp, lo, hi, k);                                          \
    }                                                                                      \
    MYPKG_AVX2 static int64_t mypkg_vcopy_##sfx(const char *a, int64_t n, int64_t as, T *dst) \
    {                                                                                      \
        if (as != (int64_t)sizeof(T)) return mypkg_copy_##sfx(a, n, as, dst);              \
        return mypkg_vsplit_##sfx((const T *)(const void *)a, n, dst, 0, MYPKG_NUMBER);    \
    }                                                                                      \
    MYPKG_AVX2 static struct mypkg_split mypkg_vsplit3_##sfx(const char *a, int64_t n,     \
                                                             int64_t as, T *dst, T *mid,   \
                                                             T plo, T phi, int whole)      \
    {                                                                                      \
        enum { W = 32 / sizeof(T) };                                                       \
        struct mypkg_split sp = {0, n, 0};                                                 \
        if (as != (int64_t)sizeof(T))                                                      \
            return mypkg_split3_from_##sfx(a, 0, n, as, dst, mid, plo, phi, whole, sp);    \
        const T *src = (const T *)(const void *)a;                                         \
        const __m256 vlo = MYPKG_SET8_##sfx(plo), vhi = MYPKG_SET8_##sfx(phi);             \
        int64_t i = 0;                                                                     \
        /* the stores at both ends stay clear of each other's values as in vsplit: the gap \
         * between front and back is at least the n - i values left */                     \
        for (; n - i >= 2 * W; i += W) {                                                   \
            const __m256 x = _mm256_loadu_ps((const float *)(src + i));                    \
            const int below = MYPKG_CMP8_##sfx(x, vlo, _CMP_LT_OQ);                        \
            const int above = MYPKG_CMP8_##sfx(x, vhi, _CMP_NLE_UQ);                       \
            const int between = ~(below | above) & 0xff;                                   \
            if (whole) {                                                                   \
                _mm256_storeu_ps((float *)(dst + sp.back - W), mypkg_pack8(x, ~above & 0xff)); \
                _mm256_storeu_ps((float *)(dst + sp.front), mypkg_pack8(x, below));        \
            }                                                                              \
            _mm256_storeu_ps((float *)(mid + sp.nmid), mypkg_pack8(x, between));           \
            sp.front += mypkg_count8_##sfx(below);                                         \
            sp.back -= mypkg_count8_##sfx(above);                                          \
            sp.nmid += mypkg_count8_##sfx(between);                                        \
        }                                                                                  \
        return mypkg_split3_from_##sfx(a, i, n, as, dst, mid, plo, phi, whole, sp);        \
    }                                                                                      \
    MYPKG_MULTISELECT_FN(MYPKG_AVX2, mypkg_multiselect_avx2_##sfx, T, mypkg_vselect_##sfx) \
    MYPKG_PARTITION_LANE_FN(MYPKG_AVX2, mypkg_partition_lane_avx2_##sfx, sfx, T, ISNUM,    \
                            mypkg_vselect_##sfx,                                           \
                            mypkg_vcopy_##sfx, mypkg_vsplit3_##sfx,                        \
                            mypkg_multiselect_avx2_##sfx)

#else /* no AVX2 build: never chosen */

#define DEFINE_MULTISELECT_AVX2(sfx, T, ISNUM)                                             \
    static inline void mypkg_partition_lane_avx2_##sfx(const char *a, int64_t n, int64_t as, \
                                                       T *dst, T *mid, const int64_t *ks,  \
                                                       int64_t nk, int whole)              \
    {                                                                                      \
        mypkg_partition_lane_##sfx(a, n, as, dst, mid, ks, nk, whole);                     \
    }

#endif

#endif /* MYPKG_SELECT_H */
