/* nonreduce.c: ranking, partitioning, filling and replacing (rankdata ... replace), and the
 * order-statistic reductions (quantile, median), which share partition's selection (select.h).
 *
 * Each kernel is written once as a lane function (plus, for lanes along a slow axis, a block
 * function) over a constant `enum dt t` that always_inline folds away; a few lines of glue per
 * kernel (TILED_KERNEL, REDUCE_KERNEL, FILL_KERNEL, REPLACE_KERNEL with FOR_EACH_DTYPE)
 * instantiate it per dtype. lanes.c does the walking. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "select.h"

/* avx2: whether select.h's AVX2 build may run (decided once per call) */
struct kth_params { const int64_t *kth; int64_t nkth; int avx2; };
struct quantile_params { const double *q; int64_t nq; int64_t qstride; int avx2; };

/* Bytes for `count` elements of `size` bytes plus `extra`, SIZE_MAX if that overflows. */
static size_t bytes_for(int64_t count, size_t size, size_t extra)
{
    if (count < 0 || (uint64_t)count > (SIZE_MAX - extra) / size) return SIZE_MAX;
    return (size_t)count * size + extra;
}

/* a + b, SIZE_MAX if either is or the sum overflows. */
static size_t bytes_plus(size_t a, size_t b)
{
    return a == SIZE_MAX || b > SIZE_MAX - a ? SIZE_MAX : a + b;
}

/* The result of a reduction: float for float32 input, double otherwise. */
INLINE void store_result(enum dt t, char *p, double v)
{
    if (t == F32) STORE(float, p, (float)v);
    else STORE(double, p, v);
}

/* ---------------------------------------------------------------------------------------
 * Tiles: lanes along a slow axis (axis 0 of a C array, say) are copied several at a time into
 * contiguous scratch, row by row, processed there by the lane function, and their results
 * copied back row by row; each memory access then uses a whole cache line, not one element
 * of it. The lane function's own scratch comes first, the tiles after it. */

/* What a tiled kernel writes per input element: nothing along the lane (a reduction, written
 * straight to out), the input's type, or 8 bytes (a double rank, an int64 index). */
enum tile_out { OUT_REDUCED, OUT_SAME, OUT_8 };

INLINE size_t out_size(enum dt t, enum tile_out o)
{
    return o == OUT_REDUCED ? 0 : o == OUT_SAME ? (size_t)esize(t) : 8;
}

/* Lanes per tile: enough that a row of a tile spans several cache lines (a new page per row
 * is the cost to spread), few enough that long lanes keep the tile small. */
static int64_t tile_lanes(int64_t n) { return n <= 4096 ? 64 : 8; }

static size_t tiled_bytes(size_t lane_bytes, int64_t n, enum dt t, enum tile_out o)
{
    const size_t tiles = bytes_for(tile_lanes(n) * n, (size_t)esize(t) + out_size(t, o), 0);
    return bytes_plus(lane_bytes == SIZE_MAX ? SIZE_MAX : (lane_bytes + 7) / 8 * 8, tiles);
}

/* Copy g lanes of n elements of `size` bytes (element i of lane j at src + i * ss + j * sl)
 * to dst (at dst + i * ds + j * dl). On the side where a row of the g lanes is contiguous
 * (the array's), rows are far apart: each is prefetched ROWS_AHEAD rows early, else the copy
 * waits for every row's cache lines in turn. */
#define ROWS_AHEAD 16
INLINE void copy_lanes_of(size_t size, char *dst, int64_t ds, int64_t dl, const char *src,
                          int64_t ss, int64_t sl, int64_t n, int64_t g)
{
    for (int64_t i = 0; i < n; i++) {
        if (i + ROWS_AHEAD < n)
            for (int64_t b = 0; b < g * (int64_t)size; b += 64) {
                if (sl == (int64_t)size) __builtin_prefetch(src + (i + ROWS_AHEAD) * ss + b);
                if (dl == (int64_t)size) __builtin_prefetch(dst + (i + ROWS_AHEAD) * ds + b, 1);
            }
        for (int64_t j = 0; j < g; j++) memcpy(dst + i * ds + j * dl, src + i * ss + j * sl, size);
    }
}

