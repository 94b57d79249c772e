"""Analytical line-source solutions used as references for the 3D borehole-field model.

Pure numpy/scipy, importable from tests (``sys.path.insert(0, <tests/validation>)``).
All quantities are SI: time t [s], thermal diffusivity alpha [m^2/s], conductivity
k [W/(m K)], lengths [m], line heat rate q' [W/m].

Sign convention (shared/validation/README.md, pygfunction): a g-function / response
factor is g = 2 pi k (T_g - T_b) / q' with q' the heat *extraction* rate, which is the
same number as 2 pi k (T_b - T_g) / q' with q' the heat *injection* rate.  Functions
returning a temperature *change* return q'/(2 pi k) * g, i.e. a positive number for a
positive q'; read it as a drop for extraction, a rise for injection.

Contents
--------
finite_line_source(t, alpha, r, H1, D1, H2, D2, reaSource=True, imgSource=True)
    Segment-to-segment finite line source response factor h_{1->2} (Claesson & Javed
    2011 single-integral form, with the buried-depth generalisation of Cimmino &
    Bernier 2014; same definition as pygfunction.heat_transfer.finite_line_source for
    vertical lines).  t may be np.inf (closed-form steady state).
uniform_heat_rate_gfunction(t, alpha, x, y, H, D, r_b)
    g-function of a field of vertical boreholes with the same uniform q' on every
    borehole (pygfunction boundary condition 'UHTR').
mean_wall_temperature_rise(t, q_per_m, k, alpha, x, y, H, D, r_b)
    q'/(2 pi k) * g(t) for the UHTR field.
single_borehole_wall_temperature(t, q_per_m, k, alpha, H, D, r_b, T_g=0.0)
    T_g - q'/(2 pi k) * g(t) for one borehole at the origin (q' = extraction > 0).
infinite_line_source(t, r, alpha)
    E1(r^2 / (4 alpha t)); Delta T = q'/(4 pi k) * E1.
moving_infinite_line_source(t, x, y, alpha, k, u_eff, q_per_m=1.0)
    Line source with groundwater advection along +x (Diao et al. 2004,
    Molina-Giraldo et al. 2011); returns Delta T [K] for q' (default: per W/m).
cylinder_source_G(Fo_points, cells_per_rb=40)   (Fo_points ascending)
    Infinite cylinder source G(Fo) at the wall (Carslaw & Jaeger 1959, 13.7) by a
    fine radial finite-volume solve; wall Delta T = q'/k * G(alpha t / r_b^2).
"""

import numpy as np
from scipy import integrate, special

__all__ = [
    "finite_line_source",
    "uniform_heat_rate_gfunction",
    "mean_wall_temperature_rise",
    "single_borehole_wall_temperature",
    "infinite_line_source",
    "moving_infinite_line_source",
    "cylinder_source_G",
]

_SQRT_PI = np.sqrt(np.pi)

# quad_vec tolerances for the FLS integral: the references are pygfunction values
# printed to 8-9 significant digits, so 1e-11 relative leaves ample margin.
_FLS_EPSREL = 1e-11


def _erfint(x):
    """int_0^x erf(u) du = x erf(x) - (1 - exp(-x^2))/sqrt(pi) (even in x)."""
    return x * special.erf(x) + np.expm1(-x * x) / _SQRT_PI


def _fls_terms(H1, D1, H2, D2, reaSource, imgSource):
    """Signs p and vertical offsets q (last axis) of the FLS erfint combination.

    Real source (line 1 on [D1, D1+H1], receiver 2 on [D2, D2+H2]):
        + (D2-D1+H2) - (D2-D1) + (D2-D1-H1) - (D2-D1+H2-H1)
    Image source (mirror of line 1 about the surface z = 0, opposite sign):
        + (D2+D1+H2) - (D2+D1) + (D2+D1+H1) - (D2+D1+H2+H1)
    """
    qs, ps = [], []
    if reaSource:
        dD = D2 - D1
        qs += [dD + H2, dD, dD - H1, dD + H2 - H1]
        ps += [1.0, -1.0, 1.0, -1.0]
    if imgSource:
        sD = D2 + D1
        qs += [sD + H2, sD, sD + H1, sD + H2 + H1]
        ps += [1.0, -1.0, 1.0, -1.0]
    if not qs:
        return None, None
    q = np.stack(np.broadcast_arrays(*qs), axis=-1)
    return np.array(ps), q


