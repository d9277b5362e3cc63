/* reduce.c: the NaN-aware reductions (nansum, ss, nanmean, nanvar, nanstd, nanmin, nanmax,
 * nanargmin, nanargmax, anynan, allnan).
 *
 * Every kernel is written once, over the input element type (enum dt, kernels.h) passed as a
 * constant that always_inline folds away, as a lane loop (one lane, 8 interleaved accumulators
 * so the loop is not bound by one add's latency) and, where it pays, a block loop (up to
 * MYPKG_BLOCK neighbouring lanes read row by row, for reductions along a slow axis). A few
 * lines of glue at the bottom instantiate them per dtype; lanes.c does the walking. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "dtype.h"

#if MYPKG_X86
#include <immintrin.h>
#endif

#define NWAY 8

/* The instruction set a copy of a kernel is compiled for: the SSE2 baseline, or AVX2. */
enum isa { SSE2, AVX2 };

/* ---------------------------------------------------------------------------------------
 * Float accumulation, shared by nansum/ss (float input) and nanmean/nanvar/nanstd (any
 * input): always in double (float32 input gets a double accumulator), and every addition
 * compensated. An accumulator is a pair (s, c): TwoSum adds x to s and the exact rounding
 * error of that addition to c, so s + c is the sum with an error of one rounding plus about
 * (k eps)^2 sum|x| after k terms: a few ulps of sum|x| at any practical length, more accurate
 * than pairwise summation. TwoSum needs no compare or branch, so a contiguous lane's NWAY
 * accumulators are the lanes of vectors: four 16-byte vectors in the SSE2 baseline, two
 * 32-byte ones in the AVX2 copy of a kernel (enum isa, a constant like enum dt; the form a
 * copy does not use is optimised away). TwoSum's six operations a vector make the AVX2 copy
 * the one that keeps pace with memory. */

typedef double v2d __attribute__((vector_size(16)));
typedef int64_t v2m __attribute__((vector_size(16))); /* a v2d's bits and compare masks */
typedef double v4d __attribute__((vector_size(32)));
typedef int64_t v4m __attribute__((vector_size(32)));

/* NWAY doubles, in the form of one isa. Vectors travel by pointer: a 32-byte vector passed by
 * value outside AVX code would change the ABI. */
struct fvec { v2d x[NWAY / 2]; v4d y[NWAY / 4]; };

/* s + x as s, its rounding error added to c (Knuth's TwoSum, exact unless s + x overflows;
 * an inf or NaN turns c into NaN, and then s is not finite either). A macro so that doubles
 * and both vector types share it. */
#define TWO_SUM(s, c, x)                                                                       \
    do {                                                                                       \
        const __typeof__(s) t_ = (s) + (x), z_ = t_ - (s);                                     \
        (c) += ((s) - (t_ - z_)) + ((x) - z_);                                                 \
        (s) = t_;                                                                              \
    } while (0)

/* A sum being built: s + c, and the numbers counted (exact in a double below 2^53), in
 * scalars and in vectors. */
struct acc { double s, c, n; };
struct vacc { struct fvec s, c, n; };

/* A finished float sum: s + c over n terms. */
struct fsum { double s, c; int64_t n; };

/* What a float sum does with NaN: add it, skip it, or skip it and count the numbers (the
 * count, fsum.n, is meaningful only in the last mode). */
enum { KEEP_NAN = 0, SKIP_NAN = 1, SKIP_NAN_COUNT = 2 };

/* Once a partial sum is inf or NaN its compensation is NaN; the plain sum is then the answer. */
INLINE double fsum_total(const struct fsum *f) { return isfinite(f->s) ? f->s + f->c : f->s; }

/* Add the accumulator (s, c, counted) to f. */
INLINE void fsum_merge(struct fsum *f, double s, double c, double counted)
{
    TWO_SUM(f->s, f->c, s);
    f->c += c;
    f->n += (int64_t)counted;
}

/* Lane l of v. */
INLINE double fvec_at(enum isa s, const struct fvec *v, int l)
{
    return s == AVX2 ? v->y[l / 4][l % 4] : v->x[l / 2][l % 2];
}

/* The sum of the scalar accumulator r and (unless NULL) the vector one v; len: the lane's
 * length, the count unless numbers are counted. */
INLINE struct fsum fsum_finish(enum isa s, int mode, const struct acc *r, const struct vacc *v,
                               int64_t len)
{
    struct fsum f = {0.0, 0.0, 0};
    fsum_merge(&f, r->s, r->c, r->n);
    if (v)
        for (int l = 0; l < NWAY; l++)
            fsum_merge(&f, fvec_at(s, &v->s, l), fvec_at(s, &v->c, l), fvec_at(s, &v->n, l));
    if (mode != SKIP_NAN_COUNT) f.n = len;
    return f;
}

/* Two elements as doubles: at p and p + as (one load when they are neighbours). */
INLINE v2d ld2(enum dt t, const char *p, int64_t as)
{
    typedef float v2f __attribute__((vector_size(8)));
    typedef int32_t v2i __attribute__((vector_size(8)));
    if (as != esize(t)) return (v2d){ld(t, p), ld(t, p + as)};
    v2f f;
    v2i i;
    v2m l;
    switch (t) {
    case F64: memcpy(&l, p, sizeof l); return (v2d)l;
    case F32: memcpy(&f, p, sizeof f); return __builtin_convertvector(f, v2d);
    case I32: memcpy(&i, p, sizeof i); return __builtin_convertvector(i, v2d);
    case I64: memcpy(&l, p, sizeof l); return __builtin_convertvector(l, v2d);
    default: return (v2d){ld(t, p), ld(t, p + as)};
    }
}

