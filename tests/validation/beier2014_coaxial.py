"""Transient heat transfer in a coaxial borehole heat exchanger: the
semi-analytical (Laplace-domain) model of Beier, Acuna, Mogensen & Palm
(2014), "Transient heat transfer in a coaxial borehole heat exchanger",
Geothermics 51:470-482, as used by the OpenGeoSys benchmark 3D_deep_BHE
(CXA and CXC, ../shared/validation/literature_parameters/README.md).

Written for geoheat from the model's physical statement (no code copied);
only numpy is needed (no scipy, no mpmath). Provenance caveat: neither the
paper's full text nor the OGS reference script (Analytical_coaxial_BHE.zip
in ufz/ogs web/content/docs/benchmarks/heat-transport-bhe, a binary archive)
could be read when this was written; the equations below were re-derived
from the model as the paper and the OGS benchmark describe it (fluid heat
capacities, vertical advection, R12 between the channels, grout and
infinite ground conducting radially only, constant heat rate) with the
grout ring handled as in Beier's U-tube paper. Their consistency is checked
(check()), their identity with the paper's printed equations is not.

Model (all temperatures theta = T - T0 relative to the uniform initial
temperature T0; z downward from the top of the exchanger, 0 <= z <= L)
-------------------------------------------------------------------------
Two fluid channels, the one flowing down (d) and the one flowing up (u);
CXA: d = annulus, u = centre pipe; CXC: d = centre pipe, u = annulus.
Per unit length, with W = rho_f c_f V (W/K) and C = rho_f c_f A (J/(m K)):

    C_d d(theta_d)/dt + W d(theta_d)/dz = (theta_u - theta_d)/R12 + q_d   (1)
    C_u d(theta_u)/dt - W d(theta_u)/dz = (theta_d - theta_u)/R12 + q_u   (2)

R12: centre fluid -> centre pipe film, wall, annulus film on its outside.
q = heat from the wall into the channel; only the annulus has one:
q_a = (theta_w - theta_a)/R_fw, R_fw = annulus film on the outer pipe's inside
plus the outer pipe wall (steady resistances: the pipe walls store no heat,
as in Beier et al.). Outside the outer pipe (radius r_w) the grout ring
(r_w < r < r_b, lambda_g, (rho c)_g) and the ground (r > r_b, lambda_s,
(rho c)_s) conduct radially only (no vertical conduction, infinite extent):

    (1/r) d/dr (r d(theta)/dr) = (1/alpha) d(theta)/dt.                   (3)

Boundary conditions: the fluids turn at the bottom, theta_d(L) = theta_u(L);
the heat rate Q (W, positive = extraction) is constant from t = 0:
theta_in(t) - theta_out(t) = -Q/W (the OGS benchmark's power control).
Initial state theta = 0 everywhere.

Laplace transform (t -> s, overbar dropped): (3) gives in the ground
theta = D K0(q_s r), q_s = sqrt(s/alpha_s), whose impedance at r_b is

    Z_s = theta/F = K0(q_s r_b) / (2 pi lambda_s q_s r_b K1(q_s r_b)),     (4)

F = -2 pi r lambda d(theta)/dr the outward heat flow per unit length; in the
grout theta = A I0(q_g r) + B K0(q_g r), q_g = sqrt(s/alpha_g), and
continuity of theta and F at r_b fixes A/B, giving the admittance seen at the
outer pipe, P = F(r_w)/theta(r_w) (function grout_ground_admittance; written
with exponentially scaled Bessel functions so that no term overflows):

    P = g r_w [K1~(x1) - rho e^{-2(x2-x1)} I1~(x1)]
              / [K0~(x1) + rho e^{-2(x2-x1)} I0~(x1)],                      (5)
    rho = -(K0~(x2) - Z_s g r_b K1~(x2)) / (I0~(x2) + Z_s g r_b I1~(x2)),
    g = 2 pi lambda_g q_g, x1 = q_g r_w, x2 = q_g r_b,
    I~(x) = I(x) e^{-x}, K~(x) = K(x) e^{x}.

(This grout treatment, a conducting and heat-storing cylindrical shell, is
the one of Beier (2014), "Transient heat transfer in a U-tube borehole heat
exchanger", Appl. Therm. Eng. 62:256-266, carried over to the single annular
grout ring of a coaxial exchanger; with grout = ground, (5) reduces to the
ground impedance at r_w, which is tested below.)
The annulus then loses Y theta_a per unit length, Y = 1/(R_fw + 1/P), and
(1)-(2) become the linear system dX/dz = M X, X = (theta_d, theta_u):

    M = [[-(C_d s + 1/R12 + Y_d)/W,  1/(R12 W)],
         [-1/(R12 W),  (C_u s + 1/R12 + Y_u)/W]],   (Y_x = Y for the annulus)

so X(L) = exp(M L) X(0). With E = exp(M L) (built from M's eigenvalues and
spectral projectors, scaled by exp(lambda_max L) so nothing overflows),
a = E00 - E10, b = E01 - E11, the two conditions give

    a theta_in + b theta_out = 0,  theta_in - theta_out = -Q/(W s)
    =>  theta_out(s) = a Q / ((a + b) W s).                                (6)

A consequence worth knowing: CXA and CXC are the same loop traversed in
opposite directions, and the inlet-to-outlet transfer function of this
linear, symmetrically coupled system does not change when the flow is
reversed, so under a constant heat rate this model gives the SAME outlet
temperature for CXA and CXC (checked to round-off in check()); only the
profiles inside differ. (With 5 kW at 30 m^3/h the loop's inlet-outlet
difference is only 0.143 K.)

The Laplace transform is inverted numerically: Gaver-Stehfest (real s,
N = 12-16 terms; Stehfest 1970, Commun. ACM 13:47) or the fixed Talbot
contour (complex s; Abate & Valko 2004, Int. J. Numer. Meth. Eng. 60:979).
Both are provided and agree (see check()).

Bessel functions: I0, I1, K0, K1 for real or complex z (Re z > 0), scaled:
- |z| <= 2: the ascending series (Abramowitz & Stegun 9.6.10, 9.6.13, 9.6.11);
  also up to |z| = 8 within 10 degrees of the imaginary axis;
- |z| >= 25 (>= 8 near the imaginary axis): Hankel's asymptotic expansion (A&S 9.7.2; for I, 9.7.1, the
  e^{-z} companion term is kept, which matters near the imaginary axis);
- between, |arg z| <= 80 degrees: the integral representations (A&S 9.6.19, 9.6.24)
  I_n(z) = (1/pi) int_0^pi e^{z cos t} cos(n t) dt,
  K_n(z) = int_0^inf e^{-z cosh t} cosh(n t) dt,
  by the trapezoidal rule (exponentially convergent here).
check() compares them with tabulated values (A&S tables 9.8/9.9) and with
each other where the methods overlap, and the inversion with the line source
pair L^{-1}[K0(r sqrt(s/alpha))/s] = E1(r^2/(4 alpha t))/2.

Convective coefficients: Gnielinski with the Colebrook friction factor in
the turbulent range (Re > 10^4 here for both channels), the same correlations
that geoheat uses (solver/source/wells/common/convection.cc), so that a
comparison with geoheat tests the transient model, not the correlations.
"""
import math

