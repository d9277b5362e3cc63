/* abi_edge.c: calls every exported kernel directly, with edge geometry and bad parameters, and
 * checks the status codes mypkg.h documents, that a failing call wrote nothing, and that a
 * result does not depend on how the arrays lie in memory (negative strides, stride 0, 64
 * dimensions). Built and run by tests/test_c_abi.py, against the regular library and, when
 * asked, an ASan/UBSan one.
 *
 * The kernel list is not written here: test_c_abi.py generates abi_kernels.h from the registry
 * (mypkg/_registry.py), one call function per export passing the struct call fields its family
 * takes, and a flag per family parameter; so a new kernel is tested as soon as it is registered,
 * and a new parameter fails the generator until this file learns it. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mypkg.h"

/* Every argument any family takes; a kernel's call function passes those of its family. */
struct call {
    void *a;
    int64_t ndim;
    const int64_t *shape, *astrides;
    void *out;
    const int64_t *ostrides;
    int64_t axis;
    int64_t window, min_count, ddof;
    double q;         /* move_q */
    const double *qs; /* quantile: q, nq, qstride */
    int64_t nq, qstride;
    const int64_t *kth;
    int64_t nkth;
    int64_t limit;
    const void *old_new;
    int64_t nthreads;
    const int64_t *labels; /* group: one per lane element, and the group count */
    int64_t num_labels;
    /* issue 13: move_exp, move_exp2 (b is a itself: the generated calls pass c->a) */
    const void *alpha;
    const int64_t *alphastrides;
    double min_weight;
};

/* What a kernel's family takes besides the common array arguments, and how it behaves. */
enum {
    REDUCES = 1 << 0,  /* the output lacks the axis */
    IN_PLACE = 1 << 1, /* no out: the kernel rewrites a (strides: astrides) */
    HAS_WINDOW = 1 << 2,
    HAS_DDOF = 1 << 3,
    HAS_Q = 1 << 4,
    HAS_QS = 1 << 5,
    HAS_KTH = 1 << 6,
    HAS_LIMIT = 1 << 7,
    HAS_OLD_NEW = 1 << 8,
    NO_IDENTITY = 1 << 9, /* a reduction over a zero-length axis is MYPKG_EEMPTY */
    HAS_LABELS = 1 << 10, /* grouped: the output has num_labels groups along the axis */
    HAS_B = 1 << 11,      /* issue 13: a second input (b, bstrides) */
    HAS_ALPHA = 1 << 12   /* issue 13: alpha, alphastrides, min_weight */
};

/* issue 13: every call's alpha, one value read through zero strides */
static const double ALPHA = 0.5;
static const int64_t ALPHA_STRIDES[MYPKG_MAXDIMS];

struct kernel {
    const char *symbol;
    int (*call)(const struct call *c);
    char in_kind, out_kind; /* 'f' float, 'i' signed, 'u' unsigned (bool included) */
    int64_t in_size, out_size;
    unsigned flags;
};

#include "abi_kernels.h" /* generated: static const struct kernel KERNELS[] */

/* The moving sums (move_sum/mean/var/std), which have no largest window. */
static int any_window(const struct kernel *k)
{
    static const char *const names[] = {"move_sum", "move_mean", "move_var", "move_std"};
    for (int i = 0; i < 4; i++)
        if (strstr(k->symbol, names[i])) return 1;
    return 0;
}

#define NKERNELS ((int64_t)(sizeof KERNELS / sizeof KERNELS[0]))
#define MAXD (MYPKG_MAXDIMS + 1) /* room for the one-too-many case */

static int64_t failures, ncalls;