/* Four elements as doubles into *x, likewise. */
INLINE void ld4(enum dt t, const char *p, int64_t as, v4d *x)
{
    typedef float v4f __attribute__((vector_size(16)));
    typedef int32_t v4i __attribute__((vector_size(16)));
    v4f f;
    v4i i;
    if (as == esize(t) && t == F64) {
        memcpy(x, p, sizeof *x);
    } else if (as == esize(t) && t == F32) {
        memcpy(&f, p, sizeof f);
        *x = __builtin_convertvector(f, v4d);
    } else if (as == esize(t) && t == I32) {
        memcpy(&i, p, sizeof i);
        *x = __builtin_convertvector(i, v4d);
    } else {
        const double e[4] = {ld(t, p), ld(t, p + as), ld(t, p + 2 * as), ld(t, p + 3 * as)};
        memcpy(x, e, sizeof e);
    }
}

/* NWAY elements at p, p + as, ... into x. */
INLINE void fvec_load(enum dt t, enum isa s, const char *p, int64_t as, struct fvec *x)
{
    if (s == AVX2)
        for (int k = 0; k < NWAY / 4; k++) ld4(t, p + 4 * k * as, as, &x->y[k]);
    else
        for (int k = 0; k < NWAY / 2; k++) x->x[k] = ld2(t, p + 2 * k * as, as);
}

/* One element (or vector of elements, mask type M) into an accumulator: squared first if
 * asked, left out when NaN is skipped. Masks select rather than branch: NaN patterns are
 * unpredictable. */
INLINE void sum_step(int mode, int square, double x, struct acc *r)
{
    if (square) x *= x;
    const int ok = mode == KEEP_NAN || x == x;
    x = ok ? x : 0.0;
    TWO_SUM(r->s, r->c, x);
    if (mode == SKIP_NAN_COUNT) r->n += ok ? 1.0 : 0.0;
}

#define VSUM_STEP(M, mode, square, x, s, c, n)                                                 \
    do {                                                                                       \
        if (square) (x) *= (x);                                                                \
        if ((mode) != KEEP_NAN) {                                                              \
            const M ok_ = (x) == (x);                                                          \
            (x) = (__typeof__(x))((M)(x) & ok_);                                               \
            if ((mode) == SKIP_NAN_COUNT)                                                      \
                (n) += (__typeof__(x))((M)((__typeof__(x)){0} + 1.0) & ok_);                   \
        }                                                                                      \
        TWO_SUM(s, c, x);                                                                      \
    } while (0)

/* NWAY elements at p, p + as, ... into the vector accumulator r. */
INLINE void vsum_step(enum dt t, enum isa s, int mode, int square, const char *p, int64_t as,
                      struct vacc *r)
{
    struct fvec x;
    fvec_load(t, s, p, as, &x);
    if (s == AVX2)
        for (int k = 0; k < NWAY / 4; k++)
            VSUM_STEP(v4m, mode, square, x.y[k], r->s.y[k], r->c.y[k], r->n.y[k]);
    else
        for (int k = 0; k < NWAY / 2; k++)
            VSUM_STEP(v2m, mode, square, x.x[k], r->s.x[k], r->c.x[k], r->n.x[k]);
}

INLINE struct fsum fsum_lane(enum dt t, enum isa s, int mode, int square, const char *a,
                             int64_t n, int64_t as)
{
    struct vacc v;
    memset(&v, 0, sizeof v);
    int64_t i = 0;
    for (; i + NWAY <= n; i += NWAY) vsum_step(t, s, mode, square, a + i * as, as, &v);
    struct acc r = {0.0, 0.0, 0.0};
    for (; i < n; i++) sum_step(mode, square, ld(t, a + i * as), &r);
    return fsum_finish(s, mode, &r, &v, n);
}

/* A contiguous lane gets its own copy, with one load per vector. */
INLINE struct fsum fsum_any(enum dt t, enum isa s, int mode, int square, const char *a,
                            int64_t n, int64_t as)
{
    if (as == esize(t)) return fsum_lane(t, s, mode, square, a, n, esize(t));
    return fsum_lane(t, s, mode, square, a, n, as);
}

/* fsum_lane for m lanes at once, lane j at a + j * al, read row by row. */
INLINE void fsum_rows(enum dt t, int mode, int square, const char *a, int64_t n, int64_t as,
                      int64_t m, int64_t al, struct fsum *f)
{
    double rs[MYPKG_BLOCK], rc[MYPKG_BLOCK], rn[MYPKG_BLOCK]; /* separate: the j loop vectorizes */
    for (int64_t j = 0; j < m; j++) rs[j] = rc[j] = rn[j] = 0.0;
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < m; j++) {
            struct acc r = {rs[j], rc[j], rn[j]};
            sum_step(mode, square, ld(t, a + i * as + j * al), &r);
            rs[j] = r.s;
            rc[j] = r.c;
            rn[j] = r.n;
        }
    for (int64_t j = 0; j < m; j++) {
        const struct acc r = {rs[j], rc[j], rn[j]};
        f[j] = fsum_finish(SSE2, mode, &r, NULL, n);
    }
}

/* fsum_rows for neighbouring lanes (al == element size): strips of NWAY lanes are summed in
 * vector registers over the rows of a chunk of CHUNK rows (chunk by chunk, so that a chunk's
 * rows stay in cache while its strips are read), each strip's accumulators kept in v between
 * chunks. */
#define CHUNK 256
INLINE void fsum_vrows(enum dt t, enum isa s, int mode, int square, const char *a, int64_t n,
                       int64_t as, int64_t m, struct fsum *f)
{
    const int64_t es = esize(t), mv = m - m % NWAY;
    struct vacc v[MYPKG_BLOCK / NWAY];
    fsum_rows(t, mode, square, a + mv * es, n, as, m - mv, es, f + mv);
    memset(v, 0, sizeof v);
    for (int64_t c0 = 0; c0 < n; c0 += CHUNK) {
        const int64_t end = n - c0 < CHUNK ? n : c0 + CHUNK;
        for (int64_t j0 = 0; j0 < mv; j0 += NWAY) {
            struct vacc r = v[j0 / NWAY];
            for (int64_t i = c0; i < end; i++)
                vsum_step(t, s, mode, square, a + i * as + j0 * es, es, &r);
            v[j0 / NWAY] = r;
        }
    }
    for (int64_t j = 0; j < mv; j++) {
        const struct vacc *w = &v[j / NWAY];
        const int l = (int)(j % NWAY);
        const struct acc r = {fvec_at(s, &w->s, l), fvec_at(s, &w->c, l), fvec_at(s, &w->n, l)};
        f[j] = fsum_finish(s, mode, &r, NULL, n);
    }
}

