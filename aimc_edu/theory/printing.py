"""Textbook presentation of the chapter's sympy expressions: the same values, written as a textbook writes them.

sympy orders the terms of a sum by its own canonical key, which prints ``-c + w``, ``-W^2/tau^2 + 1`` or a
characteristic polynomial with the powers of mu scattered over the sum. :func:`tex` prints the *same*
expression (nothing is simplified or rewritten into another value) with three habits of a textbook:

* in a sum, positive constants first, then the positive terms, then the negative ones: ``1 - W^2/tau^2``,
  ``w - c``, ``1 + kappa``;
* in a product, a factor that reads better with its sign flipped is flipped when the sign can be absorbed:
  ``alpha sigma^2 / (L (2 - alpha L))`` rather than ``-alpha sigma^2 / (L (alpha L - 2))``;
* ``poly_in=mu`` writes a polynomial by descending powers of mu, each coefficient factored where that is a
  product: ``mu^2 - (2 - alpha eta_W - ...) mu + (1 - alpha eta_W)(1 - beta eta_P)``.

:func:`markdown` puts a label and the formula on one Markdown line (what notebook 05's ``show`` displays).
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter


def _negative(term: sp.Expr) -> bool:
    return term.could_extract_minus_sign()


def _reads_better_flipped(add: sp.Expr) -> bool:
    """A sum reads better negated if most of its terms are negative (or as many, and its constant is)."""
    neg = sum(_negative(t) for t in add.args)
    pos = len(add.args) - neg
    const = [t for t in add.args if t.is_number]
    return neg > pos or (neg == pos and bool(const) and _negative(const[0]))


def tidy_signs(expr: sp.Expr) -> sp.Expr:
    """The same value with the signs of sums inside products moved where they read best (see the module doc).

    Example:
        >>> a, L, s = sp.symbols("alpha L sigma", positive=True)
        >>> e = -a * s**2 / (L * (L * a - 2))
        >>> tex(e)
        '\\\\frac{\\\\alpha \\\\sigma^{2}}{L \\\\left(2 - L \\\\alpha\\\\right)}'
        >>> sp.simplify(tidy_signs(e) - e)
        0
    """
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(tidy_signs)
    if not isinstance(expr, sp.Basic) or expr.is_Atom:
        return expr
    if isinstance(expr, sp.Order):
        return expr
    args = [tidy_signs(a) for a in expr.args]
    if args != list(expr.args):
        try:
            expr = expr.func(*args, evaluate=False)
        except TypeError:                                           # a function without an evaluate switch
            expr = expr.func(*args)
    if not expr.is_Mul:
        return expr
    coeff, factors = expr.as_coeff_mul()
    sign, flips, free = 1, [], []
    for i, f in enumerate(factors):
        base, exp = f.as_base_exp()
        if base.is_Add and _reads_better_flipped(base) and exp.is_integer:
            (free if exp.is_even else flips).append(i)
    if coeff < 0:                                                # an odd number of flips absorbs the minus
        chosen, sign = flips, (-1 if len(flips) % 2 else 1)
    else:                                                        # flip in pairs: the sign stays
        chosen = flips[: len(flips) - len(flips) % 2]
    if not chosen and not free:
        return expr
    new = list(factors)
    for i in chosen + free:
        base, exp = new[i].as_base_exp()
        new[i] = sp.Pow(sp.Add(*[-t for t in base.args], evaluate=False), exp, evaluate=False) if exp != 1 \
            else sp.Add(*[-t for t in base.args], evaluate=False)
    return sp.Mul(sign * coeff, *new, evaluate=False) if sign * coeff != 1 else sp.Mul(*new, evaluate=False)


class TextbookPrinter(LatexPrinter):
    """A LaTeX printer that orders the terms of every sum as a textbook does (see the module doc)."""

    def _as_ordered_terms(self, expr, order=None):
        terms = super()._as_ordered_terms(expr, order)

        def rank(t):
            if t.is_number:
                return 0 if not _negative(t) else 3
            return 2 if _negative(t) else 1
        return sorted(terms, key=rank)                               # stable: sympy's order within each rank


def _poly_tex(expr: sp.Expr, var: sp.Symbol, printer: TextbookPrinter) -> str:
    """``expr`` as a polynomial in ``var``, descending powers, each coefficient factored where that helps."""
    poly = sp.Poly(sp.expand(expr), var)
    parts = []
    for (k,), c in sorted(poly.terms(), reverse=True):
        c = sp.factor(c) if sp.factor(c).is_Mul else c
        flip = _reads_better_flipped(c) or any(t.is_number and _negative(t) for t in c.args) if c.is_Add \
            else _negative(c)
        sign = "-" if flip else "+"
        c = -c if sign == "-" else c
        c = tidy_signs(c)
        power = "" if k == 0 else printer._print(var ** k)
        body = printer._print(c)
        if k and c == 1:
            body = ""
        elif c.is_Add and k:
            body = rf"\left({body}\right)"
        elif c.is_Add and sign == "-":
            body = rf"\left({body}\right)"
        parts.append((sign, f"{body} {power}".strip()))
    first_sign, first = parts[0]
    out = ("- " if first_sign == "-" else "") + first
    return out + "".join(f" {s} {p}" for s, p in parts[1:])


def tex(expr, poly_in: sp.Symbol | None = None) -> str:
    """LaTeX of a sympy expression (or matrix, or equation) in textbook order, its value unchanged.

    Args:
        expr: a sympy expression, ``Eq``, matrix or anything ``sympify`` accepts.
        poly_in: write ``expr`` as a polynomial in this symbol (descending powers, coefficients grouped).

    Example:
        >>> c, w = sp.symbols("c w")
        >>> tex(-c + w), tex(1 - c**2)
        ('w - c', '1 - c^{2}')
        >>> mu, a = sp.symbols("mu a")
        >>> tex(sp.expand(mu**2 - (2 - a) * mu + 1 - a), poly_in=mu)
        '\\\\mu^{2} - \\\\left(2 - a\\\\right) \\\\mu + 1 - a'
    """
    printer = TextbookPrinter()
    expr = sp.sympify(expr)
    if poly_in is not None:
        return _poly_tex(expr, poly_in, printer)
    return printer.doprint(tidy_signs(expr))


def markdown(label: str, expr, poly_in: sp.Symbol | None = None) -> str:
    r"""One Markdown line: ``label`` (text with inline math) and the expression displayed after it.

    Example:
        >>> markdown("$F(w) =$", sp.Integer(1))
        '$F(w) =$ $\\displaystyle 1$'
    """
    return f"{label} $\\displaystyle {tex(expr, poly_in)}$"


__all__ = ["TextbookPrinter", "markdown", "tex", "tidy_signs"]