static void copy_lanes(char *dst, int64_t ds, int64_t dl, const char *src, int64_t ss,
                       int64_t sl, int64_t n, int64_t g, size_t size)
{
    if (size == 8) copy_lanes_of(8, dst, ds, dl, src, ss, sl, n, g);
    else copy_lanes_of(4, dst, ds, dl, src, ss, sl, n, g);
}

/* A reduction's lane function writes straight to out + j * ol. */
static int run_tiled(mypkg_lane_fn lane, size_t lane_bytes, enum dt t, enum tile_out o,
                     BLOCK_ARGS)
{
    const size_t isz = (size_t)esize(t), osz = out_size(t, o);
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

/* Glue, with FOR_EACH_DTYPE: op_lane_<sfx> runs the kernel op_lane(t, ...) for one dtype,
 * op_block_<sfx> runs it over tiles; bytes(t, n, params) is the scratch of one lane. */
#define TILED_KERNEL(sfx, DT, op, bytes, o)                                                   \
    static int op##_lane_##sfx(LANE_ARGS) { return op##_lane(DT, a, n, as, out, os, ctx); }   \
    static int op##_block_##sfx(BLOCK_ARGS)                                                   \
    {                                                                                         \
        return run_tiled(op##_lane_##sfx, bytes(DT, n, ctx->params), DT, o, a, n, as, m, al,  \
                         out, os, ol, ctx);                                                   \
    }                                                                                         \
    static size_t op##_scratch_##sfx(int64_t n, const void *p)                                \
    { return tiled_bytes(bytes(DT, n, p), n, DT, o); }                                        \
    const struct mypkg_kernel op##_kernel_##sfx = {op##_lane_##sfx, op##_block_##sfx,         \
                                                   (o) == OUT_REDUCED, 0, op##_scratch_##sfx};

/* ---------------------------------------------------------------------------------------
 * Ranking: the lane's values become unsigned keys in the same order (floats by their bits,
 * -0.0 as 0.0), radix-sorted with their positions; runs of equal keys share their mean rank. */

struct rank_pair { uint64_t key; int64_t idx; };

/* Histograms of every byte of the keys, counted in one pass. */
#define RADIX_HIST_SLOTS (8 * 256)

INLINE uint64_t rank_key(enum dt t, struct sel_val x)
{
    switch (t) {
    case F64: {
        const double d = x.f64 == 0.0 ? 0.0 : x.f64;
        uint64_t b;
        memcpy(&b, &d, sizeof b);
        return b >> 63 ? ~b : b | (UINT64_C(1) << 63);
    }
    case F32: {
        const float f = x.f32 == 0.0f ? 0.0f : x.f32;
        uint32_t b;
        memcpy(&b, &f, sizeof b);
        return b >> 31 ? (uint32_t)~b : b | (UINT32_C(1) << 31);
    }
    case I64: return (uint64_t)x.i64 ^ (UINT64_C(1) << 63);
    case I32: return (uint32_t)x.i32 ^ (UINT32_C(1) << 31);
    default: return x.u64;
    }
}

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

INLINE size_t rank_bytes(enum dt t, int64_t n, const void *params)
{
    (void)t;
    (void)params;
    return bytes_for(n, 2 * sizeof(struct rank_pair), RADIX_HIST_SLOTS * sizeof(int64_t));
}

/* skipnan: NaN get rank NaN (nanrankdata); else any NaN makes the whole lane NaN. */
INLINE int rank_lane(enum dt t, int skipnan, LANE_ARGS)
{
    int64_t *hist = (int64_t *)ctx->scratch;
    struct rank_pair *p = (struct rank_pair *)(hist + RADIX_HIST_SLOTS), *tmp = p + n;
    int64_t c = 0;
    for (int64_t i = 0; i < n; i++) {
        const struct sel_val x = sel_load(t, a + i * as);
        if (sel_isnum(t, x)) {
            p[c].key = rank_key(t, x);
            p[c].idx = i;
            c++;
        } else if (skipnan) {
            STORE(double, out + i * os, NAN);
        } else {
            for (int64_t j = 0; j < n; j++) STORE(double, out + j * os, NAN);
            return MYPKG_OK;
        }
    }
    const struct rank_pair *s = radix_sort(p, tmp, c, hist);
    for (int64_t i = 0; i < c;) {
        int64_t j = i + 1;
        while (j < c && s[j].key == s[i].key) j++;
        const double rank = 0.5 * (double)(i + j + 1);
        for (; i < j; i++) STORE(double, out + s[i].idx * os, rank);
    }
    return MYPKG_OK;
}

INLINE int rankdata_lane(enum dt t, LANE_ARGS) { return rank_lane(t, 0, a, n, as, out, os, ctx); }
INLINE int nanrankdata_lane(enum dt t, LANE_ARGS)
{
    return rank_lane(t, 1, a, n, as, out, os, ctx);
}

FOR_EACH_DTYPE(TILED_KERNEL, rankdata, rank_bytes, OUT_8)
FOR_EACH_DTYPE(TILED_KERNEL, nanrankdata, rank_bytes, OUT_8)

int map_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
              const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
              int64_t nthreads)
{
    return mypkg_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, NULL, nthreads);
}