static void fail(const struct kernel *k, const char *what, const char *fmt, ...)
{
    if (failures++ >= 200) return;
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL %s [%s]: ", k->symbol, what);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

/* ---------------------------------------------------------------------------------------
 * Arrays: a logical shape in a buffer of exactly the bytes it spans (so ASan sees any access
 * outside it), at strides its layout decides. */

enum layout { C_ORDER, REVERSED, BROADCAST };

struct array {
    char *buf, *base; /* base: element (0, ..., 0); both NULL when the array is empty */
    size_t bytes;
    int64_t ndim, esize, strides[MAXD];
};

static int64_t count(int64_t ndim, const int64_t *shape)
{
    int64_t total = 1;
    for (int64_t d = 0; d < ndim; d++) total *= shape[d];
    return total;
}

/* copies: how many such arrays follow each other in the buffer (quantile: one per q). */
static void make_array(struct array *r, int64_t ndim, const int64_t *shape, int64_t esize,
                       enum layout layout, int64_t copies)
{
    memset(r, 0, sizeof *r);
    r->ndim = ndim;
    r->esize = esize;
    int64_t step = esize;
    for (int64_t d = ndim - 1; d >= 0; d--) {
        r->strides[d] = layout == BROADCAST ? 0 : layout == REVERSED ? -step : step;
        step *= shape[d] > 0 ? shape[d] : 1;
    }
    const int64_t total = count(ndim, shape);
    const int64_t one = total == 0 ? 0 : layout == BROADCAST ? esize : total * esize;
    r->bytes = (size_t)(one * copies);
    if (!r->bytes) return;
    r->buf = malloc(r->bytes);
    r->base = layout == REVERSED ? r->buf + one - esize : r->buf;
    memset(r->buf, 0xA5, r->bytes);
}

/* Byte offset of logical element idx. */
static int64_t offset(const struct array *r, const int64_t *idx)
{
    int64_t off = 0;
    for (int64_t d = 0; d < r->ndim; d++) off += idx[d] * r->strides[d];
    return off;
}

/* The next logical index in C order; 0 after the last. */
static int next_index(int64_t ndim, const int64_t *shape, int64_t *idx)
{
    for (int64_t d = ndim - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) return 1;
        idx[d] = 0;
    }
    return 0;
}

static void put(char *p, char kind, int64_t size, int64_t v)
{
    if (kind == 'f' && size == 8) { const double x = (double)v; memcpy(p, &x, 8); }
    else if (kind == 'f') { const float x = (float)v; memcpy(p, &x, 4); }
    else if (size == 8) { const int64_t x = v; memcpy(p, &x, 8); }
    else if (size == 4) { const int32_t x = (int32_t)v; memcpy(p, &x, 4); }
    else { const uint8_t x = (uint8_t)v; memcpy(p, &x, 1); }
}

static double get(const char *p, char kind, int64_t size)
{
    if (kind == 'f' && size == 8) { double x; memcpy(&x, p, 8); return x; }
    if (kind == 'f') { float x; memcpy(&x, p, 4); return x; }
    if (size == 8 && kind == 'u') { uint64_t x; memcpy(&x, p, 8); return (double)x; }
    if (size == 8) { int64_t x; memcpy(&x, p, 8); return (double)x; }
    if (size == 4) { int32_t x; memcpy(&x, p, 4); return x; }
    uint8_t x;
    memcpy(&x, p, 1);
    return x;
}

/* Small integers (exact in every dtype, with ties), a function of the logical position only,
 * so every layout of an array holds the same values. */
static void fill(struct array *r, const int64_t *shape, char kind)
{
    int64_t idx[MAXD] = {0}, i = 0;
    if (!r->buf) return;
    do {
        put(r->base + offset(r, idx), kind, r->esize, (i * 7) % 11 - (kind == 'u' ? 0 : 4));
        i++;
    } while (next_index(r->ndim, shape, idx));
}

/* Integers exactly, floats to a few units in the last place: layouts may send a call to
 * different copies of a kernel (the moment kernels' 2- and 4-wide ones may differ there). */
static int same_value(double x, double y, char kind, int64_t size)
{
    if (kind != 'f' || x == y) return x == y;
    if (x != x || y != y) return x != x && y != y;
    return fabs(x - y) <= (size == 4 ? 1e-6 : 1e-13) * (fabs(x) + fabs(y));
}

/* ---------------------------------------------------------------------------------------
 * One call: geometry, layouts and parameters. */

struct geometry {
    const char *name;
    int64_t ndim, axis, shape[MAXD];
    enum layout in, out;
};

struct params {
    int64_t window, min_count, ddof, nq, nkth, limit, nthreads, num_labels;
    double q, qs[2];
    int64_t kth[2];
};

/* Valid parameters for a lane of n elements. */
static struct params default_params(int64_t n)
{
    const struct params p = {n < 2 ? 1 : 2, 1, 0, 2, n > 0, -1, 0, 3, 0.5, {0.25, 0.75},
                             {n / 2, 0}};
    return p;
}

