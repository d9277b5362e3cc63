/* move_moments.c: move_sum, move_mean, move_var, move_std.
 *
 * Van Herk/Gil-Werman blocks: the lane is cut into blocks of `window` elements, and a window
 * ending in block b is a suffix of block b-1 plus a prefix of block b. Both are computed
 * afresh per block (O(1) per element), so no value is ever subtracted back out: an inf or a
 * spike affects exactly the windows that hold it, and the result is what a fresh computation
 * over the window gives. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "move.h"

/* ---------------------------------------------------------------------------------------
 * Sums and moments. Per block: suffix sums of block b-1 and prefix sums of block b in one loop
 * (independent dependency chains), then an output loop that combines them; the first block
 * has no suffix and writes its outputs on the way.
 *
 * Variances use shifted sums S = sum(x - k), Q = sum((x - k)^2), n with k one of the window's
 * values: the prefix of block b is shifted by its first finite value kb (in every prefix part
 * that holds a finite value); the suffix of block b-1 by kb too when kb is block b's first
 * element (then in every window ending in block b), else by block b-1's latest finite value
 * (in every suffix part that holds one) and re-expressed around kb per output. A shift that
 * is one of the values bounds Q by (n + 1) * M2, so n*Q - S^2 loses at most log2(n) bits
 * whatever the data's offset; with typical data it loses almost none. ±inf needs no special
 * case: it makes S and Q inf (and a var NaN) for exactly the windows holding it. */

enum mkind { MSUM, MMEAN, MVAR, MSTD };

/* Two independent sequences are processed side by side, one per lane of a v2d: the two halves
 * of a lane (the second one starting window - 1 elements early, its first outputs unwritten)
 * or two neighbouring lanes, so that every dependency chain has a twin to overlap with and the
 * output loop is 2-wide. p*[j]: prefix of block b over its positions 0..j; s*[u]: suffix of
 * block b-1 over its positions u..w-1 (s*[w] empty). */
struct seq2 {
    const char *src[2]; /* element 0 of each sequence (same stride) */
    char *dst[2];       /* its output 0 */
    int64_t len[2];     /* 0 for an unused lane */
    int64_t skip[2];    /* outputs below this index are not written */
};

/* Split one lane of n elements into two sequences (the second lane unused if short). */
static struct seq2 split_lane(const char *a, int64_t n, int64_t as, char *out, int64_t os,
                              int64_t w)
{
    struct seq2 q = {{a, a}, {out, out}, {n, 0}, {0, 0}};
    if (n >= 4 * w) {
        const int64_t mid = n / 2, start = mid - (w - 1);
        q.len[0] = mid;
        q.src[1] = a + start * as;
        q.dst[1] = out + start * os;
        q.len[1] = n - start;
        q.skip[1] = w - 1;
    }
    return q;
}

struct moment_bufs { v2d *pn, *ps, *pq, *sn, *ss, *sq; };

static size_t moment_layout(int64_t w, char *base, struct moment_bufs *b)
{
    size_t off = 0;
    const size_t bytes = (size_t)(w + 1) * sizeof(v2d);
    v2d **arrays[] = {&b->pn, &b->ps, &b->pq, &b->sn, &b->ss, &b->sq};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        *arrays[i] = (v2d *)take(base, &off, bytes);
    return off;
}

DEFINE_SCRATCH(moment)

/* The latest finite value of positions [b0 - w, b0) of a sequence, or `fallback`. */
INLINE double latest_finite(enum dt t, const char *a, int64_t as, int64_t b0, int64_t w,
                            double fallback)
{
    for (int64_t j = 1; j <= w && b0 - j >= 0; j++) {
        const double x = ld(t, a + (b0 - j) * as);
        if (isfinite(x)) return x;
    }
    return fallback;
}

/* The running prefix (p*) and suffix (s*) chains of both sequences. */
struct mchains { v2d pc, ps, pq, sc, ss, sq; };

/* One step of the block loop: prefix position i, suffix position u of both sequences; an
 * inactive position (mask 0) reads element 0 and is masked out. */
INLINE void moment_step(enum dt t, int shifted, const struct seq2 *q, int64_t as, int64_t i,
                        int64_t u, v2i okx, v2i oky, v2d ka, v2d kb, int64_t j,
                        const struct moment_bufs *m, int64_t w, struct mchains *c)
{
    const v2d one = {1.0, 1.0};
    const v2d x = {ld(t, q->src[0] + (okx[0] ? i : 0) * as),
                   ld(t, q->src[1] + (okx[1] ? i : 0) * as)};
    const v2d y = {ld(t, q->src[0] + (oky[0] ? u : 0) * as),
                   ld(t, q->src[1] + (oky[1] ? u : 0) * as)};
    if (t == F64 || t == F32) {
        okx &= (v2i)(x == x);
        oky &= (v2i)(y == y);
    }
    const v2d dx = vkeep(okx, x - kb), dy = vkeep(oky, y - ka);
    c->pc += vkeep(okx, one);
    c->sc += vkeep(oky, one);
    c->ps += dx;
    c->ss += dy;
    m->pn[j] = c->pc;
    m->ps[j] = c->ps;
    m->sn[w - 1 - j] = c->sc;
    m->ss[w - 1 - j] = c->ss;
    if (shifted) {
        c->pq += dx * dx;
        c->sq += dy * dy;
        m->pq[j] = c->pq;
        m->sq[w - 1 - j] = c->sq;
    }
}

