/* group.c: grouped reductions (group_nansum ... group_nanlast). Each lane is reduced into
 * num_labels groups: element i goes to group labels[i] (negative labels skip the element), and
 * group g of a lane is written at out + g * ostrides[axis].
 *
 * Per lane, every group's accumulator lives in one scratch array (a small struct per group, so
 * a random label touches one cache line), the lane is read once (twice for variances), and the
 * groups are then written out. Labels are checked against num_labels before anything is
 * written: a bad label is MYPKG_EINVAL with the output untouched. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "dtype.h"
#include "kernels.h"

enum gop {
    G_SUM, G_SS, G_PROD, G_COUNT, G_MEAN, G_VAR, G_STD, G_MIN, G_MAX, G_ARGMIN, G_ARGMAX,
    G_FIRST, G_LAST, G_ANY, G_ALL
};

struct group_params {
    const int64_t *labels; /* n labels, one per lane element */
    int64_t num_labels;
    int64_t gs;   /* byte stride between the groups of one output lane */
    int64_t ddof; /* variances only */
};

/* A group's accumulator: nslots(op) words in the scratch array. Sums (and the means and
 * variances built on them) are compensated (Neumaier): w[0] + w[1] is the sum, w[2] the count;
 * a variance's second pass turns w[0] into the mean and accumulates the deviations in w[1]
 * (their sum, ~0) and w[3] (their squares). Arg-reductions keep the value in w[0] and its
 * position in w[1]; everything else is one word. */
union word {
    double d;
    int64_t i;
    uint64_t u;
};

INLINE int is_int_sum(enum dt t, enum gop op)
{
    return !is_float(t) && (op == G_SUM || op == G_SS || op == G_PROD);
}

INLINE int64_t nslots(enum dt t, enum gop op)
{
    switch (op) {
    case G_SUM: case G_SS: return is_int_sum(t, op) ? 1 : 2;
    case G_MEAN: return 3;
    case G_VAR: case G_STD: return 4;
    case G_ARGMIN: case G_ARGMAX: return 2;
    default: return 1;
    }
}

/* An integer element as uint64_t (two's complement: wrapping sums and products, as NumPy's). */
INLINE uint64_t ldu(enum dt t, const char *p)
{
    switch (t) {
    case I64: return (uint64_t)LOAD(int64_t, p);
    case I32: return (uint64_t)(int64_t)LOAD(int32_t, p);
    default: return LOAD(uint64_t, p);
    }
}

INLINE void neumaier(union word *w, double x)
{
    const double s = w[0].d, t = s + x;
    w[1].d += fabs(s) >= fabs(x) ? (s - t) + x : (x - t) + s;
    w[0].d = t;
}

INLINE void init_acc(enum dt t, enum gop op, union word *w)
{
    switch (op) {
    case G_PROD:
        if (is_int_sum(t, op)) w[0].u = 1;
        else w[0].d = 1.0;
        break;
    case G_ALL: w[0].u = 1; break;
    case G_SUM: case G_SS:
        w[0].u = 0;
        if (!is_int_sum(t, op)) w[1].d = 0.0;
        break;
    case G_COUNT: case G_ANY: w[0].u = 0; break;
    case G_MEAN: case G_VAR: case G_STD: w[0].d = w[1].d = 0.0; w[2].i = 0; break;
    case G_ARGMIN: case G_ARGMAX: w[0].d = NAN; w[1].i = -1; break;
    default: w[0].d = NAN; break; /* min, max, first, last: NaN until a number comes */
    }
}

/* Fold element i (at p) into its group's accumulator w. NaN is neutralised rather than
 * branched around where that is cheap (10% random NaN would mispredict). */