/* Neighbouring lanes get a constant lane stride, so the row loop vectorizes. */
INLINE void fsum_block(enum dt t, enum isa s, int mode, int square, const char *a, int64_t n,
                       int64_t as, int64_t m, int64_t al, struct fsum *f)
{
    if (al == esize(t)) fsum_vrows(t, s, mode, square, a, n, as, m, f);
    else fsum_rows(t, mode, square, a, n, as, m, al, f);
}

/* ---------------------------------------------------------------------------------------
 * Variance: the mean, then the sum of squared deviations from it of the non-NaN values,
 * corrected for the rounding error of the mean (the "corrected two-pass" variance), divided
 * by count - ddof. */

INLINE double var_finish(double ssd, double sdev, int64_t n, int64_t ddof)
{
    if (n - ddof <= 0) return NAN;
    const double v = (ssd - sdev * sdev / (double)n) / (double)(n - ddof);
    return v > 0.0 ? v : (v == v ? 0.0 : v);
}

INLINE double fsum_mean(const struct fsum *f) { return fsum_total(f) / (double)f->n; }

/* Second pass: squared and plain deviations from the lane's mean. */
INLINE void dev_lane(enum dt t, const char *a, int64_t n, int64_t as, double mean, double *ssd,
                     double *sdev)
{
    v2d q[NWAY / 2] = {{0}}, d[NWAY / 2] = {{0}};
    int64_t i = 0;
    for (; i + NWAY <= n; i += NWAY)
        for (int v = 0; v < NWAY / 2; v++) {
            const v2d x = ld2(t, a + (i + 2 * v) * as, as);
            const v2d dx = (v2d)((v2m)(x - mean) & (x == x));
            q[v] += dx * dx;
            d[v] += dx;
        }
    for (int v = 1; v < NWAY / 2; v++) {
        q[0] += q[v];
        d[0] += d[v];
    }
    *ssd = q[0][0] + q[0][1];
    *sdev = d[0][0] + d[0][1];
    for (; i < n; i++) {
        const double x = ld(t, a + i * as);
        const double dx = x == x ? x - mean : 0.0;
        *ssd += dx * dx;
        *sdev += dx;
    }
}

INLINE double var_lane(enum dt t, enum isa s, const char *a, int64_t n, int64_t as,
                       int64_t ddof)
{
    const struct fsum f = fsum_any(t, s, SKIP_NAN_COUNT, 0, a, n, as);
    if (f.n - ddof <= 0) return NAN;
    double ssd, sdev;
    if (as == esize(t)) dev_lane(t, a, n, esize(t), fsum_mean(&f), &ssd, &sdev);
    else dev_lane(t, a, n, as, fsum_mean(&f), &ssd, &sdev);
    return var_finish(ssd, sdev, f.n, ddof);
}

INLINE void var_block(enum dt t, enum isa s, const char *a, int64_t n, int64_t as, int64_t m,
                      int64_t al, int64_t ddof, double *var)
{
    struct fsum f[MYPKG_BLOCK];
    double mean[MYPKG_BLOCK], sdev[MYPKG_BLOCK];
    fsum_block(t, s, SKIP_NAN_COUNT, 0, a, n, as, m, al, f);
    for (int64_t j = 0; j < m; j++) {
        mean[j] = f[j].n ? fsum_mean(&f[j]) : 0.0;
        var[j] = sdev[j] = 0.0;
    }
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < m; j++) {
            const double x = ld(t, a + i * as + j * al);
            const double dx = x == x ? x - mean[j] : 0.0;
            var[j] += dx * dx;
            sdev[j] += dx;
        }
    for (int64_t j = 0; j < m; j++) var[j] = var_finish(var[j], sdev[j], f[j].n, ddof);
}

/* ---------------------------------------------------------------------------------------
 * Integer sums: exact, wrapping at 64 bits like NumPy's int64 sums (computed unsigned so that
 * wrapping is defined behaviour); int32 input sums to int64. */

INLINE uint64_t ldu(enum dt t, const char *p)
{
    switch (t) {
    case I32: return (uint64_t)(int64_t)LOAD(int32_t, p);
    case U64: return LOAD(uint64_t, p);
    default: return (uint64_t)LOAD(int64_t, p);
    }
}

INLINE uint64_t isum_term(enum dt t, int square, const char *p)
{
    const uint64_t x = ldu(t, p);
    return square ? x * x : x;
}

INLINE uint64_t isum_lane(enum dt t, int square, const char *a, int64_t n, int64_t as)
{
    uint64_t s[NWAY] = {0}, r = 0;
    int64_t i = 0;
    for (; i + NWAY <= n; i += NWAY)
        for (int k = 0; k < NWAY; k++) s[k] += isum_term(t, square, a + (i + k) * as);
    for (; i < n; i++) s[0] += isum_term(t, square, a + i * as);
    for (int k = 0; k < NWAY; k++) r += s[k];
    return r;
}

INLINE uint64_t isum_any(enum dt t, int square, const char *a, int64_t n, int64_t as)
{
    if (as == esize(t)) return isum_lane(t, square, a, n, esize(t));
    return isum_lane(t, square, a, n, as);
}

INLINE void isum_block(enum dt t, int square, const char *a, int64_t n, int64_t as, int64_t m,
                       int64_t al, uint64_t *s)
{
    for (int64_t j = 0; j < m; j++) s[j] = 0;
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < m; j++) s[j] += isum_term(t, square, a + i * as + j * al);
}

/* nansum (square = 0) and ss (square = 1): floats summed in double and stored as their own
 * type (ss keeps NaN), integers exactly (stored as int64 or uint64). */
