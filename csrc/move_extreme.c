/* move_extreme.c: move_min, move_max, move_argmin, move_argmax.
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
 * min, max, argmin, argmax: the same blocks over (value, key) pairs. NaN becomes the worst
 * value (+inf for min) and loses ties to real values; among equal values the newest wins.
 * key = position + REALKEY for a non-NaN value, so "real first, then newest" is one compare
 * (exact in a double for positions below 2^52). */

enum ekind { EMIN, EMAX, EARGMIN, EARGMAX };
#define REALKEY 4503599627370496.0 /* 2^52 */

struct extreme_bufs { double *pv, *sv, *pn, *sn, *pk, *sk; };

static size_t extreme_layout(int64_t w, char *base, struct extreme_bufs *b)
{
    size_t off = 0;
    const size_t bytes = (size_t)(w + 1) * sizeof(double);
    double **arrays[] = {&b->pv, &b->sv, &b->pn, &b->sn, &b->pk, &b->sk};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        *arrays[i] = (double *)take(base, &off, bytes);
    return off;
}

DEFINE_SCRATCH(extreme)

INLINE void extreme_lane(enum dt t, enum ekind kind, const char *a, int64_t n, int64_t as,
                         char *out, int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    const int64_t w = p->window;
    const int is_max = kind == EMAX || kind == EARGMAX;
    const int arg = kind == EARGMIN || kind == EARGMAX;
    const double worst = is_max ? -INFINITY : INFINITY, minc = (double)p->min_count;
    struct extreme_bufs m;
    extreme_layout(w, (char *)ctx->scratch, &m);
    m.sv[w] = worst;
    m.sn[w] = 0.0;
    m.sk[w] = -1.0;

    for (int64_t b0 = 0; b0 < n; b0 += w) {
        const int64_t len = n - b0 < w ? n - b0 : w;
        /* lane 0 of each vector: prefix of block b; lane 1: suffix of block b-1 (walking
         * back, so a tie with an older value keeps the newer one). A lane with nothing to do
         * (no block b-1; past the end of a short last block) reads the other lane's element
         * and masks it out. */
        const v2d one = {1.0, 1.0}, real = {REALKEY, REALKEY}, worstv = {worst, worst};
        v2d cur = worstv, curk = {-1.0, -1.0}, cnt = {0.0, 0.0};
        const int uniform = len == w && b0 > 0; /* every prefix and suffix step active */
        for (int64_t j = 0; j < w; j++) {
            const int pre_on = uniform || j < len, suf_on = uniform || b0 > 0;
            const int64_t ip = pre_on ? b0 + j : b0 - 1 - j;
            const int64_t is = suf_on ? b0 - 1 - j : ip;
            const v2d x = {ld(t, a + ip * as), ld(t, a + is * as)};
            v2i ok = {pre_on ? -1 : 0, suf_on ? -1 : 0};
            if (t == F64 || t == F32) ok &= (v2i)(x == x);
            const v2d v = vblend(ok, x, worstv);
            cnt += vkeep(ok, one);
            v2i take = is_max ? (v2i)(v > cur) : (v2i)(v < cur);
            if (arg) {
                const v2d key = (v2d){(double)ip, (double)is} + vkeep(ok, real);
                take |= (v2i)(v == cur) & (v2i)(key > curk);
                curk = vblend(take, key, curk);
                m.pk[j] = curk[0];
                m.sk[w - 1 - j] = curk[1];
            }
            cur = vblend(take, v, cur);
            m.pv[j] = cur[0];
            m.pn[j] = cnt[0];
            m.sv[w - 1 - j] = cur[1];
            m.sn[w - 1 - j] = cnt[1];
        }
        for (int64_t r = 0; r < len; r++) {
            const double count = m.sn[r + 1] + m.pn[r];
            const double pv = m.pv[r], sv = m.sv[r + 1];
            double v;
            if (arg) {
                const double pk = m.pk[r], sk = m.sk[r + 1];
                const int pre = (is_max ? pv > sv : pv < sv) || (pv == sv && pk > sk);
                const double key = pre ? pk : sk;
                v = (double)(b0 + r) - (key >= REALKEY ? key - REALKEY : key);
            } else {
                v = is_max ? (pv > sv ? pv : sv) : (pv < sv ? pv : sv);
            }
            st(t, out + (b0 + r) * os, count >= minc ? v : NAN);
        }
    }
}

#define MOVE_BLOCK_extreme(op, sfx, DT, KIND)
#define MOVE_BLOCK_FN_extreme(name) NULL

#define DEFINE_EXTREMES(sfx, DT)                                                              \
    EXPORT_MOVE(move_min, sfx, DT, extreme, EMIN)                                             \
    EXPORT_MOVE(move_max, sfx, DT, extreme, EMAX)                                             \
    EXPORT_MOVE(move_argmin, sfx, DT, extreme, EARGMIN)                                       \
    EXPORT_MOVE(move_argmax, sfx, DT, extreme, EARGMAX)
MOVE_FOR_DTYPES(DEFINE_EXTREMES)