def _fls_steady(r, H1, D1, H2, D2, p, q):
    """Closed-form t -> inf limit: 1/(2 H2) sum p [q asinh(q/r) - sqrt(q^2 + r^2)].

    (Equivalent to pygfunction's q ln(q + sqrt(q^2+r^2)) - sqrt(q^2+r^2) because
    sum(p q) = 0, but without the cancellation in the logarithm for q < 0.)
    """
    r = r[..., None]
    F = q * np.arcsinh(q / r) - np.sqrt(q * q + r * r)
    return 0.5 / H2 * (F @ p)


def finite_line_source(t, alpha, r, H1, D1, H2, D2, reaSource=True, imgSource=True):
    """Finite line source response factor h_{1->2}(t) between two vertical lines.

    Line 1 (emitting, uniform q'_1 per metre) spans depths [D1, D1+H1]; line 2
    (receiving) spans [D2, D2+H2], at horizontal distance r from line 1.  The ground
    surface z = 0 is held at the undisturbed temperature (image source).

        h_{1->2}(t) = 2 pi k * (length-averaged Delta T on line 2) / q'_1
                    = 1/(2 H2) int_{1/sqrt(4 alpha t)}^inf  exp(-r^2 s^2) / s^2
                          * sum_m p_m erfint(q_m s) ds

    (Claesson & Javed 2011; Cimmino & Bernier 2014; pygfunction's
    heat_transfer.finite_line_source for vertical boreholes, same value.)
    Reciprocity: h_{2->1} = (H2/H1) h_{1->2}.  For the self response of a borehole
    use r = r_b (the integral diverges for r = 0 with overlapping lines).

    Parameters
    ----------
    t : float or array, shape T
        Times [s].  t = np.inf gives the steady state, t <= 0 gives 0.
    alpha : float
        Ground thermal diffusivity [m^2/s].
    r, H1, D1, H2, D2 : float or arrays (broadcast together, shape G)
        Horizontal distance, lengths and buried depths [m].
    reaSource, imgSource : bool
        Include the real source / the mirror (image) source.

    Returns
    -------
    h : float if t and all geometry are scalars, else array of shape G + T.
    """
    t_arr = np.asarray(t, dtype=float)
    r, H1, D1, H2, D2 = np.broadcast_arrays(*(np.asarray(v, dtype=float)
                                              for v in (r, H1, D1, H2, D2)))
    G = r.shape
    scalar = t_arr.ndim == 0 and len(G) == 0
    r, H1, D1, H2, D2 = (v.reshape(-1) for v in (r, H1, D1, H2, D2))
    tf = t_arr.reshape(-1)
    out = np.zeros((r.size, tf.size))

    p, q = _fls_terms(H1, D1, H2, D2, reaSource, imgSource)
    if p is not None and r.size:
        if np.any(r <= 0.0):
            raise ValueError("finite_line_source: r must be > 0 (use r_b for the self response)")
        if np.any(np.isinf(tf)):
            out[:, np.isinf(tf) & (tf > 0)] = _fls_steady(r, H1, D1, H2, D2, p, q)[:, None]
        finite = np.isfinite(tf) & (tf > 0)
        if np.any(finite):
            # Integrate over s from a(t) = 1/sqrt(4 alpha t) to infinity, split at the
            # sorted lower bounds and accumulated (earliest time = largest a first).
            a = 1.0 / np.sqrt(4.0 * alpha * tf[finite])
            a_u, inverse = np.unique(a, return_inverse=True)
            a_u = a_u[::-1]                       # descending: early times first
            r2 = r * r

            def f(s):
                e = _erfint(q * s) @ p
                return np.exp(-r2 * s * s) * e / (s * s)

            acc = np.zeros(r.size)
            h_u = np.empty((r.size, a_u.size))
            upper = np.inf
            for m, lo in enumerate(a_u):
                val, _ = integrate.quad_vec(f, lo, upper, epsabs=1e-300,
                                            epsrel=_FLS_EPSREL, limit=20000)
                acc = acc + val
                h_u[:, m] = acc
                upper = lo
            h_u = 0.5 / H2[:, None] * h_u
            out[:, finite] = h_u[:, ::-1][:, inverse]

    out = out.reshape(G + t_arr.shape)
    return float(out) if scalar else out