/* ---------------------------------------------------------------------------------------
 * Selection: select.h's sel_lane, compiled once per dtype and once more for AVX2 for the float
 * dtypes (the only ones it vectorises). Callers pass a constant t, so the compiler may fold
 * the switch; if it does not, it costs one branch per lane. */

static void select_portable(enum dt t, const char *a, int64_t n, int64_t as, void *dst,
                            void *mid, const int64_t *ks, int64_t nk, int whole)
{
    switch (t) {
    case F64: sel_lane(F64, 0, a, n, as, dst, mid, ks, nk, whole); break;
    case F32: sel_lane(F32, 0, a, n, as, dst, mid, ks, nk, whole); break;
    case I64: sel_lane(I64, 0, a, n, as, dst, mid, ks, nk, whole); break;
    case I32: sel_lane(I32, 0, a, n, as, dst, mid, ks, nk, whole); break;
    case U64: sel_lane(U64, 0, a, n, as, dst, mid, ks, nk, whole); break;
    case NDT: break;
    }
}

#if MYPKG_X86
MYPKG_AVX2 static void select_avx2(enum dt t, const char *a, int64_t n, int64_t as, void *dst,
                                   void *mid, const int64_t *ks, int64_t nk, int whole)
{
    if (t == F64) sel_lane(F64, 1, a, n, as, dst, mid, ks, nk, whole);
    else sel_lane(F32, 1, a, n, as, dst, mid, ks, nk, whole);
}
#endif

/* avx2: the call may use the AVX2 build (mypkg_have_avx2()). */
INLINE void select_lane(enum dt t, int avx2, const char *a, int64_t n, int64_t as, void *dst,
                        void *mid, const int64_t *ks, int64_t nk, int whole)
{
#if MYPKG_X86
    if (avx2 && is_float(t)) {
        select_avx2(t, a, n, as, dst, mid, ks, nk, whole);
        return;
    }
#endif
    (void)avx2;
    select_portable(t, a, n, as, dst, mid, ks, nk, whole);
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
    const int64_t n = mypkg_axis_length(ndim, shape, axis);
    if (n < 0 || nkth < 0 || (nkth > 0 && !kth)) return MYPKG_EINVAL;
    for (int64_t j = 0; j < nkth; j++)
        if (kth[j] < 0 || kth[j] >= n || (j > 0 && kth[j] <= kth[j - 1]))
            return MYPKG_EINVAL;
    return MYPKG_OK;
}

/* Scratch: two value copies of the lane (partition, median); argpartition adds a table of
 * bucket starts (2 nkth + 2 slots), first for its alignment. */
INLINE size_t two_copies_bytes(enum dt t, int64_t n, const void *params)
{
    (void)params;
    return bytes_for(n, 2 * (size_t)esize(t), 0);
}

INLINE size_t argpartition_bytes(enum dt t, int64_t n, const void *params)
{
    const struct kth_params *kp = (const struct kth_params *)params;
    return bytes_plus(bytes_for(2 * kp->nkth + 2, sizeof(int64_t), 0),
                      two_copies_bytes(t, n, params));
}