/* A prepared call: its arrays, the arguments pointing into them, and what it must leave. */
struct setup {
    struct array in, out;
    int64_t oshape[MAXD], ond, nq;
    int64_t ostrides[MAXD];
    char old_new[16];
    int64_t *labels; /* 0, 1, 2, -1, 0, ...: every group and a skipped element; NULL if n == 0 */
    struct params p;
    struct call c;
};

/* The output's logical shape: the input's, without the axis for a reduction, with num_labels
 * along it for a grouped one. */
static int64_t out_shape(const struct kernel *k, const struct geometry *g,
                         const struct params *p, int64_t *shape)
{
    int64_t nd = 0;
    for (int64_t d = 0; d < g->ndim; d++)
        if (!(k->flags & REDUCES) || d != g->axis)
            shape[nd++] = k->flags & HAS_LABELS && d == g->axis ? p->num_labels : g->shape[d];
    return nd;
}

static void prepare(struct setup *s, const struct kernel *k, const struct geometry *g,
                    const struct params *p)
{
    memset(s, 0, sizeof *s);
    s->p = *p;
    s->ond = out_shape(k, g, p, s->oshape);
    s->nq = k->flags & HAS_QS && p->nq > 0 ? p->nq : 1;
    make_array(&s->in, g->ndim, g->shape, k->in_size, g->in, 1);
    fill(&s->in, g->shape, k->in_kind);
    if (!(k->flags & IN_PLACE)) make_array(&s->out, s->ond, s->oshape, k->out_size, g->out, s->nq);
    /* a reduction's ostrides[axis] is ignored: garbage that must stay unused */
    for (int64_t d = 0, od = 0; d < g->ndim; d++)
        s->ostrides[d] = k->flags & REDUCES && d == g->axis ? INT64_MIN : s->out.strides[od++];
    const int64_t n = g->shape[g->axis];
    if (k->flags & HAS_LABELS && n > 0) {
        s->labels = malloc((size_t)n * sizeof *s->labels);
        for (int64_t i = 0; i < n; i++) s->labels[i] = i % 4 == 3 ? -1 : i % 4;
    }
    put(s->old_new, k->in_kind, k->in_size, 3);
    put(s->old_new + k->in_size, k->in_kind, k->in_size, 42);
    const struct call c = {
        s->in.base, g->ndim, g->shape, s->in.strides, s->out.base, s->ostrides, g->axis,
        p->window, p->min_count, p->ddof, p->q, s->p.qs, p->nq,
        (int64_t)(s->out.bytes / (size_t)s->nq), s->p.kth, p->nkth, p->limit, s->old_new,
        p->nthreads, s->labels, p->num_labels, &ALPHA, ALPHA_STRIDES, 0.0};
    s->c = c;
}

static int invoke(const struct kernel *k, const struct setup *s)
{
    ncalls++;
    return k->call(&s->c);
}

static void release(struct setup *s)
{
    free(s->in.buf);
    free(s->out.buf);
    free(s->labels);
}

/* Whether two runs of k left the same results (the rewritten input for in-place kernels),
 * compared by logical element. */
static int same_results(const struct kernel *k, const struct geometry *g,
                        const struct setup *s1, const struct setup *s2)
{
    const int in_place = k->flags & IN_PLACE;
    const struct array *r1 = in_place ? &s1->in : &s1->out, *r2 = in_place ? &s2->in : &s2->out;
    const int64_t nd = in_place ? g->ndim : s1->ond, *shape = in_place ? g->shape : s1->oshape;
    const char kind = in_place ? k->in_kind : k->out_kind;
    int64_t idx[MAXD] = {0};
    if (count(nd, shape) == 0) return 1;
    do {
        for (int64_t j = 0; j < s1->nq; j++) {
            const double x = get(r1->base + offset(r1, idx) + j * s1->c.qstride, kind, r1->esize);
            const double y = get(r2->base + offset(r2, idx) + j * s2->c.qstride, kind, r2->esize);
            if (!same_value(x, y, kind, r1->esize)) return 0;
        }
    } while (next_index(nd, shape, idx));
    return 1;
}

