/* reduce.c: the NaN-aware reductions (nansum ... nanmedian).
 *
 * Each family is written once as a lane loop (one lane, 8 interleaved accumulators so the
 * loop is not bound by one add's latency) and, where it pays, a block loop (up to MYPKG_BLOCK
 * neighbouring lanes read row by row, for reductions along a slow axis). The macros at the
 * bottom instantiate the families per dtype; lanes.c does the walking. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

#define NWAY 8

/* Explicit SIMD for contiguous lanes through GCC/Clang vector types, as wide as the target's
 * registers (16 bytes for the portable build, 32 with AVX under -march=native) and with
 * NWAY elements in flight per step. Loads go through memcpy: no alignment is assumed beyond
 * the element's own. */
#ifdef __AVX__
#define VBYTES 32
#else
#define VBYTES 16
#endif
typedef double vdouble __attribute__((vector_size(VBYTES)));
typedef int64_t vmask64 __attribute__((vector_size(VBYTES)));
#define VD_LEN ((int64_t)(VBYTES / sizeof(double)))
#define VD_ACC (NWAY / VD_LEN)


/* ---------------------------------------------------------------------------------------
 * Float accumulation, shared by nansum/ss (float input) and nanmean/nanvar/nanstd (any
 * input): always in double (float32 input gets a double accumulator), in chunks whose totals
 * are combined with Neumaier compensation. */

INLINE void neu_add(double *s, double *c, double x)
{
    const double t = *s + x;
    *c += fabs(*s) >= fabs(x) ? (*s - t) + x : (x - t) + *s;
    *s = t;
}

/* Once a partial sum is inf or nan its compensation is nan; the plain sum is then the answer. */
INLINE double neu_total(double s, double c) { return isfinite(s) ? s + c : s; }

/* A float sum: plain sums over chunks of CHUNK elements (8 accumulators, which vectorize),
 * chunk totals combined with Neumaier compensation. The error stays near that of a
 * CHUNK/8-term sum whatever the length: more accurate than pairwise summation. */
#define CHUNK 256

struct fsum { double s, c; int64_t n; };

/* What a float sum does with NaN: add it, skip it, or skip it and count the numbers (the
 * count, fsum.n, is meaningful only in the last mode). */
enum { KEEP_NAN = 0, SKIP_NAN = 1, SKIP_NAN_COUNT = 2 };

INLINE void fsum_add_chunk(struct fsum *f, double chunk, int64_t count)
{
    neu_add(&f->s, &f->c, chunk);
    f->n += count;
}

INLINE double fsum_total(const struct fsum *f) { return neu_total(f->s, f->c); }

/* Sum of squared deviations from `mean` of the non-NaN values, corrected for the rounding
 * error of the mean (the "corrected two-pass" variance), divided by count - ddof. */
INLINE double var_finish(double ssd, double sdev, int64_t n, int64_t ddof)
{
    if (n - ddof <= 0) return NAN;
    const double v = (ssd - sdev * sdev / (double)n) / (double)(n - ddof);
    return v > 0.0 ? v : (v == v ? 0.0 : v);
}

