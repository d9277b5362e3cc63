"""Slow references for mypkg/move_exp.py, written as plain loops from the definitions: every
exponentially weighted statistic recomputes each position's weights from scratch (O(n^2) per
lane), every moving window is taken apart afresh, in float64 (long double where noted)."""

import math

import numpy as np


def result_dtype(*arrays):
    """float16/32 stay themselves, everything else is float64 (the common dtype of the inputs)."""
    dtype = np.result_type(*[np.asarray(x).dtype for x in arrays])
    return dtype.newbyteorder("=") if dtype.kind == "f" and dtype.itemsize <= 4 else \
        np.dtype(np.float64)


def _lanes(arrays, axis):
    """The inputs broadcast together, as float64 (lanes last), and the broadcast shape."""
    arrays = np.broadcast_arrays(*[np.asarray(x, dtype=np.float64) for x in arrays])
    return [np.moveaxis(x, axis, -1) for x in arrays], arrays[0].shape


def exp_weights(alpha, valid, i):
    """Weights of positions 0..i at step i (0 where not valid), and the decayed alpha weight."""
    w = np.zeros(i + 1)
    weight = 0.0
    for k in range(i + 1):
        decay = 1.0
        for m in range(k + 1, i + 1):
            decay *= 1.0 - alpha[m]
        if valid[k]:
            w[k] = decay
            weight += alpha[k] * decay
    return w, weight


def exp_stat(kind, x, y, alpha, i, min_weight):
    """The statistic `kind` at position i of one lane."""
    valid = ~np.isnan(x[:i + 1])
    if y is not None:
        valid &= ~np.isnan(y[:i + 1])
    w, weight = exp_weights(alpha, valid, i)
    if weight < min_weight:
        return math.nan
    sw = w.sum()
    if kind == "count":
        return sw
    xs = np.where(valid, x[:i + 1], 0.0)
    if kind == "sum":
        return (w * xs).sum() if valid.any() else math.nan
    if kind == "mean":
        return (w * xs).sum() / sw if sw > 0 else math.nan
    if (w > 0).sum() < 2:  # all the weight on one value: no spread
        return math.nan
    # sum(w) - sum(w^2) / sum(w) as the sum over pairs i != j of w_i w_j, over sum(w): no
    # cancellation when one weight dominates
    denom = 2 * (w[1:] * np.cumsum(w)[:-1]).sum() / sw
    mx = (w * xs).sum() / sw
    dx = np.where(valid, xs - mx, 0.0)
    if kind in ("var", "std"):
        if not denom > 0:
            return math.nan
        var = (w * dx * dx).sum() / denom
        return math.sqrt(var) if kind == "std" else var
    ys = np.where(valid, y[:i + 1], 0.0)
    dy = np.where(valid, ys - (w * ys).sum() / sw, 0.0)
    if kind == "cov":
        return (w * dx * dy).sum() / denom if denom > 0 else math.nan
    vv = (w * dx * dx).sum() * (w * dy * dy).sum()
    if not (denom > 0 and vv > 0):
        return math.nan
    return min(1.0, max(-1.0, (w * dx * dy).sum() / math.sqrt(vv)))


def slow_move_exp(kind, arrays, alpha, min_weight=0.0, axis=-1):
    """move_exp_nan<kind> of one array (or of two for cov and corr) by the definition."""
    lanes, shape = _lanes(arrays, axis)
    n = shape[axis]
    alpha = np.asarray(alpha, dtype=np.float64)
    if alpha.ndim == 1 and len(shape) > 1:
        alpha = alpha.reshape([n if d == axis % len(shape) else 1 for d in range(len(shape))])
    alphas = np.moveaxis(np.broadcast_to(alpha, shape), axis, -1)
    out = np.empty(lanes[0].shape)
    for idx in np.ndindex(out.shape[:-1]):
        x = lanes[0][idx]
        y = lanes[1][idx] if len(lanes) > 1 else None
        for i in range(n):
            out[idx + (i,)] = exp_stat(kind, x, y, alphas[idx], i, min_weight)
    return np.moveaxis(out, -1, axis).astype(result_dtype(*arrays))


def slow_move_pair(kind, a, b, window, min_count=None, axis=-1, ddof=1):
    """move_cov or move_corr: each window taken apart afresh (two-pass moments)."""
    (x, y), shape = _lanes((a, b), axis)
    min_count = window if min_count is None else min_count
    out = np.empty(x.shape)
    for idx in np.ndindex(out.shape[:-1]):
        for i in range(shape[axis]):
            wx = x[idx][max(0, i - window + 1):i + 1]
            wy = y[idx][max(0, i - window + 1):i + 1]
            keep = ~(np.isnan(wx) | np.isnan(wy))
            wx, wy = wx[keep], wy[keep]
            count = len(wx)
            value = math.nan
            if count >= min_count:
                dx, dy = wx - wx.mean(), wy - wy.mean()
                if kind == "cov" and count > ddof:
                    value = (dx * dy).sum() / (count - ddof)
                elif kind == "corr" and np.ptp(wx) > 0 and np.ptp(wy) > 0:
                    vv = (dx * dx).sum() * (dy * dy).sum()
                    if vv > 0:
                        value = min(1.0, max(-1.0, (dx * dy).sum() / math.sqrt(vv)))
            out[idx + (i,)] = value
    return np.moveaxis(out, -1, axis).astype(result_dtype(a, b))


def slow_nancount(a, axis=None, keepdims=False):
    a = np.asarray(a)
    valid = ~np.isnan(a) if a.dtype.kind == "f" else np.ones(a.shape, bool)
    return np.sum(valid, axis=axis, keepdims=keepdims, dtype=np.int64)


def slow_ffill(a, limit=None, axis=-1):
    a = np.asarray(a)
    out = np.moveaxis(a.astype(a.dtype.newbyteorder("=")), axis, -1).copy()
    if a.dtype.kind != "f":
        return np.moveaxis(out, -1, axis)
    for idx in np.ndindex(out.shape[:-1]):
        lane = out[idx]
        last, run = math.nan, 0
        for i in range(len(lane)):
            if math.isnan(lane[i]):
                run += 1
                if limit is None or run <= limit:
                    lane[i] = last
            else:
                last, run = lane[i], 0
    return np.moveaxis(out, -1, axis)


def long_double_exp_var(x, alpha, i):
    """The unbiased exponentially weighted variance at position i of a NaN-free lane, in long
    double and two passes, over the values whose weight (1 - alpha)**k exceeds 1e-22 (the rest
    change no digit of a double)."""
    ld = np.longdouble
    d = ld(1) - ld(alpha)
    k = min(i + 1, int(math.ceil(-22 * math.log(10) / math.log1p(-alpha))))
    w = d ** np.arange(k - 1, -1, -1, dtype=ld)
    xs = np.asarray(x[i + 1 - k:i + 1], dtype=ld)
    sw = w.sum()
    mean = (w * xs).sum() / sw
    return float((w * (xs - mean) ** 2).sum() / (sw - (w * w).sum() / sw))


def long_double_move_cov(x, y, window, i):
    """The covariance (ddof 1) of the NaN-free window ending at i, in long double, two passes."""
    wx = np.asarray(x[i + 1 - window:i + 1], dtype=np.longdouble)
    wy = np.asarray(y[i + 1 - window:i + 1], dtype=np.longdouble)
    return float(((wx - wx.mean()) * (wy - wy.mean())).sum() / (window - 1))
