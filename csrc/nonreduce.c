/* nonreduce.c: ranking, partitioning, filling and replacing (rankdata ... replace), and the
 * quantile reductions, which share partition's selection (select.h) with median.
 *
 * Each kernel is a lane function (plus, for the fills, a block function for lanes along a
 * slow axis), written once per dtype by the macros at the bottom; lanes.c does the walking. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "select.h"


/* A lane function that calls impl with one more (constant) argument. */
#define LANE_WITH(fn, impl, flag) \
    static int fn(LANE_ARGS) { return impl(a, n, as, out, os, ctx, flag); }


/* avx2: whether select.h's AVX2 build may run (decided once per call) */
struct kth_params { const int64_t *kth; int64_t nkth; int avx2; };
struct quantile_params { const double *q; int64_t nq; int64_t qstride; int avx2; };

/* Bytes for `count` elements of `size` bytes plus `extra`, SIZE_MAX if that overflows. */
static size_t bytes_for(int64_t count, size_t size, size_t extra)
{
    if (count < 0 || (uint64_t)count > (SIZE_MAX - extra) / size) return SIZE_MAX;
    return (size_t)count * size + extra;
}

/* ---------------------------------------------------------------------------------------
 * Tiles: lanes along a slow axis (axis 0 of a C array, say) are copied several at a time into
 * contiguous scratch, row by row, processed there by the lane function, and their results
 * copied back row by row; each memory access then uses a whole cache line, not one element
 * of it. The lane function's own scratch comes first, the tiles after it. */

/* Lanes per tile: enough that a row of a tile spans several cache lines (a new page per row
 * is the cost to spread), few enough that long lanes keep the tile small. */
static int64_t tile_lanes(int64_t n) { return n <= 4096 ? 64 : 8; }

static size_t tiled_bytes(size_t lane_bytes, int64_t n, size_t isz, size_t osz)
{
    const size_t tiles = bytes_for(tile_lanes(n) * n, isz + osz, 0);
    lane_bytes = lane_bytes == SIZE_MAX ? SIZE_MAX : (lane_bytes + 7) / 8 * 8;
    return lane_bytes == SIZE_MAX || tiles == SIZE_MAX || tiles > SIZE_MAX - lane_bytes
           ? SIZE_MAX : lane_bytes + tiles;
}

/* Copy g lanes of n elements of `size` bytes (element i of lane j at src + i * ss + j * sl)
 * to dst (at dst + i * ds + j * dl). On the side where a row of the g lanes is contiguous
 * (the array's), rows are far apart: each is prefetched ROWS_AHEAD rows early, else the copy
 * waits for every row's cache lines in turn. */
#define ROWS_AHEAD 16
#define COPY_LANES(U)                                                                         \
    for (int64_t i = 0; i < n; i++) {                                                         \
        if (i + ROWS_AHEAD < n)                                                               \
            for (int64_t b = 0; b < g * (int64_t)size; b += 64) {                             \
                if (sl == (int64_t)size) __builtin_prefetch(src + (i + ROWS_AHEAD) * ss + b); \
                if (dl == (int64_t)size)                                                      \
                    __builtin_prefetch(dst + (i + ROWS_AHEAD) * ds + b, 1);                   \
            }                                                                                 \
        for (int64_t j = 0; j < g; j++)                                                       \
            STORE(U, dst + i * ds + j * dl, LOAD(U, src + i * ss + j * sl));                  \
    }
static void copy_lanes(char *dst, int64_t ds, int64_t dl, const char *src, int64_t ss,
                       int64_t sl, int64_t n, int64_t g, size_t size)
{
    if (size == 8) { COPY_LANES(uint64_t); }
    else { COPY_LANES(uint32_t); }
}

/* osz == 0: a reduction, whose lane function writes straight to out + j * ol. */
static int run_tiled(mypkg_lane_fn lane, size_t lane_bytes, size_t isz, size_t osz, BLOCK_ARGS)
{
    const int64_t tile = tile_lanes(n);
    char *tin = (char *)ctx->scratch + (lane_bytes + 7) / 8 * 8;
    char *tout = tin + (size_t)(tile * n) * isz;
    for (int64_t j0 = 0; j0 < m; j0 += tile) {
        const int64_t g = m - j0 < tile ? m - j0 : tile;
        copy_lanes(tin, (int64_t)isz, n * (int64_t)isz, a + j0 * al, as, al, n, g, isz);
        for (int64_t j = 0; j < g; j++) {
            char *o = osz ? tout + (size_t)(j * n) * osz : out + (j0 + j) * ol;
            const int rc = lane(tin + (size_t)(j * n) * isz, n, (int64_t)isz, o, (int64_t)osz,
                                ctx);
            if (rc != MYPKG_OK) return rc;
        }
        if (osz)
            copy_lanes(out + j0 * ol, os, ol, tout, (int64_t)osz, n * (int64_t)osz, n, g, osz);
    }
    return MYPKG_OK;
}

