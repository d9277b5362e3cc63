/* move_moments_body.h: the van Herk kernels of move_moments.c for one vector width, included
 * once per width. The includer defines MOMENT_W (sequences per vector: 2 or 4), EACH_SLOT(E)
 * (E(0), ..., E(MOMENT_W - 1), to build a vector from per-slot expressions), VSQRT(v) (the
 * square roots of a vector), TO_VD(f) and TO_VF(v) (float32 <-> float64 conversions of a
 * vector), MOMENT_LOOKUP (1: var and std look their factor up, 0: divide), WN(name) (the
 * name suffixed with this width) and MOMENT_TARGET (the target attribute every function here
 * carries: MYPKG_AVX2 for the 4-wide copy, nothing for the baseline one). See move_moments.c
 * for the design; every name here is this width's. */

typedef double WN(vd) __attribute__((vector_size(8 * MOMENT_W)));
typedef int64_t WN(vi) __attribute__((vector_size(8 * MOMENT_W)));
typedef float WN(vf) __attribute__((vector_size(4 * MOMENT_W)));
#define VD WN(vd)
#define VI WN(vi)
#define VF WN(vf)

MOMENT_TARGET
INLINE VD WN(splat)(double x)
{
#define SPLAT(k) x
    return (VD){EACH_SLOT(SPLAT)};
#undef SPLAT
}
MOMENT_TARGET
INLINE VD WN(keep)(VI ok, VD x) { return (VD)((VI)x & ok); }
MOMENT_TARGET
INLINE VD WN(blend)(VI take, VD x, VD y) { return (VD)(((VI)x & take) | ((VI)y & ~take)); }

/* Count, sum and (var/std only) sum of squares of MOMENT_W sequences, one per slot. */
struct WN(acc) { VD n, s, q; };
_Static_assert(sizeof(struct WN(acc)) == MOMENT_W * ACC_DOUBLES * sizeof(double), "layout");

/* Where the sums of one block pass are shifted, per slot: the prefix by kb, the suffix being
 * built by ks; the stored suffix sums of the previous block by kb + d, re-expressed around kb
 * from prefix position jf on (d == 0: nothing to re-express). */
struct WN(shifts) { VD kb, ks, d, jf; };
_Static_assert(sizeof(struct WN(shifts)) == MOMENT_W * SHIFT_DOUBLES * sizeof(double), "layout");

/* The elements at p[k] + off, one per slot. */
MOMENT_TARGET
INLINE VD WN(gather)(enum dt t, const char *const *p, int64_t off)
{
#define GATHER_F32(k) LOAD(float, p[k] + off)
#define GATHER(k) ld(t, p[k] + off)
    if (t == F32) return TO_VD(((VF){EACH_SLOT(GATHER_F32)}));
    return (VD){EACH_SLOT(GATHER)};
#undef GATHER_F32
#undef GATHER
}