INLINE void sum_lane(enum dt t, enum isa s, int square, const char *a, int64_t n, int64_t as,
                     char *out)
{
    if (is_float(t)) {
        const struct fsum f = fsum_any(t, s, square ? KEEP_NAN : SKIP_NAN, square, a, n, as);
        st(t, out, fsum_total(&f));
    } else {
        STORE(uint64_t, out, isum_any(t, square, a, n, as));
    }
}

INLINE void sum_block(enum dt t, enum isa s, int square, const char *a, int64_t n, int64_t as,
                      int64_t m, int64_t al, char *out, int64_t ol)
{
    if (is_float(t)) {
        struct fsum f[MYPKG_BLOCK];
        fsum_block(t, s, square ? KEEP_NAN : SKIP_NAN, square, a, n, as, m, al, f);
        for (int64_t j = 0; j < m; j++) st(t, out + j * ol, fsum_total(&f[j]));
    } else {
        uint64_t sums[MYPKG_BLOCK];
        isum_block(t, square, a, n, as, m, al, sums);
        for (int64_t j = 0; j < m; j++) STORE(uint64_t, out + j * ol, sums[j]);
    }
}

/* ---------------------------------------------------------------------------------------
 * nanmin, nanmax, nanargmin, nanargmax. An element is held exactly whatever its type (floats
 * as double, signed integers as int64, uint64 as itself); NaN never wins a compare. The scans
 * track only the extreme; whether a lane holds any number at all is asked only when its
 * extreme is still the identity (all NaN, or every number equal to the identity). Lanes are
 * never empty here: the driver rejects a zero-length axis first. */

union val { double f; int64_t i; uint64_t u; };

INLINE union val ldv(enum dt t, const char *p)
{
    union val v;
    switch (t) {
    case F64: v.f = LOAD(double, p); break;
    case F32: v.f = LOAD(float, p); break;
    case I64: v.i = LOAD(int64_t, p); break;
    case I32: v.i = LOAD(int32_t, p); break;
    default: v.u = LOAD(uint64_t, p); break;
    }
    return v;
}

INLINE void stv(enum dt t, char *p, union val v)
{
    switch (t) {
    case F64: STORE(double, p, v.f); break;
    case F32: STORE(float, p, (float)v.f); break;
    case I64: STORE(int64_t, p, v.i); break;
    case I32: STORE(int32_t, p, (int32_t)v.i); break;
    default: STORE(uint64_t, p, v.u); break;
    }
}

/* The start of a scan: nothing is worse. */
INLINE union val identity(enum dt t, int is_max)
{
    switch (t) {
    case F64: case F32: return (union val){.f = is_max ? -INFINITY : INFINITY};
    case I64: return (union val){.i = is_max ? INT64_MIN : INT64_MAX};
    case I32: return (union val){.i = is_max ? INT32_MIN : INT32_MAX};
    default: return (union val){.u = is_max ? 0 : UINT64_MAX};
    }
}

INLINE int same(enum dt t, union val x, union val y)
{
    return is_float(t) ? x.f == y.f : x.u == y.u;
}

/* The better of x and the held b (b when x is NaN or equal). */
INLINE union val pick(enum dt t, int is_max, union val x, union val b)
{
    switch (t) {
    case F64: case F32:
        return (union val){.f = (is_max ? x.f > b.f : x.f < b.f) ? x.f : b.f};
    case I64: case I32:
        return (union val){.i = (is_max ? x.i > b.i : x.i < b.i) ? x.i : b.i};
    default:
        return (union val){.u = (is_max ? x.u > b.u : x.u < b.u) ? x.u : b.u};
    }
}

INLINE union val scan(enum dt t, int is_max, const char *a, int64_t n, int64_t as)
{
    union val b[NWAY];
    for (int k = 0; k < NWAY; k++) b[k] = identity(t, is_max);
    int64_t i = 0;
    for (; i + NWAY <= n; i += NWAY)
        for (int k = 0; k < NWAY; k++) b[k] = pick(t, is_max, ldv(t, a + (i + k) * as), b[k]);
    for (; i < n; i++) b[0] = pick(t, is_max, ldv(t, a + i * as), b[0]);
    for (int k = 1; k < NWAY; k++) b[0] = pick(t, is_max, b[k], b[0]);
    return b[0];
}

/* Explicit SIMD for contiguous data, in units of VUNIT bytes: two 16-byte vectors in the SSE2
 * baseline, one 32-byte vector in the AVX2 copy of a kernel (the form a copy does not use is
 * optimised away). Vectors travel by pointer: a 32-byte
 * vector passed by value outside AVX code would change the ABI. Loads go through memcpy: no
 * alignment is assumed beyond the element's own. */
#define VUNIT 32
typedef v2m v16;
typedef int64_t v32 __attribute__((vector_size(32)));
struct unit { v16 lo, hi; v32 w; };

INLINE void uload(enum isa s, struct unit *u, const char *p)
{
    if (s == AVX2) {
        memcpy(&u->w, p, sizeof u->w);
    } else {
        memcpy(&u->lo, p, sizeof u->lo);
        memcpy(&u->hi, p + sizeof u->lo, sizeof u->hi);
    }
}

INLINE void ustore(enum isa s, char *p, const struct unit *u)
{
    if (s == AVX2) {
        memcpy(p, &u->w, sizeof u->w);
    } else {
        memcpy(p, &u->lo, sizeof u->lo);
        memcpy(p + sizeof u->lo, &u->hi, sizeof u->hi);
    }
}

/* A unit of n copies of v. */
INLINE void ufill(enum dt t, enum isa s, struct unit *u, union val v)
{
    _Alignas(VUNIT) char buf[VUNIT];
    for (int64_t k = 0; k < VUNIT / esize(t); k++) stv(t, buf + k * esize(t), v);
    uload(s, u, buf);
}