/* 1 / the divisor of a mean or variance over cnt values (a 2-wide division: cheaper here than
 * looking the reciprocal up in a table by count). */
INLINE v2d moment_inv(enum mkind kind, v2d cnt, v2d ddof)
{
    return kind == MMEAN ? 1.0 / cnt : 1.0 / (cnt * (cnt - ddof));
}

/* The statistic of windows with cnt values, sum s and sum of squares qq (both shifted alike). */
INLINE v2d moment_value(enum mkind kind, v2d cnt, v2d s, v2d qq, v2d inv,
                        const struct move_params *p)
{
    const v2d zero = {0.0, 0.0}, nanv = {NAN, NAN};
    const v2d minc = {(double)p->min_count, (double)p->min_count};
    const v2d ddof = {(double)p->ddof, (double)p->ddof};
    v2d v = s;
    if (kind == MMEAN) v *= inv;
    if (kind == MVAR || kind == MSTD) {
        v = (cnt * qq - s * s) * inv;
        v = vblend((v2i)(v < zero), zero, v); /* keeps NaN */
        if (kind == MSTD) v = (v2d){sqrt(v[0]), sqrt(v[1])};
        v = vblend((v2i)(cnt - ddof > zero), v, nanv);
    }
    return vblend((v2i)(cnt >= minc), v, nanv);
}

INLINE void moment_store(enum dt t, const struct seq2 *q, int64_t os, int64_t i, v2d v)
{
    for (int k = 0; k < 2; k++)
        if (i < q->len[k] && i >= q->skip[k]) st(t, q->dst[k] + i * os, v[k]);
}

/* The outputs of one block from its prefix and suffix sums; conv: the suffix sums are
 * shifted by kb + shift rather than by the prefix's kb (from the sequence's jfirst on). */
INLINE void moment_outputs(enum dt t, enum mkind kind, const struct seq2 *q, int64_t os,
                           const struct moment_bufs *m, int64_t b0, int64_t blen, v2d shift,
                           v2d jfirst, const struct move_params *p, int conv)
{
    const v2d ddof = {(double)p->ddof, (double)p->ddof};
    for (int64_t r = 0; r < blen; r++) {
        const v2d na = m->sn[r + 1], sa = m->ss[r + 1], cnt = na + m->pn[r];
        v2d s = sa + m->ps[r], qq = m->sq[r + 1] + m->pq[r];
        if (conv) { /* both parts re-expressed around the prefix's shift */
            const v2d rr = {(double)r, (double)r};
            const v2d d = vkeep((v2i)(rr >= jfirst), shift);
            qq += d * (2.0 * sa + na * d);
            s += na * d;
        }
        const v2d inv = moment_inv(kind, cnt, ddof);
        moment_store(t, q, os, b0 + r, moment_value(kind, cnt, s, qq, inv, p));
    }
}

/* The first block has no suffix: each output is its prefix, computed on the way. */
INLINE void moment_first(enum dt t, enum mkind kind, const struct seq2 *q, int64_t as,
                         int64_t os, int64_t blen, v2d kb, const struct move_params *p)
{
    const v2d zero = {0.0, 0.0}, one = {1.0, 1.0};
    const v2d ddof = {(double)p->ddof, (double)p->ddof};
    v2d cnt = zero, s = zero, qq = zero;
    for (int64_t i = 0; i < blen; i++) {
        const int on0 = i < q->len[0], on1 = i < q->len[1];
        const v2d x = {ld(t, q->src[0] + (on0 ? i : 0) * as),
                       ld(t, q->src[1] + (on1 ? i : 0) * as)};
        v2i ok = {on0 ? -1 : 0, on1 ? -1 : 0};
        if (t == F64 || t == F32) ok &= (v2i)(x == x);
        const v2d d = vkeep(ok, x - kb);
        cnt += vkeep(ok, one);
        s += d;
        qq += d * d;
        const v2d inv = moment_inv(kind, cnt, ddof);
        moment_store(t, q, os, i, moment_value(kind, cnt, s, qq, inv, p));
    }
}

