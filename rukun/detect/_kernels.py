"""Cylinder-scan kernels: Numba when available, a pure-NumPy fallback otherwise.

Every scan in :mod:`rukun.detect` reduces to the same computation. Each centre
has its neighbours sorted by distance (a CSR list: ``nb_ptr``, ``nb_idx``,
``nb_close``); a cylinder is a prefix of that list that ends where the distance
changes (``nb_close``) crossed with a time window of the last ``w + 1`` days.
Counts ``x[a, w]`` and expectations ``e[a, w]`` are already cumulative over the
window, so the count and expectation of a cylinder are cumulative sums along
the neighbour list. The log-likelihood ratio of a cylinder is

* ``model = 0`` (expectation-based Poisson, Neill et al. 2005):
  ``n log(n / mu) + mu - n``;
* ``model = 1`` (Poisson conditioned on the total ``C``, Kulldorff 1997, used
  by the space-time permutation scan, Kulldorff et al. 2005):
  ``n log(n / mu) + (C - n) log((C - n) / (C - mu))``,

for ``n > mu`` and ``n >= min_cases`` (high rates only), else 0.

Both backends compute the same numbers from the same random draws; the tests
run both. Choose with ``RUKUN_DETECT_BACKEND=numpy`` or the ``backend`` argument.
"""

from __future__ import annotations

import os

import numpy as np

try:  # Numba is a declared dependency; the fallback keeps the library usable without it.
    import numba

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover - exercised only where numba is missing
    numba = None  # type: ignore[assignment]
    HAVE_NUMBA = False

BACKENDS = ("numba", "numpy")
#: Replicated cases x neighbours per centre above which the replicates run on all threads.
PARALLEL_WORK = 2_000_000


def resolve_backend(backend: str | None = None) -> str:
    """Return the kernel backend to use: the argument, the environment, or the best available."""
    chosen = backend or os.environ.get("RUKUN_DETECT_BACKEND") or "numba"
    if chosen not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {chosen!r}")
    if chosen == "numba" and not HAVE_NUMBA:
        return "numpy"
    return chosen


# --------------------------------------------------------------------------- numpy


def _llr_numpy(n: np.ndarray, mu: np.ndarray, total: float, model: int) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        safe_n = np.where(n > 0, n, 1.0)
        llr = n * np.log(safe_n / mu)
        if model == 0:
            llr = llr + mu - n
        else:
            rest = total - n
            safe_rest = np.where(rest > 0, rest, 1.0)
            llr = llr + np.where(rest > 0, rest * np.log(safe_rest / (total - mu)), 0.0)
    return llr


def _prefix_sums(values: np.ndarray, nb_ptr: np.ndarray, nb_idx: np.ndarray) -> np.ndarray:
    """Cumulative sums of ``values[nb_idx]`` restarted at every centre's first neighbour."""
    cs = np.cumsum(values[nb_idx], axis=0)
    starts = nb_ptr[:-1]
    before = np.zeros((len(starts), *cs.shape[1:]))
    has_before = (starts > 0) & (starts < len(cs))
    before[has_before] = cs[starts[has_before] - 1]
    return cs - np.repeat(before, np.diff(nb_ptr), axis=0)