INLINE void fold(enum dt t, enum gop op, union word *w, const char *p, int64_t i)
{
    if (is_int_sum(t, op)) {
        const uint64_t x = ldu(t, p);
        w[0].u = op == G_PROD ? w[0].u * x : w[0].u + (op == G_SS ? x * x : x);
        return;
    }
    const double x = ld(t, p);
    const int ok = isnum(t, x);
    switch (op) {
    case G_SUM: neumaier(w, ok ? x : 0.0); break;
    case G_SS: neumaier(w, ok ? x * x : 0.0); break;
    case G_PROD: w[0].d *= ok ? x : 1.0; break;
    case G_COUNT: w[0].u += (uint64_t)ok; break;
    case G_MEAN: case G_VAR: case G_STD: neumaier(w, ok ? x : 0.0); w[2].i += ok; break;
    /* a NaN x never wins a comparison, and replaces a NaN v by NaN */
    case G_MIN: w[0].d = x < w[0].d || w[0].d != w[0].d ? x : w[0].d; break;
    case G_MAX: w[0].d = x > w[0].d || w[0].d != w[0].d ? x : w[0].d; break;
    case G_FIRST: w[0].d = w[0].d != w[0].d ? x : w[0].d; break;
    case G_LAST: w[0].d = ok ? x : w[0].d; break;
    case G_ARGMIN:
        if (ok && (w[1].i < 0 || x < w[0].d)) { w[0].d = x; w[1].i = i; }
        break;
    case G_ARGMAX:
        if (ok && (w[1].i < 0 || x > w[0].d)) { w[0].d = x; w[1].i = i; }
        break;
    case G_ANY: w[0].u |= ok && x != 0; break;
    case G_ALL: w[0].u &= x != 0; break; /* NaN != 0: a NaN leaves it as it is */
    }
}

/* A variance's second pass: the squared deviations from the group's mean. */
INLINE void fold_dev(enum dt t, union word *w, const char *p)
{
    const double x = ld(t, p);
    const double d = isnum(t, x) ? x - w[0].d : 0.0;
    w[1].d += d;
    w[3].d += d * d;
}

/* A compensated sum: s + c, or s itself once it is inf or NaN (c is then NaN). */
INLINE double total(const union word *w)
{
    return isfinite(w[0].d) ? w[0].d + w[1].d : w[0].d;
}

/* Group g's result, from its accumulator w, at o. */
INLINE void put(enum dt t, enum gop op, const union word *w, char *o, int64_t ddof)
{
    switch (op) {
    case G_SUM: case G_SS: case G_PROD:
        if (is_int_sum(t, op)) STORE(uint64_t, o, w[0].u);
        else st(t, o, op == G_PROD ? w[0].d : total(w));
        break;
    case G_COUNT: case G_ARGMIN: case G_ARGMAX:
        STORE(int64_t, o, op == G_COUNT ? w[0].i : w[1].i);
        break;
    case G_ANY: case G_ALL: STORE(uint8_t, o, (uint8_t)w[0].u); break;
    case G_MEAN: st(t, o, w[2].i ? total(w) / (double)w[2].i : NAN); break;
    case G_VAR: case G_STD: {
        const int64_t n = w[2].i;
        /* the corrected two-pass formula: the deviations' sum (w[1]) is ~0 but not exactly */
        const double var = n - ddof > 0 ? (w[3].d - w[1].d * w[1].d / (double)n) / (double)(n - ddof)
                                        : NAN;
        st(t, o, op == G_STD ? sqrt(var) : var);
        break;
    }
    default: st(t, o, w[0].d); break;
    }
}

/* One pass over the lane; `as` is a constant for the contiguous copy (see fold_pass). The
 * current group's accumulator is kept in a local copy while its run of equal labels lasts:
 * with sorted labels, folding through memory would chain every element's update through a
 * store and a reload of the same words. */
INLINE void fold_lane(enum dt t, enum gop op, int pass2, const char *a, int64_t n, int64_t as,
                      const int64_t *labels, union word *acc)
{
    const int64_t ns = nslots(t, op);
    const size_t bytes = (size_t)ns * sizeof(union word);
    union word w[4] = {{0}}; /* loaded before its first use (cur >= 0) */
    int64_t cur = -1;
    for (int64_t i = 0; i < n; i++) {
        const int64_t g = labels[i];
        if (g < 0) continue;
        if (g != cur) {
            if (cur >= 0) memcpy(acc + cur * ns, w, bytes);
            memcpy(w, acc + g * ns, bytes);
            cur = g;
        }
        if (pass2) fold_dev(t, w, a + i * as);
        else fold(t, op, w, a + i * as, i);
    }
    if (cur >= 0) memcpy(acc + cur * ns, w, bytes);
}

INLINE void fold_pass(enum dt t, enum gop op, int pass2, const char *a, int64_t n, int64_t as,
                      const int64_t *labels, union word *acc)
{
    if (as == esize(t)) fold_lane(t, op, pass2, a, n, esize(t), labels, acc);
    else fold_lane(t, op, pass2, a, n, as, labels, acc);
}