/* Lane and block sums over any element type, converted to double. */
#define DEFINE_FSUM(sfx, T)                                                                   \
    INLINE struct fsum fsum_lane_##sfx(const char *a, int64_t n, int64_t as, int skipnan,    \
                                       int square)                                           \
    {                                                                                         \
        struct fsum f = {0.0, 0.0, 0};                                                        \
        for (int64_t c0 = 0; c0 < n; c0 += CHUNK) {                                           \
            const int64_t end = n - c0 < CHUNK ? n : c0 + CHUNK;                              \
            double r[NWAY] = {0.0}, cnt[NWAY] = {0.0}; /* double counts vectorize with r */   \
            int64_t i = c0;                                                                   \
            for (; i + NWAY <= end; i += NWAY)                                                \
                for (int k = 0; k < NWAY; k++) {                                              \
                    double x = (double)LOAD(T, a + (i + k) * as);                             \
                    if (square) x *= x;                                                       \
                    const int ok = !skipnan || x == x;                                        \
                    r[k] += ok ? x : 0.0;                                                     \
                    cnt[k] += ok ? 1.0 : 0.0;                                                 \
                }                                                                             \
            for (; i < end; i++) {                                                            \
                double x = (double)LOAD(T, a + i * as);                                       \
                if (square) x *= x;                                                           \
                const int ok = !skipnan || x == x;                                            \
                r[0] += ok ? x : 0.0;                                                         \
                cnt[0] += ok ? 1.0 : 0.0;                                                     \
            }                                                                                 \
            fsum_add_chunk(&f, ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7])), \
                           (int64_t)(cnt[0] + cnt[1] + cnt[2] + cnt[3] + cnt[4] + cnt[5] + cnt[6] + cnt[7])); \
        }                                                                                     \
        return f;                                                                             \
    }                                                                                         \
    typedef T vhalf_##sfx __attribute__((vector_size(VD_LEN * sizeof(T))));                  \
    INLINE vdouble vload_##sfx(const char *p)                                                 \
    {                                                                                         \
        vhalf_##sfx v;                                                                        \
        memcpy(&v, p, sizeof v);                                                              \
        return __builtin_convertvector(v, vdouble);                                           \
    }                                                                                         \
    /* fsum_lane_##sfx for a contiguous lane, two vector accumulators */                      \
    INLINE struct fsum fsum_contig_##sfx(const char *a, int64_t n, int skipnan, int square)   \
    {                                                                                         \
        const vdouble one = (vdouble){0} + 1.0;                                               \
        struct fsum f = {0.0, 0.0, 0};                                                        \
        for (int64_t c0 = 0; c0 < n; c0 += CHUNK) {                                           \
            const int64_t end = n - c0 < CHUNK ? n : c0 + CHUNK;                              \
            vdouble r[VD_ACC] = {{0}}, kn[VD_ACC] = {{0}};                                    \
            int64_t i = c0;                                                                   \
            for (; i + NWAY <= end; i += NWAY)                                                \
                for (int v = 0; v < VD_ACC; v++) {                                            \
                    vdouble x = vload_##sfx(a + (i + v * VD_LEN) * (int64_t)sizeof(T));       \
                    if (square) x *= x;                                                       \
                    if (skipnan) {                                                            \
                        const vmask64 ok = x == x;                                            \
                        x = (vdouble)((vmask64)x & ok);                                       \
                        if (skipnan == SKIP_NAN_COUNT) kn[v] += (vdouble)((vmask64)one & ok); \
                    }                                                                         \
                    r[v] += x;                                                                \
                }                                                                             \
            for (int v = 1; v < VD_ACC; v++) { r[0] += r[v]; kn[0] += kn[v]; }                \
            double rs = 0.0, cnt = 0.0;                                                       \
            for (int k = 0; k < VD_LEN; k++) { rs += r[0][k]; cnt += kn[0][k]; }              \
            for (; i < end; i++) {                                                            \
                double x = (double)LOAD(T, a + i * (int64_t)sizeof(T));                       \
                if (square) x *= x;                                                           \
                const int ok = !skipnan || x == x;                                            \
                rs += ok ? x : 0.0;                                                           \
                cnt += ok ? 1.0 : 0.0;                                                        \
            }                                                                                 \
            fsum_add_chunk(&f, rs, skipnan == SKIP_NAN_COUNT ? (int64_t)cnt : end - c0);      \
        }                                                                                     \
        return f;                                                                             \
    }                                                                                         \
    static struct fsum fsum_any_##sfx(const char *a, int64_t n, int64_t as, int skipnan,     \
                                      int square)                                            \
    {                                                                                         \
        if (as == (int64_t)sizeof(T)) { /* constant modes, so each loop is specialized */     \
            if (skipnan == SKIP_NAN_COUNT) return fsum_contig_##sfx(a, n, SKIP_NAN_COUNT, square); \
            if (skipnan == SKIP_NAN) return fsum_contig_##sfx(a, n, SKIP_NAN, square);        \
            return fsum_contig_##sfx(a, n, KEEP_NAN, square);                                 \
        }                                                                                     \
        return fsum_lane_##sfx(a, n, as, skipnan, square);                                    \
    }                                                                                         \
    INLINE void fsum_rows_##sfx(const char *a, int64_t n, int64_t as, int64_t m, int64_t al,  \
                                int skipnan, int square, struct fsum *f)                     \
    {                                                                                         \
        double r[MYPKG_BLOCK], cnt[MYPKG_BLOCK];                                              \
        for (int64_t j = 0; j < m; j++) f[j] = (struct fsum){0.0, 0.0, 0};                    \
        for (int64_t c0 = 0; c0 < n; c0 += CHUNK) {                                           \
            const int64_t end = n - c0 < CHUNK ? n : c0 + CHUNK;                              \
            for (int64_t j = 0; j < m; j++) { r[j] = 0.0; cnt[j] = 0.0; }                     \
            for (int64_t i = c0; i < end; i++) {                                              \
                const char *row = a + i * as;                                                 \
                for (int64_t j = 0; j < m; j++) {                                             \
                    double x = (double)LOAD(T, row + j * al);                                 \
                    if (square) x *= x;                                                       \
                    const int ok = !skipnan || x == x;                                        \
                    r[j] += ok ? x : 0.0;                                                     \
                    if (skipnan == SKIP_NAN_COUNT) cnt[j] += ok ? 1.0 : 0.0;                  \
                }                                                                             \
            }                                                                                 \
            for (int64_t j = 0; j < m; j++)                                                   \
                fsum_add_chunk(&f[j], r[j], skipnan == SKIP_NAN_COUNT ? (int64_t)cnt[j]        \
                                                                      : end - c0);            \
        }                                                                                     \
    }                                                                                         \
    /* fsum_rows_##sfx for neighbouring lanes (al == sizeof(T)): strips of NWAY lanes are    \
     * summed in vector registers over the rows of a chunk (chunk by chunk, so a chunk's     \
     * rows stay in cache while its strips are read) */                                      \
    INLINE void fsum_vrows_##sfx(const char *a, int64_t n, int64_t as, int64_t m, int skipnan, \
                                 int square, struct fsum *f)                                  \
    {                                                                                         \
        const vdouble one = (vdouble){0} + 1.0;                                               \
        const int64_t mv = m - m % NWAY;                                                      \
        fsum_rows_##sfx(a + mv * (int64_t)sizeof(T), n, as, m - mv, (int64_t)sizeof(T),       \
                        skipnan, square, f + mv);                                             \
        for (int64_t j = 0; j < mv; j++) f[j] = (struct fsum){0.0, 0.0, 0};                   \
        for (int64_t c0 = 0; c0 < n; c0 += CHUNK) {                                           \
            const int64_t end = n - c0 < CHUNK ? n : c0 + CHUNK;                              \
            for (int64_t j0 = 0; j0 < mv; j0 += NWAY) {                                       \
                vdouble r[VD_ACC] = {{0}}, kn[VD_ACC] = {{0}};                                \
                for (int64_t i = c0; i < end; i++) {                                          \
                    const char *p = a + i * as + j0 * (int64_t)sizeof(T);                     \
                    for (int v = 0; v < VD_ACC; v++) {                                        \
                        vdouble x = vload_##sfx(p + v * VD_LEN * (int64_t)sizeof(T));         \
                        if (square) x *= x;                                                   \
                        if (skipnan) {                                                        \
                            const vmask64 ok = x == x;                                        \
                            x = (vdouble)((vmask64)x & ok);                                   \
                            if (skipnan == SKIP_NAN_COUNT)                                    \
                                kn[v] += (vdouble)((vmask64)one & ok);                        \
                        }                                                                     \
                        r[v] += x;                                                            \
                    }                                                                         \
                }                                                                             \
                for (int v = 0; v < VD_ACC; v++)                                              \
                    for (int k = 0; k < VD_LEN; k++)                                          \
                        fsum_add_chunk(&f[j0 + v * VD_LEN + k], r[v][k],                      \
                                       skipnan == SKIP_NAN_COUNT ? (int64_t)kn[v][k]          \
                                                                 : end - c0);                 \
            }                                                                                 \
        }                                                                                     \
    }                                                                                         \
    /* neighbouring lanes get a constant lane stride, so the row loop vectorizes */         \
    INLINE void fsum_block_##sfx(const char *a, int64_t n, int64_t as, int64_t m, int64_t al, \
                                 int skipnan, int square, struct fsum *f)                    \
    {                                                                                         \
        if (al == (int64_t)sizeof(T)) fsum_vrows_##sfx(a, n, as, m, skipnan, square, f);      \
        else fsum_rows_##sfx(a, n, as, m, al, skipnan, square, f);                            \
    }                                                                                         \
    /* second pass of the variance: squared and plain deviations from each lane's mean */    \
    INLINE void dev_lane_##sfx(const char *a, int64_t n, int64_t as, double mean, double *ssd, \
                               double *sdev)                                                 \
    {                                                                                         \
        double q[NWAY] = {0.0}, d[NWAY] = {0.0};                                              \
        int64_t i = 0;                                                                        \
        for (; i + NWAY <= n; i += NWAY)                                                      \
            for (int k = 0; k < NWAY; k++) {                                                  \
                const double x = (double)LOAD(T, a + (i + k) * as);                           \
                const double dx = x == x ? x - mean : 0.0;                                    \
                q[k] += dx * dx;                                                              \
                d[k] += dx;                                                                   \
            }                                                                                 \
        for (; i < n; i++) {                                                                  \
            const double x = (double)LOAD(T, a + i * as);                                     \
            const double dx = x == x ? x - mean : 0.0;                                        \
            q[0] += dx * dx;                                                                  \
            d[0] += dx;                                                                       \
        }                                                                                     \
        *ssd = *sdev = 0.0;                                                                   \
        for (int k = 0; k < NWAY; k++) { *ssd += q[k]; *sdev += d[k]; }                      \
    }                                                                                         \
    INLINE void dev_contig_##sfx(const char *a, int64_t n, double mean, double *ssd,          \
                                 double *sdev)                                                \
    {                                                                                         \
        vdouble q[VD_ACC] = {{0}}, d[VD_ACC] = {{0}};                                         \
        int64_t i = 0;                                                                        \
        for (; i + NWAY <= n; i += NWAY)                                                      \
            for (int v = 0; v < VD_ACC; v++) {                                                \
                const vdouble x = vload_##sfx(a + (i + v * VD_LEN) * (int64_t)sizeof(T));     \
                const vdouble dx = (vdouble)((vmask64)(x - mean) & (x == x));                 \
                q[v] += dx * dx;                                                              \
                d[v] += dx;                                                                   \
            }                                                                                 \
        for (int v = 1; v < VD_ACC; v++) { q[0] += q[v]; d[0] += d[v]; }                      \
        double qs = 0.0, ds = 0.0;                                                            \
        for (int k = 0; k < VD_LEN; k++) { qs += q[0][k]; ds += d[0][k]; }                    \
        double tq, td;                                                                        \
        dev_lane_##sfx(a + i * (int64_t)sizeof(T), n - i, (int64_t)sizeof(T), mean, &tq, &td); \
        *ssd = qs + tq;                                                                       \
        *sdev = ds + td;                                                                      \
    }                                                                                         \
    static void dev_block_##sfx(const char *a, int64_t n, int64_t as, int64_t m, int64_t al,  \
                                const double *mean, double *ssd, double *sdev)               \
    {                                                                                         \
        for (int64_t j = 0; j < m; j++) ssd[j] = sdev[j] = 0.0;                               \
        for (int64_t i = 0; i < n; i++) {                                                     \
            const char *row = a + i * as;                                                     \
            for (int64_t j = 0; j < m; j++) {                                                 \
                const double x = (double)LOAD(T, row + j * al);                               \
                const double dx = x == x ? x - mean[j] : 0.0;                                 \
                ssd[j] += dx * dx;                                                            \
                sdev[j] += dx;                                                                \
            }                                                                                 \
        }                                                                                     \
    }

