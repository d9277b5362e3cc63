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

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ---------------------------------------------------------------------------------------
 * Chains. A chain is one lane's walk through one block: a suffix pass backward over the
 * previous block (stored in a table, one row per position), then a prefix pass forward over
 * the block that combines its running extreme with the table row after it and writes the
 * outputs. Chains are independent, so they run side by side, two per vector and G vectors at
 * a time; that hides the latency of each chain's compare-and-select and lets one row read
 * serve several lanes:
 *   - along a slow axis (block function), the chains are neighbouring lanes, at the same
 *     block; their elements are adjacent in memory when the lanes are;
 *   - along the fast axis (lane function), the chains are consecutive blocks of one lane.
 * Unused chains repeat the last real one (same inputs, same outputs written twice), so every
 * loop runs without per-chain tests.
 *
 * NaN never wins: compares with NaN are false, so `x < cur ? x : cur` keeps cur (that select
 * is what SSE2's minpd computes). Windows are NaN where their NaN count is above
 * window - min_count; the part of a window before the lane's start counts as NaN, so the
 * first block uses the same test with its own threshold.
 *
 * Arg kinds also carry a key per chain: the position of the extreme relative to the block's
 * start (suffix positions are negative), -inf for "no real value yet". The prefix pass walks
 * forward, so an equal value replaces the held one (ties go to the newest); the suffix pass
 * walks backward and keeps the held one, unless it holds none yet (then a real +inf must
 * still replace the initial +inf). The output is (position - key). */

enum ekind { EMIN, EMAX, EARGMIN, EARGMAX };

/* Vectors per chain group. Along a slow axis four (eight lanes: one 64-byte row segment of
 * float64, and measured faster than two even for the arg kinds, whose state then no longer
 * fits in registers); along the fast axis two were measured best. */
#define BLOCK_G 4
#define LANE_G 2

/* Where the chains read and write: row r of chain i is at src[i] + r * as, its output at
 * dst[i] + r * os. */
struct chains {
    const char *src[2 * BLOCK_G];
    char *dst[2 * BLOCK_G];
};

/* The suffix table: rows 0..w, each holding per vector the extreme value, the NaN count and
 * (arg kinds) the key of positions j..w-1 of the previous block. */
INLINE int table_row(enum ekind kind, int G)
{
    return (kind == EARGMIN || kind == EARGMAX ? 3 : 2) * G;
}

INLINE size_t table_bytes(enum ekind kind, int G, int64_t w)
{
    return mypkg_size_mul(mypkg_size_mul((size_t)w + 1, (size_t)table_row(kind, G)), sizeof(v2d));
}

/* Above this, a table of BLOCK_G vectors would neither stay in cache nor be small next to
 * the lane's own table: the block function then goes lane by lane. */
#define BLOCK_TABLE_CAP ((size_t)8 << 20)

INLINE int block_fits(enum ekind kind, int64_t w)
{
    return table_bytes(kind, BLOCK_G, w) <= BLOCK_TABLE_CAP;
}

/* The largest table any kind needs: arg kinds have the wider rows, but min/max keep their
 * block table up to longer windows. */
static size_t extreme_scratch(int64_t n, const void *params)
{
    (void)n;
    const int64_t w = ((const struct move_params *)params)->window;
    size_t bytes = table_bytes(EARGMIN, LANE_G, w);
    const enum ekind kinds[] = {EMIN, EARGMIN};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        const size_t block = table_bytes(kinds[i], BLOCK_G, w);
        if (block_fits(kinds[i], w) && block > bytes) bytes = block;
    }
    return bytes;
}

INLINE int64_t in_size(enum dt t) { return t == F32 || t == I32 ? 4 : 8; }
INLINE int64_t out_size(enum dt t) { return t == F32 ? 4 : 8; }

/* The better of x and the held y (y when x is NaN or equal). */
INLINE v2d vbest(int is_max, v2d x, v2d y)
{
#ifdef __SSE2__
    /* exactly what minpd/maxpd compute; GCC does not find them in the select */
    return is_max ? _mm_max_pd(x, y) : _mm_min_pd(x, y);
#else
    return vblend(is_max ? (v2i)(x > y) : (v2i)(x < y), x, y);
#endif
}

/* Elements at byte offset off of the chains of vector g; adj: the two chains are neighbouring
 * lanes one element apart (one wide load). */
INLINE v2d ld_pair(enum dt t, int adj, const struct chains *c, int g, int64_t off)
{
    const char *p = c->src[2 * g] + off;
    return (v2d){ld(t, p), ld(t, adj ? p + in_size(t) : c->src[2 * g + 1] + off)};
}

INLINE void st_pair(enum dt t, int adj, const struct chains *c, int g, int64_t off, v2d v)
{
    char *p = c->dst[2 * g] + off;
    st(t, p, v[0]);
    st(t, adj ? p + out_size(t) : c->dst[2 * g + 1] + off, v[1]);
}