import numpy as np

EULER_GAMMA = 0.57721566490153286061


# ---------------------------------------------------------------- Bessel
def _series(z):
    """Scaled I0, I1, K0, K1 at |z| <= ~2 by the ascending series."""
    y = 0.25 * z * z
    I0 = np.zeros_like(z)
    I1 = np.zeros_like(z)
    K0s = np.zeros_like(z)  # sum H_k y^k/(k!)^2
    K1s = np.zeros_like(z)  # sum (psi(k+1)+psi(k+2)) y^k/(k!(k+1)!)
    term0 = np.ones_like(z)  # y^k/(k!)^2
    term1 = np.ones_like(z)  # y^k/(k!(k+1)!)
    H = 0.0
    for k in range(0, 40):
        if k > 0:
            H += 1.0 / k
            term0 = term0 * y / (k * k)
            term1 = term1 * y / (k * (k + 1))
        I0 = I0 + term0
        I1 = I1 + term1
        K0s = K0s + H * term0
        psi1 = -EULER_GAMMA + H
        psi2 = psi1 + 1.0 / (k + 1)
        K1s = K1s + (psi1 + psi2) * term1
    I1 = I1 * 0.5 * z
    lg = np.log(0.5 * z)
    K0 = -(lg + EULER_GAMMA) * I0 + K0s
    K1 = 1.0 / z + lg * I1 - 0.25 * z * K1s
    e = np.exp(-z)
    return I0 * e, I1 * e, K0 / e, K1 / e