def _field_arrays(x, y, H, D, r_b):
    x = np.atleast_1d(np.asarray(x, dtype=float))
    y = np.atleast_1d(np.asarray(y, dtype=float))
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError("x and y must be 1-D arrays of the same length")
    n = x.size
    H, D, r_b = (np.broadcast_to(np.asarray(v, dtype=float), (n,)) for v in (H, D, r_b))
    return x, y, H, D, r_b


def uniform_heat_rate_gfunction(t, alpha, x, y, H, D, r_b):
    """g-function of a field of vertical boreholes with uniform heat rate (UHTR).

    Every borehole carries the same uniform q' along its length.  The mean wall
    temperature of borehole i is q'/(2 pi k) * sum_j h_{j->i}(t), with
    h_{j->i} = finite_line_source(t, alpha, d_ij, H_j, D_j, H_i, D_i) and
    d_ij = max(|x_i - x_j|, r_b_j) (so d_ii = r_b).  The field g-function is the
    length-weighted mean  g = sum_i H_i sum_j h_{j->i} / sum_i H_i  (pygfunction's
    definition; identical to the plain mean over boreholes when all H are equal).

    Parameters
    ----------
    t : float or array   times [s] (np.inf allowed: steady state)
    alpha : float        ground thermal diffusivity [m^2/s]
    x, y : 1-D arrays    borehole positions [m]
    H, D, r_b : float or 1-D arrays   lengths, buried depths, radii [m]

    Returns
    -------
    g : float or array of shape t.shape
    """
    x, y, H, D, r_b = _field_arrays(x, y, H, D, r_b)
    # receiver i along axis 0, emitter j along axis 1
    d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    d = np.maximum(d, r_b[None, :])
    Hj, Dj = np.broadcast_to(H[None, :], d.shape), np.broadcast_to(D[None, :], d.shape)
    Hi, Di = np.broadcast_to(H[:, None], d.shape), np.broadcast_to(D[:, None], d.shape)
    # Evaluate each distinct (d, H1, D1, H2, D2) combination once.
    keys = np.stack([d.ravel(), Hj.ravel(), Dj.ravel(), Hi.ravel(), Di.ravel()], axis=1)
    uniq, inv = np.unique(keys, axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    h_u = finite_line_source(np.asarray(t, dtype=float).reshape(-1), alpha, *uniq.T)
    h = h_u[inv].reshape(d.shape + (-1,))          # (i, j, T)
    T_i = h.sum(axis=1)                            # (i, T)
    g = (H[:, None] * T_i).sum(axis=0) / H.sum()
    t_shape = np.shape(t)
    return float(g[0]) if t_shape == () else g.reshape(t_shape)


def mean_wall_temperature_rise(t, q_per_m, k, alpha, x, y, H, D, r_b):
    """Field-mean borehole wall temperature change q'/(2 pi k) * g_UHTR(t) [K].

    q_per_m is the (uniform, equal) heat rate per metre of every borehole; positive
    result = rise for injection, drop (T_g - T_b) for extraction.
    """
    return q_per_m / (2.0 * np.pi * k) * uniform_heat_rate_gfunction(t, alpha, x, y, H, D, r_b)


def single_borehole_wall_temperature(t, q_per_m, k, alpha, H, D, r_b, T_g=0.0):
    """Mean wall temperature of one borehole at the origin under constant q' [degC or K].

    T_b(t) = T_g - q'/(2 pi k) * h_self(t), with q' the heat *extraction* rate per
    metre (README convention; pass q' < 0 for injection) and h_self the FLS
    response at r = r_b including the image source.  With T_g = 0 the result is
    the (signed) change of the wall temperature.
    """
    g = uniform_heat_rate_gfunction(t, alpha, [0.0], [0.0], H, D, r_b)
    return T_g - q_per_m / (2.0 * np.pi * k) * g


def infinite_line_source(t, r, alpha):
    """Infinite line source kernel E1(r^2 / (4 alpha t)) (0 for t <= 0).

    Temperature change for a constant line load q': Delta T = q'/(4 pi k) * E1.
    t and r broadcast; returns float for scalar input.
    """
    t, r = np.broadcast_arrays(np.asarray(t, dtype=float), np.asarray(r, dtype=float))
    out = np.zeros(t.shape)
    pos = t > 0
    with np.errstate(divide="ignore", over="ignore"):
        out[pos] = special.exp1(r[pos] ** 2 / (4.0 * alpha * t[pos]))
    return float(out) if out.ndim == 0 else out


def _mils_integral(x0, b, c):
    """exp(c) * int_{x0}^inf exp(-psi - b/psi) / psi dpsi  (x0 >= 0, b >= 0).

    With psi = x0 e^v the integrand exp(c - x0 e^v - (b/x0) e^-v) is smooth and
    decays super-exponentially; the factor exp(c) is folded in to avoid
    overflow/underflow.
    """
    if b == 0.0:                                   # no advection (then c = 0 too)
        return np.inf if x0 == 0.0 else np.exp(c) * special.exp1(x0)
    beta = 2.0 * np.sqrt(b)
    if x0 == 0.0:
        # steady state: 2 K0(beta), scaled form for large beta
        return 2.0 * np.exp(c - beta) * special.k0e(beta)
    # psi = x0 e^v, v in [0, inf): exponent -A e^v - B e^-v (A = x0, B = b/x0), written
    # relative to v_ref = max(0, peak) with expm1 so that huge A, B do not cancel.
    A, B = x0, b / x0
    v_ref = max(0.0, 0.5 * np.log(B / A))
    Ar, Br = A * np.exp(v_ref), B * np.exp(-v_ref)
    e_ref = c - Ar - Br                            # log of the integrand maximum
    f = lambda v: np.exp(-Ar * np.expm1(v - v_ref) - Br * np.expm1(v_ref - v))
    # beyond psi = psi_ref + 800 the integrand is < e^-800 of its maximum
    v_hi = v_ref + np.log1p(800.0 / Ar)
    pts = [v_ref] if v_ref > 0.0 else None
    val, _ = integrate.quad(f, 0.0, v_hi, points=pts, epsabs=1e-300, epsrel=1e-12, limit=500)
    return val * np.exp(e_ref)


def moving_infinite_line_source(t, x, y, alpha, k, u_eff, q_per_m=1.0):
    """Moving infinite line source (groundwater advection along +x) [K].

    Delta T(x, y, t) = q'/(4 pi k) exp(u x / (2 alpha))
                       * int_{r^2/(4 alpha t)}^inf  1/psi exp(-psi - u^2 r^2 / (16 alpha^2 psi)) dpsi
    (Diao, Li & Fang 2004; Molina-Giraldo et al. 2011), r^2 = x^2 + y^2, with the
    effective heat transport velocity u = u_eff = (rho c)_w * q_Darcy / (rho c)_ground,
    alpha and k of the (saturated) ground.  Equivalent time-domain form:
    q'/(4 pi k) int_0^t exp(-((x - u tau)^2 + y^2) / (4 alpha tau)) / tau dtau.
    t = np.inf gives the steady state q'/(2 pi k) exp(u x/(2 alpha)) K0(u r/(2 alpha)).
    u_eff = 0 reduces to q'/(4 pi k) E1(r^2/(4 alpha t)).

    Parameters: t [s], x, y [m] (line at the origin, flow toward +x), alpha [m^2/s],
    k [W/(m K)], u_eff [m/s], q_per_m [W/m] (default 1: response per W/m).
    Returns a float for scalar input, else an array of the broadcast shape.
    """
    t, x, y = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (t, x, y)))
    out = np.zeros(t.shape)
    for idx in np.ndindex(t.shape):
        ti, xi, yi = t[idx], x[idx], y[idx]
        if not ti > 0.0:
            continue
        r2 = xi * xi + yi * yi
        if r2 == 0.0:
            out[idx] = np.inf
            continue
        x0 = 0.0 if np.isinf(ti) else r2 / (4.0 * alpha * ti)
        b = (u_eff * u_eff) * r2 / (16.0 * alpha * alpha)
        c = u_eff * xi / (2.0 * alpha)
        out[idx] = _mils_integral(x0, b, c)
    out *= q_per_m / (4.0 * np.pi * k)
    return float(out) if out.ndim == 0 else out


