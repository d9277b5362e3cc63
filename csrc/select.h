/* select.h: k-th element selection (introselect) over a scratch array, generated per dtype.
 * Shared by every kernel that needs order statistics (median, quantiles, partition).
 * Values must not contain NaN: callers filter or short-circuit NaN first. */
#ifndef MYPKG_SELECT_H
#define MYPKG_SELECT_H

#include <math.h>
#include <stdint.h>
#include <string.h>

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
            const T x = v[lo], y = v[lo + (hi - lo) / 2], z = v[hi];                       \
            const T p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y)); \
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
 *   static void mypkg_multiselect_<sfx>(T *v, int64_t lo, int64_t hi, const int64_t *ks,
 *                                       int64_t nk)
 * which does for every position of ks (nk ascending distinct positions in [lo, hi)) what
 * mypkg_select_<sfx> does for one, within v[lo..hi) (no NaN there): NumPy's partition with a
 * kth sequence. The middle position is selected first, then each side: O(n log nk) expected.
 * Each selection splits branch-free (Lomuto's scheme with unconditional swaps: nothing to
 * mispredict on random data), with the same median-of-three pivot and heapsort guard as
 * mypkg_select_<sfx>, which finishes the last few elements; and
 *   static void mypkg_partition_lane_<sfx>(const char *a, int64_t n, int64_t as, T *dst,
 *                                          T *mid, const int64_t *ks, int64_t nk, int whole)
 * which copies the lane of n values at a, a + as, ... (byte stride) into dst with its NaN
 * (!ISNUM) at the end, partitioned at every position of ks (ascending, distinct, < n); mid is
 * scratch for n values. If `whole` is 0 only dst[k] for k in ks is sure to be written (which
 * spares the memory traffic of the rest when only those values are wanted). Long lanes first
 * take two pivots from an evenly spaced sample, bracketing the wanted positions (as Floyd and
 * Rivest do), and are split around them while being copied, in one branch-free pass;
 * selection then runs on the few values between the pivots. A bad sample costs time, never
 * correctness: the split is a valid partition whatever the pivots. */