/* Suffix pass over rows b0-w .. b0-1 of every chain into the table. */
INLINE void suffix_pass(enum dt t, enum ekind kind, int G, int adj, const struct chains *c,
                        int64_t b0, int64_t as, int64_t w, v2d *tab)
{
    const int R = table_row(kind, G);
    const int is_max = kind == EMAX || kind == EARGMAX;
    const int arg = kind == EARGMIN || kind == EARGMAX;
    const int fl = t == F64 || t == F32;
    const double worst = is_max ? -INFINITY : INFINITY;
    const v2d one = {1.0, 1.0};
    v2d cur[BLOCK_G], cnt[BLOCK_G], key[BLOCK_G];
    v2i fresh[BLOCK_G];
    for (int g = 0; g < G; g++) {
        cur[g] = (v2d){worst, worst};
        cnt[g] = (v2d){0.0, 0.0};
        key[g] = (v2d){-INFINITY, -INFINITY};
        fresh[g] = (v2i){-1, -1};
        tab[w * R + g] = cur[g];
        if (fl) tab[w * R + G + g] = cnt[g];
        if (arg) tab[w * R + 2 * G + g] = key[g];
    }
    v2d pos = {-1.0, -1.0}; /* j - w: the key of row j */
    for (int64_t j = w - 1; j >= 0; j--, pos -= one) {
        v2d *row = tab + j * R;
#pragma GCC unroll 8
        for (int g = 0; g < G; g++) {
            const v2d x = ld_pair(t, adj, c, g, (b0 - w + j) * as);
            const v2i nan = fl ? (v2i)(x != x) : (v2i){0, 0};
            if (fl) cnt[g] += vkeep(nan, one);
            if (arg) {
                const v2i eq = (v2i)(x == cur[g]) & fresh[g];
                const v2i take = (is_max ? (v2i)(x > cur[g]) : (v2i)(x < cur[g])) | eq;
                key[g] = vblend(take, pos, key[g]);
                fresh[g] &= nan;
                row[2 * G + g] = key[g];
            }
            cur[g] = vbest(is_max, x, cur[g]);
            row[g] = cur[g];
            if (fl) row[G + g] = cnt[g];
        }
    }
}

/* Prefix pass over rows b0 .. b0+len-1, writing their outputs. first: the block starts the
 * lane (no table; the missing part of each window counts as NaN). */
INLINE void prefix_pass(enum dt t, enum ekind kind, int G, int adj, int first,
                        const struct chains *c, int64_t b0, int64_t len, int64_t as, int64_t os,
                        int64_t w, int64_t min_count, const v2d *tab)
{
    const int R = table_row(kind, G);
    const int is_max = kind == EMAX || kind == EARGMAX;
    const int arg = kind == EARGMIN || kind == EARGMAX;
    const int fl = t == F64 || t == F32;
    const double worst = is_max ? -INFINITY : INFINITY;
    const v2d one = {1.0, 1.0}, nanv = {NAN, NAN};
    /* A window is NaN where its NaN count exceeds this; it grows by one per row in the
     * first block. */
    v2d limit = (v2d){1.0, 1.0} * (double)((first ? 1 : w) - min_count);
    v2d cur[BLOCK_G], cnt[BLOCK_G], key[BLOCK_G];
    for (int g = 0; g < G; g++) {
        cur[g] = (v2d){worst, worst};
        cnt[g] = (v2d){0.0, 0.0};
        key[g] = (v2d){-INFINITY, -INFINITY};
    }
    v2d pos = {0.0, 0.0};
    for (int64_t j = 0; j < len; j++, pos += one) {
        const v2d *row = tab + (j + 1) * R;
#pragma GCC unroll 8
        for (int g = 0; g < G; g++) {
            const v2d x = ld_pair(t, adj, c, g, (b0 + j) * as);
            if (fl) cnt[g] += vkeep((v2i)(x != x), one);
            if (arg) key[g] = vblend(is_max ? (v2i)(x >= cur[g]) : (v2i)(x <= cur[g]), pos,
                                     key[g]);
            cur[g] = vbest(is_max, x, cur[g]);
            v2d res, nans = cnt[g];
            if (first) {
                res = arg ? pos - key[g] : cur[g];
            } else if (arg) {
                const v2d sv = row[g], sk = row[2 * G + g];
                const v2i pre = (is_max ? (v2i)(cur[g] > sv) : (v2i)(cur[g] < sv)) |
                                ((v2i)(cur[g] == sv) & (v2i)(key[g] > sk));
                res = pos - vblend(pre, key[g], sk);
            } else {
                res = vbest(is_max, cur[g], row[g]);
            }
            if (fl && !first) nans += row[G + g];
            /* integers have no NaN: only the first block's short windows can lack values */
            if (fl) res = vblend((v2i)(nans <= limit), res, nanv);
            else if (first && j + 1 < min_count) res = nanv;
            st_pair(t, adj, c, g, (b0 + j) * os, res);
        }
        if (first) limit += one;
    }
}