def _asymptotic(z):
    """Scaled I0, I1, K0, K1 at large |z| (Hankel expansions)."""
    out = []
    for n in (0, 1):
        mu = 4.0 * n * n
        sK = np.ones_like(z)
        sI = np.ones_like(z)
        term = np.ones_like(z)
        for k in range(1, 30):
            term = term * (mu - (2 * k - 1) ** 2) / (k * 8.0 * z)
            sK = sK + term
            sI = sI + (-1) ** k * term
        out.append((sI, sK))
    res = []
    pre_I = 1.0 / np.sqrt(2 * np.pi * z)
    pre_K = np.sqrt(np.pi / (2 * z))
    # I_n(z) e^{-z} ~ e^{-0} sI/sqrt(2 pi z) + e^{-2z} (companion term); the
    # companion e^{-2z +- i(n+1/2)pi} sK/sqrt(2 pi z) matters only when
    # Re z is small; keep it with the sign for Im z >= 0 / < 0.
    for n, (sI, sK) in enumerate(out):
        sgn = np.where(np.imag(z) >= 0, 1.0, -1.0)
        comp = np.exp(-2 * z + sgn * 1j * (n + 0.5) * np.pi) if np.iscomplexobj(z) else 0.0
        res.append(pre_I * (sI + comp * sK))
    for n, (sI, sK) in enumerate(out):
        res.append(pre_K * sK)
    I0, I1, K0, K1 = res
    if not np.iscomplexobj(z):
        I0, I1 = np.real(I0), np.real(I1)
    return I0, I1, K0, K1


def _integral(z):
    """Scaled I0, I1, K0, K1 by the trapezoidal rule on the integral
    representations (any z with Re z > 0; used for 2 < |z| < 25)."""
    z = np.asarray(z)
    if np.any(np.abs(np.angle(z)) > np.radians(86.0)):
        raise ValueError("integral representation used too close to the imaginary axis")
    # I_n(z) e^{-z} = (1/pi) int_0^pi e^{z (cos t - 1)} cos(n t) dt: periodic
    # integrand, trapezoid converges geometrically once N >> |z|.
    N = 400
    t = np.linspace(0.0, np.pi, N + 1)
    w = np.full(N + 1, np.pi / N)
    w[0] = w[-1] = 0.5 * np.pi / N
    E = np.exp(z[..., None] * (np.cos(t) - 1.0))
    I0 = (E * w).sum(-1) / np.pi
    I1 = (E * np.cos(t) * w).sum(-1) / np.pi
    # K_n(z) e^{z} = int_0^inf e^{-z (cosh t - 1)} cosh(n t) dt; the
    # integrand decays like exp(-Re z e^t/2); step fine enough for the phase.
    re = np.maximum(np.real(z), 1e-3)
    T = np.arccosh(1.0 + 60.0 / np.min(re))
    ratio = np.max(np.abs(z) / re)
    h = min(0.02, 0.2 / ratio)
    t = np.arange(0.0, T + h, h)
    w = np.full(t.size, h)
    w[0] = 0.5 * h
    E = np.exp(-z[..., None] * (np.cosh(t) - 1.0))
    K0 = (E * w).sum(-1)
    K1 = (E * np.cosh(t) * w).sum(-1)
    if not np.iscomplexobj(z):
        I0, I1, K0, K1 = (np.real(v) for v in (I0, I1, K0, K1))
    return I0, I1, K0, K1