/* Lane masks (all bits set where true) of x beating y and of x equal to y. */
INLINE v16 beats16(enum dt t, int is_max, v16 x, v16 y)
{
    typedef double vd __attribute__((vector_size(16)));
    typedef float vf __attribute__((vector_size(16)));
    typedef int32_t vi __attribute__((vector_size(16)));
    typedef uint64_t vu __attribute__((vector_size(16)));
    switch (t) {
    case F64: return (v16)(is_max ? (vd)x > (vd)y : (vd)x < (vd)y);
    case F32: return (v16)(is_max ? (vf)x > (vf)y : (vf)x < (vf)y);
    case I64: return is_max ? x > y : x < y;
    case I32: return (v16)(is_max ? (vi)x > (vi)y : (vi)x < (vi)y);
    default: return (v16)(is_max ? (vu)x > (vu)y : (vu)x < (vu)y);
    }
}

INLINE v16 equals16(enum dt t, v16 x, v16 y)
{
    typedef double vd __attribute__((vector_size(16)));
    typedef float vf __attribute__((vector_size(16)));
    typedef int32_t vi __attribute__((vector_size(16)));
#ifdef __SSE2__
    /* GCC would otherwise rebuild the generic compare's mask lane by lane */
    if (t == F64) return (v16)_mm_cmpeq_pd((__m128d)x, (__m128d)y);
    if (t == F32) return (v16)_mm_cmpeq_ps((__m128)x, (__m128)y);
    if (t == I32) return (v16)_mm_cmpeq_epi32((__m128i)x, (__m128i)y);
#endif
    switch (t) {
    case F64: return (v16)((vd)x == (vd)y);
    case F32: return (v16)((vf)x == (vf)y);
    case I32: return (v16)((vi)x == (vi)y);
    default: return x == y;
    }
}

INLINE void beats32(enum dt t, int is_max, v32 *m, const v32 *x, const v32 *y)
{
    typedef double vd __attribute__((vector_size(32)));
    typedef float vf __attribute__((vector_size(32)));
    typedef int32_t vi __attribute__((vector_size(32)));
    typedef uint64_t vu __attribute__((vector_size(32)));
    switch (t) {
    case F64: *m = (v32)(is_max ? (vd)*x > (vd)*y : (vd)*x < (vd)*y); break;
    case F32: *m = (v32)(is_max ? (vf)*x > (vf)*y : (vf)*x < (vf)*y); break;
    case I64: *m = is_max ? *x > *y : *x < *y; break;
    case I32: *m = (v32)(is_max ? (vi)*x > (vi)*y : (vi)*x < (vi)*y); break;
    default: *m = (v32)(is_max ? (vu)*x > (vu)*y : (vu)*x < (vu)*y); break;
    }
}

INLINE void equals32(enum dt t, v32 *m, const v32 *x, const v32 *y)
{
    typedef double vd __attribute__((vector_size(32)));
    typedef float vf __attribute__((vector_size(32)));
    typedef int32_t vi __attribute__((vector_size(32)));
    switch (t) {
    case F64: *m = (v32)((vd)*x == (vd)*y); break;
    case F32: *m = (v32)((vf)*x == (vf)*y); break;
    case I32: *m = (v32)((vi)*x == (vi)*y); break;
    default: *m = *x == *y; break;
    }
}

/* The better of x and the held y, lane by lane. SSE2's minpd/maxpd (and the ps forms) return
 * the second operand when the first is NaN, which is exactly `x < y ? x : y`. */
INLINE v16 pick16(enum dt t, int is_max, v16 x, v16 y)
{
#ifdef __SSE2__
    if (t == F64)
        return (v16)(is_max ? _mm_max_pd((__m128d)x, (__m128d)y)
                            : _mm_min_pd((__m128d)x, (__m128d)y));
    if (t == F32)
        return (v16)(is_max ? _mm_max_ps((__m128)x, (__m128)y) : _mm_min_ps((__m128)x, (__m128)y));
#endif
    const v16 m = beats16(t, is_max, x, y);
    return (x & m) | (y & ~m);
}

/* b = the better of x and b, lane by lane, in each ISA's way. */
INLINE void upick_sse2(enum dt t, int is_max, struct unit *b, const struct unit *x)
{
    b->lo = pick16(t, is_max, x->lo, b->lo);
    b->hi = pick16(t, is_max, x->hi, b->hi);
}

MYPKG_AVX2 INLINE void upick_avx2(enum dt t, int is_max, struct unit *b, const struct unit *x)
{
#if MYPKG_X86
    /* vminpd and friends, like minpd: `x < b ? x : b` in one instruction, not two */
    if (t == F64) {
        const __m256d xv = (__m256d)x->w, bv = (__m256d)b->w;
        b->w = (v32)(is_max ? _mm256_max_pd(xv, bv) : _mm256_min_pd(xv, bv));
        return;
    }
    if (t == F32) {
        const __m256 xv = (__m256)x->w, bv = (__m256)b->w;
        b->w = (v32)(is_max ? _mm256_max_ps(xv, bv) : _mm256_min_ps(xv, bv));
        return;
    }
#endif
    v32 m;
    beats32(t, is_max, &m, &x->w, &b->w);
    b->w = (x->w & m) | (b->w & ~m);
}

/* The AVX2 form is reached through a pointer: a direct call would ask the compiler to inline
 * AVX2 code into this function, which is compiled for the baseline. The pointer is a constant
 * once this function is inlined, and the call then a direct one, inlined into AVX2 kernels. */
INLINE void upick(enum dt t, enum isa s, int is_max, struct unit *b, const struct unit *x)
{
    void (*const f)(enum dt, int, struct unit *, const struct unit *) =
        s == AVX2 ? upick_avx2 : upick_sse2;
    f(t, is_max, b, x);
}

/* Whether any bit of the unit m is set (one movemask or vptest), in each ISA's way. */
INLINE int uany_sse2(const struct unit *m)
{
    const v16 x = m->lo | m->hi;
#ifdef __SSE2__
    return _mm_movemask_epi8((__m128i)x) != 0;
#else
    return (x[0] | x[1]) != 0;
#endif
}

MYPKG_AVX2 INLINE int uany_avx2(const struct unit *m)
{
#if MYPKG_X86
    return !_mm256_testz_si256((__m256i)m->w, (__m256i)m->w);
#else
    return ((m->w[0] | m->w[1]) | (m->w[2] | m->w[3])) != 0;
#endif
}