INLINE int group_lane(enum dt t, enum gop op, LANE_ARGS)
{
    (void)os;
    const struct group_params *p = ctx->params;
    const int64_t ns = nslots(t, op), ng = p->num_labels;
    union word *acc = ctx->scratch;
    for (int64_t g = 0; g < ng; g++) init_acc(t, op, acc + g * ns);
    fold_pass(t, op, 0, a, n, as, p->labels, acc);
    if (op == G_VAR || op == G_STD) {
        for (int64_t g = 0; g < ng; g++) {
            union word *w = acc + g * ns;
            w[0].d = w[2].i ? total(w) / (double)w[2].i : 0.0;
            w[1].d = w[3].d = 0.0;
        }
        fold_pass(t, op, 1, a, n, as, p->labels, acc);
    }
    for (int64_t g = 0; g < ng; g++) put(t, op, acc + g * ns, out + g * p->gs, p->ddof);
    return MYPKG_OK;
}

/* Whether sum over d of |strides[d]| * extent fits in int64_t, the axis's extent being
 * num_labels (the output's geometry). */
static int out_extent_fits(int64_t ndim, const int64_t *shape, const int64_t *ostrides,
                           int64_t axis, int64_t num_labels)
{
    int64_t total = 0, bytes;
    for (int64_t d = 0; d < ndim; d++) {
        const int64_t s = ostrides[d], len = d == axis ? num_labels : shape[d];
        if (s == INT64_MIN || __builtin_mul_overflow(s < 0 ? -s : s, len, &bytes) ||
            __builtin_add_overflow(total, bytes, &total))
            return 0;
    }
    return 1;
}

/* The checks the group families add to the lane driver's, all before anything is written. */
static int group_run(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                     const int64_t *shape, const int64_t *astrides, void *out,
                     const int64_t *ostrides, int64_t axis, const int64_t *labels,
                     int64_t num_labels, int64_t ddof, int64_t nthreads)
{
    const int64_t n = mypkg_axis_length(ndim, shape, axis);
    if (n < 0 || num_labels < 0 || ddof < 0 || nthreads < 0 || !astrides || !ostrides)
        return MYPKG_EINVAL;
    if (n > 0 && !labels) return MYPKG_EINVAL;
    for (int64_t i = 0; i < n; i++)
        if (labels[i] >= num_labels) return MYPKG_EINVAL;
    if (num_labels == 0) return MYPKG_OK; /* no groups: an empty output */
    if (!out_extent_fits(ndim, shape, ostrides, axis, num_labels)) return MYPKG_EINVAL;
    const struct group_params p = {labels, num_labels, ostrides[axis], ddof};
    return mypkg_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, &p, nthreads);
}

int group_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
                const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
                const int64_t *labels, int64_t num_labels, int64_t nthreads)
{
    return group_run(k, a, ndim, shape, astrides, out, ostrides, axis, labels, num_labels, 0,
                     nthreads);
}

int group_ddof_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                     const int64_t *shape, const int64_t *astrides, void *out,
                     const int64_t *ostrides, int64_t axis, const int64_t *labels,
                     int64_t num_labels, int64_t ddof, int64_t nthreads)
{
    return group_run(k, a, ndim, shape, astrides, out, ostrides, axis, labels, num_labels, ddof,
                     nthreads);
}

/* Scratch: one accumulator per group. */
INLINE size_t group_bytes(enum dt t, enum gop op, const void *params)
{
    const struct group_params *p = params;
    return mypkg_size_mul((size_t)p->num_labels,
                          mypkg_size_mul((size_t)nslots(t, op), sizeof(union word)));
}

/* Glue, with FOR_EACH_DTYPE: the descriptor of one grouped reduction for one dtype. */
#define GROUP_KERNEL(sfx, DT, name, op)                                                        \
    static int name##_lane_##sfx(LANE_ARGS) { return group_lane(DT, op, a, n, as, out, os, ctx); } \
    static size_t name##_scratch_##sfx(int64_t n, const void *p)                               \
    {                                                                                          \
        (void)n;                                                                               \
        return group_bytes(DT, op, p);                                                         \
    }                                                                                          \
    const struct mypkg_kernel name##_kernel_##sfx = {name##_lane_##sfx, NULL, 1, 0,           \
                                                     name##_scratch_##sfx};

FOR_EACH_DTYPE(GROUP_KERNEL, group_nansum, G_SUM)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nansum_of_squares, G_SS)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nanprod, G_PROD)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nancount, G_COUNT)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nanmean, G_MEAN)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nanvar, G_VAR)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nanstd, G_STD)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nanmin, G_MIN)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nanmax, G_MAX)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nanargmin, G_ARGMIN)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nanargmax, G_ARGMAX)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nanfirst, G_FIRST)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nanlast, G_LAST)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nanany, G_ANY)
FOR_EACH_DTYPE(GROUP_KERNEL, group_nanall, G_ALL)