/* op_block_<sfx> and op_tiled_scratch_<sfx> for the lane function op_lane_<sfx>. */
#define DEFINE_TILED(op, sfx, lane_scratch, isz, osz)                                         \
    static size_t op##_tiled_scratch_##sfx(int64_t n, const void *params)                     \
    {                                                                                         \
        return tiled_bytes(lane_scratch(n, params), n, isz, osz);                             \
    }                                                                                         \
    static int op##_block_##sfx(BLOCK_ARGS)                                                   \
    {                                                                                         \
        return run_tiled(op##_lane_##sfx, lane_scratch(n, ctx->params), isz, osz, a, n, as,   \
                         m, al, out, os, ol, ctx);                                            \
    }

/* ---------------------------------------------------------------------------------------
 * Ranking: the lane's values become unsigned keys in the same order (floats by their bits,
 * -0.0 as 0.0), radix-sorted with their positions; runs of equal keys share their mean rank. */

struct rank_pair { uint64_t key; int64_t idx; };

/* Histograms of every byte of the keys, counted in one pass. */
#define RADIX_HIST_SLOTS (8 * 256)

INLINE uint64_t key_f64(double x)
{
    uint64_t b;
    x = x == 0.0 ? 0.0 : x;
    memcpy(&b, &x, sizeof b);
    return b >> 63 ? ~b : b | (UINT64_C(1) << 63);
}
INLINE uint64_t key_f32(float x)
{
    uint32_t b;
    x = x == 0.0f ? 0.0f : x;
    memcpy(&b, &x, sizeof b);
    return b >> 31 ? (uint32_t)~b : b | (UINT32_C(1) << 31);
}
INLINE uint64_t key_i64(int64_t x) { return (uint64_t)x ^ (UINT64_C(1) << 63); }
INLINE uint64_t key_i32(int32_t x) { return (uint32_t)x ^ (UINT32_C(1) << 31); }
INLINE uint64_t key_u64(uint64_t x) { return x; }

/* Sort p[0..n) by the bytes first..last-1 of key (stable LSD radix sort through tmp, 8-bit
 * digits: 256 buckets stay in cache); returns whichever buffer holds the result. Digits every
 * key shares (the high bytes of 32-bit keys, say) cost no pass. */
static struct rank_pair *radix_pass(struct rank_pair *p, struct rank_pair *tmp, int64_t n,
                                    int64_t *hist, int first, int last)
{
    enum { NB = 256 };
    memset(hist, 0, 8 * NB * sizeof *hist);
    for (int64_t i = 0; i < n; i++) {
        const uint64_t k = p[i].key;
        for (int d = first; d < last; d++) hist[d * NB + (int64_t)((k >> (8 * d)) & 0xff)]++;
    }
    for (int d = first; d < last; d++) {
        int64_t *h = hist + d * NB;
        const int shift = 8 * d;
        if (h[(p[0].key >> shift) & 0xff] == n) continue;
        int64_t sum = 0;
        for (int64_t b = 0; b < NB; b++) {
            const int64_t c = h[b];
            h[b] = sum;
            sum += c;
        }
        for (int64_t i = 0; i < n; i++) tmp[h[(p[i].key >> shift) & 0xff]++] = p[i];
        struct rank_pair *t = p;
        p = tmp;
        tmp = t;
    }
    return p;
}

static void insertion_sort(struct rank_pair *p, int64_t n)
{
    for (int64_t i = 1; i < n; i++) {
        const struct rank_pair x = p[i];
        int64_t j = i;
        for (; j > 0 && p[j - 1].key > x.key; j--) p[j] = p[j - 1];
        p[j] = x;
    }
}

/* Sort p[0..n) by key; returns whichever of p, tmp holds the result. Sorted by the high four
 * bytes first, keys rarely still tie: only runs sharing them are sorted by the low four,
 * which halves the passes over 64-bit keys of random data and costs at most as many again. */
static const struct rank_pair *radix_sort(struct rank_pair *p, struct rank_pair *tmp,
                                          int64_t n, int64_t *hist)
{
    if (n <= 32) {
        insertion_sort(p, n);
        return p;
    }
    struct rank_pair *s = radix_pass(p, tmp, n, hist, 4, 8), *other = s == p ? tmp : p;
    for (int64_t i = 0; i < n;) {
        int64_t j = i + 1;
        while (j < n && s[j].key >> 32 == s[i].key >> 32) j++;
        if (j - i > 32) {
            const struct rank_pair *r = radix_pass(s + i, other + i, j - i, hist, 0, 4);
            if (r != s + i) memcpy(s + i, r, (size_t)(j - i) * sizeof *s);
        } else if (j - i > 1) {
            insertion_sort(s + i, j - i);
        }
        i = j;
    }
    return s;
}

static size_t rank_scratch(int64_t n, const void *params)
{
    (void)params;
    return bytes_for(n, 2 * sizeof(struct rank_pair), RADIX_HIST_SLOTS * sizeof(int64_t));
}

