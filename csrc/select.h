/* select.h: k-th element selection (introselect) over a scratch array, generated per dtype.
 * Shared by every kernel that needs order statistics (median, quantiles, partition).
 * Values must not contain NaN: callers filter or short-circuit NaN first. */
#ifndef MYPKG_SELECT_H
#define MYPKG_SELECT_H

#include <stdint.h>

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

#endif /* MYPKG_SELECT_H */