def bessel_scaled(z):
    """(I0 e^{-z}, I1 e^{-z}, K0 e^{z}, K1 e^{z}) for real z > 0 or complex z
    with Re z > 0; scalar or array."""
    z = np.atleast_1d(np.asarray(z))
    dtype = complex if np.iscomplexobj(z) else float
    out = [np.zeros(z.shape, dtype) for _ in range(4)]
    a = np.abs(z)
    # within 10 degrees of the imaginary axis the integrals converge too
    # slowly: there the series up to |z| = 8 (cancellation costs < 3
    # digits) and the asymptotic expansion beyond (error < e^{-2|z|}
    # relative; such points lie far out on the Talbot contour, where
    # exp(s t) makes their weight negligible).
    steep = np.abs(np.angle(z)) > np.radians(80.0)
    mid = (a > 2.0) & (a < 25.0)
    for mask, fn in (((a <= 2.0) | (mid & steep & (a < 8.0)), _series),
                     ((a >= 25.0) | (mid & steep & (a >= 8.0)), _asymptotic),
                     (mid & ~steep, _integral)):
        if np.any(mask):
            vals = fn(z[mask])
            for o, v in zip(out, vals):
                o[mask] = v
    return tuple(out)


def besselK01(z):
    """K0(z), K1(z) (unscaled)."""
    _, _, K0, K1 = bessel_scaled(z)
    e = np.exp(-np.atleast_1d(z))
    return K0 * e, K1 * e


def besselI01(z):
    """I0(z), I1(z) (unscaled)."""
    I0, I1, _, _ = bessel_scaled(z)
    e = np.exp(np.atleast_1d(z))
    return I0 * e, I1 * e