#define DEFINE_RANK(sfx, T, ISNUM)                                                            \
    INLINE int rank_any_##sfx(LANE_ARGS, int skipnan)                                         \
    {                                                                                         \
        int64_t *hist = (int64_t *)ctx->scratch;                                              \
        struct rank_pair *p = (struct rank_pair *)(hist + RADIX_HIST_SLOTS), *tmp = p + n;    \
        int64_t c = 0;                                                                        \
        for (int64_t i = 0; i < n; i++) {                                                     \
            const T x = LOAD(T, a + i * as);                                                  \
            if (ISNUM(x)) {                                                                   \
                p[c].key = key_##sfx(x);                                                      \
                p[c].idx = i;                                                                 \
                c++;                                                                          \
            } else if (skipnan) {                                                             \
                STORE(double, out + i * os, NAN);                                             \
            } else {                                                                          \
                for (int64_t j = 0; j < n; j++) STORE(double, out + j * os, NAN);             \
                return MYPKG_OK;                                                              \
            }                                                                                 \
        }                                                                                     \
        const struct rank_pair *s = radix_sort(p, tmp, c, hist);                              \
        for (int64_t i = 0; i < c;) {                                                         \
            int64_t j = i + 1;                                                                \
            while (j < c && s[j].key == s[i].key) j++;                                        \
            const double rank = 0.5 * (double)(i + j + 1);                                    \
            for (; i < j; i++) STORE(double, out + s[i].idx * os, rank);                      \
        }                                                                                     \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    LANE_WITH(rankdata_lane_##sfx, rank_any_##sfx, 0)                                        \
    LANE_WITH(nanrankdata_lane_##sfx, rank_any_##sfx, 1)                                     \
    DEFINE_TILED(rankdata, sfx, rank_scratch, sizeof(T), sizeof(double))                      \
    DEFINE_TILED(nanrankdata, sfx, rank_scratch, sizeof(T), sizeof(double))                   \
    EXPORT_MAP(rankdata, sfx)                                                                 \
    EXPORT_MAP(nanrankdata, sfx)

#define EXPORT_MAP(op, sfx)                                                                   \
    const struct mypkg_kernel op##_kernel_##sfx = {op##_lane_##sfx, op##_block_##sfx, 0, 0,   \
                                                   op##_tiled_scratch_##sfx};

int map_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
              const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
              int64_t nthreads)
{
    return mypkg_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, NULL, nthreads);
}

/* ---------------------------------------------------------------------------------------
 * Partitioning. A lane is first copied with its NaN moved to the end (NaN sorts last, as in
 * NumPy); the kth positions inside the NaN-free part are selected by select.h. argpartition
 * selects the kth values the same way, then places every position by the interval of kth
 * values its value falls in (below, equal to, between, ... above them), which puts at each kth
 * position an index of its value with nothing greater before it and nothing smaller after. */

/* kth must be strictly ascending and inside the lane (for every lane: they share a length). */
static int check_kth(const int64_t *shape, int64_t ndim, int64_t axis, const int64_t *kth,
                     int64_t nkth)
{
    if (!shape || ndim < 1 || ndim > MYPKG_MAXDIMS || axis < 0 || axis >= ndim || nkth < 0 ||
        (nkth > 0 && !kth))
        return MYPKG_EINVAL;
    for (int64_t j = 0; j < nkth; j++)
        if (kth[j] < 0 || kth[j] >= shape[axis] || (j > 0 && kth[j] <= kth[j - 1]))
            return MYPKG_EINVAL;
    return MYPKG_OK;
}

/* Scratch: two value copies of the lane; argpartition adds a table of bucket starts
 * (2 nkth + 2 slots), first for its alignment. */
#define DEFINE_KTH_SCRATCH(sfx, T)                                                            \
    static size_t partition_scratch_##sfx(int64_t n, const void *params)                      \
    {                                                                                         \
        (void)params;                                                                         \
        return bytes_for(n, 2 * sizeof(T), 0);                                                \
    }                                                                                         \
    static size_t argpartition_scratch_##sfx(int64_t n, const void *params)                   \
    {                                                                                         \
        const struct kth_params *kp = (const struct kth_params *)params;                      \
        const size_t tables = bytes_for(2 * kp->nkth + 2, sizeof(int64_t), 0);                \
        const size_t lane = bytes_for(n, 2 * sizeof(T), 0);                                   \
        return tables == SIZE_MAX || lane > SIZE_MAX - tables ? SIZE_MAX : tables + lane;     \
    }

/* select_lane_<sfx>: select.h's partition_lane, its AVX2 build where the dtype has one (VEC
 * AVX2) and the call allows it. */
#define SELECT_LANE_AVX2(sfx, T, ISNUM)                                                       \
    DEFINE_MULTISELECT_AVX2(sfx, T, ISNUM)                                                    \
    INLINE void select_lane_##sfx(int avx2, const char *a, int64_t n, int64_t as, T *dst,     \
                                  T *mid, const int64_t *ks, int64_t nk, int whole)          \
    {                                                                                         \
        if (avx2) mypkg_partition_lane_avx2_##sfx(a, n, as, dst, mid, ks, nk, whole);        \
        else mypkg_partition_lane_##sfx(a, n, as, dst, mid, ks, nk, whole);                  \
    }