INLINE int uany(enum isa s, const struct unit *m)
{
    int (*const f)(const struct unit *) = s == AVX2 ? uany_avx2 : uany_sse2;
    return f(m);
}

/* Whether any lane of x equals its lane of r while its lane of `done` is clear. */
INLINE int uhit(enum dt t, enum isa s, const struct unit *x, const struct unit *r,
                const struct unit *done)
{
    struct unit m;
    if (s == AVX2) {
        equals32(t, &m.w, &x->w, &r->w);
        m.w &= ~done->w;
    } else {
        m.lo = equals16(t, x->lo, r->lo) & ~done->lo;
        m.hi = equals16(t, x->hi, r->hi) & ~done->hi;
    }
    return uany(s, &m);
}

/* scan() over a contiguous lane, a step of units at a time, each unit its own accumulator:
 * enough of them to hide the pick's latency. Short lanes go straight to scan(). */
#define MAX_UNROLL 8
INLINE int unroll(enum isa s) { return s == AVX2 ? MAX_UNROLL : 4; }

INLINE union val vscan(enum dt t, enum isa s, int is_max, const char *a, int64_t n)
{
    const int64_t es = esize(t), step = unroll(s) * VUNIT / es;
    if (n < step) return scan(t, is_max, a, n, es);
    struct unit b[MAX_UNROLL], x;
    for (int u = 0; u < unroll(s); u++) ufill(t, s, &b[u], identity(t, is_max));
    int64_t i = 0;
    for (; i + step <= n; i += step)
        for (int u = 0; u < unroll(s); u++) {
            uload(s, &x, a + i * es + u * VUNIT);
            upick(t, s, is_max, &b[u], &x);
        }
    for (; i + VUNIT / es <= n; i += VUNIT / es) {
        uload(s, &x, a + i * es);
        upick(t, s, is_max, &b[0], &x);
    }
    for (int u = 1; u < unroll(s); u++) upick(t, s, is_max, &b[0], &b[u]);
    _Alignas(VUNIT) char buf[VUNIT];
    ustore(s, buf, &b[0]);
    union val best = scan(t, is_max, a + i * es, n - i, es);
    for (int64_t k = 0; k < VUNIT / es; k++) best = pick(t, is_max, ldv(t, buf + k * es), best);
    return best;
}

INLINE int any_number(enum dt t, const char *a, int64_t n, int64_t as)
{
    for (int64_t i = 0; i < n; i++)
        if (isnum_at(t, a + i * as)) return 1;
    return 0;
}

/* The lane's extreme in *best; returns whether the lane holds any number. */
INLINE int lane_extreme(enum dt t, enum isa s, int is_max, const char *a, int64_t n, int64_t as,
                        union val *best)
{
    *best = as == esize(t) ? vscan(t, s, is_max, a, n) : scan(t, is_max, a, n, as);
    return !same(t, *best, identity(t, is_max)) || any_number(t, a, n, as);
}

/* Arg-reductions in two passes: the (vectorized) extreme of the lane, then the first position
 * holding it, a search that stops early. The extreme is either an element or, when every
 * number equals the identity, that identity: the search always finds it. Contiguous lanes are
 * compared a step of units at a time to find the stretch, then element by element. */
INLINE int64_t find_first(enum dt t, enum isa s, const char *a, int64_t n, int64_t as,
                          union val best)
{
    const int64_t es = esize(t), step = unroll(s) * VUNIT / es;
    int64_t i = 0;
    if (as == es && n >= step) {
        struct unit r, x, none;
        ufill(t, s, &r, best);
        memset(&none, 0, sizeof none);
        for (; i + step <= n; i += step) {
            int hit = 0;
            for (int u = 0; u < unroll(s); u++) {
                uload(s, &x, a + i * es + u * VUNIT);
                hit |= uhit(t, s, &x, &r, &none);
            }
            if (hit) break;
        }
    }
    while (i < n && !same(t, ldv(t, a + i * as), best)) i++;
    return i;
}

/* NaN for floats; integer lanes always hold numbers. */
INLINE union val no_number(enum dt t)
{
    return is_float(t) ? (union val){.f = NAN} : (union val){.u = 0};
}

INLINE int extreme_lane(enum dt t, enum isa s, int is_max, int arg, const char *a, int64_t n,
                        int64_t as, char *out)
{
    union val best;
    const int seen = lane_extreme(t, s, is_max, a, n, as, &best);
    if (!arg) stv(t, out, seen ? best : no_number(t));
    else if (seen) STORE(int64_t, out, find_first(t, s, a, n, as, best));
    else return MYPKG_EALLNAN;
    return MYPKG_OK;
}

/* The extremes of m lanes into b (stored as the element type, lane j at b + j * es), read
 * row by row; neighbouring lanes (al == es) a unit at a time. */
INLINE void block_extremes(enum dt t, enum isa s, int is_max, const char *a, int64_t n,
                           int64_t as, int64_t m, int64_t al, char *b, int *seen)
{
    const int64_t es = esize(t), mv = al == es ? m - m % (VUNIT / es) : 0;
    for (int64_t j = 0; j < m; j++) stv(t, b + j * es, identity(t, is_max));
    struct unit x, bv;
    for (int64_t i = 0; i < n; i++) {
        const char *row = a + i * as;
        for (int64_t j = 0; j < mv; j += VUNIT / es) {
            uload(s, &x, row + j * es);
            uload(s, &bv, b + j * es);
            upick(t, s, is_max, &bv, &x);
            ustore(s, b + j * es, &bv);
        }
        for (int64_t j = mv; j < m; j++)
            stv(t, b + j * es, pick(t, is_max, ldv(t, row + j * al), ldv(t, b + j * es)));
    }
    for (int64_t j = 0; j < m; j++)
        seen[j] = !same(t, ldv(t, b + j * es), identity(t, is_max)) ||
                  any_number(t, a + j * al, n, as);
}

