"""The course's one symbol table: every symbol means one thing in every notebook, docstring and derivation.

Notebook 00 shows :func:`markdown_table`; ``tests/test_symbols.py`` checks that the notebook shows exactly
this table, that every sympy symbol the theory prints is listed here, and that no listed symbol is
defined twice. Code keeps AIHWKIT's parameter names where they differ (the "code" column).
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    symbol: str          # as written in the notebooks (LaTeX)
    meaning: str
    code: str = ""       # the name in the code, where it differs
    sympy: tuple = ()    # how sympy prints the symbols of this entry (sp.latex of each)


SYMBOLS: tuple[Entry, ...] = (
    # the problem
    Entry(r"W,\ w", "weights: the array, one weight", "W, w", ("w",)),
    Entry(r"W_k", "the weights after k iterations"),
    Entry(r"W^*,\ w^*", "the optimum (minimiser of f)", "minimizer", ("w^{*}",)),
    Entry(r"f,\ f^*", "the objective and its minimum"),
    Entry(r"d,\ n", "dimension of W; rows of the least-squares data"),
    Entry(r"H,\ \lambda_i", "Hessian of a quadratic f and its eigenvalues", "hessian, curvatures"),
    Entry(r"L", "smoothness (largest curvature); the curvature of the 1-D instance", "L", ("L",)),
    Entry(r"\Delta", r"$f(W_0) - f^*$", "", (r"\Delta",)),
    Entry(r"k,\ K", "iteration index, number of iterations", "", ("K",)),
    Entry(r"t = \alpha k", "time in units of the learning rate (runs of different α compare at equal t)"),
    Entry(r"g_k", r"stochastic gradient, $E\,g_k = \nabla f(W_k)$", "g"),
    Entry(r"\sigma^2", r"gradient-noise variance ($\sigma$ its standard deviation)", "sigma2, sigma", (r"\sigma",)),
    Entry(r"\xi", "a standard normal draw"),
    Entry(r"m,\ M", r"mean of $g$ and $M = E|g|$ (folded-normal mean); $M_i$, $s_i^2$ per coordinate", "",
          ("m", "M_{i}", "{s_i^2}")),
    # devices
    Entry(r"\Delta w", "requested increment of one update", "dw", (r"\Delta w",)),
    Entry(r"q_+,\ q_-", "response factors: step of a pulse up / down, in units of $\\Delta w_{\\min}$", "q_plus, q_minus"),
    Entry(r"F,\ G", r"symmetric and asymmetric components $(q_- \pm q_+)/2$", "F, G"),
    Entry(r"w_{\mathrm{sym}}", r"symmetric point, $G(w_{\mathrm{sym}}) = 0$", "sym_point", ("w_{sym}",)),
    Entry(r"\tau", r"dynamic range: soft bounds live on $[w_{\mathrm{sym}} - \tau, w_{\mathrm{sym}} + \tau]$", "tau",
          (r"\tau",)),
    Entry(r"\Delta w_{\min}", "the step of one pulse", "dw_min"),
    Entry(r"n_s", r"states per half range, $\tau/\Delta w_{\min}$ (AIHWKIT counts the full range, $2\tau/\Delta w_{\min}$)",
          "states"),
    Entry(r"n_p", r"number of pulses of one update, $E\,n_p = |\Delta w|/\Delta w_{\min}$"),
    Entry(r"\nu_\uparrow,\ \nu_\downarrow", "shape (slope or exponent) of the step devices", "gamma_up, gamma_down",
          (r"\nu_{up}", r"\nu_{down}")),
    Entry(r"w_{\min},\ w_{\max}", "hard bounds of the step devices", "w_min, w_max", ("w_{min}", "w_{max}")),
    Entry(r"c", r"AIHWKIT's `up_down` (notebook 07): $q_+ = (1 + c)(1 - w/\tau)$, $q_- = (1 - c)(1 + w/\tau)$",
          "up_down"),
    Entry(r"\omega", "power step: relative distance to the upper bound", "", (r"\omega",)),
    Entry(r"A_\pm,\ a,\ b,\ z", r"exponential step: amplitudes and the affine map $z = 2 a w/(w_{\max} - w_{\min}) + b$",
          "A_up, A_down, a, b", ("A_{up}", "A_{down}", "a", "b", "z")),
    Entry(r"r_\pm,\ u,\ r_u", r"soft-bounds invariant: $r_\pm = \tau \mp w$, $u = |\Delta w|$, $r_u = \tau - u$", "",
          ("r_{+}", "r_{-}", "u", "r_{u}")),
    # algorithms
    Entry(r"\alpha", "learning rate; Tiki-Taka's transfer rate to W", "lr", (r"\alpha",)),
    Entry(r"\beta", "Tiki-Taka's fast learning rate (the rate of P)", "fast_lr", (r"\beta",)),
    Entry(r"\gamma", "Tiki-Taka's mixing: the forward pass sees $W + \\gamma P$", "gamma", (r"\gamma",)),
    Entry(r"P", "Tiki-Taka's fast array", "P", ("P",)),
    Entry(r"p", r"the symmetric point of $P$'s device, $w_{\mathrm{sym}}$ of the fast array (notebook 07)", "sym_point"),
    Entry(r"N", r"$E|P|$ in notebook 07's mean field ($N = \tau\,\eta_W$)"),
    Entry(r"e", r"error $W - w^*$", "", ("e",)),
    # theory
    Entry(r"h(w)", r"mean drift of Analog SGD per unit $\alpha$: $E[g] + E|g|\, w/\tau$"),
    Entry(r"\bar w", r"root of $h$: where Analog SGD settles as $\alpha \to 0$", "w_bar"),
    Entry(r"\kappa", r"$\sigma\sqrt{2/\pi}/(L\tau)$, so that $\bar w \approx w^*/(1 + \kappa)$", "", (r"\kappa",)),
    Entry(r"x,\ x^*", r"$w/\tau$ and $w^*/\tau$: weight and optimum in units of the range (saturation)", "",
          ("x", "x^{*}")),
    Entry(r"\rho,\ W_{\max},\ P_{\max}", r"$\rho = W_{\max}/\tau$; $W_{\max}$, $P_{\max}$ the largest $|W|$, $|P|$ of a run",
          "", (r"\rho", "W_{max}", "P_{max}", r"\left(1 - \rho^{2}\right)")),
    Entry(r"S_K", r"mean squared saturation $\frac1K \sum_k \|W_k\|_\infty^2/\tau^2$", "", ("S_{K}",)),
    Entry(r"\epsilon_i", r"Jensen gap $(\nabla_i f)^2 + s_i^2 - M_i^2 \ge 0$", "", (r"\epsilon_{i}", r"{\nabla_i f}",
                                                                                     r"{\|\nabla f\|^2}")),
    Entry(r"\eta_P,\ \eta_W", r"Tiki-Taka's dampings: $E|g|/\tau$ of $P$ (per unit $\beta$), $E|P|/\tau$ of $W$ (per unit $\alpha$)",
          "", (r"\eta_{P}", r"\eta_{W}")),
    Entry(r"\mu", "an eigenvalue of a mean map's Jacobian", "", (r"\mu",)),
    Entry(r"\zeta", "integration variable", "", (r"\zeta",)),
)


def sympy_names() -> dict:
    """{sympy LaTeX name: table symbol} for every symbol the theory prints."""
    return {name: e.symbol for e in SYMBOLS for name in e.sympy}


def markdown_table() -> str:
    """The table as Markdown (what notebook 00 shows).

    Example:
        >>> markdown_table().splitlines()[0]
        '| symbol | meaning | in the code |'
    """
    rows = ["| symbol | meaning | in the code |", "|---|---|---|"]
    rows += [f"| ${e.symbol}$ | {e.meaning} | {f'`{e.code}`' if e.code else ''} |" for e in SYMBOLS]
    return "\n".join(rows)
