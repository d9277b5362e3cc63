/* count.c: nancount, the number of non-NaN elements along an axis (an int64 per lane). */
#include "dtype.h"

INLINE int64_t count_lane(enum dt t, const char *a, int64_t n, int64_t as)
{
    int64_t c = 0;
    for (int64_t i = 0; i < n; i++) c += isnum_at(t, a + i * as);
    return c;
}

/* m neighbouring lanes walked row by row: one count per lane on the stack. */
INLINE void count_block(enum dt t, BLOCK_ARGS)
{
    (void)os;
    (void)ctx;
    int64_t c[MYPKG_BLOCK] = {0};
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < m; j++) c[j] += isnum_at(t, a + i * as + j * al);
    for (int64_t j = 0; j < m; j++) STORE(int64_t, out + j * ol, c[j]);
}

/* Glue: nancount_kernel_<sfx>, a reduction for reduce_entry (reduce.c) and the lane driver. */
#define COUNT_KERNEL(sfx, DT)                                                                 \
    static int nancount_lane_##sfx(LANE_ARGS)                                                 \
    {                                                                                         \
        (void)os;                                                                             \
        (void)ctx;                                                                            \
        STORE(int64_t, out, count_lane(DT, a, n, as));                                        \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    static int nancount_block_##sfx(BLOCK_ARGS)                                               \
    {                                                                                         \
        count_block(DT, a, n, as, m, al, out, os, ol, ctx);                                   \
        return MYPKG_OK;                                                                      \
    }                                                                                         \
    const struct mypkg_kernel nancount_kernel_##sfx = {nancount_lane_##sfx,                   \
                                                       nancount_block_##sfx, 1, 0, NULL};

COUNT_KERNEL(f64, F64)
COUNT_KERNEL(f32, F32)
COUNT_KERNEL(i64, I64)
COUNT_KERNEL(i32, I32)
COUNT_KERNEL(u64, U64)