INLINE int partition_lane(enum dt t, LANE_ARGS)
{
    const struct kth_params *kp = (const struct kth_params *)ctx->params;
    char *tmp = (char *)ctx->scratch;
    const int direct = os == esize(t);
    char *dst = direct ? out : tmp + n * esize(t);
    select_lane(t, kp->avx2, a, n, as, dst, tmp, kp->kth, kp->nkth, 1);
    if (!direct)
        for (int64_t i = 0; i < n; i++) sel_store(t, out + i * os, sel_get(t, dst, i));
    return MYPKG_OK;
}

/* Bucket of x among the distinct kth values u[0..m): 2r for values strictly between u[r-1] and
 * u[r], 2r + 1 for values equal to u[r], 2m + 1 for NaN. Few kth values are counted
 * branch-free, many searched by bisection. */
INLINE int64_t bucket(enum dt t, struct sel_val x, const void *u, int64_t m)
{
    int64_t lo = 0;
    if (m <= 8) {
        for (int64_t r = 0; r < m; r++) lo += sel_lt(t, sel_get(t, u, r), x);
    } else {
        int64_t hi = m;
        while (lo < hi) {
            const int64_t mid = lo + (hi - lo) / 2;
            if (sel_lt(t, sel_get(t, u, mid), x)) lo = mid + 1;
            else hi = mid;
        }
    }
    return sel_isnum(t, x) ? 2 * lo + (lo < m && !sel_lt(t, x, sel_get(t, u, lo))) : 2 * m + 1;
}

/* The buckets of a single kth value u, with the write positions kept in registers. */
INLINE void argpartition_one(enum dt t, const char *a, int64_t n, int64_t as, char *out,
                             int64_t os, struct sel_val u)
{
    int64_t nlt = 0, neq = 0, nnum = 0;
    for (int64_t i = 0; i < n; i++) {
        const struct sel_val x = sel_load(t, a + i * as);
        nlt += sel_lt(t, x, u);
        neq += sel_eq(t, x, u);
        nnum += sel_isnum(t, x);
    }
    int64_t plt = 0, peq = nlt, pgt = nlt + neq, pnan = nnum;
    for (int64_t i = 0; i < n; i++) {
        const struct sel_val x = sel_load(t, a + i * as);
        const int lt = sel_lt(t, x, u), eq = sel_eq(t, x, u), num = sel_isnum(t, x);
        const int gt = num & !(lt | eq);
        /* masks, not ?: chains, which compile to branches mispredicted half the time */
        const int64_t pos = (plt & -(int64_t)lt) | (peq & -(int64_t)eq) |
                            (pgt & -(int64_t)gt) | (pnan & -(int64_t)!num);
        STORE(int64_t, out + pos * os, i);
        plt += lt;
        peq += eq;
        pgt += gt;
        pnan += !num;
    }
}

INLINE int argpartition_lane(enum dt t, LANE_ARGS)
{
    const struct kth_params *kp = (const struct kth_params *)ctx->params;
    int64_t *start = (int64_t *)ctx->scratch;
    char *tmp = (char *)(start + 2 * kp->nkth + 2), *dst = tmp + n * esize(t);
    select_lane(t, kp->avx2, a, n, as, dst, tmp, kp->kth, kp->nkth, 0);
    /* the distinct non-NaN kth values, ascending (tmp is free again) */
    int64_t m = 0;
    for (int64_t j = 0; j < kp->nkth; j++) {
        const struct sel_val x = sel_get(t, dst, kp->kth[j]);
        if (sel_isnum(t, x) && (m == 0 || sel_lt(t, sel_get(t, tmp, m - 1), x)))
            sel_put(t, tmp, m++, x);
    }
    if (m == 1) {
        argpartition_one(t, a, n, as, out, os, sel_get(t, tmp, 0));
        return MYPKG_OK;
    }
    const int64_t nb = 2 * m + 2;
    memset(start, 0, (size_t)nb * sizeof *start);
    for (int64_t i = 0; i < n; i++) start[bucket(t, sel_load(t, a + i * as), tmp, m)]++;
    int64_t sum = 0;
    for (int64_t b = 0; b < nb; b++) {
        const int64_t c = start[b];
        start[b] = sum;
        sum += c;
    }
    for (int64_t i = 0; i < n; i++)
        STORE(int64_t, out + start[bucket(t, sel_load(t, a + i * as), tmp, m)]++ * os, i);
    return MYPKG_OK;
}