def best_per_centre_numpy(x, e, size, size_cap, nb_ptr, nb_idx, nb_close, total, model, min_cases):
    """Best cylinder per centre: arrays ``(llr, k, w, n, mu)`` of length ``n_centres``.

    ``k`` is the number of neighbours in the best cylinder (0 when none qualifies);
    ties go to the smallest cylinder, then the shortest window, as in the Numba kernel.
    """
    n_centres = len(nb_ptr) - 1
    out = [np.zeros(n_centres) for _ in range(5)]
    if len(nb_idx) == 0:
        return tuple(out)
    lengths = np.diff(nb_ptr)
    n_cum = _prefix_sums(x, nb_ptr, nb_idx)
    mu_cum = _prefix_sums(e, nb_ptr, nb_idx)
    size_cum = _prefix_sums(size[:, None], nb_ptr, nb_idx)[:, 0]
    position = np.arange(len(nb_idx)) - np.repeat(nb_ptr[:-1], lengths)
    allowed = nb_close & ((size_cum <= size_cap) | (position == 0))
    ok = allowed[:, None] & (n_cum >= min_cases) & (n_cum > mu_cum)
    llr = np.where(ok, _llr_numpy(n_cum, mu_cum, total, model), 0.0)
    w_best = llr.argmax(axis=1)
    row_best = llr[np.arange(len(llr)), w_best]
    centre_of_row = np.repeat(np.arange(n_centres), lengths)
    order = np.lexsort((np.arange(len(llr)), -row_best, centre_of_row))
    firsts = order[np.r_[0, np.flatnonzero(np.diff(centre_of_row[order])) + 1]]
    firsts = firsts[row_best[firsts] > 0]
    centres = centre_of_row[firsts]
    out[0][centres] = row_best[firsts]
    out[1][centres] = position[firsts] + 1
    out[2][centres] = w_best[firsts]
    out[3][centres] = n_cum[firsts, w_best[firsts]]
    out[4][centres] = mu_cum[firsts, w_best[firsts]]
    return tuple(out)


def replicate_maxima_numpy(
    rep_ptr, rep_area, rep_w, e, size, size_cap, nb_ptr, nb_idx, nb_close, total, model, min_cases
):
    """Maximum LLR of each replicate; replicate ``r`` holds cases ``rep_ptr[r]:rep_ptr[r+1]``
    at areas ``rep_area`` on day offsets ``rep_w`` (0 = the analysis day)."""
    n_areas, width = e.shape
    maxima = np.zeros(len(rep_ptr) - 1)
    for r in range(len(rep_ptr) - 1):
        sl = slice(rep_ptr[r], rep_ptr[r + 1])
        x = np.zeros((n_areas, width))
        np.add.at(x, (rep_area[sl], rep_w[sl]), 1.0)
        x = np.cumsum(x, axis=1)
        llr = best_per_centre_numpy(
            x, e, size, size_cap, nb_ptr, nb_idx, nb_close, total, model, min_cases
        )[0]
        maxima[r] = llr.max() if len(llr) else 0.0
    return maxima


# --------------------------------------------------------------------------- numba

