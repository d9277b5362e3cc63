/* move.c: the entry points of the moving-window families (move_*.c hold the kernels): check
 * the window parameters, then hand the kernel to the lane driver. */
#include "move.h"

static int run_move(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                    const int64_t *shape, const int64_t *astrides, void *out,
                    const int64_t *ostrides, int64_t axis, const struct move_params *p,
                    int64_t nthreads)
{
    const int64_t n = mypkg_axis_length(ndim, shape, axis);
    if (n < 0 || p->window < 1 || p->window > n || (p->window > MOVE_MAX_WINDOW && k->scratch_bytes != move_moment_scratch) ||
        p->min_count < 1 || p->min_count > p->window || p->ddof < 0 ||
        !(p->q >= 0.0 && p->q <= 1.0))
        return MYPKG_EINVAL;
    return mypkg_run_lanes(k, a, ndim, shape, astrides, out, ostrides, axis, p, nthreads);
}

int move_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
               const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
               int64_t window, int64_t min_count, int64_t nthreads)
{
    const struct move_params p = {window, min_count, 0, 0.5};
    return run_move(k, a, ndim, shape, astrides, out, ostrides, axis, &p, nthreads);
}

int move_ddof_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim,
                    const int64_t *shape, const int64_t *astrides, void *out,
                    const int64_t *ostrides, int64_t axis, int64_t window, int64_t min_count,
                    int64_t ddof, int64_t nthreads)
{
    const struct move_params p = {window, min_count, ddof, 0.5};
    return run_move(k, a, ndim, shape, astrides, out, ostrides, axis, &p, nthreads);
}

int move_q_entry(const struct mypkg_kernel *k, const void *a, int64_t ndim, const int64_t *shape,
                 const int64_t *astrides, void *out, const int64_t *ostrides, int64_t axis,
                 int64_t window, int64_t min_count, double q, int64_t nthreads)
{
    const struct move_params p = {window, min_count, 0, q};
    return run_move(k, a, ndim, shape, astrides, out, ostrides, axis, &p, nthreads);
}