def cylinder_source_G(Fo_points, cells_per_rb=40):
    """G(Fo) at the wall by a radial FV solve (r_b = 1, lambda = alpha = 1,
    q' = 1 W/m): cells from the wall growing by 3 % (at most 2 r_b), outer
    radius 400 r_b, SDIRK2 with sub-steps restarting at each output time."""
    faces = [1.0]
    w = 1.0 / cells_per_rb
    while faces[-1] < 400:
        faces.append(faces[-1] + w)
        w = min(w * 1.03, 2.0)
    f = np.array(faces)
    rc = 0.5 * (f[1:] + f[:-1])
    vol = 0.5 * (f[1:] ** 2 - f[:-1] ** 2)
    c = f[1:-1] / (rc[1:] - rc[:-1])  # face conductances (per radian)
    n = len(rc)
    diag_K = np.zeros(n)
    diag_K[:-1] += c
    diag_K[1:] += c
    src = np.zeros(n)
    src[0] = 1.0 / (2 * np.pi)

    def K_mul(u):
        out = diag_K * u
        out[:-1] -= c * u[1:]
        out[1:] -= c * u[:-1]
        return out

    def solve(a, rhs):  # (M + a K) x = rhs, tridiagonal (Thomas)
        d = vol + a * diag_K
        e = -a * c
        cp, dp = np.zeros(n - 1), np.zeros(n)
        cp[0], dp[0] = e[0] / d[0], rhs[0] / d[0]
        for i in range(1, n):
            m = d[i] - (e[i - 1] * cp[i - 1])
            if i < n - 1:
                cp[i] = e[i] / m
            dp[i] = (rhs[i] - e[i - 1] * dp[i - 1]) / m
        x = np.zeros(n)
        x[-1] = dp[-1]
        for i in range(n - 2, -1, -1):
            x[i] = dp[i] - cp[i] * x[i + 1]
        return x

    g = 1 - 1 / np.sqrt(2)
    T = np.zeros(n)
    t = 0.0
    out = []
    for target in Fo_points:
        dt = min(1e-4, target - t)
        while t < target - 1e-12:
            dt = min(dt, target - t)
            U1 = solve(g * dt, vol * T + g * dt * src)
            T = solve(g * dt, vol * T + (1 - g) * dt * (src - K_mul(U1)) + g * dt * src)
            t += dt
            dt *= 1.2
        # wall value: first cell centre plus the flux over half a cell
        out.append(T[0] + src[0] * (rc[0] - 1.0))
    return np.array(out)