/* One block of every chain: rows b0 .. b0+len-1 (first: the lane's first block). */
INLINE void chain_block(enum dt t, enum ekind kind, int G, int adj, int first,
                        const struct chains *c, int64_t b0, int64_t len, int64_t as, int64_t os,
                        int64_t w, int64_t min_count, v2d *tab)
{
    if (first) {
        prefix_pass(t, kind, G, adj, 1, c, 0, len, as, os, w, min_count, tab);
    } else {
        suffix_pass(t, kind, G, adj, c, b0, as, w, tab);
        prefix_pass(t, kind, G, adj, 0, c, b0, len, as, os, w, min_count, tab);
    }
}

/* Along the fast axis: groups of consecutive blocks of the lane as chains. The first block,
 * the short last one and a single leftover full block run alone, in one vector (their two
 * chains the same block). */
INLINE void extreme_lane(enum dt t, enum ekind kind, const char *a, int64_t n, int64_t as,
                         char *out, int64_t os, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    const int64_t w = p->window, full = n / w;
    const int chains = 2 * LANE_G;
    struct chains c;
    for (int64_t k = 0; k * w < n;) {
        const int64_t len = k < full ? w : n - k * w;
        /* the blocks that share len and first-ness, at most `chains` of them */
        int64_t nb = k == 0 || k == full ? 1 : full - k;
        if (nb > chains) nb = chains;
        for (int i = 0; i < chains; i++) {
            const int64_t b = (k + (i < nb ? i : nb - 1)) * w;
            c.src[i] = a + b * as;
            c.dst[i] = out + b * os;
        }
        if (nb == 1)
            chain_block(t, kind, 1, 0, k == 0, &c, 0, len, as, os, w, p->min_count,
                        (v2d *)ctx->scratch);
        else
            chain_block(t, kind, LANE_G, 0, 0, &c, 0, len, as, os, w, p->min_count,
                        (v2d *)ctx->scratch);
        k += nb;
    }
}

/* Block data of this many bytes (a tile of lanes times one block of rows) is read twice, by
 * a prefix pass and then by the next block's suffix pass; it should stay in L2 in between. */
#define TILE_BYTES (192 * 1024)

/* Along a slow axis: neighbouring lanes as chains. The lanes are cut into tiles whose block
 * data fits TILE_BYTES, and each tile is walked block by block, its chain groups one after
 * the other (whole rows of a tile are read together; with short windows, all m lanes).
 * lane: this kernel's lane function, for windows too long for the block table. */
INLINE void extreme_block(enum dt t, enum ekind kind, mypkg_lane_fn lane, const char *a,
                          int64_t n, int64_t as, int64_t m, int64_t al, char *out, int64_t os,
                          int64_t ol, const struct mypkg_lane_ctx *ctx)
{
    const struct move_params *p = (const struct move_params *)ctx->params;
    const int64_t w = p->window;
    if (!block_fits(kind, w)) {
        for (int64_t j = 0; j < m; j++) lane(a + j * al, n, as, out + j * ol, os, ctx);
        return;
    }
    const int chains = 2 * BLOCK_G;
    const int contiguous = al == in_size(t) && ol == out_size(t);
    int64_t tile = TILE_BYTES / (w * in_size(t)) / chains * chains;
    if (tile < chains) tile = chains;
    struct chains c;
    for (int64_t t0 = 0; t0 < m; t0 += tile) {
        const int64_t t1 = m - t0 < tile ? m : t0 + tile;
        for (int64_t b0 = 0; b0 < n; b0 += w) {
            const int64_t len = n - b0 < w ? n - b0 : w;
            for (int64_t j0 = t0; j0 < t1; j0 += chains) {
                for (int i = 0; i < chains; i++) {
                    const int64_t j = j0 + i < t1 ? j0 + i : t1 - 1;
                    c.src[i] = a + j * al;
                    c.dst[i] = out + j * ol;
                }
                if (contiguous && j0 + chains <= t1)
                    chain_block(t, kind, BLOCK_G, 1, b0 == 0, &c, b0, len, as, os, w,
                                p->min_count, (v2d *)ctx->scratch);
                else
                    chain_block(t, kind, BLOCK_G, 0, b0 == 0, &c, b0, len, as, os, w,
                                p->min_count, (v2d *)ctx->scratch);
            }
        }
    }
}

#define DEFINE_EXTREMES(sfx, DT)                                                              \
    MOVE_KERNEL(move_min, sfx, DT, extreme, EMIN)                                             \
    MOVE_KERNEL(move_max, sfx, DT, extreme, EMAX)                                             \
    MOVE_KERNEL(move_argmin, sfx, DT, extreme, EARGMIN)                                       \
    MOVE_KERNEL(move_argmax, sfx, DT, extreme, EARGMAX)
MOVE_FOR_DTYPES(DEFINE_EXTREMES)