/* Whether the call left its arrays as prepare() made them. */
static int untouched(const struct kernel *k, const struct geometry *g, const struct setup *s)
{
    struct setup fresh;
    prepare(&fresh, k, g, &s->p);
    const int same = (!s->in.bytes || !memcmp(s->in.buf, fresh.in.buf, s->in.bytes)) &&
                     (!s->out.bytes || !memcmp(s->out.buf, fresh.out.buf, s->out.bytes));
    release(&fresh);
    return same;
}

/* A call that must fail with `want` (a code other than MYPKG_EALLNAN) and write nothing. */
static void expect_rejected(const struct kernel *k, const char *what, const struct geometry *g,
                            struct setup *s, int want)
{
    const int rc = invoke(k, s);
    if (rc != want) fail(k, what, "returned %d, expected %d", rc, want);
    else if (!untouched(k, g, s)) fail(k, what, "wrote something before failing");
}

static void expect_ok(const struct kernel *k, const char *what, struct setup *s)
{
    const int rc = invoke(k, s);
    if (rc != MYPKG_OK) fail(k, what, "returned %d, expected 0", rc);
}

/* ---------------------------------------------------------------------------------------
 * Valid geometry. */

static struct geometry geom(const char *name, int64_t ndim, int64_t axis, const int64_t *shape,
                            enum layout in, enum layout out)
{
    struct geometry g = {name, ndim, axis, {0}, in, out};
    memcpy(g.shape, shape, (size_t)ndim * sizeof *shape);
    return g;
}

/* The status a call with valid parameters on geometry g must return. */
static int expected_status(const struct kernel *k, const struct geometry *g)
{
    int64_t lanes = 1;
    for (int64_t d = 0; d < g->ndim; d++)
        if (d != g->axis) lanes *= g->shape[d];
    const int64_t n = g->shape[g->axis];
    if (k->flags & HAS_WINDOW && n == 0) return MYPKG_EINVAL; /* no window fits */
    if (k->flags & NO_IDENTITY && n == 0 && lanes > 0) return MYPKG_EEMPTY;
    return MYPKG_OK;
}

/* The status, and unless both arrays are in C order, the results of the same logical arrays
 * in C order (an input of stride 0 stays one element: the same values). */
static void check_geometry(const struct kernel *k, const struct geometry *g)
{
    const struct params p = default_params(g->shape[g->axis]);
    struct setup s;
    prepare(&s, k, g, &p);
    const int rc = invoke(k, &s), want = expected_status(k, g);
    if (rc != want) fail(k, g->name, "returned %d, expected %d", rc, want);
    else if (rc != MYPKG_OK && !untouched(k, g, &s)) fail(k, g->name, "wrote before failing");
    if (rc == MYPKG_OK && (g->in != C_ORDER || g->out != C_ORDER)) {
        struct geometry plain = *g;
        plain.in = g->in == BROADCAST ? BROADCAST : C_ORDER;
        plain.out = C_ORDER;
        struct setup s2;
        prepare(&s2, k, &plain, &p);
        const int rc2 = invoke(k, &s2);
        if (rc2 != MYPKG_OK) fail(k, g->name, "its C-order twin returned %d", rc2);
        else if (!same_results(k, g, &s, &s2)) fail(k, g->name, "differs from its C-order twin");
        release(&s2);
    }
    release(&s);
}