FOR_EACH_DTYPE(TILED_KERNEL, partition, two_copies_bytes, OUT_SAME)
FOR_EACH_DTYPE(TILED_KERNEL, argpartition, argpartition_bytes, OUT_8)

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
 * Quantiles and medians: the lane's non-NaN values are copied and the positions their result
 * needs selected at once (select_lane, not whole): for every q the two neighbours of its
 * position q * (count - 1), interpolated exactly as NumPy's default ("linear") method does,
 * quirks included (see quantile_positions); for the median the one or two middle positions,
 * averaged in double as np.median's mean does. Without skipnan a NaN makes the result NaN,
 * and counting stops at the first one. */

INLINE int64_t count_numbers(enum dt t, const char *a, int64_t n, int64_t as, int skipnan)
{
    int64_t cnt = 0;
    if (skipnan) {
        for (int64_t i = 0; i < n; i++) cnt += sel_isnum(t, sel_load(t, a + i * as));
        return cnt;
    }
    while (cnt < n && sel_isnum(t, sel_load(t, a + cnt * as))) cnt++;
    return cnt < n ? 0 : cnt;
}

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

/* Scratch: 2 positions per q, two lane copies. */
INLINE size_t quantile_bytes(enum dt t, int64_t n, const void *params)
{
    const struct quantile_params *qp = (const struct quantile_params *)params;
    return bytes_plus(bytes_for(2 * qp->nq, sizeof(int64_t), 0), two_copies_bytes(t, n, params));
}

INLINE int quantile_any(enum dt t, int skipnan, LANE_ARGS)
{
    (void)os;
    const struct quantile_params *qp = (const struct quantile_params *)ctx->params;
    int64_t *ks = (int64_t *)ctx->scratch;
    char *v = (char *)(ks + 2 * qp->nq), *dst = v + n * esize(t);
    const int64_t cnt = count_numbers(t, a, n, as, skipnan);
    if (cnt == 0) {
        for (int64_t j = 0; j < qp->nq; j++) store_result(t, out + j * qp->qstride, NAN);
        return MYPKG_OK;
    }
    for (int64_t j = 0; j < qp->nq; j++)
        quantile_positions(qp->q[j], cnt, &ks[2 * j], &ks[2 * j + 1]);
    qsort(ks, (size_t)(2 * qp->nq), sizeof *ks, cmp_int64);
    int64_t nk = 0;
    for (int64_t j = 0; j < 2 * qp->nq; j++)
        if (nk == 0 || ks[j] != ks[nk - 1]) ks[nk++] = ks[j];
    select_lane(t, qp->avx2, a, n, as, dst, v, ks, nk, 0);
    for (int64_t j = 0; j < qp->nq; j++) {
        int64_t lo, hi;
        const double w = quantile_positions(qp->q[j], cnt, &lo, &hi);
        const double vlo = sel_double(t, sel_get(t, dst, lo));
        store_result(t, out + j * qp->qstride, lerp(vlo, sel_double(t, sel_get(t, dst, hi)), w));
    }
    return MYPKG_OK;
}

INLINE int quantile_lane(enum dt t, LANE_ARGS)
{
    return quantile_any(t, 0, a, n, as, out, os, ctx);
}
INLINE int nanquantile_lane(enum dt t, LANE_ARGS)
{
    return quantile_any(t, 1, a, n, as, out, os, ctx);
}

FOR_EACH_DTYPE(TILED_KERNEL, quantile, quantile_bytes, OUT_REDUCED)
FOR_EACH_DTYPE(TILED_KERNEL, nanquantile, quantile_bytes, OUT_REDUCED)

int quantile_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
                   const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
                   const double *q, int64_t nq, int64_t qstride, int64_t nthreads)
{
    int64_t qextent;
    if (nq < 0 || (nq > 0 && !q) ||
        (nq > 1 && (qstride == INT64_MIN ||
                    __builtin_mul_overflow(qstride < 0 ? -qstride : qstride, nq - 1, &qextent))))
        return MYPKG_EINVAL;
    for (int64_t j = 0; j < nq; j++)
        if (!(q[j] >= 0.0 && q[j] <= 1.0)) return MYPKG_EINVAL;
    const struct quantile_params qp = {q, nq, qstride, mypkg_have_avx2()};
    return mypkg_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, &qp, nthreads);
}