# ------------------------------------------------------ Laplace inversion
def stehfest_weights(N):
    """Gaver-Stehfest weights V_k, k = 1..N (N even)."""
    V = np.zeros(N)
    h = N // 2
    for k in range(1, N + 1):
        s = 0.0
        for j in range((k + 1) // 2, min(k, h) + 1):
            s += (j ** h * math.factorial(2 * j)
                  / (math.factorial(h - j) * math.factorial(j) * math.factorial(j - 1)
                     * math.factorial(k - j) * math.factorial(2 * j - k)))
        V[k - 1] = (-1) ** (k + h) * s
    return V


def invert_stehfest(F, t, N=14):
    """f(t) = ln2/t sum_k V_k F(k ln2/t); F takes an array of real s."""
    t = np.atleast_1d(np.asarray(t, float))
    V = stehfest_weights(N)
    out = np.empty(t.size)
    for i, ti in enumerate(t):
        a = math.log(2.0) / ti
        s = a * np.arange(1, N + 1)
        out[i] = a * np.dot(V, np.real(F(s)))
    return out


def invert_talbot(F, t, M=24):
    """Fixed Talbot contour (Abate & Valko 2004): s(th) = r th (cot th + i),
    r = 2M/(5t); F takes an array of complex s."""
    t = np.atleast_1d(np.asarray(t, float))
    out = np.empty(t.size)
    k = np.arange(1, M)
    th = k * np.pi / M
    cot = 1.0 / np.tan(th)
    for i, ti in enumerate(t):
        r = 2.0 * M / (5.0 * ti)
        s = r * th * (cot + 1j)
        sigma = th + (th * cot - 1.0) * cot
        f0 = 0.5 * np.exp(r * ti) * np.real(F(np.array([r + 0j]))[0])
        fk = np.real(np.exp(ti * s) * F(s) * (1.0 + 1j * sigma))
        out[i] = r / M * (f0 + fk.sum())
    return out


# ------------------------------------------------------ heat transfer data
def darcy_colebrook(Re, rel_rough):
    f = 0.02
    for _ in range(100):
        f = (-2.0 * math.log10(rel_rough / 3.7 + 2.51 / (Re * math.sqrt(f)))) ** -2
    return f


def gnielinski_h(Re, Pr, f, k, Dh):
    Nu = 0.125 * f * (Re - 1000.0) * Pr / (1.0 + 12.7 * math.sqrt(0.125 * f) * (Pr ** (2.0 / 3.0) - 1.0))
    return Nu * k / Dh


def coaxial_resistances(p):
    """R12, R_fw (m K/W) and channel areas from the geometry dict p (keys as
    in OGS_3D_DEEP_BHE). Turbulent flow is required (checked)."""
    r_ci = 0.5 * p["centre_inner_diameter"]
    r_co = r_ci + p["centre_wall"]
    r_ki = 0.5 * p["outer_inner_diameter"]
    r_ko = r_ki + p["outer_wall"]
    mu, k_f, rho, c = p["viscosity"], p["fluid_conductivity"], p["fluid_density"], p["fluid_heat_capacity"]
    Pr = c * mu / k_f
    V = p["flow_rate"]
    rough = p.get("roughness", 1e-5)
    A_c = math.pi * r_ci ** 2
    Re_c = rho * V / A_c * 2 * r_ci / mu
    h_c = gnielinski_h(Re_c, Pr, darcy_colebrook(Re_c, rough / (2 * r_ci)), k_f, 2 * r_ci)
    A_a = math.pi * (r_ki ** 2 - r_co ** 2)
    Dh = 2 * (r_ki - r_co)
    Re_a = rho * V / A_a * Dh / mu
    h_a = gnielinski_h(Re_a, Pr, darcy_colebrook(Re_a, rough / Dh), k_f, Dh)
    if min(Re_c, Re_a) < 1e4:
        raise ValueError("the Gnielinski-only coefficients need turbulent flow")
    R12 = (1 / (2 * math.pi * r_ci * h_c) + math.log(r_co / r_ci) / (2 * math.pi * p["centre_conductivity"])
           + 1 / (2 * math.pi * r_co * h_a))
    R_fw = 1 / (2 * math.pi * r_ki * h_a) + math.log(r_ko / r_ki) / (2 * math.pi * p["outer_conductivity"])
    return dict(R12=R12, R_fw=R_fw, A_centre=A_c, A_annulus=A_a, r_w=r_ko,
                Re_centre=Re_c, Re_annulus=Re_a, h_centre=h_c, h_annulus=h_a)


# Inputs of the OpenGeoSys benchmark Tests/Data/Parabolic/T/3D_deep_BHE
# (3D_deep_BHE_CXA.prj / _CXC.prj; literature_parameters/README.md).
OGS_3D_DEEP_BHE = dict(
    length=50.0, borehole_diameter=0.216,
    outer_inner_diameter=0.16626, outer_wall=0.00587, outer_conductivity=1.3,
    centre_inner_diameter=0.09532, centre_wall=0.00734, centre_conductivity=1.3,
    grout_conductivity=0.73, grout_heat_capacity=2190.0 * 1735.160,   # 3.8e6
    soil_conductivity=2.5, soil_heat_capacity=1120.0 * 2000.0,        # 2.24e6
    fluid_density=1000.0, fluid_heat_capacity=4190.0, viscosity=1.14e-3,
    fluid_conductivity=0.59, flow_rate=0.00833, extraction=5000.0, T0=25.0,
)


# ------------------------------------------------------------ the model
def grout_ground_admittance(s, p, r_w):
    """P(s) = F/theta at the outer pipe's outer radius r_w, eq. (5)."""
    s = np.asarray(s)
    r_b = 0.5 * p["borehole_diameter"]
    ks, kg = p["soil_conductivity"], p["grout_conductivity"]
    qs = np.sqrt(s * p["soil_heat_capacity"] / ks)
    qg = np.sqrt(s * p["grout_heat_capacity"] / kg)
    _, _, K0s, K1s = bessel_scaled(qs * r_b)
    Zs = K0s / (2 * np.pi * ks * qs * r_b * K1s)                       # (4)
    g = 2 * np.pi * kg * qg
    x1, x2 = qg * r_w, qg * r_b
    I0a, I1a, K0a, K1a = bessel_scaled(x1)
    I0b, I1b, K0b, K1b = bessel_scaled(x2)
    rho = -(K0b - Zs * g * r_b * K1b) / (I0b + Zs * g * r_b * I1b)
    e = np.exp(-2 * (x2 - x1))
    return g * r_w * (K1a - rho * e * I1a) / (K0a + rho * e * I0a)


def outlet_laplace(s, p, kind):
    """Laplace transform of theta_out(t) = T_out - T0 for a constant heat
    extraction p['extraction'] (W) from t = 0. kind: 'CXA' or 'CXC'."""
    s = np.atleast_1d(np.asarray(s))
    R = coaxial_resistances(p)
    W = p["fluid_density"] * p["fluid_heat_capacity"] * p["flow_rate"]
    rc_f = p["fluid_density"] * p["fluid_heat_capacity"]
    P = grout_ground_admittance(s, p, R["r_w"])
    Y = 1.0 / (R["R_fw"] + 1.0 / P)
    if kind == "CXA":
        Cd, Cu, Yd, Yu = rc_f * R["A_annulus"], rc_f * R["A_centre"], Y, 0.0 * Y
    elif kind == "CXC":
        Cd, Cu, Yd, Yu = rc_f * R["A_centre"], rc_f * R["A_annulus"], 0.0 * Y, Y
    else:
        raise ValueError(kind)
    g12 = 1.0 / R["R12"]
    m00 = -(Cd * s + g12 + Yd) / W
    m01 = g12 / W * np.ones_like(m00)
    m10 = -g12 / W * np.ones_like(m00)
    m11 = (Cu * s + g12 + Yu) / W
    # eigenvalues of the 2x2 M
    tr = m00 + m11
    det = m00 * m11 - m01 * m10
    disc = np.sqrt(tr * tr / 4 - det + 0j)
    l1, l2 = tr / 2 + disc, tr / 2 - disc
    swap = np.real(l2) > np.real(l1)
    l1, l2 = np.where(swap, l2, l1), np.where(swap, l1, l2)
    L = p["length"]
    # E / exp(l1 L) = P1 + exp((l2 - l1) L) P2, projectors P1 = (M - l2)/(l1 - l2)
    ex = np.exp((l2 - l1) * L)
    d = l1 - l2

    def Ent(mij, diag):
        P1 = (mij - (l2 if diag else 0)) / d
        P2 = -(mij - (l1 if diag else 0)) / d
        return P1 + ex * P2

    E00, E01, E10, E11 = Ent(m00, True), Ent(m01, False), Ent(m10, False), Ent(m11, True)
    a, b = E00 - E10, E01 - E11
    # theta_d(L) = theta_u(L): a theta_in + b theta_out = 0;
    # theta_in - theta_out = -Q/(W s)  =>  theta_out = a (Q/(W s)) / (a + b)
    dT = p["extraction"] / (W * s)
    out = a * dT / (a + b)
    if not np.iscomplexobj(s):
        out = np.real(out)
    return out


def energy_balance_residual(s, p, kind, n=4001):
    """Relative residual of the Laplace-domain energy balance at one real s:
    W (theta_out - theta_in) = int_0^L [-Y theta_a - s (C_d theta_d + C_u theta_u)] dz,
    with the profiles X(z) = exp(M z) X(0) integrated independently of (6)
    (matrix exponential by eigen-decomposition at each z, trapezoid in z).
    Checks the channel equations, their solution and the boundary conditions."""
    R = coaxial_resistances(p)
    W = p["fluid_density"] * p["fluid_heat_capacity"] * p["flow_rate"]
    rc_f = p["fluid_density"] * p["fluid_heat_capacity"]
    Y = complex(1.0 / (R["R_fw"] + 1.0 / grout_ground_admittance(np.array([s]), p, R["r_w"])[0]))
    Ca, Cc = rc_f * R["A_annulus"], rc_f * R["A_centre"]
    Cd, Cu, Yd, Yu = (Ca, Cc, Y, 0.0) if kind == "CXA" else (Cc, Ca, 0.0, Y)
    g = 1.0 / R["R12"]
    M = np.array([[-(Cd * s + g + Yd) / W, g / W], [-g / W, (Cu * s + g + Yu) / W]], complex)
    out = complex(outlet_laplace(np.array([s + 0j]), p, kind)[0])
    X0 = np.array([out - p["extraction"] / (W * s), out])
    lam, V = np.linalg.eig(M)
    c = np.linalg.solve(V, X0)
    z = np.linspace(0.0, p["length"], n)
    X = (V[:, :, None] * (c[:, None] * np.exp(lam[:, None] * z[None, :]))[None, :, :]).sum(1)
    th_a = X[0] if kind == "CXA" else X[1]
    integrand = -Y * th_a - s * (Cd * X[0] + Cu * X[1])
    rhs = np.sum(0.5 * (integrand[1:] + integrand[:-1]) * np.diff(z))
    lhs = W * (X0[1] - X0[0])
    bottom = abs(X[0, -1] - X[1, -1]) / abs(X0[0] - X0[1])
    return max(abs(lhs - rhs) / abs(lhs), bottom)


def outlet_temperature(t, p=OGS_3D_DEEP_BHE, kind="CXA", method="stehfest"):
    """Outlet temperature (deg C) at times t (s)."""
    F = lambda s: outlet_laplace(s, p, kind)
    if method == "stehfest":
        th = invert_stehfest(F, t, N=14)
    else:
        th = invert_talbot(F, t, M=32)
    return p["T0"] + th


def inlet_temperature(t, p=OGS_3D_DEEP_BHE, kind="CXA", method="stehfest"):
    W = p["fluid_density"] * p["fluid_heat_capacity"] * p["flow_rate"]
    return outlet_temperature(t, p, kind, method) - p["extraction"] / W


# --------------------------------------------------------------- checks
def _E1(x):
    """Exponential integral E1 (series below 1, continued fraction above)."""
    x = float(x)
    if x < 1.0:
        s, term = 0.0, 1.0
        for k in range(1, 60):
            term *= -x / k
            s -= term / k
        return -EULER_GAMMA - math.log(x) + s
    b, c, d, h = x + 1.0, 1e300, 1.0 / (x + 1.0), 1.0 / (x + 1.0)
    for i in range(1, 200):
        an = -i * i
        b += 2.0
        d = 1.0 / (an * d + b)
        c = b + an / c
        h *= c * d
    return h * math.exp(-x)


def check(verbose=True):
    """Self-checks of the Bessel functions, the inversions and the model;
    returns the largest relative deviation of each group."""
    res = {}
    # A&S tables 9.8 / mpmath-equivalent reference values
    ref = {0.1: (1.0025015629340956, 0.05006252604709269, 2.4270690247020166, 9.853844780870606),
           1.0: (1.2660658777520084, 0.5651591039924851, 0.42102443824070834, 0.6019072301972346),
           2.5: (3.289839144050123, 2.5167162452886984, 0.06234755320036619, 0.07389081634774707),
           5.0: (27.239871823604442, 24.335642142450524, 0.0036910983340425942, 0.004044613445452164),
           10.0: (2815.716628466254, 2670.988303701255, 1.778006231616918e-05, 1.864877345382558e-05)}
    worst = 0.0
    for x, vals in ref.items():
        I0, I1 = besselI01(x)
        K0, K1 = besselK01(x)
        for got, want in zip((I0[0], I1[0], K0[0], K1[0]), vals):
            worst = max(worst, abs(got / want - 1))
    res["bessel_real_vs_tables"] = worst
    # complex: K0(i y) = -(pi/2) (Y0(y) + i J0(y)), K1(i y) = -(pi/2)(J1(y) - i Y1(y))
    # (A&S 9.6.4) at y = 1 (bessel_scaled, series branch) and y = 5 (the
    # series, which is exact there to ~1e-13; the integral branch is not
    # used within 4 degrees of the imaginary axis), J, Y from A&S table 9.1.
    JY = {1.0: (0.7651976865579666, 0.08825696421567696, 0.4400505857449335, -0.7812128213002887),
          5.0: (-0.1775967713143383, -0.3085176252490338, -0.3275791375914652, 0.1478631433912268)}
    worst = 0.0
    for y, (J0, Y0, J1, Y1) in JY.items():
        z = np.array([1e-12 + 1j * y])
        if y <= 2:
            K0, K1 = besselK01(z)
        else:
            _, _, K0, K1 = _series(z)
            K0, K1 = K0 * np.exp(-z), K1 * np.exp(-z)
        worst = max(worst, abs(K0[0] - (-np.pi / 2) * (Y0 + 1j * J0)) / abs(Y0 + 1j * J0) / (np.pi / 2))
        worst = max(worst, abs(K1[0] - (-np.pi / 2) * (J1 - 1j * Y1)) / abs(J1 - 1j * Y1) / (np.pi / 2))
    res["bessel_imaginary_axis_vs_JY"] = worst
    # method overlap: series vs integral at |z| = 2, integral vs asymptotic at |z| = 25,
    # along arguments 0..80 degrees; Wronskian I0 K1 + I1 K0 = 1/z everywhere.
    worst_ov, worst_w = 0.0, 0.0
    for ang in np.radians([0, 30, 60, 80]):
        for r, f1, f2 in ((2.0, _series, _integral), (25.0, _integral, _asymptotic)):
            z = np.array([r * np.exp(1j * ang)])
            a, b = f1(z), f2(z)
            for u, v in zip(a, b):
                worst_ov = max(worst_ov, abs(u[0] / v[0] - 1))
        for r in (0.3, 1.5, 4.0, 12.0, 40.0):
            z = np.array([r * np.exp(1j * ang)])
            I0, I1, K0, K1 = bessel_scaled(z)
            worst_w = max(worst_w, abs((I0 * K1 + I1 * K0)[0] * z[0] - 1))
    res["bessel_method_overlap"] = worst_ov
    res["bessel_wronskian"] = worst_w
    # inversion: line source pair, r^2/(4 alpha) = 1 h
    alpha, r = 1e-6, math.sqrt(4e-6 * 3600.0)
    F = lambda s: besselK01(r * np.sqrt(s / alpha))[0] / s
    worst_s, worst_t = 0.0, 0.0
    scale = 0.5 * _E1(r * r / (4 * alpha * 30 * 86400.0))
    for t in (600.0, 3600.0, 86400.0, 30 * 86400.0):
        want = 0.5 * _E1(r * r / (4 * alpha * t))
        worst_s = max(worst_s, abs(invert_stehfest(F, [t], 14)[0] - want) / scale)
        worst_t = max(worst_t, abs(invert_talbot(F, [t], 32)[0] - want) / scale)
    res["stehfest_line_source"] = worst_s
    res["talbot_line_source"] = worst_t
    # grout = ground: eq. (5) must equal the ground impedance at r_w
    p = dict(OGS_3D_DEEP_BHE, grout_conductivity=2.5, grout_heat_capacity=2.24e6)
    s = np.array([1e-7, 1e-4, 1e-1, 3.0 + 2j])
    r_w = 0.089
    q = np.sqrt(s * 2.24e6 / 2.5)
    _, _, K0, K1 = bessel_scaled(q * r_w)
    Pw = 2 * np.pi * 2.5 * q * r_w * K1 / K0
    res["grout_equal_ground"] = float(np.max(np.abs(grout_ground_admittance(s, p, r_w) / Pw - 1)))
    # the model's Laplace solution: energy balance and bottom condition
    res["model_energy_balance"] = max(energy_balance_residual(s, OGS_3D_DEEP_BHE, kind)
                                      for s in (1e-7, 1e-5, 1e-3) for kind in ("CXA", "CXC"))
    # CXA and CXC: the same loop traversed in opposite directions; the
    # inlet-to-outlet transfer function of this linear, symmetrically coupled
    # system is unchanged by the reversal (adjoint), so under a constant heat
    # rate the two outlet temperatures are identical (to round-off).
    sv = np.array([1e-8, 1e-5, 1e-3, 1e-1, 3 + 4j])
    res["model_CXA_equals_CXC"] = float(np.max(np.abs(
        outlet_laplace(sv, OGS_3D_DEEP_BHE, "CXA") / outlet_laplace(sv, OGS_3D_DEEP_BHE, "CXC") - 1)))
    # the model: Stehfest vs Talbot, outlet temperature change, both types
    t = np.array([3600.0, 86400.0, 10 * 86400.0, 120 * 86400.0])
    worst = 0.0
    for kind in ("CXA", "CXC"):
        a = outlet_temperature(t, kind=kind) - 25
        b = outlet_temperature(t, kind=kind, method="talbot") - 25
        worst = max(worst, float(np.max(np.abs(a - b))))
    res["model_stehfest_vs_talbot_K"] = worst
    if verbose:
        for k, v in res.items():
            print(f"  {k:32s} {v:.2e}")
    return res


if __name__ == "__main__":
    R = coaxial_resistances(OGS_3D_DEEP_BHE)
    print({k: round(v, 5) for k, v in R.items()})
    check()
    t = np.array([0.01, 0.1, 1, 6, 24, 240, 720, 2880]) * 3600.0
    for kind in ("CXA", "CXC"):
        print(kind, np.round(outlet_temperature(t, kind=kind), 4))
        print(kind, np.round(outlet_temperature(t, kind=kind, method="talbot"), 4))