/* ---------------------------------------------------------------------------------------
 * Exported entry points: a kernel descriptor per (op, dtype) and a thin function handing it to
 * the lane driver. */

#define EXPORT_REDUCE(op, sfx, block, empty_is_error, scratch)                              \
    const struct mypkg_kernel op##_kernel_##sfx = {op##_lane_##sfx, block, 1, empty_is_error, \
                                                   scratch};

#define EXPORT_REDUCE_DDOF(op, sfx, block)                                                    \
    const struct mypkg_kernel op##_kernel_##sfx = {op##_lane_##sfx, block, 1, 0, NULL};

int reduce_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
                 const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
                 int64_t nthreads)
{
    return mypkg_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, NULL, nthreads);
}

int reduce_ddof_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                      const int64_t *shape, const int64_t *astrides, void *out,
                      const int64_t *ostrides, int64_t axis, int64_t ddof, int64_t nthreads)
{
    if (ddof < 0) return MYPKG_EINVAL;
    return mypkg_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, &ddof, nthreads);
}

#define UNUSED_LANE (void)os; (void)ctx
#define UNUSED_BLOCK (void)os; (void)ctx

/* nansum and ss over floats: compensated double accumulation, stored as T. */
#define DEFINE_FLOAT_SUMS(sfx, T)                                                             \
    static int nansum_lane_##sfx(LANE_ARGS)                                                   \
    {                                                                                         \
        UNUSED_LANE;                                                                          \
        const struct fsum f = fsum_any_##sfx(a, n, as, SKIP_NAN, 0);                             \
        STORE(T, out, (T)fsum_total(&f));                                                \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int ss_lane_##sfx(LANE_ARGS)                                                       \
    {                                                                                         \
        UNUSED_LANE;                                                                          \
        const struct fsum f = fsum_any_##sfx(a, n, as, KEEP_NAN, 1);                             \
        STORE(T, out, (T)fsum_total(&f));                                                \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int nansum_block_##sfx(BLOCK_ARGS)                                                 \
    {                                                                                         \
        UNUSED_BLOCK;                                                                         \
        struct fsum f[MYPKG_BLOCK];                                                           \
        fsum_block_##sfx(a, n, as, m, al, SKIP_NAN, 0, f);                                       \
        for (int64_t j = 0; j < m; j++) STORE(T, out + j * ol, (T)fsum_total(&f[j])); \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int ss_block_##sfx(BLOCK_ARGS)                                                     \
    {                                                                                         \
        UNUSED_BLOCK;                                                                         \
        struct fsum f[MYPKG_BLOCK];                                                           \
        fsum_block_##sfx(a, n, as, m, al, KEEP_NAN, 1, f);                                       \
        for (int64_t j = 0; j < m; j++) STORE(T, out + j * ol, (T)fsum_total(&f[j])); \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    EXPORT_REDUCE(nansum, sfx, nansum_block_##sfx, 0, NULL)                                      \
    EXPORT_REDUCE(ss, sfx, ss_block_##sfx, 0, NULL)

/* nansum and ss over integers: exact, wrapping at 64 bits like NumPy's int64 sums (computed
 * unsigned so that wrapping is defined behaviour). */
#define ISUM_STEP(acc, x, square) ((acc) += (square) ? (uint64_t)(x) * (uint64_t)(x) : (uint64_t)(x))
#define DEFINE_INT_SUMS(sfx, T, SOUT)                                                         \
    INLINE uint64_t isum_lane_##sfx(const char *a, int64_t n, int64_t as, int square)         \
    {                                                                                         \
        uint64_t s[NWAY] = {0}, r = 0;                                                        \
        int64_t i = 0;                                                                        \
        for (; i + NWAY <= n; i += NWAY)                                                      \
            for (int k = 0; k < NWAY; k++) ISUM_STEP(s[k], LOAD(T, a + (i + k) * as), square);\
        for (; i < n; i++) ISUM_STEP(s[0], LOAD(T, a + i * as), square);                      \
        for (int k = 0; k < NWAY; k++) r += s[k];                                             \
        return r;                                                                             \
    }                                                                                         \
    INLINE uint64_t isum_any_##sfx(const char *a, int64_t n, int64_t as, int square)          \
    {                                                                                         \
        if (as == (int64_t)sizeof(T)) return isum_lane_##sfx(a, n, (int64_t)sizeof(T), square); \
        return isum_lane_##sfx(a, n, as, square);                                             \
    }                                                                                         \
    static void isum_block_##sfx(const char *a, int64_t n, int64_t as, int64_t m, int64_t al, \
                                 int square, uint64_t *s)                                     \
    {                                                                                         \
        for (int64_t j = 0; j < m; j++) s[j] = 0;                                             \
        for (int64_t i = 0; i < n; i++) {                                                     \
            const char *row = a + i * as;                                                     \
            for (int64_t j = 0; j < m; j++) ISUM_STEP(s[j], LOAD(T, row + j * al), square);   \
        }                                                                                     \
    }                                                                                         \
    static int nansum_lane_##sfx(LANE_ARGS)                                                   \
    {                                                                                         \
        UNUSED_LANE;                                                                          \
        STORE(SOUT, out, (SOUT)isum_any_##sfx(a, n, as, 0));                                  \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int ss_lane_##sfx(LANE_ARGS)                                                       \
    {                                                                                         \
        UNUSED_LANE;                                                                          \
        STORE(SOUT, out, (SOUT)isum_any_##sfx(a, n, as, 1));                                  \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int nansum_block_##sfx(BLOCK_ARGS)                                                 \
    {                                                                                         \
        UNUSED_BLOCK;                                                                         \
        uint64_t s[MYPKG_BLOCK];                                                              \
        isum_block_##sfx(a, n, as, m, al, 0, s);                                              \
        for (int64_t j = 0; j < m; j++) STORE(SOUT, out + j * ol, (SOUT)s[j]);                \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int ss_block_##sfx(BLOCK_ARGS)                                                     \
    {                                                                                         \
        UNUSED_BLOCK;                                                                         \
        uint64_t s[MYPKG_BLOCK];                                                              \
        isum_block_##sfx(a, n, as, m, al, 1, s);                                              \
        for (int64_t j = 0; j < m; j++) STORE(SOUT, out + j * ol, (SOUT)s[j]);                \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    EXPORT_REDUCE(nansum, sfx, nansum_block_##sfx, 0, NULL)                                      \
    EXPORT_REDUCE(ss, sfx, ss_block_##sfx, 0, NULL)

/* nanmean, nanvar, nanstd for any dtype, results stored as FOUT. */
#define DEFINE_MOMENTS(sfx, T, FOUT)                                                          \
    DEFINE_FSUM(sfx, T)                                                                       \
    static int nanmean_lane_##sfx(LANE_ARGS)                                                  \
    {                                                                                         \
        UNUSED_LANE;                                                                          \
        const struct fsum f = fsum_any_##sfx(a, n, as, SKIP_NAN_COUNT, 0);                       \
        STORE(FOUT, out, (FOUT)(f.n ? fsum_total(&f) / (double)f.n : NAN));              \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int nanmean_block_##sfx(BLOCK_ARGS)                                                \
    {                                                                                         \
        UNUSED_BLOCK;                                                                         \
        struct fsum f[MYPKG_BLOCK];                                                           \
        fsum_block_##sfx(a, n, as, m, al, SKIP_NAN_COUNT, 0, f);                                 \
        for (int64_t j = 0; j < m; j++)                                                       \
            STORE(FOUT, out + j * ol,                                                         \
                  (FOUT)(f[j].n ? fsum_total(&f[j]) / (double)f[j].n : NAN));         \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    INLINE double var_lane_##sfx(const char *a, int64_t n, int64_t as, int64_t ddof)          \
    {                                                                                         \
        const struct fsum f = fsum_any_##sfx(a, n, as, SKIP_NAN_COUNT, 0);                       \
        if (f.n - ddof <= 0) return NAN;                                                      \
        double ssd, sdev;                                                                     \
        const double mean = fsum_total(&f) / (double)f.n;                                     \
        if (as == (int64_t)sizeof(T)) dev_contig_##sfx(a, n, mean, &ssd, &sdev);              \
        else dev_lane_##sfx(a, n, as, mean, &ssd, &sdev);                                     \
        return var_finish(ssd, sdev, f.n, ddof);                                              \
    }                                                                                         \
    static void var_block_##sfx(const char *a, int64_t n, int64_t as, int64_t m, int64_t al,  \
                                int64_t ddof, double *var)                                    \
    {                                                                                         \
        struct fsum f[MYPKG_BLOCK];                                                           \
        double mean[MYPKG_BLOCK], sdev[MYPKG_BLOCK];                                          \
        fsum_block_##sfx(a, n, as, m, al, SKIP_NAN_COUNT, 0, f);                                 \
        for (int64_t j = 0; j < m; j++)                                                       \
            mean[j] = f[j].n ? fsum_total(&f[j]) / (double)f[j].n : 0.0;              \
        dev_block_##sfx(a, n, as, m, al, mean, var, sdev);                                    \
        for (int64_t j = 0; j < m; j++) var[j] = var_finish(var[j], sdev[j], f[j].n, ddof);   \
    }                                                                                         \
    static int nanvar_lane_##sfx(LANE_ARGS)                                                   \
    {                                                                                         \
        (void)os;                                                                             \
        STORE(FOUT, out, (FOUT)var_lane_##sfx(a, n, as, *(const int64_t *)ctx->params));                          \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int nanstd_lane_##sfx(LANE_ARGS)                                                   \
    {                                                                                         \
        (void)os;                                                                             \
        STORE(FOUT, out, (FOUT)sqrt(var_lane_##sfx(a, n, as, *(const int64_t *)ctx->params)));                    \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int nanvar_block_##sfx(BLOCK_ARGS)                                                 \
    {                                                                                         \
        (void)os;                                                                             \
        double v[MYPKG_BLOCK];                                                                \
        var_block_##sfx(a, n, as, m, al, *(const int64_t *)ctx->params, v);                                       \
        for (int64_t j = 0; j < m; j++) STORE(FOUT, out + j * ol, (FOUT)v[j]);                \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int nanstd_block_##sfx(BLOCK_ARGS)                                                 \
    {                                                                                         \
        (void)os;                                                                             \
        double v[MYPKG_BLOCK];                                                                \
        var_block_##sfx(a, n, as, m, al, *(const int64_t *)ctx->params, v);                                       \
        for (int64_t j = 0; j < m; j++) STORE(FOUT, out + j * ol, (FOUT)sqrt(v[j]));          \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    EXPORT_REDUCE(nanmean, sfx, nanmean_block_##sfx, 0, NULL)                                    \
    EXPORT_REDUCE_DDOF(nanvar, sfx, nanvar_block_##sfx)                                       \
    EXPORT_REDUCE_DDOF(nanstd, sfx, nanstd_block_##sfx)

/* Vector "the better of x and b, where a NaN x never wins" (vec and msk are the local vector
 * and same-width integer-vector types): the native min/max instruction where the target has
 * one for the type (MINPD and friends return the second operand when the first is NaN, which
 * is exactly `x < b ? x : b`), a compare and bit-select otherwise. */
#define VPICK_SELECT(BETTER, x, b) \
    ((vec)(((msk)(x) & ((x) BETTER (b))) | ((msk)(b) & ~((x) BETTER (b)))))
#if defined(__AVX__)
#include <immintrin.h>
#define VPICK_nanmin_f64(x, b) ((vec)_mm256_min_pd((__m256d)(x), (__m256d)(b)))
#define VPICK_nanmax_f64(x, b) ((vec)_mm256_max_pd((__m256d)(x), (__m256d)(b)))
#define VPICK_nanmin_f32(x, b) ((vec)_mm256_min_ps((__m256)(x), (__m256)(b)))
#define VPICK_nanmax_f32(x, b) ((vec)_mm256_max_ps((__m256)(x), (__m256)(b)))
#elif defined(__SSE2__)
#include <emmintrin.h>
#define VPICK_nanmin_f64(x, b) ((vec)_mm_min_pd((__m128d)(x), (__m128d)(b)))
#define VPICK_nanmax_f64(x, b) ((vec)_mm_max_pd((__m128d)(x), (__m128d)(b)))
#define VPICK_nanmin_f32(x, b) ((vec)_mm_min_ps((__m128)(x), (__m128)(b)))
#define VPICK_nanmax_f32(x, b) ((vec)_mm_max_ps((__m128)(x), (__m128)(b)))
#else
#define VPICK_nanmin_f64(x, b) VPICK_SELECT(<, x, b)
#define VPICK_nanmax_f64(x, b) VPICK_SELECT(>, x, b)
#define VPICK_nanmin_f32(x, b) VPICK_SELECT(<, x, b)
#define VPICK_nanmax_f32(x, b) VPICK_SELECT(>, x, b)
#endif
#define VPICK_nanmin_i64(x, b) VPICK_SELECT(<, x, b)
#define VPICK_nanmax_i64(x, b) VPICK_SELECT(>, x, b)
#define VPICK_nanmin_i32(x, b) VPICK_SELECT(<, x, b)
#define VPICK_nanmax_i32(x, b) VPICK_SELECT(>, x, b)
#define VPICK_nanmin_u64(x, b) VPICK_SELECT(<, x, b)
#define VPICK_nanmax_u64(x, b) VPICK_SELECT(>, x, b)

/* nanmin/nanmax (op = name, BETTER = < or >, START = the identity) and the arg versions.
 * The scans track only the extreme; whether a lane holds any number at all is asked only when
 * its extreme is still the identity (all NaN, or every number equal to the identity).
 * Lanes are never empty here: the driver rejects a zero-length axis first. */
#define DEFINE_EXTREME(op, argop, BETTER, sfx, T, IT, START, NANV, ISNUM)                        \
    INLINE T op##_scan_##sfx(const char *a, int64_t n, int64_t as)                            \
    {                                                                                         \
        T b[NWAY];                                                                            \
        for (int k = 0; k < NWAY; k++) b[k] = START;                                          \
        int64_t i = 0;                                                                        \
        for (; i + NWAY <= n; i += NWAY)                                                      \
            for (int k = 0; k < NWAY; k++) {                                                  \
                const T x = LOAD(T, a + (i + k) * as);                                        \
                b[k] = x BETTER b[k] ? x : b[k];                                              \
            }                                                                                 \
        for (; i < n; i++) {                                                                  \
            const T x = LOAD(T, a + i * as);                                                  \
            b[0] = x BETTER b[0] ? x : b[0];                                                  \
        }                                                                                     \
        for (int k = 1; k < NWAY; k++) b[0] = b[k] BETTER b[0] ? b[k] : b[0];                 \
        return b[0];                                                                          \
    }                                                                                         \
    /* the same scan over a contiguous lane, in vectors of T */                               \
    INLINE T op##_vscan_##sfx(const char *a, int64_t n)                                       \
    {                                                                                         \
        typedef T vec __attribute__((vector_size(VBYTES)));                                   \
        typedef IT msk __attribute__((vector_size(VBYTES)));                                  \
        (void)sizeof(msk);                                                                    \
        enum { L = VBYTES / sizeof(T), U = 4 }; /* U accumulators hide the latency */         \
        vec b[U];                                                                             \
        for (int u = 0; u < U; u++) b[u] = (vec){0} + (START);                                \
        int64_t i = 0;                                                                        \
        for (; i + U * L <= n; i += U * L)                                                    \
            for (int u = 0; u < U; u++) {                                                     \
                vec x;                                                                        \
                memcpy(&x, a + (i + u * L) * (int64_t)sizeof(T), sizeof x);                   \
                b[u] = VPICK_##op##_##sfx(x, b[u]);                                           \
            }                                                                                 \
        T best = op##_scan_##sfx(a + i * (int64_t)sizeof(T), n - i, (int64_t)sizeof(T));      \
        for (int u = 0; u < U; u++)                                                           \
            for (int k = 0; k < L; k++) best = b[u][k] BETTER best ? b[u][k] : best;          \
        return best;                                                                          \
    }                                                                                         \
    INLINE int op##_any_number_##sfx(const char *a, int64_t n, int64_t as)                    \
    {                                                                                         \
        for (int64_t i = 0; i < n; i++)                                                       \
            if (ISNUM(LOAD(T, a + i * as))) return 1;                                         \
        return 0;                                                                             \
    }                                                                                         \
    /* the lane's extreme in *best; returns whether the lane holds any number */              \
    INLINE int op##_extreme_##sfx(const char *a, int64_t n, int64_t as, T *best)              \
    {                                                                                         \
        *best = as == (int64_t)sizeof(T) ? op##_vscan_##sfx(a, n) : op##_scan_##sfx(a, n, as); \
        return !(*best == (T)(START)) || op##_any_number_##sfx(a, n, as);                     \
    }                                                                                         \
    static int op##_lane_##sfx(LANE_ARGS)                                                     \
    {                                                                                         \
        UNUSED_LANE;                                                                          \
        T best;                                                                               \
        const int seen = op##_extreme_##sfx(a, n, as, &best);                                 \
        STORE(T, out, seen ? best : (T)NANV);                                                 \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    INLINE void op##_rows_##sfx(const char *a, int64_t n, int64_t as, int64_t m, int64_t al,  \
                                T *b)                                                         \
    {                                                                                         \
        for (int64_t j = 0; j < m; j++) b[j] = START;                                         \
        for (int64_t i = 0; i < n; i++) {                                                     \
            const char *row = a + i * as;                                                     \
            for (int64_t j = 0; j < m; j++) {                                                 \
                const T x = LOAD(T, row + j * al);                                            \
                b[j] = x BETTER b[j] ? x : b[j];                                              \
            }                                                                                 \
        }                                                                                     \
    }                                                                                         \
    /* op##_rows_##sfx for neighbouring lanes (al == sizeof(T)), in vectors of T, reading     \
     * row by row: memory is read in order */                                                 \
    INLINE void op##_vrows_##sfx(const char *a, int64_t n, int64_t as, int64_t m, T *b)       \
    {                                                                                         \
        typedef T vec __attribute__((vector_size(VBYTES)));                                   \
        typedef IT msk __attribute__((vector_size(VBYTES)));                                  \
        (void)sizeof(msk);                                                                    \
        enum { L = VBYTES / sizeof(T) };                                                      \
        const int64_t mv = m - m % L;                                                         \
        op##_rows_##sfx(a + mv * (int64_t)sizeof(T), n, as, m - mv, (int64_t)sizeof(T), b + mv); \
        for (int64_t j = 0; j < mv; j += L) {                                                 \
            const vec start = (vec){0} + (START);                                             \
            memcpy(b + j, &start, sizeof start);                                              \
        }                                                                                     \
        for (int64_t i = 0; i < n; i++) {                                                     \
            const char *row = a + i * as;                                                     \
            for (int64_t j = 0; j < mv; j += L) {                                             \
                vec x, bv;                                                                    \
                memcpy(&x, row + j * (int64_t)sizeof(T), sizeof x);                           \
                memcpy(&bv, b + j, sizeof bv);                                                \
                bv = VPICK_##op##_##sfx(x, bv);                                               \
                memcpy(b + j, &bv, sizeof bv);                                                \
            }                                                                                 \
        }                                                                                     \
    }                                                                                         \
    /* the extremes of m neighbouring lanes in b, and whether each holds any number */        \
    INLINE void op##_block_extremes_##sfx(const char *a, int64_t n, int64_t as, int64_t m,    \
                                          int64_t al, T *b, int *seen)                        \
    {                                                                                         \
        if (al == (int64_t)sizeof(T)) op##_vrows_##sfx(a, n, as, m, b);                       \
        else op##_rows_##sfx(a, n, as, m, al, b);                                             \
        for (int64_t j = 0; j < m; j++)                                                       \
            seen[j] = !(b[j] == (T)(START)) || op##_any_number_##sfx(a + j * al, n, as);      \
    }                                                                                         \
    static int op##_block_##sfx(BLOCK_ARGS)                                                   \
    {                                                                                         \
        UNUSED_BLOCK;                                                                         \
        T b[MYPKG_BLOCK];                                                                     \
        int seen[MYPKG_BLOCK];                                                                \
        op##_block_extremes_##sfx(a, n, as, m, al, b, seen);                                  \
        for (int64_t j = 0; j < m; j++) STORE(T, out + j * ol, seen[j] ? b[j] : (T)NANV);     \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    /* Arg-reductions in two passes: the (vectorized) extreme of the lane, then the first   \
     * position holding it, a search that stops early. The extreme is either an element or, \
     * when every number equals the identity, that identity: the search always finds it. */ \
    /* the first position holding `best` in a contiguous lane: vector compares find the     \
     * stretch, a scalar look finds the spot */                                               \
    INLINE int64_t op##_vfind_##sfx(const char *a, int64_t n, T best)                         \
    {                                                                                         \
        typedef T vec __attribute__((vector_size(VBYTES)));                                   \
        typedef IT msk __attribute__((vector_size(VBYTES)));                                  \
        enum { L = VBYTES / sizeof(T), U = 4 };                                               \
        const vec b = (vec){0} + best;                                                        \
        int64_t i = 0;                                                                        \
        for (; i + U * L <= n; i += U * L) {                                                  \
            msk hit = {0};                                                                    \
            for (int u = 0; u < U; u++) {                                                     \
                vec x;                                                                        \
                memcpy(&x, a + (i + u * L) * (int64_t)sizeof(T), sizeof x);                   \
                hit |= x == b;                                                                \
            }                                                                                 \
            IT any = 0;                                                                       \
            for (int k = 0; k < L; k++) any |= hit[k];                                        \
            if (any) break;                                                                   \
        }                                                                                     \
        while (i < n && !(LOAD(T, a + i * (int64_t)sizeof(T)) == best)) i++;                  \
        return i;                                                                             \
    }                                                                                         \
    static int argop##_lane_##sfx(LANE_ARGS)                                                  \
    {                                                                                         \
        UNUSED_LANE;                                                                          \
        T best;                                                                               \
        if (!op##_extreme_##sfx(a, n, as, &best)) return MYPKG_EALLNAN;                       \
        int64_t i = 0;                                                                        \
        if (as == (int64_t)sizeof(T)) i = op##_vfind_##sfx(a, n, best);                       \
        else while (i < n && !(LOAD(T, a + i * as) == best)) i++;                             \
        STORE(int64_t, out, i);                                                               \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    /* w[j] = the first row where lane j holds b[j] (every lane holds it somewhere) */      \
    INLINE void op##_first_rows_##sfx(const char *a, int64_t n, int64_t as, int64_t m,        \
                                      int64_t al, const T *b, int64_t *w)                     \
    {                                                                                         \
        int64_t missing = m;                                                                  \
        for (int64_t j = 0; j < m; j++) w[j] = -1;                                            \
        for (int64_t i = 0; i < n && missing; i++) {                                          \
            const char *row = a + i * as;                                                     \
            for (int64_t j = 0; j < m; j++)                                                   \
                if (w[j] < 0 && LOAD(T, row + j * al) == b[j]) { w[j] = i; missing--; }       \
        }                                                                                     \
    }                                                                                         \
    /* the same for neighbouring lanes: a row is compared a vector at a time, lanes already  \
     * found masked out, and only a hit is looked at lane by lane */                          \
    INLINE void op##_vfirst_rows_##sfx(const char *a, int64_t n, int64_t as, int64_t m,       \
                                       const T *b, int64_t *w)                                \
    {                                                                                         \
        typedef T vec __attribute__((vector_size(VBYTES)));                                   \
        typedef IT msk __attribute__((vector_size(VBYTES)));                                  \
        enum { L = VBYTES / sizeof(T) };                                                      \
        const int64_t mv = m - m % L;                                                         \
        op##_first_rows_##sfx(a + mv * (int64_t)sizeof(T), n, as, m - mv, (int64_t)sizeof(T), \
                              b + mv, w + mv);                                                \
        IT found[MYPKG_BLOCK] = {0};                                                          \
        int64_t missing = mv;                                                                 \
        for (int64_t i = 0; i < n && missing; i++) {                                          \
            const char *row = a + i * as;                                                     \
            for (int64_t j = 0; j < mv; j += L) {                                             \
                vec x, bv;                                                                    \
                msk fv;                                                                       \
                memcpy(&x, row + j * (int64_t)sizeof(T), sizeof x);                           \
                memcpy(&bv, b + j, sizeof bv);                                                \
                memcpy(&fv, found + j, sizeof fv);                                            \
                const msk hit = (x == bv) & ~fv;                                              \
                IT any = 0;                                                                   \
                for (int k = 0; k < L; k++) any |= hit[k];                                    \
                if (!any) continue;                                                           \
                for (int k = 0; k < L; k++)                                                   \
                    if (hit[k]) { w[j + k] = i; found[j + k] = -1; missing--; }               \
            }                                                                                 \
        }                                                                                     \
    }                                                                                         \
    static int argop##_block_##sfx(BLOCK_ARGS)                                                \
    {                                                                                         \
        UNUSED_BLOCK;                                                                         \
        T b[MYPKG_BLOCK];                                                                     \
        int seen[MYPKG_BLOCK];                                                                \
        int64_t w[MYPKG_BLOCK];                                                               \
        op##_block_extremes_##sfx(a, n, as, m, al, b, seen);                                  \
        for (int64_t j = 0; j < m; j++)                                                       \
            if (!seen[j]) return MYPKG_EALLNAN;                                               \
        if (al == (int64_t)sizeof(T)) op##_vfirst_rows_##sfx(a, n, as, m, b, w);              \
        else op##_first_rows_##sfx(a, n, as, m, al, b, w);                                   \
        for (int64_t j = 0; j < m; j++) STORE(int64_t, out + j * ol, w[j]);                   \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    EXPORT_REDUCE(op, sfx, op##_block_##sfx, 1, NULL)                                         \
    EXPORT_REDUCE(argop, sfx, argop##_block_##sfx, 1, NULL)

/* anynan / allnan: each lane stops at its first deciding element. No block version: a block
 * would read until its slowest lane is decided. For integer types no element is NaN. */
#define DEFINE_NANFLAGS(sfx, T, ISNUM)                                                        \
    static int anynan_lane_##sfx(LANE_ARGS)                                                   \
    {                                                                                         \
        UNUSED_LANE;                                                                          \
        int64_t i = 0;                                                                        \
        while (i < n && ISNUM(LOAD(T, a + i * as))) i++;                                      \
        STORE(uint8_t, out, i < n);                                                           \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int allnan_lane_##sfx(LANE_ARGS)                                                   \
    {                                                                                         \
        UNUSED_LANE;                                                                          \
        int64_t i = 0;                                                                        \
        while (i < n && !ISNUM(LOAD(T, a + i * as))) i++;                                     \
        STORE(uint8_t, out, i == n);                                                          \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    EXPORT_REDUCE(anynan, sfx, NULL, 0, NULL)                                                 \
    EXPORT_REDUCE(allnan, sfx, NULL, 0, NULL)

/* Everything a dtype gets apart from the sums. */
#define DEFINE_REDUCTIONS(sfx, T, IT, FOUT, HIGH, LOW, NANV, ISNUM)                              \
    DEFINE_MOMENTS(sfx, T, FOUT)                                                              \
    DEFINE_EXTREME(nanmin, nanargmin, <, sfx, T, IT, HIGH, NANV, ISNUM)                           \
    DEFINE_EXTREME(nanmax, nanargmax, >, sfx, T, IT, LOW, NANV, ISNUM)                            \
    DEFINE_NANFLAGS(sfx, T, ISNUM)

/*                sfx  T         IT       FOUT    HIGH        LOW        NANV ISNUM */
DEFINE_REDUCTIONS(f64, double,   int64_t, double, INFINITY,   -INFINITY, NAN, FLT_ISNUM)
DEFINE_REDUCTIONS(f32, float,    int32_t, float,  INFINITY,   -INFINITY, NAN, FLT_ISNUM)
DEFINE_REDUCTIONS(i64, int64_t,  int64_t, double, INT64_MAX,  INT64_MIN, 0,   INT_ISNUM)
DEFINE_REDUCTIONS(i32, int32_t,  int32_t, double, INT32_MAX,  INT32_MIN, 0,   INT_ISNUM)
DEFINE_REDUCTIONS(u64, uint64_t, int64_t, double, UINT64_MAX, 0,         0,   INT_ISNUM)

DEFINE_FLOAT_SUMS(f64, double)
DEFINE_FLOAT_SUMS(f32, float)
DEFINE_INT_SUMS(i64, int64_t, int64_t)
DEFINE_INT_SUMS(i32, int32_t, int64_t)
DEFINE_INT_SUMS(u64, uint64_t, uint64_t)