static void valid_geometries(const struct kernel *k)
{
    static const int64_t s7[] = {7}, s1[] = {1}, s37[] = {3, 7}, s75[] = {7, 5}, s0[] = {0},
                         s07[] = {0, 7}, s40[] = {4, 0}, s30[] = {3, 0};
    int64_t last[MYPKG_MAXDIMS], ends[MYPKG_MAXDIMS];
    for (int d = 0; d < MYPKG_MAXDIMS; d++) last[d] = ends[d] = 1;
    last[MYPKG_MAXDIMS - 1] = 6;
    ends[0] = 5;
    ends[MYPKG_MAXDIMS - 1] = 2;
    const struct geometry gs[] = {
        geom("1-d", 1, 0, s7, C_ORDER, C_ORDER),
        geom("1-d of length 1", 1, 0, s1, C_ORDER, C_ORDER),
        geom("2-d along the fast axis", 2, 1, s37, C_ORDER, C_ORDER),
        geom("2-d along the slow axis", 2, 0, s75, C_ORDER, C_ORDER),
        geom("negative strides, slow axis", 2, 0, s75, REVERSED, REVERSED),
        geom("negative strides, fast axis", 2, 1, s37, REVERSED, C_ORDER),
        geom("negative output strides", 2, 1, s37, C_ORDER, REVERSED),
        geom("stride 0 input, slow axis", 2, 0, s75, BROADCAST, C_ORDER),
        geom("stride 0 input, fast axis", 2, 1, s37, BROADCAST, REVERSED),
        geom("64-d along the last axis", MYPKG_MAXDIMS, MYPKG_MAXDIMS - 1, last, REVERSED,
             C_ORDER),
        geom("64-d along the first axis", MYPKG_MAXDIMS, 0, ends, C_ORDER, REVERSED),
        geom("zero-length axis, NULL data", 1, 0, s0, C_ORDER, C_ORDER),
        geom("no lanes, NULL data", 2, 1, s07, C_ORDER, C_ORDER),
        geom("no lanes, NULL data, axis 0", 2, 0, s40, C_ORDER, C_ORDER),
        geom("zero-length axis, three lanes", 2, 1, s30, REVERSED, REVERSED),
    };
    for (size_t i = 0; i < sizeof gs / sizeof gs[0]; i++) check_geometry(k, &gs[i]);

    struct params p = default_params(7);
    p.nthreads = 4;
    struct setup s;
    prepare(&s, k, &gs[2], &p);
    expect_ok(k, "nthreads 4", &s);
    release(&s);
}

/* ---------------------------------------------------------------------------------------
 * Invalid geometry: each case prepares a valid call on a 3 x 7 array (along the 7), then
 * breaks one argument. */

static void bad_geometries(const struct kernel *k)
{
    static const int64_t s37[] = {3, 7};
    const struct geometry g = geom("3 x 7", 2, 1, s37, C_ORDER, C_ORDER);
    const struct params p = default_params(7);
    const int in_place = k->flags & IN_PLACE;
    struct setup s;
#define CASE(what, change, want)                                                              \
    do {                                                                                      \
        prepare(&s, k, &g, &p);                                                               \
        change;                                                                               \
        expect_rejected(k, what, &g, &s, want);                                               \
        release(&s);                                                                          \
    } while (0)

    /* 65 valid entries in every array, so only the count is wrong */
    int64_t shape65[MAXD], strides65[MAXD] = {0};
    for (int d = 0; d < MAXD; d++) shape65[d] = 1;
    shape65[1] = 7;
    strides65[1] = k->in_size;
    CASE("nthreads -1", s.c.nthreads = -1, MYPKG_EINVAL);
    CASE("ndim 0", s.c.ndim = 0, MYPKG_EINVAL);
    CASE("ndim -1", s.c.ndim = -1, MYPKG_EINVAL);
    CASE("ndim 65", (s.c.ndim = MAXD, s.c.shape = shape65, s.c.astrides = strides65,
                     s.c.ostrides = strides65), MYPKG_EINVAL);
    CASE("axis -1", s.c.axis = -1, MYPKG_EINVAL);
    CASE("axis == ndim", s.c.axis = 2, MYPKG_EINVAL);
    CASE("NULL shape", s.c.shape = NULL, MYPKG_EINVAL);
    CASE("NULL astrides", s.c.astrides = NULL, MYPKG_EINVAL);
    CASE("NULL a with elements", s.c.a = NULL, MYPKG_EINVAL);
    if (!in_place) {
        CASE("NULL ostrides", s.c.ostrides = NULL, MYPKG_EINVAL);
        CASE("NULL out with elements", s.c.out = NULL, MYPKG_EINVAL);
    }
    const int64_t negative[] = {-1, 7}, int64_min[] = {INT64_MIN, 8};
    CASE("negative extent", s.c.shape = negative, MYPKG_EINVAL);
    CASE("stride INT64_MIN", s.c.astrides = int64_min, MYPKG_EINVAL);

    /* Sizes that overflow int64_t: rejected before the first lane (the arrays behind them are
     * the small valid ones, never read). */
    const int64_t many[] = {(int64_t)1 << 62, 7}, wide[] = {(int64_t)1 << 58, 7},
                  zeros[] = {0, 0}, far[] = {(int64_t)1 << 8, 8};
    CASE("element count over INT64_MAX",
         (s.c.shape = many, s.c.astrides = zeros, s.c.ostrides = zeros), MYPKG_EINVAL);
    CASE("input extent over INT64_MAX",
         (s.c.shape = wide, s.c.astrides = far, s.c.ostrides = zeros), MYPKG_EINVAL);
    if (!in_place)
        CASE("output extent over INT64_MAX",
             (s.c.shape = wide, s.c.astrides = zeros, s.c.ostrides = far), MYPKG_EINVAL);
}