/* median's registry family ("reduce", whose entry in reduce.c passes no parameters) carries no
 * AVX2 flag, so a median lane asks itself; only lanes long enough for the vector selection to
 * matter ask at all. */
INLINE int median_avx2(int64_t n) { return n > SEL_VSELECT_MIN && mypkg_have_avx2(); }

INLINE int median_any(enum dt t, int skipnan, LANE_ARGS)
{
    (void)os;
    const int64_t cnt = count_numbers(t, a, n, as, skipnan);
    if (cnt == 0) {
        store_result(t, out, NAN);
        return MYPKG_OK;
    }
    char *v = (char *)ctx->scratch, *dst = v + n * esize(t);
    const int64_t ks[2] = {(cnt - 1) / 2, cnt / 2};
    select_lane(t, median_avx2(n), a, n, as, dst, v, ks, ks[0] == ks[1] ? 1 : 2, 0);
    const double v0 = sel_double(t, sel_get(t, dst, ks[0]));
    store_result(t, out, (v0 + sel_double(t, sel_get(t, dst, ks[1]))) / 2.0);
    return MYPKG_OK;
}

INLINE int median_lane(enum dt t, LANE_ARGS) { return median_any(t, 0, a, n, as, out, os, ctx); }
INLINE int nanmedian_lane(enum dt t, LANE_ARGS)
{
    return median_any(t, 1, a, n, as, out, os, ctx);
}

/* Glue, with FOR_EACH_DTYPE: a reduction lane by lane. No tiles for the medians: a median
 * lane ends at its first NaN, and a tile would have read every lane whole first. */
#define REDUCE_KERNEL(sfx, DT, op, bytes)                                                     \
    static int op##_lane_##sfx(LANE_ARGS) { return op##_lane(DT, a, n, as, out, os, ctx); }   \
    static size_t op##_scratch_##sfx(int64_t n, const void *p) { return bytes(DT, n, p); }    \
    const struct mypkg_kernel op##_kernel_##sfx = {op##_lane_##sfx, NULL, 1, 0,               \
                                                   op##_scratch_##sfx};

FOR_EACH_DTYPE(REDUCE_KERNEL, median, two_copies_bytes)
FOR_EACH_DTYPE(REDUCE_KERNEL, nanmedian, two_copies_bytes)

/* ---------------------------------------------------------------------------------------
 * Filling: push carries the last non-NaN value forward over at most `limit` consecutive NaN;
 * bfill is push run backwards (the same loops on reversed pointers and strides). */

INLINE void fill_lane(enum dt t, const char *a, int64_t n, int64_t as, char *out, int64_t os,
                      int64_t limit)
{
    const struct sel_val zero = {0};
    if (limit >= n) { /* no run can be too long: no counting */
        struct sel_val last = n ? sel_load(t, a) : zero;
        for (int64_t i = 0; i < n; i++) {
            const struct sel_val x = sel_load(t, a + i * as);
            last = sel_pick(t, sel_isnum(t, x), x, last);
            sel_store(t, out + i * os, last);
        }
        return;
    }
    struct sel_val last = zero;
    int64_t gap = limit + 1; /* NaN since the last value: none seen yet means too many */
    for (int64_t i = 0; i < n; i++) {
        const struct sel_val x = sel_load(t, a + i * as);
        const int num = sel_isnum(t, x);
        gap = num ? 0 : gap + (gap <= limit);
        last = sel_pick(t, num, x, last);
        sel_store(t, out + i * os, sel_pick(t, gap <= limit, last, x));
    }
}

/* Per-lane state of a block: the last value of each lane, as an array of the lanes' type. */
union block_vals {
    double f64[MYPKG_BLOCK];
    float f32[MYPKG_BLOCK];
    int64_t i64[MYPKG_BLOCK];
    int32_t i32[MYPKG_BLOCK];
    uint64_t u64[MYPKG_BLOCK];
};