/* The elements at p + k * step; contig: step is one element, which makes it one load. */
MOMENT_TARGET
INLINE VD WN(load_step)(enum dt t, const char *p, int64_t step, int contig)
{
#define STEP_F32(k) LOAD(float, p + k * step)
#define STEP(k) ld(t, p + k * step)
    if (contig && t == F64) {
        VD v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    if (contig && t == F32) {
        VF f;
        memcpy(&f, p, sizeof f);
        return TO_VD(f);
    }
    if (t == F32) return TO_VD(((VF){EACH_SLOT(STEP_F32)}));
    return (VD){EACH_SLOT(STEP)};
#undef STEP_F32
#undef STEP
}

/* Store slot k at p + k * step (one conversion for float32); contig: as in load_step. */
MOMENT_TARGET
INLINE void WN(store_step)(enum dt t, char *p, int64_t step, VD v, int contig)
{
    if (t == F32) {
        const VF f = TO_VF(v);
        if (contig) memcpy(p, &f, sizeof f);
        else
            for (int k = 0; k < MOMENT_W; k++) STORE(float, p + k * step, f[k]);
    } else if (contig) {
        memcpy(p, &v, sizeof v);
    } else {
        for (int k = 0; k < MOMENT_W; k++) STORE(double, p + k * step, v[k]);
    }
}

MOMENT_TARGET
INLINE struct WN(acc) WN(acc_add)(enum dt t, enum mkind kind, struct WN(acc) c, VD x, VD k)
{
    VI ok = ~(VI){0};
    if (t == F64 || t == F32) ok = (VI)(x == x);
    const VD d = WN(keep)(ok, shifted(kind) ? x - k : x);
    c.n += WN(keep)(ok, WN(splat)(1.0));
    c.s += d;
    if (shifted(kind)) c.q += d * d;
    return c;
}

MOMENT_TARGET
INLINE struct WN(acc) WN(acc_join)(enum mkind kind, struct WN(acc) a, struct WN(acc) b)
{
    a.n += b.n;
    a.s += b.s;
    if (shifted(kind)) a.q += b.q;
    return a;
}

/* Sums shifted by k + d re-expressed around k: x - k = (x - k - d) + d. */
MOMENT_TARGET
INLINE struct WN(acc) WN(acc_reshift)(struct WN(acc) a, VD d)
{
    a.q += d * (2.0 * a.s + a.n * d);
    a.s += a.n * d;
    return a;
}

/* Only the fields the kind uses (the buffers are memory; a dead store would stay). */
MOMENT_TARGET
INLINE void WN(acc_put)(enum mkind kind, struct WN(acc) *p, struct WN(acc) c)
{
    p->n = c.n;
    p->s = c.s;
    if (shifted(kind)) p->q = c.q;
}

/* The statistic of a window from its sums. */
MOMENT_TARGET
INLINE VD WN(moment_value)(enum mkind kind, struct WN(acc) c, const struct limits *f)
{
    if (!shifted(kind))
        return WN(blend)((VI)(c.n >= WN(splat)(f->least)), kind == MMEAN ? c.s / c.n : c.s,
                         WN(splat)(NAN));
    VD v = c.n * c.q - c.s * c.s;
    v = WN(blend)((VI)(v < WN(splat)(0.0)), WN(splat)(0.0), v); /* keeps NaN */
#define FACTOR(k) f->factor[(int64_t)c.n[k]]
    if (MOMENT_LOOKUP) v *= (VD){EACH_SLOT(FACTOR)};
    else
        v = WN(blend)((VI)(c.n >= WN(splat)(f->vleast)), v / (c.n * (c.n - WN(splat)(f->ddof))),
                      WN(splat)(NAN));
#undef FACTOR
    return kind == MSTD ? VSQRT(v) : v;
}

/* One position j of a block pass for one vector of sequences: x (at prefix position j)
 * extends the prefix sums *pre and, if build, y the suffix sums *suf being built; returns
 * the statistic of the window ending at j, whose older part is *prev (the previous block's
 * suffix from position j+1; older == 0: there is none, the lane is one block). nan: a row
 * of the first block before min_count elements, NaN without computing it (with a large
 * window, that is most of a first block). */
MOMENT_TARGET
INLINE VD WN(pass_step)(enum dt t, enum mkind kind, int older, int build, int conv, int nan,
                        struct WN(acc) *pre, VD x, struct WN(acc) *suf, VD y,
                        const struct WN(acc) *prev, const struct WN(shifts) *sh, VD jv,
                        const struct limits *lim)
{
    *pre = WN(acc_add)(t, kind, *pre, x, sh->kb);
    if (build) *suf = WN(acc_add)(t, kind, *suf, y, sh->ks);
    if (nan) return WN(splat)(NAN);
    if (!older) return WN(moment_value)(kind, *pre, lim);
    struct WN(acc) o = *prev;
    if (conv) o = WN(acc_reshift)(o, WN(keep)((VI)(jv >= sh->jf), sh->d));
    return WN(moment_value)(kind, WN(acc_join)(kind, o, *pre), lim);
}

/* Store the plan of slot k for the next block into *next and its ks into *cur. */
MOMENT_TARGET
INLINE void WN(plan_slot)(struct WN(shifts) *cur, struct WN(shifts) *next, int k,
                          struct plan pl)
{
    cur->ks[k] = pl.ks;
    next->kb[k] = pl.kb;
    next->d[k] = pl.ks - pl.kb;
    next->jf[k] = pl.jf;
}

/* The shifts of the next block become this block's (ks is set per block). */
MOMENT_TARGET
INLINE void WN(plan_advance)(struct WN(shifts) *sh, const struct WN(shifts) *next)
{
    sh->kb = next->kb;
    sh->d = next->d;
    sh->jf = next->jf;
}

#if defined(__clang__)
#define SHUFFLE(a, b, ...) __builtin_shufflevector(a, b, __VA_ARGS__)
#else
#define SHUFFLE(a, b, ...) __builtin_shuffle(a, b, (VI){__VA_ARGS__})
#endif

/* r[k][m] becomes r[m][k]. */
MOMENT_TARGET
INLINE void WN(transpose)(VD *r)
{
#if MOMENT_W == 4
    const VD t0 = SHUFFLE(r[0], r[1], 0, 4, 2, 6), t1 = SHUFFLE(r[0], r[1], 1, 5, 3, 7);
    const VD t2 = SHUFFLE(r[2], r[3], 0, 4, 2, 6), t3 = SHUFFLE(r[2], r[3], 1, 5, 3, 7);
    r[0] = SHUFFLE(t0, t2, 0, 1, 4, 5);
    r[1] = SHUFFLE(t1, t3, 0, 1, 4, 5);
    r[2] = SHUFFLE(t0, t2, 2, 3, 6, 7);
    r[3] = SHUFFLE(t1, t3, 2, 3, 6, 7);
#else
    const VD t0 = SHUFFLE(r[0], r[1], 0, 2), t1 = SHUFFLE(r[0], r[1], 1, 3);
    r[0] = t0;
    r[1] = t1;
#endif
}
#undef SHUFFLE

/* ---------------------------------------------------------------------------------------
 * Lanes: MOMENT_W sequences of one lane (see lane_split in move_moments.c), all of them
 * walked block by block. Each block pass also builds the suffix sums of its own block, in
 * the last block too (from the block's own elements, for nothing, but every pass is then
 * the same loop); the first block's older parts are an empty buffer. The overlap of two
 * sequences, whose first window - 1 outputs are of truncated windows, is written by both:
 * first by the later sequence, then (a later row, or the same row group stored in
 * descending slot order) by the earlier one, whose values stand. */
struct WN(seq) {
    const char *src[MOMENT_W];
    char *dst[MOMENT_W];
    int64_t len;
};

/* Store slot k of v at dst[k] + off, the last slot first. */
MOMENT_TARGET
INLINE void WN(store_slots)(enum dt t, char *const *dst, int64_t off, VD v)
{
    if (t == F32) {
        const VF f = TO_VF(v);
        for (int k = MOMENT_W - 1; k >= 0; k--) STORE(float, dst[k] + off, f[k]);
    } else {
        for (int k = MOMENT_W - 1; k >= 0; k--) STORE(double, dst[k] + off, v[k]);
    }
}

/* Row j of block b0 (blen rows): the window ending at prefix position j; the suffix walk
 * takes row blen - 1 - j. */
MOMENT_TARGET
INLINE void WN(lane_row)(enum dt t, enum mkind kind, int conv, int nan, const struct WN(seq) *q,
                         int64_t as, int64_t os, int64_t b0, int64_t blen, int64_t j, int64_t w,
                         struct WN(acc) *pre, struct WN(acc) *suf, const struct WN(acc) *prev,
                         struct WN(acc) *cur, const struct WN(shifts) *sh,
                         const struct limits *lim)
{
    const VD x = WN(gather)(t, q->src, (b0 + j) * as);
    const VD y = WN(gather)(t, q->src, (b0 + blen - 1 - j) * as);
    const VD v = WN(pass_step)(t, kind, 1, 1, conv, nan, pre, x, suf, y, prev + j + 1, sh,
                               WN(splat)((double)j), lim);
    WN(acc_put)(kind, cur + w - 1 - j, *suf);
    WN(store_slots)(t, q->dst, (b0 + j) * os, v);
}

/* Rows j .. j + MOMENT_W - 1 of contiguous sequences with contiguous outputs: one load per
 * sequence and a transpose instead of MOMENT_W gathers, for x, y and the stores alike (nan:
 * rows before min_count, whose outputs are NaN). */
MOMENT_TARGET
INLINE void WN(lane_rows)(enum dt t, enum mkind kind, int conv, int nan, const struct WN(seq) *q,
                          int64_t b0, int64_t blen, int64_t j, int64_t w, struct WN(acc) *pre,
                          struct WN(acc) *suf, const struct WN(acc) *prev,
                          struct WN(acc) *cur, const struct WN(shifts) *sh,
                          const struct limits *lim)
{
    const int64_t es = t == F32 ? 4 : 8, i = b0 + j, u = b0 + blen - j - MOMENT_W;
    VD xs[MOMENT_W], ys[MOMENT_W], vs[MOMENT_W];
    for (int k = 0; k < MOMENT_W; k++) ys[k] = WN(load_step)(t, q->src[k] + u * es, es, 1);
    for (int k = 0; k < MOMENT_W; k++) xs[k] = WN(load_step)(t, q->src[k] + i * es, es, 1);
    WN(transpose)(ys); /* the suffix rows first: fewer vectors live at once */
    for (int r = 0; r < MOMENT_W; r++) {
        *suf = WN(acc_add)(t, kind, *suf, ys[MOMENT_W - 1 - r], sh->ks);
        WN(acc_put)(kind, cur + w - 1 - j - r, *suf);
    }
    WN(transpose)(xs);
    for (int r = 0; r < MOMENT_W; r++)
        vs[r] = WN(pass_step)(t, kind, 1, 0, conv, nan, pre, xs[r], suf, xs[r], prev + j + r + 1,
                              sh, WN(splat)((double)(j + r)), lim);
    if (!nan) WN(transpose)(vs);
    for (int k = MOMENT_W - 1; k >= 0; k--) WN(store_step)(t, q->dst[k] + i * es, es, vs[k], 1);
}

MOMENT_TARGET
INLINE void WN(lane_pass)(enum dt t, enum mkind kind, int conv, int contig,
                          const struct WN(seq) *q, int64_t as, int64_t os, int64_t b0,
                          int64_t blen, int64_t w, int64_t nan_until,
                          const struct WN(acc) *prev, struct WN(acc) *cur,
                          const struct WN(shifts) *sh, const struct limits *lim)
{
    const struct WN(acc) zero = {{0}, {0}, {0}};
    struct WN(acc) pre = zero, suf = zero;
    int64_t j = 0;
    /* A first block (conv == 0) stores NaN before min_count without computing it; the rows
     * that do not fill a transposed group are computed (their counts make them NaN). */
    for (; !conv && contig && j + MOMENT_W <= nan_until; j += MOMENT_W)
        WN(lane_rows)(t, kind, 0, 1, q, b0, blen, j, w, &pre, &suf, prev, cur, sh, lim);
    for (; !conv && !contig && j < nan_until; j++)
        WN(lane_row)(t, kind, 0, 1, q, as, os, b0, blen, j, w, &pre, &suf, prev, cur, sh, lim);
    for (; contig && j + MOMENT_W <= blen; j += MOMENT_W)
        WN(lane_rows)(t, kind, conv, 0, q, b0, blen, j, w, &pre, &suf, prev, cur, sh, lim);
    for (; j < blen; j++)
        WN(lane_row)(t, kind, conv, 0, q, as, os, b0, blen, j, w, &pre, &suf, prev, cur, sh, lim);
}

/* The pass variants, each compiled with its own loop; contig: float data whose sequences
 * and outputs are contiguous. */
MOMENT_TARGET
INLINE void WN(lane_pass_any)(enum dt t, enum mkind kind, int conv, int contig,
                              const struct WN(seq) *q, int64_t as, int64_t os, int64_t b0,
                              int64_t blen, int64_t w, int64_t nan_until,
                              const struct WN(acc) *prev, struct WN(acc) *cur,
                              const struct WN(shifts) *sh, const struct limits *lim)
{
#define LANE_PASS(C, G)                                                                       \
    WN(lane_pass)(t, kind, C, G, q, as, os, b0, blen, w, nan_until, prev, cur, sh, lim)
    if (is_float(t) && contig) {
        if (conv) LANE_PASS(1, 1);
        else LANE_PASS(0, 1);
    } else {
        if (conv) LANE_PASS(1, 0);
        else LANE_PASS(0, 0);
    }
#undef LANE_PASS
}

MOMENT_TARGET
INLINE void WN(lane_seqs)(enum dt t, enum mkind kind, const struct WN(seq) *q, int64_t as,
                          int64_t os, int64_t w, const struct moment_bufs *m,
                          int64_t min_count, const struct limits *lim)
{
    const struct WN(acc) zero = {{0}, {0}, {0}};
    const int contig = as == (t == F32 ? 4 : 8) && os == (t == F32 ? 4 : 8);
    struct WN(acc) *suf[2] = {m->suf[0], m->suf[1]};
    struct WN(shifts) sh = {{0}, {0}, {0}, {0}}, next = sh;
    for (int k = 0; shifted(kind) && k < MOMENT_W; k++)
        sh.kb[k] = plan_block(t, q->src[k], as, 0, q->len, w, 0.0).kb;
    /* the first block's older parts: empty (those it reads: from its row min_count - 1 on,
     * or up to MOMENT_W - 1 rows earlier, see lane_pass) */
    for (int64_t e = min_count > MOMENT_W ? min_count - MOMENT_W : 0; e <= w; e++) suf[1][e] = zero;
    suf[0][w] = zero;
    for (int k = 0; k < MOMENT_W; k++)
        prefetch_seq(q->src[k], as, 0, 2 * w < q->len ? 2 * w : q->len);
    for (int64_t b = 0, b0 = 0; b0 < q->len; b++, b0 += w) {
        const int64_t blen = q->len - b0 < w ? q->len - b0 : w;
        for (int k = 0; b0 + 2 * w < q->len && k < MOMENT_W; k++)
            prefetch_seq(q->src[k], as, b0 + 2 * w, b0 + 3 * w < q->len ? b0 + 3 * w : q->len);
        int conv = 0;
        for (int k = 0; shifted(kind) && k < MOMENT_W; k++) {
            if (b0 + w < q->len)
                WN(plan_slot)(&sh, &next, k,
                              plan_block(t, q->src[k], as, b0 + w, q->len, w, sh.kb[k]));
            conv |= sh.d[k] != 0.0;
        }
        WN(lane_pass_any)(t, kind, conv, contig, q, as, os, b0, blen, w,
                          b == 0 ? min_count - 1 : 0, suf[(b + 1) & 1], suf[b & 1], &sh, lim);
        WN(plan_advance)(&sh, &next);
    }
}

/* A lane longer than the window, as MOMENT_W sequences. */
MOMENT_TARGET
INLINE void WN(moment_lane)(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                            char *out, int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    const int64_t w = p->window;
    struct moment_bufs m;
    moment_layout(n, w, MOMENT_W, (char *)ctx->scratch, &m);
    const struct limits lim = moment_limits(kind, p, MOMENT_LOOKUP ? m.factor : NULL);
    struct WN(seq) q;
    int64_t start[MOMENT_W];
    q.len = lane_split(n, w, MOMENT_W, start);
    for (int k = 0; k < MOMENT_W; k++) {
        q.src[k] = a + start[k] * as;
        q.dst[k] = out + start[k] * os;
    }
    WN(lane_seqs)(t, kind, &q, as, os, w, &m, p->min_count, &lim);
}

/* ---------------------------------------------------------------------------------------
 * Blocks of neighbouring lanes along a slow axis: MOMENT_W lanes side by side in a vector (a
 * group), all groups of a tile advanced row by row (rows are contiguous in memory), their
 * sums kept in the scratch arrays (one entry per group). When the lane count is not a
 * multiple of MOMENT_W, the last group is the last MOMENT_W lanes, overlapping the group
 * before it (its lanes are computed twice alike). contig: lanes (and outputs) are adjacent
 * elements, so a group is one vector load (store). Lanes of more than one block build
 * suffix sums in every block, as the lane function does; a lane of one block (older == 0)
 * needs none. */
MOMENT_TARGET
INLINE void WN(block_row)(enum dt t, enum mkind kind, int older, int conv, int nan, int contig,
                          const struct tile *g, int64_t b0, int64_t blen, int64_t j, int64_t w,
                          struct WN(acc) *pre, const struct WN(acc) *prev,
                          struct WN(acc) *cur, const struct WN(shifts) *sh,
                          const struct limits *lim)
{
    const char *xr = g->a + (b0 + j) * g->as, *yr = g->a + (b0 + blen - 1 - j) * g->as;
    char *orow = g->out + (b0 + j) * g->os;
    const int64_t tg = g->groups, al = g->al, ol = g->ol;
    const VD jv = WN(splat)((double)j);
    for (int64_t gr = 0; gr < tg; gr++) {
        const VD x = WN(load_step)(t, xr + MOMENT_W * gr * al, al, contig);
        const VD y = older ? WN(load_step)(t, yr + MOMENT_W * gr * al, al, contig) : x;
        struct WN(acc) suf = older ? cur[(w - j) * tg + gr] : pre[gr];
        const VD v = WN(pass_step)(t, kind, older, older, conv, nan, pre + gr, x, &suf, y,
                                   prev + (j + 1) * tg + gr, sh + gr, jv, lim);
        if (older) WN(acc_put)(kind, cur + (w - 1 - j) * tg + gr, suf);
        WN(store_step)(t, orow + MOMENT_W * gr * ol, ol, v, contig);
    }
}

MOMENT_TARGET
INLINE void WN(block_pass)(enum dt t, enum mkind kind, int older, int conv, int contig,
                           const struct tile *g, int64_t b0, int64_t blen, int64_t w,
                           int64_t nan_until, struct WN(acc) *pre, const struct WN(acc) *prev,
                           struct WN(acc) *cur, const struct WN(shifts) *sh,
                           const struct limits *lim)
{
    int64_t j = 0;
    for (; !conv && j < nan_until; j++) /* a first block has conv == 0 */
        WN(block_row)(t, kind, older, 0, 1, contig, g, b0, blen, j, w, pre, prev, cur, sh, lim);
    for (; j < blen; j++)
        WN(block_row)(t, kind, older, conv, 0, contig, g, b0, blen, j, w, pre, prev, cur, sh,
                      lim);
}

MOMENT_TARGET
INLINE void WN(block_pass_any)(enum dt t, enum mkind kind, int older, int conv, int contig,
                               const struct tile *g, int64_t b0, int64_t blen, int64_t w,
                               int64_t nan_until, struct WN(acc) *pre,
                               const struct WN(acc) *prev, struct WN(acc) *cur,
                               const struct WN(shifts) *sh, const struct limits *lim)
{
#define BLOCK_PASS(O, C)                                                                      \
    WN(block_pass)(t, kind, O, C, contig, g, b0, blen, w, nan_until, pre, prev, cur, sh, lim)
    if (!older) BLOCK_PASS(0, 0);
    else if (conv) BLOCK_PASS(1, 1);
    else BLOCK_PASS(1, 0);
#undef BLOCK_PASS
}

MOMENT_TARGET
INLINE void WN(block_tile)(enum dt t, enum mkind kind, int contig, const struct tile *g,
                           int64_t n, int64_t w, int64_t min_count,
                           const struct moment_bufs *m, const struct limits *lim)
{
    const struct WN(acc) zero = {{0}, {0}, {0}};
    const int64_t tg = g->groups;
    const int older = n > w;
    struct WN(acc) *pre = m->pre, *suf[2] = {m->suf[0], m->suf[1]};
    struct WN(shifts) *sh = m->sh[0], *next = m->sh[1];
    for (int64_t e = min_count * tg; older && e < (w + 1) * tg; e++) /* as in lane_seqs */
        suf[1][e] = zero;
    for (int64_t gr = 0; gr < tg; gr++) {
        pre[gr] = zero;
        sh[gr] = next[gr] = (struct WN(shifts)){{0}, {0}, {0}, {0}};
        if (older) suf[0][w * tg + gr] = zero;
        for (int k = 0; shifted(kind) && k < MOMENT_W; k++)
            sh[gr].kb[k] =
                plan_block(t, g->a + (MOMENT_W * gr + k) * g->al, g->as, 0, n, w, 0.0).kb;
    }
    for (int64_t b = 0, b0 = 0; b0 < n; b++, b0 += w) {
        const int64_t blen = n - b0 < w ? n - b0 : w;
        int conv = 0;
        for (int64_t gr = 0; shifted(kind) && gr < tg; gr++)
            for (int k = 0; k < MOMENT_W; k++) {
                if (b0 + w < n)
                    WN(plan_slot)(sh + gr, next + gr, k,
                                  plan_block(t, g->a + (MOMENT_W * gr + k) * g->al, g->as,
                                             b0 + w, n, w, sh[gr].kb[k]));
                conv |= sh[gr].d[k] != 0.0;
            }
        for (int64_t gr = 0; b > 0 && gr < tg; gr++) pre[gr] = zero;
        prefetch_rows(t, g, MOMENT_W * tg, b0 + w, b0 + w + blen < n ? b0 + w + blen : n);
        WN(block_pass_any)(t, kind, older, conv, contig, g, b0, blen, w,
                           b == 0 ? min_count - 1 : 0, pre, suf[(b + 1) & 1], suf[b & 1], sh,
                           lim);
        for (int64_t gr = 0; shifted(kind) && gr < tg; gr++) WN(plan_advance)(sh + gr, next + gr);
    }
}

/* Tiles of full groups, then (m not a multiple of MOMENT_W) the last MOMENT_W lanes. */
MOMENT_TARGET
INLINE void WN(block_tiles)(enum dt t, enum mkind kind, int contig, const char *a, int64_t n,
                            int64_t as, int64_t m, int64_t al, char *out, int64_t os,
                            int64_t ol, const struct moment_bufs *bufs,
                            const struct move_params *p, const struct limits *lim)
{
    const int64_t groups = m / MOMENT_W;
    for (int64_t g0 = 0; g0 < groups; g0 += bufs->groups) {
        const struct tile g = {a + MOMENT_W * g0 * al, out + MOMENT_W * g0 * ol, as, al, os, ol,
                               groups - g0 < bufs->groups ? groups - g0 : bufs->groups};
        WN(block_tile)(t, kind, contig, &g, n, p->window, p->min_count, bufs, lim);
    }
    if (m % MOMENT_W) {
        const struct tile g = {a + (m - MOMENT_W) * al, out + (m - MOMENT_W) * ol, as, al, os,
                               ol, 1};
        WN(block_tile)(t, kind, contig, &g, n, p->window, p->min_count, bufs, lim);
    }
}

/* At least MOMENT_W lanes. */
MOMENT_TARGET
INLINE void WN(moment_block)(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                             int64_t m, int64_t al, char *out, int64_t os, int64_t ol,
                             const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    struct moment_bufs bufs;
    moment_layout(n, p->window, MOMENT_W, (char *)ctx->scratch, &bufs);
    const struct limits lim = moment_limits(kind, p, MOMENT_LOOKUP ? bufs.factor : NULL);
    const int64_t esize = t == F32 || t == I32 ? 4 : 8, osize = t == F32 ? 4 : 8;
    if (al == esize && ol == osize)
        WN(block_tiles)(t, kind, 1, a, n, as, m, esize, out, os, osize, &bufs, p, &lim);
    else
        WN(block_tiles)(t, kind, 0, a, n, as, m, al, out, os, ol, &bufs, p, &lim);
}

/* This width's entries: every dtype and kind compiled in, picked by a switch (per call of
 * the driver, not per element). */
#define MOMENT_CASES(sfx, DT)                                                                 \
    case DT * 4 + MSUM: ENTRY_CALL(DT, MSUM); return;                                          \
    case DT * 4 + MMEAN: ENTRY_CALL(DT, MMEAN); return;                                        \
    case DT * 4 + MVAR: ENTRY_CALL(DT, MVAR); return;                                          \
    case DT * 4 + MSTD: ENTRY_CALL(DT, MSTD); return;

MOMENT_TARGET
static void WN(moment_lane_entry)(enum dt t, enum mkind kind, const char *a, int64_t n,
                                  int64_t as, char *out, int64_t os,
                                  const struct mypkg_lane_ctx *ctx)
{
#define ENTRY_CALL(DT, KIND) WN(moment_lane)(DT, KIND, a, n, as, out, os, ctx)
    switch (t * 4 + kind) { MOMENT_DTYPES(MOMENT_CASES) }
#undef ENTRY_CALL
}

MOMENT_TARGET
static void WN(moment_block_entry)(enum dt t, enum mkind kind, const char *a, int64_t n,
                                   int64_t as, int64_t m, int64_t al, char *out, int64_t os,
                                   int64_t ol, const struct mypkg_lane_ctx *ctx)
{
#define ENTRY_CALL(DT, KIND) WN(moment_block)(DT, KIND, a, n, as, m, al, out, os, ol, ctx)
    switch (t * 4 + kind) { MOMENT_DTYPES(MOMENT_CASES) }
#undef ENTRY_CALL
}

#undef MOMENT_CASES
#undef VD
#undef VI
#undef VF
