/* dtype.h: the element-type helpers every kernel family shares (internal). Kernels are written
 * once over a constant `enum dt` argument (kernels.h) and always_inline folds these switches
 * away, leaving one type's code per instantiation. */
#ifndef MYPKG_DTYPE_H
#define MYPKG_DTYPE_H

#include "kernels.h"

INLINE int64_t esize(enum dt t) { return t == F32 || t == I32 ? 4 : 8; }
INLINE int is_float(enum dt t) { return t == F64 || t == F32; }

/* An element as double (exact for float32; how float sums, moments and windows see integers). */
INLINE double ld(enum dt t, const char *p)
{
    switch (t) {
    case F64: return LOAD(double, p);
    case F32: return (double)LOAD(float, p);
    case I64: return (double)LOAD(int64_t, p);
    case I32: return (double)LOAD(int32_t, p);
    default: return (double)LOAD(uint64_t, p);
    }
}

/* A float result: float for float32 input, double otherwise. */
INLINE void st(enum dt t, char *p, double v)
{
    if (t == F32) STORE(float, p, (float)v);
    else STORE(double, p, v);
}

/* Whether x (loaded from type t) counts: NaN never does; integers always do. */
INLINE int isnum(enum dt t, double x) { return is_float(t) ? x == x : 1; }

/* Whether the element at p is a number. */
INLINE int isnum_at(enum dt t, const char *p) { return isnum(t, ld(t, p)); }

#endif /* MYPKG_DTYPE_H */