/* w[j] = the first row where lane j holds its extreme (every lane holds it somewhere).
 * Neighbouring lanes are compared a unit at a time, lanes already found masked out (done), and
 * only a hit is looked at lane by lane. */
INLINE void first_rows(enum dt t, enum isa s, const char *a, int64_t n, int64_t as, int64_t m,
                       int64_t al, const char *b, int64_t *w)
{
    const int64_t es = esize(t), mv = al == es ? m - m % (VUNIT / es) : 0;
    _Alignas(VUNIT) char done[MYPKG_BLOCK * 8] = {0};
    struct unit x, r, d;
    int64_t missing = m;
    for (int64_t j = 0; j < m; j++) w[j] = -1;
    for (int64_t i = 0; i < n && missing; i++) {
        const char *row = a + i * as;
        for (int64_t j = 0; j < m; j++) {
            if (j < mv && j % (VUNIT / es) == 0) {
                uload(s, &x, row + j * es);
                uload(s, &r, b + j * es);
                uload(s, &d, done + j * es);
                if (!uhit(t, s, &x, &r, &d)) {
                    j += VUNIT / es - 1;
                    continue;
                }
            }
            if (w[j] < 0 && same(t, ldv(t, row + j * al), ldv(t, b + j * es))) {
                w[j] = i;
                memset(done + j * es, 0xff, (size_t)es);
                missing--;
            }
        }
    }
}

INLINE int extreme_block(enum dt t, enum isa s, int is_max, int arg, const char *a, int64_t n,
                         int64_t as, int64_t m, int64_t al, char *out, int64_t ol)
{
    _Alignas(VUNIT) char b[MYPKG_BLOCK * 8];
    int seen[MYPKG_BLOCK];
    int64_t w[MYPKG_BLOCK];
    block_extremes(t, s, is_max, a, n, as, m, al, b, seen);
    if (!arg) {
        for (int64_t j = 0; j < m; j++)
            stv(t, out + j * ol, seen[j] ? ldv(t, b + j * esize(t)) : no_number(t));
        return MYPKG_OK;
    }
    for (int64_t j = 0; j < m; j++)
        if (!seen[j]) return MYPKG_EALLNAN;
    first_rows(t, s, a, n, as, m, al, b, w);
    for (int64_t j = 0; j < m; j++) STORE(int64_t, out + j * ol, w[j]);
    return MYPKG_OK;
}

/* ---------------------------------------------------------------------------------------
 * The kernels: one lane and one block function per kind, over (dtype, isa). anynan/allnan
 * have no block version: a block would read until its slowest lane is decided; each lane
 * stops at its first deciding element. */

enum kind { NANSUM, SS, NANMEAN, NANVAR, NANSTD, NANMIN, NANMAX, NANARGMIN, NANARGMAX, ANYNAN,
            ALLNAN };

INLINE int is_extreme(enum kind k) { return k >= NANMIN && k <= NANARGMAX; }
INLINE int maximizes(enum kind k) { return k == NANMAX || k == NANARGMAX; }
INLINE int indexes(enum kind k) { return k == NANARGMIN || k == NANARGMAX; }

INLINE int64_t ddof_of(const struct mypkg_lane_ctx *ctx) { return *(const int64_t *)ctx->params; }

INLINE int reduce_lane(enum dt t, enum isa s, enum kind k, const char *a, int64_t n, int64_t as,
                       char *out, const struct mypkg_lane_ctx *ctx)
{
    if (is_extreme(k)) return extreme_lane(t, s, maximizes(k), indexes(k), a, n, as, out);
    switch (k) {
    case NANSUM: case SS:
        sum_lane(t, s, k == SS, a, n, as, out);
        break;
    case NANMEAN: {
        const struct fsum f = fsum_any(t, s, SKIP_NAN_COUNT, 0, a, n, as);
        st(t, out, f.n ? fsum_mean(&f) : NAN);
        break;
    }
    case NANVAR: case NANSTD: {
        const double v = var_lane(t, s, a, n, as, ddof_of(ctx));
        st(t, out, k == NANSTD ? sqrt(v) : v);
        break;
    }
    default: {
        const int want = k == ANYNAN ? 1 : 0; /* the NaN-ness that decides */
        int64_t i = 0;
        while (i < n && isnum_at(t, a + i * as) == want) i++;
        STORE(uint8_t, out, k == ANYNAN ? i < n : i == n);
    }
    }
    return MYPKG_OK;
}

INLINE int reduce_block(enum dt t, enum isa s, enum kind k, const char *a, int64_t n, int64_t as,
                        int64_t m, int64_t al, char *out, int64_t ol,
                        const struct mypkg_lane_ctx *ctx)
{
    if (is_extreme(k)) return extreme_block(t, s, maximizes(k), indexes(k), a, n, as, m, al, out, ol);
    if (k == NANSUM || k == SS) {
        sum_block(t, s, k == SS, a, n, as, m, al, out, ol);
    } else if (k == NANMEAN) {
        struct fsum f[MYPKG_BLOCK];
        fsum_block(t, s, SKIP_NAN_COUNT, 0, a, n, as, m, al, f);
        for (int64_t j = 0; j < m; j++) st(t, out + j * ol, f[j].n ? fsum_mean(&f[j]) : NAN);
    } else {
        double v[MYPKG_BLOCK];
        var_block(t, s, a, n, as, m, al, ddof_of(ctx), v);
        for (int64_t j = 0; j < m; j++) st(t, out + j * ol, k == NANSTD ? sqrt(v[j]) : v[j]);
    }
    return MYPKG_OK;
}

/* ---------------------------------------------------------------------------------------
 * Glue: <op>_lane_<sfx>, <op>_block_<sfx> and the descriptor <op>_kernel_<sfx> that
 * kernels.h declares (empty: a zero-length axis is an error); the extremes also get an AVX2
 * copy, <op>_kernel_avx2_<sfx>, which the entries pick once per call. */

#define REDUCE_LANE(sfx, DT, op, KIND, ISA, ATTR, name)                                      \
    ATTR static int name(LANE_ARGS)                                                          \
    {                                                                                        \
        (void)os;                                                                            \
        return reduce_lane(DT, ISA, KIND, a, n, as, out, ctx);                               \
    }