if HAVE_NUMBA:

    @numba.njit(cache=True, inline="always")
    def _llr_scalar(n, mu, total, model):
        value = n * np.log(n / mu)
        if model == 0:
            return value + mu - n
        rest = total - n
        if rest > 0:
            value += rest * np.log(rest / (total - mu))
        return value

    @numba.njit(cache=True, inline="always")
    def _llr_bound(n, mu, total, model):
        # log(x) <= x - 1 applied to each log term: a cheap upper bound of the LLR
        if model == 0:
            return (n - mu) * (n - mu) / mu
        return (n - mu) * (n / mu - (total - n) / (total - mu))

    @numba.njit(cache=True)
    def _scan_centre(
        c,
        x,
        e,
        size,
        size_cap,
        nb_ptr,
        nb_idx,
        nb_close,
        total,
        model,
        min_cases,
        n_acc,
        mu_acc,
        floor,
    ):
        """Best cylinder of centre ``c``; cylinders that cannot beat ``floor`` are skipped
        (their bound is below it), which leaves the maximum unchanged."""
        width = x.shape[1]
        n_acc[:] = 0.0
        mu_acc[:] = 0.0
        s = 0.0
        best, best_k, best_w, best_n, best_mu = 0.0, 0, 0, 0.0, 0.0
        for j in range(nb_ptr[c], nb_ptr[c + 1]):
            a = nb_idx[j]
            s += size[a]
            if s > size_cap and j > nb_ptr[c]:
                break
            for w in range(width):
                n_acc[w] += x[a, w]
                mu_acc[w] += e[a, w]
            if not nb_close[j]:
                continue
            for w in range(width):
                n = n_acc[w]
                mu = mu_acc[w]
                if n >= min_cases and n > mu:
                    # LLR <= n (n - mu) / mu (log x <= x - 1): a division-free first filter
                    limit = max(best, floor)
                    if n * (n - mu) <= limit * mu or _llr_bound(n, mu, total, model) <= limit:
                        continue
                    value = _llr_scalar(n, mu, total, model)
                    if value > best:
                        best, best_k, best_w, best_n, best_mu = value, j - nb_ptr[c] + 1, w, n, mu
        return best, best_k, best_w, best_n, best_mu

    @numba.njit(cache=True)
    def best_per_centre_numba(
        x, e, size, size_cap, nb_ptr, nb_idx, nb_close, total, model, min_cases
    ):
        n_centres = len(nb_ptr) - 1
        out = np.zeros((5, n_centres))
        n_acc = np.zeros(x.shape[1])
        mu_acc = np.zeros(x.shape[1])
        for c in range(n_centres):
            res = _scan_centre(
                c,
                x,
                e,
                size,
                size_cap,
                nb_ptr,
                nb_idx,
                nb_close,
                total,
                model,
                min_cases,
                n_acc,
                mu_acc,
                0.0,
            )
            out[0, c], out[1, c], out[2, c], out[3, c], out[4, c] = res
        return out

    @numba.njit(cache=True)
    def _replicate_block(
        r0,
        r1,
        maxima,
        rep_ptr,
        rep_area,
        rep_w,
        e,
        size,
        size_cap,
        nb_ptr,
        nb_idx,
        nb_close,
        inv_ptr,
        inv_idx,
        total,
        model,
        min_cases,
    ):
        n_areas, width = e.shape
        n_centres = len(nb_ptr) - 1
        x = np.zeros((n_areas, width))
        stamp = np.zeros(n_centres, dtype=np.bool_)
        todo = np.empty(n_centres, dtype=np.int64)
        n_acc = np.zeros(width)
        mu_acc = np.zeros(width)
        for r in range(r0, r1):
            n_todo = 0
            for i in range(rep_ptr[r], rep_ptr[r + 1]):
                a = rep_area[i]
                for w in range(rep_w[i], width):
                    x[a, w] += 1.0
                for j in range(inv_ptr[a], inv_ptr[a + 1]):
                    c = inv_idx[j]
                    if not stamp[c]:
                        stamp[c] = True
                        todo[n_todo] = c
                        n_todo += 1
            best = 0.0
            for t in range(n_todo):
                res = _scan_centre(
                    todo[t],
                    x,
                    e,
                    size,
                    size_cap,
                    nb_ptr,
                    nb_idx,
                    nb_close,
                    total,
                    model,
                    min_cases,
                    n_acc,
                    mu_acc,
                    best,
                )
                if res[0] > best:
                    best = res[0]
                stamp[todo[t]] = False
            for i in range(rep_ptr[r], rep_ptr[r + 1]):  # clear only what was touched
                x[rep_area[i], :] = 0.0
            maxima[r] = best

    @numba.njit(cache=True)
    def replicate_maxima_serial(
        rep_ptr,
        rep_area,
        rep_w,
        e,
        size,
        size_cap,
        nb_ptr,
        nb_idx,
        nb_close,
        inv_ptr,
        inv_idx,
        total,
        model,
        min_cases,
    ):
        maxima = np.zeros(len(rep_ptr) - 1)
        _replicate_block(
            0,
            len(maxima),
            maxima,
            rep_ptr,
            rep_area,
            rep_w,
            e,
            size,
            size_cap,
            nb_ptr,
            nb_idx,
            nb_close,
            inv_ptr,
            inv_idx,
            total,
            model,
            min_cases,
        )
        return maxima

    @numba.njit(cache=True, parallel=True)
    def replicate_maxima_parallel(
        rep_ptr,
        rep_area,
        rep_w,
        e,
        size,
        size_cap,
        nb_ptr,
        nb_idx,
        nb_close,
        inv_ptr,
        inv_idx,
        total,
        model,
        min_cases,
        n_blocks,
    ):
        n_reps = len(rep_ptr) - 1
        maxima = np.zeros(n_reps)
        for b in numba.prange(n_blocks):
            r0 = b * n_reps // n_blocks
            r1 = (b + 1) * n_reps // n_blocks
            _replicate_block(
                r0,
                r1,
                maxima,
                rep_ptr,
                rep_area,
                rep_w,
                e,
                size,
                size_cap,
                nb_ptr,
                nb_idx,
                nb_close,
                inv_ptr,
                inv_idx,
                total,
                model,
                min_cases,
            )
        return maxima

    @numba.njit(cache=True)
    def permutation_draws_numba(case_area, uniforms, window_w):
        """Areas of the window cases in each replicate: a partial Fisher-Yates shuffle of
        ``case_area`` driven by ``uniforms`` (one row per replicate), undone afterwards."""
        n_reps, m = uniforms.shape
        c_total = len(case_area)
        out = np.empty((n_reps, m), dtype=np.int64)
        work = case_area.copy()
        swaps = np.empty(m, dtype=np.int64)
        for r in range(n_reps):
            for i in range(m):
                j = i + int(uniforms[r, i] * (c_total - i))
                if j >= c_total:
                    j = c_total - 1
                swaps[i] = j
                tmp = work[i]
                work[i] = work[j]
                work[j] = tmp
                out[r, i] = work[i]
            for i in range(m - 1, -1, -1):
                j = swaps[i]
                tmp = work[i]
                work[i] = work[j]
                work[j] = tmp
        return out