#define MYPKG_SAMPLE_MIN 512
#define MYPKG_SAMPLE_RUN 8
#define DEFINE_MULTISELECT(sfx, T, ISNUM)                                                  \
    enum { MYPKG_BELOW_##sfx, MYPKG_NOT_ABOVE_##sfx, MYPKG_NUMBER_##sfx };                 \
    /* v[lo..hi) split into the values meeting `what` (below p, not above p, not NaN), then \
     * the rest; returns where the rest starts */                                          \
    static inline int64_t mypkg_split_##sfx(T *v, int64_t lo, int64_t hi, T p, int what)   \
    {                                                                                      \
        int64_t i = lo;                                                                    \
        for (int64_t j = lo; j < hi; j++) {                                                \
            const T x = v[j];                                                              \
            v[j] = v[i];                                                                   \
            v[i] = x;                                                                      \
            i += what == MYPKG_BELOW_##sfx ? x < p                                         \
                 : what == MYPKG_NOT_ABOVE_##sfx ? !(p < x) : ISNUM(x);                    \
        }                                                                                  \
        return i;                                                                          \
    }                                                                                      \
    static void mypkg_select_nb_##sfx(T *v, int64_t lo, int64_t hi, int64_t k)            \
    {                                                                                      \
        int64_t budget = 8;                                                                \
        for (int64_t m = hi - lo; m > 1; m >>= 1) budget += 2;                             \
        while (hi - lo > 16) {                                                             \
            if (budget-- == 0) {                                                           \
                mypkg_heapsort_##sfx(v + lo, hi - lo);                                     \
                return;                                                                    \
            }                                                                              \
            const T x = v[lo], y = v[lo + (hi - lo) / 2], z = v[hi - 1];                   \
            const T p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y)); \
            int64_t i = mypkg_split_##sfx(v, lo, hi, p, MYPKG_BELOW_##sfx);                \
            if (i == lo) { /* p is the minimum: split off the values equal to it */        \
                i = mypkg_split_##sfx(v, lo, hi, p, MYPKG_NOT_ABOVE_##sfx);                \
                if (k < i) return;                                                         \
                lo = i;                                                                    \
            } else if (k < i) {                                                            \
                hi = i;                                                                    \
            } else {                                                                       \
                lo = i;                                                                    \
            }                                                                              \
        }                                                                                  \
        if (hi - lo > 1) mypkg_select_##sfx(v + lo, hi - lo, k - lo);                     \
    }                                                                                      \
    static void mypkg_multiselect_##sfx(T *v, int64_t lo, int64_t hi, const int64_t *ks,   \
                                        int64_t nk)                                        \
    {                                                                                      \
        while (nk > 0) {                                                                   \
            const int64_t m = nk / 2, k = ks[m];                                           \
            mypkg_select_nb_##sfx(v, lo, hi, k);                                           \
            mypkg_multiselect_##sfx(v, lo, k, ks, m);                                      \
            lo = k + 1;                                                                    \
            ks += m + 1;                                                                   \
            nk -= m + 1;                                                                   \
        }                                                                                  \
    }                                                                                      \
    /* The sample ranks of two pivots bracketing ks, or 0, 0 if a split would not pay.     \
     * The sample holds about s/n of the lane's values, NaN or not, so position k is near  \
     * sample rank k * s / n; two standard deviations of margin either side. */            \
    static inline void mypkg_pivot_ranks_##sfx(int64_t n, int64_t s, int64_t ns,           \
                                               const int64_t *ks, int64_t nk, int64_t *slo, \
                                               int64_t *shi)                               \
    {                                                                                      \
        const int64_t delta = (int64_t)sqrt((double)s) + 1;                                \
        int64_t lo = (int64_t)((double)ks[0] / (double)n * (double)s) - delta;             \
        int64_t hi = (int64_t)((double)ks[nk - 1] / (double)n * (double)s) + delta;        \
        lo = lo < 0 ? 0 : lo;                                                              \
        hi = hi > ns - 1 ? ns - 1 : hi;                                                    \
        if (hi - lo < 1 || hi - lo >= ns / 2) lo = hi = 0;                                 \
        *slo = lo;                                                                         \
        *shi = hi;                                                                         \
    }                                                                                      \
    static void mypkg_partition_lane_##sfx(const char *a, int64_t n, int64_t as, T *dst,  \
                                           T *mid, const int64_t *ks, int64_t nk, int whole) \
    {                                                                                      \
        /* s values in runs of MYPKG_SAMPLE_RUN neighbours: fewer cache lines to wait for */ \
        const int64_t s = 2 * (int64_t)sqrt((double)n) / MYPKG_SAMPLE_RUN * MYPKG_SAMPLE_RUN; \
        const int64_t step = n >= MYPKG_SAMPLE_MIN ? n / (s / MYPKG_SAMPLE_RUN) : 0;       \
        int64_t ns = 0, slo = 0, shi = 0;                                                  \
        if (nk > 0 && n >= MYPKG_SAMPLE_MIN) {                                             \
            /* a short contiguous lane is fetched whole at once: the sample would otherwise \
             * wait for its cache lines one run at a time */                                \
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
            if (ns >= 16) mypkg_pivot_ranks_##sfx(n, s, ns, ks, nk, &slo, &shi);           \
        }                                                                                  \
        int64_t front = 0, back = n - 1, nmid = 0;                                         \
        if (slo == shi) { /* a plain copy, NaN to the back */                              \
            for (int64_t i = 0; i < n; i++) {                                              \
                T x;                                                                       \
                memcpy(&x, a + i * as, sizeof x);                                          \
                const int num = ISNUM(x);                                                  \
                dst[front] = x;                                                            \
                dst[back] = x;                                                             \
                front += num;                                                              \
                back -= !num;                                                              \
            }                                                                              \
            int64_t nv = 0;                                                                \
            while (nv < nk && ks[nv] < front) nv++;                                        \
            mypkg_multiselect_##sfx(dst, 0, front, ks, nv);                                \
            return;                                                                        \
        }                                                                                  \
        mypkg_select_nb_##sfx(dst, 0, ns, slo);                                            \
        mypkg_select_nb_##sfx(dst, slo, ns, shi);                                          \
        const T plo = dst[slo], phi = dst[shi];                                            \
        /* below plo to the front of dst, above phi and NaN to its back, the rest to mid;  \
         * each value is also written into the gap, which the copy of mid overwrites. Not  \
         * whole: front and back are only counted, and if a wanted position falls there    \
         * (an unlucky sample) the lane is done again, whole. */                           \
        int64_t nnan = 0;                                                                  \
        for (int64_t i = 0; i < n; i++) {                                                  \
            T x;                                                                           \
            memcpy(&x, a + i * as, sizeof x);                                              \
            const int below = x < plo, above = !(x <= phi);                                \
            if (whole) {                                                                   \
                dst[front] = x;                                                            \
                dst[back] = x;                                                             \
            }                                                                              \
            mid[nmid] = x;                                                                 \
            front += below;                                                                \
            back -= above;                                                                 \
            nmid += !(below | above);                                                      \
            nnan += !ISNUM(x);                                                             \
        }                                                                                  \
        const int64_t upper = front + nmid, count = n - nnan;                              \
        if (!whole && (ks[0] < front || ks[nk - 1] >= upper)) {                            \
            mypkg_partition_lane_##sfx(a, n, as, dst, mid, ks, nk, 1);                     \
            return;                                                                        \
        }                                                                                  \
        memcpy(dst + front, mid, (size_t)nmid * sizeof(T));                                \
        int64_t i1 = 0, i2, i3;                                                            \
        while (i1 < nk && ks[i1] < front) i1++;                                            \
        for (i2 = i1; i2 < nk && ks[i2] < upper; i2++) {}                                  \
        for (i3 = i2; i3 < nk && ks[i3] < count; i3++) {}                                  \
        if (nnan > 0 && i2 < nk) mypkg_split_##sfx(dst, upper, n, plo, MYPKG_NUMBER_##sfx); \
        mypkg_multiselect_##sfx(dst, 0, front, ks, i1);                                    \
        mypkg_multiselect_##sfx(dst, front, upper, ks + i1, i2 - i1);                      \
        mypkg_multiselect_##sfx(dst, upper, count, ks + i2, i3 - i2);                      \
    }

#endif /* MYPKG_SELECT_H */