/* one row of a block of contiguous lanes, unlimited fill: vectorizes */
INLINE void push_row(enum dt t, const void *restrict x, void *restrict o, void *restrict last,
                     int64_t m)
{
    for (int64_t j = 0; j < m; j++) {
        const struct sel_val xj = sel_get(t, x, j);
        const struct sel_val lj = sel_pick(t, sel_isnum(t, xj), xj, sel_get(t, last, j));
        sel_put(t, last, j, lj);
        sel_put(t, o, j, lj);
    }
}

INLINE void fill_block(enum dt t, const char *a, int64_t n, int64_t as, int64_t m, int64_t al,
                       char *out, int64_t os, int64_t ol, int64_t limit)
{
    const struct sel_val zero = {0};
    union block_vals last;
    int64_t gap[MYPKG_BLOCK];
    const int64_t size = esize(t);
    if (limit >= n) {
        for (int64_t j = 0; j < m; j++) sel_put(t, &last, j, sel_load(t, a + j * al));
        if (al == size && ol == size) {
            for (int64_t i = 0; i < n; i++) push_row(t, a + i * as, out + i * os, &last, m);
            return;
        }
        for (int64_t i = 0; i < n; i++) {
            const char *row = a + i * as;
            char *orow = out + i * os;
            for (int64_t j = 0; j < m; j++) {
                const struct sel_val x = sel_load(t, row + j * al);
                const struct sel_val lj = sel_pick(t, sel_isnum(t, x), x, sel_get(t, &last, j));
                sel_put(t, &last, j, lj);
                sel_store(t, orow + j * ol, lj);
            }
        }
        return;
    }
    for (int64_t j = 0; j < m; j++) {
        sel_put(t, &last, j, zero);
        gap[j] = limit + 1;
    }
    for (int64_t i = 0; i < n; i++) {
        const char *row = a + i * as;
        char *orow = out + i * os;
        for (int64_t j = 0; j < m; j++) {
            const struct sel_val x = sel_load(t, row + j * al);
            const int num = sel_isnum(t, x);
            gap[j] = num ? 0 : gap[j] + (gap[j] <= limit);
            const struct sel_val lj = sel_pick(t, num, x, sel_get(t, &last, j));
            sel_put(t, &last, j, lj);
            sel_store(t, orow + j * ol, sel_pick(t, gap[j] <= limit, lj, x));
        }
    }
}

/* backward: bfill, the lane walked from its end. */
INLINE int fill_lane_dir(enum dt t, int backward, LANE_ARGS)
{
    const int64_t limit = *(const int64_t *)ctx->params, r = backward ? n - 1 : 0;
    fill_lane(t, a + r * as, n, backward ? -as : as, out + r * os, backward ? -os : os, limit);
    return MYPKG_OK;
}

INLINE int fill_block_dir(enum dt t, int backward, BLOCK_ARGS)
{
    const int64_t limit = *(const int64_t *)ctx->params, r = backward ? n - 1 : 0;
    fill_block(t, a + r * as, n, backward ? -as : as, m, al, out + r * os, backward ? -os : os,
               ol, limit);
    return MYPKG_OK;
}

/* Glue, with FOR_EACH_DTYPE: push (backward 0) or bfill (1) for one dtype. */
#define FILL_KERNEL(sfx, DT, op, backward)                                                    \
    static int op##_lane_##sfx(LANE_ARGS)                                                     \
    {                                                                                         \
        return fill_lane_dir(DT, backward, a, n, as, out, os, ctx);                           \
    }                                                                                         \
    static int op##_block_##sfx(BLOCK_ARGS)                                                   \
    {                                                                                         \
        return fill_block_dir(DT, backward, a, n, as, m, al, out, os, ol, ctx);               \
    }                                                                                         \
    const struct mypkg_kernel op##_kernel_##sfx = {op##_lane_##sfx, op##_block_##sfx, 0, 0,   \
                                                   NULL};

FOR_EACH_DTYPE(FILL_KERNEL, push, 0)
FOR_EACH_DTYPE(FILL_KERNEL, bfill, 1)

/* The limit is kept below INT64_MAX so that gap counters never overflow. */
int fill_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
               const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
               int64_t limit, int64_t nthreads)
{
    const int64_t lim = limit < 0 || limit == INT64_MAX ? INT64_MAX - 1 : limit;
    return mypkg_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, &lim, nthreads);
}