def permutation_draws_numpy(case_area: np.ndarray, uniforms: np.ndarray) -> np.ndarray:
    """NumPy twin of :func:`permutation_draws_numba` (same draws, same result)."""
    n_reps, m = uniforms.shape
    c_total = len(case_area)
    out = np.empty((n_reps, m), dtype=np.int64)
    steps = np.arange(m)
    for r in range(n_reps):
        j = np.minimum(steps + (uniforms[r] * (c_total - steps)).astype(np.int64), c_total - 1)
        work = case_area.copy()
        for i in range(m):  # sequential swaps: each depends on the previous ones
            work[i], work[j[i]] = work[j[i]], work[i]
        out[r] = work[:m]
    return out


def best_per_centre(backend: str, *args):
    if backend == "numba":
        return tuple(best_per_centre_numba(*args))
    return best_per_centre_numpy(*args)


def replicate_maxima(
    backend,
    rep_ptr,
    rep_area,
    rep_w,
    e,
    size,
    size_cap,
    nb_ptr,
    nb_idx,
    nb_close,
    inv_ptr,
    inv_idx,
    total,
    model,
    min_cases,
):
    if backend == "numba":
        # threads pay off only for large batches; on a busy machine they cost more than they save
        work = len(rep_area) * max(1, len(nb_idx) // max(1, len(nb_ptr) - 1))
        common = (rep_ptr, rep_area, rep_w, e, size, size_cap, nb_ptr, nb_idx, nb_close)
        common += (inv_ptr, inv_idx, float(total), model, float(min_cases))
        if work >= PARALLEL_WORK:
            n_blocks = min(numba.get_num_threads(), len(rep_ptr) - 1)
            return replicate_maxima_parallel(*common, n_blocks)
        return replicate_maxima_serial(*common)
    return replicate_maxima_numpy(
        rep_ptr,
        rep_area,
        rep_w,
        e,
        size,
        size_cap,
        nb_ptr,
        nb_idx,
        nb_close,
        total,
        model,
        min_cases,
    )


def permutation_draws(backend: str, case_area: np.ndarray, uniforms: np.ndarray) -> np.ndarray:
    if backend == "numba":
        return permutation_draws_numba(case_area.astype(np.int64), uniforms, 0)
    return permutation_draws_numpy(case_area.astype(np.int64), uniforms)