/* ---------------------------------------------------------------------------------------
 * Each family's own parameters, on the 3 x 7 array. */

static void family_params(const struct kernel *k)
{
    static const int64_t s37[] = {3, 7};
    const struct geometry g = geom("3 x 7", 2, 1, s37, C_ORDER, C_ORDER);
    struct params p;
    struct setup s;
    /* change_p: on the parameters, before the call is prepared; change_c: on the call */
#define PARAM_CASE(what, change_p, change_c, want)                                            \
    do {                                                                                      \
        p = default_params(7);                                                                \
        change_p;                                                                             \
        prepare(&s, k, &g, &p);                                                               \
        change_c;                                                                             \
        if ((want) == MYPKG_OK) expect_ok(k, what, &s);                                       \
        else expect_rejected(k, what, &g, &s, want);                                          \
        release(&s);                                                                          \
    } while (0)
#define NONE ((void)0)

    if (k->flags & HAS_WINDOW) {
        PARAM_CASE("window 0", p.window = 0, NONE, MYPKG_EINVAL);
        PARAM_CASE("window -1", p.window = -1, NONE, MYPKG_EINVAL);
        PARAM_CASE("window > n", p.window = 8, NONE, MYPKG_EINVAL);
        PARAM_CASE("window == n", (p.window = 7, p.min_count = 7), NONE, MYPKG_OK);
        PARAM_CASE("min_count 0", p.min_count = 0, NONE, MYPKG_EINVAL);
        PARAM_CASE("min_count > window", p.min_count = 3, NONE, MYPKG_EINVAL);
        /* above the largest window: a bad value (EINVAL), not a failed allocation (ENOMEM).
         * The lane is one element repeated (stride 0), never read
         * (move_sum/mean/var/std take any window: not them.) */
        static const int64_t huge[] = {((int64_t)1 << 29) + 1}, zero[] = {0};
        if (!any_window(k))
            PARAM_CASE("window 2**29 + 1", p.window = huge[0],
                       (s.c.ndim = 1, s.c.axis = 0, s.c.shape = huge, s.c.astrides = zero,
                        s.c.ostrides = zero),
                       MYPKG_EINVAL);
    }
    if (k->flags & HAS_DDOF) {
        PARAM_CASE("ddof -1", p.ddof = -1, NONE, MYPKG_EINVAL);
        PARAM_CASE("ddof > n", p.ddof = 9, NONE, MYPKG_OK);
    }
    if (k->flags & HAS_Q) {
        PARAM_CASE("q -0.1", p.q = -0.1, NONE, MYPKG_EINVAL);
        PARAM_CASE("q 1.5", p.q = 1.5, NONE, MYPKG_EINVAL);
        PARAM_CASE("q NaN", p.q = NAN, NONE, MYPKG_EINVAL);
        PARAM_CASE("q 0", p.q = 0.0, NONE, MYPKG_OK);
        PARAM_CASE("q 1", p.q = 1.0, NONE, MYPKG_OK);
    }
    if (k->flags & HAS_QS) {
        PARAM_CASE("q[1] -0.1", p.qs[1] = -0.1, NONE, MYPKG_EINVAL);
        PARAM_CASE("q[1] 1.5", p.qs[1] = 1.5, NONE, MYPKG_EINVAL);
        PARAM_CASE("q[0] NaN", p.qs[0] = NAN, NONE, MYPKG_EINVAL);
        PARAM_CASE("nq -1", p.nq = -1, NONE, MYPKG_EINVAL);
        PARAM_CASE("NULL q, nq 2", NONE, s.c.qs = NULL, MYPKG_EINVAL);
        PARAM_CASE("q 0 and 1", (p.qs[0] = 0.0, p.qs[1] = 1.0), NONE, MYPKG_OK);
        PARAM_CASE("NULL q, nq 0", p.nq = 0, s.c.qs = NULL, MYPKG_OK);
    }
    if (k->flags & HAS_KTH) {
        PARAM_CASE("kth descending", (p.nkth = 2, p.kth[0] = 3, p.kth[1] = 2), NONE,
                   MYPKG_EINVAL);
        PARAM_CASE("kth repeated", (p.nkth = 2, p.kth[0] = 2, p.kth[1] = 2), NONE, MYPKG_EINVAL);
        PARAM_CASE("kth -1", p.kth[0] = -1, NONE, MYPKG_EINVAL);
        PARAM_CASE("kth == n", p.kth[0] = 7, NONE, MYPKG_EINVAL);
        PARAM_CASE("nkth -1", p.nkth = -1, NONE, MYPKG_EINVAL);
        PARAM_CASE("NULL kth, nkth 1", NONE, s.c.kth = NULL, MYPKG_EINVAL);
        PARAM_CASE("kth first and last", (p.nkth = 2, p.kth[0] = 0, p.kth[1] = 6), NONE,
                   MYPKG_OK);
        PARAM_CASE("NULL kth, nkth 0", p.nkth = 0, s.c.kth = NULL, MYPKG_OK);
    }
    if (k->flags & HAS_LIMIT) {
        PARAM_CASE("limit 0", p.limit = 0, NONE, MYPKG_OK);
        PARAM_CASE("limit INT64_MAX", p.limit = INT64_MAX, NONE, MYPKG_OK);
        PARAM_CASE("limit INT64_MIN", p.limit = INT64_MIN, NONE, MYPKG_OK);
    }
    if (k->flags & HAS_OLD_NEW) PARAM_CASE("NULL old_new", NONE, s.c.old_new = NULL, MYPKG_EINVAL);
    if (k->flags & HAS_LABELS) {
        /* the C side checks every label itself: out of range is EINVAL, nothing written */
        PARAM_CASE("label == num_labels", NONE, s.labels[6] = 3, MYPKG_EINVAL);
        PARAM_CASE("label INT64_MAX", NONE, s.labels[0] = INT64_MAX, MYPKG_EINVAL);
        PARAM_CASE("num_labels -1", NONE, s.c.num_labels = -1, MYPKG_EINVAL);
        PARAM_CASE("num_labels 0 with label 0", p.num_labels = 0, NONE, MYPKG_EINVAL);
        PARAM_CASE("NULL labels with elements", NONE, s.c.labels = NULL, MYPKG_EINVAL);
        PARAM_CASE("num_labels INT64_MAX: output extent", NONE, s.c.num_labels = INT64_MAX,
                   MYPKG_EINVAL);
        PARAM_CASE("every label negative", NONE,
                   for (int i = 0; i < 7; i++) s.labels[i] = -1 - i, MYPKG_OK);
        PARAM_CASE("num_labels 0, every label negative", p.num_labels = 0,
                   for (int i = 0; i < 7; i++) s.labels[i] = INT64_MIN, MYPKG_OK);
    }
    /* issue 13 */
    if (k->flags & HAS_ALPHA) {
        PARAM_CASE("min_weight -0.1", NONE, s.c.min_weight = -0.1, MYPKG_EINVAL);
        PARAM_CASE("min_weight NaN", NONE, s.c.min_weight = NAN, MYPKG_EINVAL);
        PARAM_CASE("min_weight 1", NONE, s.c.min_weight = 1.0, MYPKG_OK);
        PARAM_CASE("NULL alpha", NONE, s.c.alpha = NULL, MYPKG_EINVAL);
        PARAM_CASE("NULL alphastrides", NONE, s.c.alphastrides = NULL, MYPKG_EINVAL);
    }
}

int main(void)
{
    for (int64_t i = 0; i < NKERNELS; i++) {
        valid_geometries(&KERNELS[i]);
        bad_geometries(&KERNELS[i]);
        family_params(&KERNELS[i]);
    }
    printf("%" PRId64 " kernels, %" PRId64 " calls, %" PRId64 " failures\n", NKERNELS, ncalls,
           failures);
    return failures != 0;
}