/* ---------------------------------------------------------------------------------------
 * Replacing, in place, writing only the elements that match (as `a[a == old] = new` does): an
 * element that does not match is never stored to, so a memory-mapped file where nothing
 * matches stays clean, a copy-on-write mapping stays shared, and another thread's writes to
 * other elements are never undone. A contiguous lane is tested REPLACE_RUN elements at a time
 * (compares OR-ed together, which vectorizes; with AVX2, chosen once per call, twice as wide),
 * and only a run that holds a match is walked again to store its matches. */

#define REPLACE_RUN 32

struct replace_params { const void *old_new; int avx2; };

/* Whether x is to be replaced: equal to old, or NaN when old is NaN. */
INLINE int replace_hit(enum dt t, int nan_old, struct sel_val x, struct sel_val old)
{
    return nan_old ? !sel_isnum(t, x) : sel_eq(t, x, old);
}

/* The len elements at p, p + os, ...: new where they match. */
INLINE void replace_matches(enum dt t, char *p, int64_t len, int64_t os, int nan_old,
                            struct sel_val old, struct sel_val new)
{
    for (int64_t i = 0; i < len; i++)
        if (replace_hit(t, nan_old, sel_load(t, p + i * os), old)) sel_store(t, p + i * os, new);
}

INLINE void replace_contiguous(enum dt t, void *v, int64_t n, struct sel_val old,
                               struct sel_val new)
{
    const int nan_old = !sel_isnum(t, old);
    const int64_t es = esize(t);
    int64_t i = 0;
    for (; i + REPLACE_RUN <= n; i += REPLACE_RUN) {
        int hit = 0;
        for (int64_t k = 0; k < REPLACE_RUN; k++)
            hit |= replace_hit(t, nan_old, sel_get(t, v, i + k), old);
        if (hit) replace_matches(t, (char *)sel_ptr(t, v, i), REPLACE_RUN, es, nan_old, old, new);
    }
    replace_matches(t, (char *)sel_ptr(t, v, i), n - i, es, nan_old, old, new);
}

/* contiguous_avx2: replace_contiguous for this dtype compiled for AVX2. */
typedef void (*replace_fn)(void *v, int64_t n, struct sel_val old, struct sel_val new);

INLINE int replace_lane(enum dt t, replace_fn contiguous_avx2, LANE_ARGS)
{
    (void)a; /* the same lane as out */
    (void)as;
    const struct replace_params *rp = (const struct replace_params *)ctx->params;
    const struct sel_val old = sel_get(t, rp->old_new, 0), new = sel_get(t, rp->old_new, 1);
    if (os == esize(t)) {
        if (rp->avx2) contiguous_avx2(out, n, old, new);
        else replace_contiguous(t, out, n, old, new);
    } else {
        replace_matches(t, out, n, os, !sel_isnum(t, old), old, new);
    }
    return MYPKG_OK;
}

/* Glue, with FOR_EACH_DTYPE: replace for one dtype, with its AVX2 contiguous loop. */
#define REPLACE_KERNEL(sfx, DT, _)                                                            \
    MYPKG_AVX2 static void replace_avx2_##sfx(void *v, int64_t n, struct sel_val old,          \
                                              struct sel_val new)                              \
    {                                                                                         \
        replace_contiguous(DT, v, n, old, new);                                               \
    }                                                                                         \
    static int replace_lane_##sfx(LANE_ARGS)                                                  \
    {                                                                                         \
        return replace_lane(DT, replace_avx2_##sfx, a, n, as, out, os, ctx);                  \
    }                                                                                         \
    const struct mypkg_kernel replace_kernel_##sfx = {replace_lane_##sfx, NULL, 0, 0, NULL};

FOR_EACH_DTYPE(REPLACE_KERNEL, _)

int replace_entry(const struct mypkg_kernel *k, void *a, int64_t ndim, const int64_t *shape,
                  const int64_t *strides, int64_t axis, const void *old_new, int64_t nthreads)
{
    if (!old_new) return MYPKG_EINVAL;
    const struct replace_params rp = {old_new, mypkg_have_avx2()};
    return mypkg_run_lanes(k, a, ndim, shape, strides, a, strides, axis, &rp, nthreads);
}