#define SELECT_LANE_PORTABLE(sfx, T, ISNUM)                                                   \
    INLINE void select_lane_##sfx(int avx2, const char *a, int64_t n, int64_t as, T *dst,     \
                                  T *mid, const int64_t *ks, int64_t nk, int whole)          \
    {                                                                                         \
        (void)avx2;                                                                           \
        mypkg_partition_lane_##sfx(a, n, as, dst, mid, ks, nk, whole);                       \
    }

#define DEFINE_PARTITION(sfx, T, ISNUM, VEC)                                                  \
    DEFINE_SELECT(sfx, T)                                                                     \
    DEFINE_MULTISELECT(sfx, T, ISNUM)                                                         \
    SELECT_LANE_##VEC(sfx, T, ISNUM)                                                          \
    DEFINE_KTH_SCRATCH(sfx, T)                                                                \
    static int partition_lane_##sfx(LANE_ARGS)                                                \
    {                                                                                         \
        T *tmp = (T *)ctx->scratch;                                                           \
        const int direct = os == (int64_t)sizeof(T);                                          \
        T *dst = direct ? (T *)(void *)out : tmp + n;                                         \
        const struct kth_params *kp = (const struct kth_params *)ctx->params;                 \
        select_lane_##sfx(kp->avx2, a, n, as, dst, tmp, kp->kth, kp->nkth, 1);                \
        if (!direct)                                                                          \
            for (int64_t i = 0; i < n; i++) STORE(T, out + i * os, dst[i]);                   \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    /* Bucket of x among the distinct kth values u[0..m): 2r for values strictly between      \
     * u[r-1] and u[r], 2r + 1 for values equal to u[r], 2m + 1 for NaN. Few kth values are   \
     * counted branch-free, many searched by bisection. */                                    \
    INLINE int64_t bucket_##sfx(T x, const T *u, int64_t m)                                   \
    {                                                                                         \
        int64_t lo = 0;                                                                       \
        if (m <= 8) {                                                                         \
            for (int64_t r = 0; r < m; r++) lo += u[r] < x;                                   \
        } else {                                                                              \
            int64_t hi = m;                                                                   \
            while (lo < hi) {                                                                 \
                const int64_t mid = lo + (hi - lo) / 2;                                       \
                if (u[mid] < x) lo = mid + 1;                                                 \
                else hi = mid;                                                                \
            }                                                                                 \
        }                                                                                     \
        return ISNUM(x) ? 2 * lo + (lo < m && !(x < u[lo])) : 2 * m + 1;                      \
    }                                                                                         \
    /* The buckets of a single kth value u, with the write positions kept in registers. */    \
    INLINE void argpartition_one_##sfx(const char *a, int64_t n, int64_t as, char *out,       \
                                       int64_t os, T u)                                       \
    {                                                                                         \
        int64_t nlt = 0, neq = 0, nnum = 0;                                                   \
        for (int64_t i = 0; i < n; i++) {                                                     \
            const T x = LOAD(T, a + i * as);                                                  \
            nlt += x < u;                                                                     \
            neq += x == u;                                                                    \
            nnum += ISNUM(x);                                                                 \
        }                                                                                     \
        int64_t plt = 0, peq = nlt, pgt = nlt + neq, pnan = nnum;                             \
        for (int64_t i = 0; i < n; i++) {                                                     \
            const T x = LOAD(T, a + i * as);                                                  \
            const int lt = x < u, eq = x == u, num = ISNUM(x), gt = num & !(lt | eq);         \
            /* masks, not ?: chains, which compile to branches mispredicted half the time */  \
            const int64_t pos = (plt & -(int64_t)lt) | (peq & -(int64_t)eq) |                 \
                                (pgt & -(int64_t)gt) | (pnan & -(int64_t)!num);               \
            STORE(int64_t, out + pos * os, i);                                                \
            plt += lt;                                                                        \
            peq += eq;                                                                        \
            pgt += gt;                                                                        \
            pnan += !num;                                                                     \
        }                                                                                     \
    }                                                                                         \
    static int argpartition_lane_##sfx(LANE_ARGS)                                             \
    {                                                                                         \
        const struct kth_params *kp = (const struct kth_params *)ctx->params;                 \
        int64_t *start = (int64_t *)ctx->scratch;                                             \
        T *tmp = (T *)(void *)(start + 2 * kp->nkth + 2), *dst = tmp + n;                     \
        select_lane_##sfx(kp->avx2, a, n, as, dst, tmp, kp->kth, kp->nkth, 0);                \
        /* the distinct non-NaN kth values, ascending (tmp is free again) */                  \
        int64_t m = 0;                                                                        \
        for (int64_t j = 0; j < kp->nkth; j++) {                                              \
            const T x = dst[kp->kth[j]];                                                      \
            if (ISNUM(x) && (m == 0 || tmp[m - 1] < x)) tmp[m++] = x;                         \
        }                                                                                     \
        if (m == 1) {                                                                         \
            argpartition_one_##sfx(a, n, as, out, os, tmp[0]);                                \
            return MYPKG_OK;                                                                  \
        }                                                                                     \
        const int64_t nb = 2 * m + 2;                                                         \
        memset(start, 0, (size_t)nb * sizeof *start);                                         \
        for (int64_t i = 0; i < n; i++) start[bucket_##sfx(LOAD(T, a + i * as), tmp, m)]++;   \
        int64_t sum = 0;                                                                      \
        for (int64_t b = 0; b < nb; b++) {                                                    \
            const int64_t c = start[b];                                                       \
            start[b] = sum;                                                                   \
            sum += c;                                                                         \
        }                                                                                     \
        for (int64_t i = 0; i < n; i++)                                                       \
            STORE(int64_t, out + start[bucket_##sfx(LOAD(T, a + i * as), tmp, m)]++ * os, i); \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    DEFINE_TILED(partition, sfx, partition_scratch_##sfx, sizeof(T), sizeof(T))               \
    DEFINE_TILED(argpartition, sfx, argpartition_scratch_##sfx, sizeof(T), sizeof(int64_t))   \
    EXPORT_KTH(partition, sfx)                                                                \
    EXPORT_KTH(argpartition, sfx)

#define EXPORT_KTH(op, sfx)                                                                   \
    const struct mypkg_kernel op##_kernel_##sfx = {op##_lane_##sfx, op##_block_##sfx, 0, 0,   \
                                                   op##_tiled_scratch_##sfx};

int kth_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
              const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
              const int64_t *kth, int64_t nkth, int64_t nthreads)
{
    const int rc = check_kth(shape, ndim, axis, kth, nkth);
    if (rc != MYPKG_OK) return rc;
    const struct kth_params kp = {kth, nkth, mypkg_have_avx2()};
    return mypkg_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, &kp, nthreads);
}

/* ---------------------------------------------------------------------------------------
 * Quantiles: the lane's non-NaN values are copied and the two neighbours of every q's
 * position (q * (count - 1)) selected at once, then interpolated exactly as NumPy's
 * default ("linear") method does, quirks included (see quantile_of). */

/* NumPy's _lerp: a + (b - a) * t, computed from b's side when t >= 0.5. */
INLINE double lerp(double a, double b, double t)
{
    const double d = b - a;
    return t >= 0.5 ? b - d * (1.0 - t) : a + d * t;
}

/* The positions whose values the quantile q of cnt > 0 sorted values interpolates, and the
 * weight of the upper one. At or past the last position NumPy takes index -1 for both and
 * then weighs them by h - (-1), which a difference of infinities turns into NaN: kept. */
INLINE double quantile_positions(double q, int64_t cnt, int64_t *lo, int64_t *hi)
{
    const double h = (double)(cnt - 1) * q;
    if (h >= (double)(cnt - 1)) {
        *lo = *hi = cnt - 1;
        return h + 1.0;
    }
    *lo = (int64_t)floor(h);
    *hi = *lo + 1;
    return h - (double)*lo;
}

static int cmp_int64(const void *x, const void *y)
{
    const int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* Scratch: 4 positions per q (the pairs, then their sorted distinct copy), two lane copies. */
#define DEFINE_QUANTILES(sfx, T, FOUT, ISNUM)                                                 \
    static size_t quantile_scratch_##sfx(int64_t n, const void *params)                       \
    {                                                                                         \
        const struct quantile_params *qp = (const struct quantile_params *)params;            \
        const size_t pos = bytes_for(4 * qp->nq, sizeof(int64_t), 0);                         \
        const size_t lane = bytes_for(n, 2 * sizeof(T), 0);                                   \
        return pos == SIZE_MAX || lane > SIZE_MAX - pos ? SIZE_MAX : pos + lane;              \
    }                                                                                         \
    INLINE int quantile_any_##sfx(LANE_ARGS, int skipnan)                                     \
    {                                                                                         \
        (void)os;                                                                             \
        const struct quantile_params *qp = (const struct quantile_params *)ctx->params;       \
        int64_t *pairs = (int64_t *)ctx->scratch, *ks = pairs + 2 * qp->nq;                   \
        T *v = (T *)(void *)(ks + 2 * qp->nq), *dst = v + n;                                  \
        int64_t cnt = 0;                                                                      \
        for (int64_t i = 0; i < n; i++) cnt += ISNUM(LOAD(T, a + i * as));                    \
        if (cnt == 0 || (!skipnan && cnt < n)) {                                              \
            for (int64_t j = 0; j < qp->nq; j++) STORE(FOUT, out + j * qp->qstride, (FOUT)NAN); \
            return MYPKG_OK;                                                                  \
        }                                                                                     \
        for (int64_t j = 0; j < qp->nq; j++) {                                                \
            quantile_positions(qp->q[j], cnt, &pairs[2 * j], &pairs[2 * j + 1]);              \
            ks[2 * j] = pairs[2 * j];                                                         \
            ks[2 * j + 1] = pairs[2 * j + 1];                                                 \
        }                                                                                     \
        qsort(ks, (size_t)(2 * qp->nq), sizeof *ks, cmp_int64);                               \
        int64_t nk = 0;                                                                       \
        for (int64_t j = 0; j < 2 * qp->nq; j++)                                              \
            if (nk == 0 || ks[j] != ks[nk - 1]) ks[nk++] = ks[j];                             \
        select_lane_##sfx(qp->avx2, a, n, as, dst, v, ks, nk, 0);                             \
        for (int64_t j = 0; j < qp->nq; j++) {                                                \
            int64_t lo, hi;                                                                   \
            const double t = quantile_positions(qp->q[j], cnt, &lo, &hi);                     \
            STORE(FOUT, out + j * qp->qstride, (FOUT)lerp((double)dst[lo], (double)dst[hi], t)); \
        }                                                                                     \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    LANE_WITH(quantile_lane_##sfx, quantile_any_##sfx, 0)                                    \
    LANE_WITH(nanquantile_lane_##sfx, quantile_any_##sfx, 1)                                 \
    DEFINE_TILED(quantile, sfx, quantile_scratch_##sfx, sizeof(T), 0)                         \
    DEFINE_TILED(nanquantile, sfx, quantile_scratch_##sfx, sizeof(T), 0)                      \
    EXPORT_QUANTILE(quantile, sfx)                                                            \
    EXPORT_QUANTILE(nanquantile, sfx)

#define EXPORT_QUANTILE(op, sfx)                                                              \
    const struct mypkg_kernel op##_kernel_##sfx = {op##_lane_##sfx, op##_block_##sfx, 1, 0,   \
                                                   op##_tiled_scratch_##sfx};

int quantile_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
                   const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
                   const double *q, int64_t nq, int64_t qstride, int64_t nthreads)
{
    if (nq < 0 || (nq > 0 && !q)) return MYPKG_EINVAL;
    for (int64_t j = 0; j < nq; j++)
        if (!(q[j] >= 0.0 && q[j] <= 1.0)) return MYPKG_EINVAL;
    const struct quantile_params qp = {q, nq, qstride, mypkg_have_avx2()};
    return mypkg_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, &qp, nthreads);
}

/* ---------------------------------------------------------------------------------------
 * Filling: push carries the last non-NaN value forward over at most `limit` consecutive NaN;
 * bfill is push run backwards (the same loops on reversed pointers and strides). */

#define DEFINE_FILLS(sfx, T, ISNUM)                                                           \
    INLINE void fill_lane_##sfx(const char *a, int64_t n, int64_t as, char *out, int64_t os,  \
                                int64_t limit)                                                \
    {                                                                                         \
        if (limit >= n) { /* no run can be too long: no counting */                           \
            T last = n ? LOAD(T, a) : 0;                                                      \
            for (int64_t i = 0; i < n; i++) {                                                 \
                const T x = LOAD(T, a + i * as);                                              \
                last = ISNUM(x) ? x : last;                                                   \
                STORE(T, out + i * os, last);                                                 \
            }                                                                                 \
            return;                                                                           \
        }                                                                                     \
        T last = 0;                                                                           \
        int64_t gap = limit + 1; /* NaN since the last value: none seen yet means too many */ \
        for (int64_t i = 0; i < n; i++) {                                                     \
            const T x = LOAD(T, a + i * as);                                                  \
            const int num = ISNUM(x);                                                         \
            gap = num ? 0 : gap + (gap <= limit);                                             \
            last = num ? x : last;                                                            \
            STORE(T, out + i * os, gap <= limit ? last : x);                                  \
        }                                                                                     \
    }                                                                                         \
    /* one row of a block of contiguous lanes, unlimited fill: vectorizes */                  \
    INLINE void push_row_##sfx(const T *restrict x, T *restrict o, T *restrict last, int64_t m) \
    {                                                                                         \
        for (int64_t j = 0; j < m; j++) {                                                     \
            last[j] = ISNUM(x[j]) ? x[j] : last[j];                                           \
            o[j] = last[j];                                                                   \
        }                                                                                     \
    }                                                                                         \
    INLINE void fill_block_##sfx(const char *a, int64_t n, int64_t as, int64_t m, int64_t al, \
                                 char *out, int64_t os, int64_t ol, int64_t limit)            \
    {                                                                                         \
        T last[MYPKG_BLOCK];                                                                  \
        int64_t gap[MYPKG_BLOCK];                                                             \
        if (limit >= n) {                                                                     \
            for (int64_t j = 0; j < m; j++) last[j] = LOAD(T, a + j * al);                    \
            if (al == (int64_t)sizeof(T) && ol == (int64_t)sizeof(T)) {                       \
                for (int64_t i = 0; i < n; i++)                                               \
                    push_row_##sfx((const T *)(const void *)(a + i * as),                     \
                                   (T *)(void *)(out + i * os), last, m);                     \
                return;                                                                       \
            }                                                                                 \
            for (int64_t i = 0; i < n; i++) {                                                 \
                const char *row = a + i * as;                                                 \
                char *orow = out + i * os;                                                    \
                for (int64_t j = 0; j < m; j++) {                                             \
                    const T x = LOAD(T, row + j * al);                                        \
                    last[j] = ISNUM(x) ? x : last[j];                                         \
                    STORE(T, orow + j * ol, last[j]);                                         \
                }                                                                             \
            }                                                                                 \
            return;                                                                           \
        }                                                                                     \
        for (int64_t j = 0; j < m; j++) { last[j] = 0; gap[j] = limit + 1; }                  \
        for (int64_t i = 0; i < n; i++) {                                                     \
            const char *row = a + i * as;                                                     \
            char *orow = out + i * os;                                                        \
            for (int64_t j = 0; j < m; j++) {                                                 \
                const T x = LOAD(T, row + j * al);                                            \
                const int num = ISNUM(x);                                                     \
                gap[j] = num ? 0 : gap[j] + (gap[j] <= limit);                                \
                last[j] = num ? x : last[j];                                                  \
                STORE(T, orow + j * ol, gap[j] <= limit ? last[j] : x);                       \
            }                                                                                 \
        }                                                                                     \
    }                                                                                         \
    static int push_lane_##sfx(LANE_ARGS)                                                     \
    {                                                                                         \
        fill_lane_##sfx(a, n, as, out, os, *(const int64_t *)ctx->params);                    \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int bfill_lane_##sfx(LANE_ARGS)                                                    \
    {                                                                                         \
        fill_lane_##sfx(a + (n - 1) * as, n, -as, out + (n - 1) * os, -os,                    \
                        *(const int64_t *)ctx->params);                                       \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int push_block_##sfx(BLOCK_ARGS)                                                   \
    {                                                                                         \
        fill_block_##sfx(a, n, as, m, al, out, os, ol, *(const int64_t *)ctx->params);        \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int bfill_block_##sfx(BLOCK_ARGS)                                                  \
    {                                                                                         \
        fill_block_##sfx(a + (n - 1) * as, n, -as, m, al, out + (n - 1) * os, -os, ol,        \
                         *(const int64_t *)ctx->params);                                      \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    EXPORT_FILL(push, sfx)                                                                    \
    EXPORT_FILL(bfill, sfx)

/* The limit is kept below INT64_MAX so that gap counters never overflow. */
#define EXPORT_FILL(op, sfx)                                                                  \
    const struct mypkg_kernel op##_kernel_##sfx = {op##_lane_##sfx, op##_block_##sfx, 0, 0, NULL};

int fill_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
               const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
               int64_t limit, int64_t nthreads)
{
    const int64_t lim = limit < 0 || limit == INT64_MAX ? INT64_MAX - 1 : limit;
    return mypkg_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, &lim, nthreads);
}

/* ---------------------------------------------------------------------------------------
 * Replacing, in place. A contiguous lane is rewritten whole (with itself where it does not
 * match): a compare and blend per vector, no branch to mispredict, and faster than storing only
 * the matches even when few match; with AVX2 (chosen once per call) twice as wide. Strided
 * lanes are written only where they match. */

struct replace_params { const void *old_new; int avx2; };

#define REPLACE_CONTIGUOUS(sfx, T, ISNUM, ATTR, name)                                         \
    ATTR static void name(T *v, int64_t n, T old, T new)                                      \
    {                                                                                         \
        if (!ISNUM(old))                                                                      \
            for (int64_t i = 0; i < n; i++) v[i] = ISNUM(v[i]) ? v[i] : new;                  \
        else                                                                                  \
            for (int64_t i = 0; i < n; i++) v[i] = v[i] == old ? new : v[i];                  \
    }

#define DEFINE_REPLACE(sfx, T, ISNUM)                                                         \
    REPLACE_CONTIGUOUS(sfx, T, ISNUM, , replace_contiguous_##sfx)                             \
    REPLACE_CONTIGUOUS(sfx, T, ISNUM, MYPKG_AVX2, replace_contiguous_avx2_##sfx)              \
    static int replace_lane_##sfx(LANE_ARGS)                                                  \
    {                                                                                         \
        (void)a; /* the same lane as out */                                                   \
        (void)as;                                                                             \
        const struct replace_params *rp = (const struct replace_params *)ctx->params;         \
        const T *old_new = (const T *)rp->old_new, old = old_new[0], new = old_new[1];        \
        if (os == (int64_t)sizeof(T)) {                                                       \
            if (rp->avx2) replace_contiguous_avx2_##sfx((T *)(void *)out, n, old, new);       \
            else replace_contiguous_##sfx((T *)(void *)out, n, old, new);                     \
            return MYPKG_OK;                                                                  \
        }                                                                                     \
        const int nan_old = !ISNUM(old);                                                      \
        for (int64_t i = 0; i < n; i++) {                                                     \
            const T x = LOAD(T, out + i * os);                                                \
            if (nan_old ? !ISNUM(x) : x == old) STORE(T, out + i * os, new);                  \
        }                                                                                     \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    const struct mypkg_kernel replace_kernel_##sfx = {replace_lane_##sfx, NULL, 0, 0, NULL};

/* median / nanmedian: count the lane's numbers (median gives up at its first NaN), then let
 * select.h's partition_lane split a copy around sampled pivots and select the one or two
 * middle positions only. An even count averages the two middle values in double, as
 * np.median's mean does. */
#define DEFINE_MEDIANS(sfx, T, FOUT, ISNUM)                                                   \
    INLINE int median_any_##sfx(LANE_ARGS, int skipnan)                                       \
    {                                                                                         \
        (void)os;                                                                             \
        int64_t cnt = 0;                                                                      \
        if (skipnan) {                                                                        \
            for (int64_t i = 0; i < n; i++) cnt += ISNUM(LOAD(T, a + i * as));                \
        } else {                                                                              \
            while (cnt < n && ISNUM(LOAD(T, a + cnt * as))) cnt++;                            \
            if (cnt < n) cnt = 0; /* a NaN: the median is NaN */                              \
        }                                                                                     \
        if (cnt == 0) {                                                                       \
            STORE(FOUT, out, (FOUT)NAN);                                                      \
            return MYPKG_OK;                                                                  \
        }                                                                                     \
        T *dst = (T *)ctx->scratch, *mid = dst + n;                                           \
        const int64_t ks[2] = {(cnt - 1) / 2, cnt / 2};                                       \
        mypkg_partition_lane_##sfx(a, n, as, dst, mid, ks, ks[0] == ks[1] ? 1 : 2, 0);        \
        STORE(FOUT, out, (FOUT)(((double)dst[ks[0]] + (double)dst[ks[1]]) / 2.0));            \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int median_lane_##sfx(LANE_ARGS) { return median_any_##sfx(a, n, as, out, os, ctx, 0); } \
    static int nanmedian_lane_##sfx(LANE_ARGS) { return median_any_##sfx(a, n, as, out, os, ctx, 1); } \
    static size_t median_scratch_##sfx(int64_t n, const void *params)                        \
    {                                                                                         \
        (void)params;                                                                         \
        return (uint64_t)n > SIZE_MAX / (2 * sizeof(T)) ? SIZE_MAX : (size_t)n * 2 * sizeof(T); \
    }                                                                                         \
    const struct mypkg_kernel median_kernel_##sfx = {median_lane_##sfx, NULL, 1, 0,          \
                                                     median_scratch_##sfx};                   \
    const struct mypkg_kernel nanmedian_kernel_##sfx = {nanmedian_lane_##sfx, NULL, 1, 0,    \
                                                        median_scratch_##sfx};

int replace_entry(const struct mypkg_kernel *k, void *a, int64_t ndim, const int64_t *shape,
                  const int64_t *strides, int64_t axis, const void *old_new, int64_t nthreads)
{
    if (!old_new) return MYPKG_EINVAL;
    const struct replace_params rp = {old_new, mypkg_have_avx2()};
    return mypkg_run_lanes(k, a, ndim, shape, strides, a, strides, axis, &rp, nthreads);
}

#define DEFINE_NONREDUCE(sfx, T, FOUT, ISNUM, VEC)                                            \
    DEFINE_RANK(sfx, T, ISNUM)                                                                \
    DEFINE_PARTITION(sfx, T, ISNUM, VEC)                                                      \
    DEFINE_QUANTILES(sfx, T, FOUT, ISNUM)                                                     \
    DEFINE_MEDIANS(sfx, T, FOUT, ISNUM)                                                       \
    DEFINE_FILLS(sfx, T, ISNUM)                                                               \
    DEFINE_REPLACE(sfx, T, ISNUM)

/* VEC: AVX2 if select.h has an AVX2 build for the dtype, PORTABLE otherwise */
/*               sfx  T         FOUT    ISNUM      VEC */
DEFINE_NONREDUCE(f64, double,   double, FLT_ISNUM, AVX2)
DEFINE_NONREDUCE(f32, float,    float,  FLT_ISNUM, AVX2)
DEFINE_NONREDUCE(i64, int64_t,  double, INT_ISNUM, PORTABLE)
DEFINE_NONREDUCE(i32, int32_t,  double, INT_ISNUM, PORTABLE)
DEFINE_NONREDUCE(u64, uint64_t, double, INT_ISNUM, PORTABLE)