#define REDUCE_BLOCK(sfx, DT, op, KIND, ISA, ATTR, name)                                     \
    ATTR static int name(BLOCK_ARGS)                                                         \
    {                                                                                        \
        (void)os;                                                                            \
        return reduce_block(DT, ISA, KIND, a, n, as, m, al, out, ol, ctx);                   \
    }
#define REDUCE_KERNEL(sfx, DT, op, KIND, EMPTY)                                              \
    REDUCE_LANE(sfx, DT, op, KIND, SSE2, , op##_lane_##sfx)                                   \
    REDUCE_BLOCK(sfx, DT, op, KIND, SSE2, , op##_block_##sfx)                                 \
    const struct mypkg_kernel op##_kernel_##sfx = {op##_lane_##sfx, op##_block_##sfx, 1,      \
                                                   EMPTY, NULL};
#define REDUCE_KERNEL_AVX2(sfx, DT, op, KIND, EMPTY)                                         \
    REDUCE_LANE(sfx, DT, op, KIND, AVX2, MYPKG_AVX2, op##_lane_avx2_##sfx)                    \
    REDUCE_BLOCK(sfx, DT, op, KIND, AVX2, MYPKG_AVX2, op##_block_avx2_##sfx)                  \
    static const struct mypkg_kernel op##_kernel_avx2_##sfx = {                               \
        op##_lane_avx2_##sfx, op##_block_avx2_##sfx, 1, EMPTY, NULL};
#define REDUCE_LANE_KERNEL(sfx, DT, op, KIND)                                                \
    REDUCE_LANE(sfx, DT, op, KIND, SSE2, , op##_lane_##sfx)                                   \
    const struct mypkg_kernel op##_kernel_##sfx = {op##_lane_##sfx, NULL, 1, 0, NULL};

FOR_EACH_DTYPE(REDUCE_KERNEL, nansum, NANSUM, 0)
FOR_EACH_DTYPE(REDUCE_KERNEL, ss, SS, 0)
FOR_EACH_DTYPE(REDUCE_KERNEL, nanmean, NANMEAN, 0)
FOR_EACH_DTYPE(REDUCE_KERNEL, nanvar, NANVAR, 0)
FOR_EACH_DTYPE(REDUCE_KERNEL, nanstd, NANSTD, 0)
FOR_EACH_DTYPE(REDUCE_KERNEL, nanmin, NANMIN, 1)
FOR_EACH_DTYPE(REDUCE_KERNEL, nanmax, NANMAX, 1)
FOR_EACH_DTYPE(REDUCE_KERNEL, nanargmin, NANARGMIN, 1)
FOR_EACH_DTYPE(REDUCE_KERNEL, nanargmax, NANARGMAX, 1)
FOR_EACH_DTYPE(REDUCE_KERNEL_AVX2, nansum, NANSUM, 0)
FOR_EACH_DTYPE(REDUCE_KERNEL_AVX2, ss, SS, 0)
FOR_EACH_DTYPE(REDUCE_KERNEL_AVX2, nanmean, NANMEAN, 0)
FOR_EACH_DTYPE(REDUCE_KERNEL_AVX2, nanvar, NANVAR, 0)
FOR_EACH_DTYPE(REDUCE_KERNEL_AVX2, nanstd, NANSTD, 0)
FOR_EACH_DTYPE(REDUCE_KERNEL_AVX2, nanmin, NANMIN, 1)
FOR_EACH_DTYPE(REDUCE_KERNEL_AVX2, nanmax, NANMAX, 1)
FOR_EACH_DTYPE(REDUCE_KERNEL_AVX2, nanargmin, NANARGMIN, 1)
FOR_EACH_DTYPE(REDUCE_KERNEL_AVX2, nanargmax, NANARGMAX, 1)
FOR_EACH_DTYPE(REDUCE_LANE_KERNEL, anynan, ANYNAN)
FOR_EACH_DTYPE(REDUCE_LANE_KERNEL, allnan, ALLNAN)

#define AVX2_TWIN(sfx, DT, op) {&op##_kernel_##sfx, &op##_kernel_avx2_##sfx},
static const struct {
    const struct mypkg_kernel *base, *avx2;
} avx2_twins[] = {FOR_EACH_DTYPE(AVX2_TWIN, nansum) FOR_EACH_DTYPE(AVX2_TWIN, ss)
                      FOR_EACH_DTYPE(AVX2_TWIN, nanmean) FOR_EACH_DTYPE(AVX2_TWIN, nanvar)
                      FOR_EACH_DTYPE(AVX2_TWIN, nanstd) FOR_EACH_DTYPE(AVX2_TWIN, nanmin)
                      FOR_EACH_DTYPE(AVX2_TWIN, nanmax) FOR_EACH_DTYPE(AVX2_TWIN, nanargmin)
                      FOR_EACH_DTYPE(AVX2_TWIN, nanargmax)};

/* k's AVX2 copy if it has one and the CPU runs it; decided once per call. */
static const struct mypkg_kernel *for_this_cpu(const struct mypkg_kernel *k)
{
    if (!mypkg_have_avx2()) return k;
    for (size_t i = 0; i < sizeof avx2_twins / sizeof avx2_twins[0]; i++)
        if (avx2_twins[i].base == k) return avx2_twins[i].avx2;
    return k;
}

int reduce_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
                 const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
                 int64_t nthreads)
{
    return mypkg_run_lanes(for_this_cpu(k), a, ndim, shape, astrides, out, ostrides, axis, NULL,
                           nthreads);
}

int reduce_ddof_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                      const int64_t *shape, const int64_t *astrides, void *out,
                      const int64_t *ostrides, int64_t axis, int64_t ddof, int64_t nthreads)
{
    if (ddof < 0) return MYPKG_EINVAL;
    return mypkg_run_lanes(for_this_cpu(k), a, ndim, shape, astrides, out, ostrides, axis, &ddof, nthreads);
}