INLINE void moment_seq2(enum dt t, enum mkind kind, const struct seq2 *q, int64_t as,
                        int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    const int64_t w = p->window, total = q->len[0] > q->len[1] ? q->len[0] : q->len[1];
    const int shifted = kind == MVAR || kind == MSTD;
    const v2d zero = {0.0, 0.0};
    struct moment_bufs m;
    moment_layout(w, (char *)ctx->scratch, &m);
    m.sn[w] = m.ss[w] = m.sq[w] = zero;

    v2d ka = zero; /* per sequence: shift of the suffix sums */
    for (int64_t b0 = 0; b0 < total; b0 += w) {
        const int64_t blen = total - b0 < w ? total - b0 : w;
        if (shifted && b0 > 0)
            for (int k = 0; k < 2; k++)
                ka[k] = latest_finite(t, q->src[k], as, b0 < q->len[k] ? b0 : 0, w, ka[k]);
        /* The prefix is shifted by ka up to a sequence's first finite value (at jfirst[k]),
         * then by that value (sums over NaN and inf only do not depend on the shift). */
        v2d kb = ka, jfirst = {(double)w, (double)w};
        for (int k = 0; shifted && k < 2; k++)
            for (int64_t j = 0; j < w && b0 + j < q->len[k]; j++) {
                const double x = ld(t, q->src[k] + (b0 + j) * as);
                if (isfinite(x)) {
                    kb[k] = x;
                    jfirst[k] = (double)j;
                    break;
                }
            }
        /* The suffix is shifted by kb too when kb is the block's first value (then in every
         * window of block b); otherwise by ka, and converted for each output. */
        const int direct = !shifted || (jfirst[0] == 0.0 && jfirst[1] == 0.0);
        const v2d ks = direct ? kb : ka;
        if (b0 == 0) {
            moment_first(t, kind, q, as, os, blen, kb, p);
            continue;
        }
        struct mchains c = {zero, zero, zero, zero, zero, zero};
        /* Which prefix and suffix positions are active, if that is the same for the whole
         * block (all but the last blocks): then the loop needs no per-step tests. */
        v2i pre_on = {0, 0}, suf_on = {0, 0};
        int uniform = 1;
        for (int k = 0; k < 2; k++) {
            if (b0 + w <= q->len[k]) pre_on[k] = -1;
            else if (b0 < q->len[k]) uniform = 0;
            if (b0 > 0 && b0 <= q->len[k]) suf_on[k] = -1;
            else if (b0 > 0 && b0 - w < q->len[k]) uniform = 0;
        }
        for (int64_t j = 0; j < w; j++) {
            const int64_t i = b0 + j, u = b0 - 1 - j;
            if (uniform) {
                moment_step(t, shifted, q, as, i, u, pre_on, suf_on, ks, kb, j, &m, w, &c);
                continue;
            }
            const int on0 = i < q->len[0], on1 = i < q->len[1];
            const int son0 = u >= 0 && u < q->len[0], son1 = u >= 0 && u < q->len[1];
            moment_step(t, shifted, q, as, i, u, (v2i){on0 ? -1 : 0, on1 ? -1 : 0},
                        (v2i){son0 ? -1 : 0, son1 ? -1 : 0}, ks, kb, j, &m, w, &c);
        }
        if (direct) moment_outputs(t, kind, q, os, &m, b0, blen, zero, jfirst, p, 0);
        else moment_outputs(t, kind, q, os, &m, b0, blen, ks - kb, jfirst, p, 1);
    }
}

INLINE void moment_lane(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                        char *out, int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const int64_t w = ((const struct move_params *)ctx->params)->window;
    const struct seq2 q = split_lane(a, n, as, out, os, w);
    moment_seq2(t, kind, &q, as, os, ctx);
}

/* Neighbouring lanes along a slow axis, two at a time: each row read covers both. */
INLINE void moment_block(enum dt t, enum mkind kind, const char *a, int64_t n, int64_t as,
                         int64_t m, int64_t al, char *out, int64_t os, int64_t ol,
                         const struct mypkg_lane_ctx *ctx)
{
    for (int64_t j = 0; j < m; j += 2) {
        const int two = j + 1 < m;
        const struct seq2 q = {{a + j * al, a + (j + two) * al},
                               {out + j * ol, out + (j + two) * ol},
                               {n, two ? n : 0}, {0, 0}};
        moment_seq2(t, kind, &q, as, os, ctx);
    }
}

#define MOVE_BLOCK_moment(op, sfx, DT, KIND)                                                  \
    static int op##_block_##sfx(BLOCK_ARGS)                                                   \
    {                                                                                         \
        moment_block(DT, KIND, a, n, as, m, al, out, os, ol, ctx);                            \
        return MYPKG_OK;                                                                      \
    }
#define MOVE_BLOCK_FN_moment(name) name

#define DEFINE_MOMENTS(sfx, DT)                                                               \
    EXPORT_MOVE(move_sum, sfx, DT, moment, MSUM)                                              \
    EXPORT_MOVE(move_mean, sfx, DT, moment, MMEAN)                                            \
    EXPORT_MOVE_DDOF(move_var, sfx, DT, moment, MVAR)                                         \
    EXPORT_MOVE_DDOF(move_std, sfx, DT, moment, MSTD)
MOVE_FOR_DTYPES(DEFINE_MOMENTS)
