"""Shared symbols and numeric helpers of :mod:`aimc_edu.theory`."""

from __future__ import annotations

import sympy as sp

from .._validate import as_param

# One set of symbols for the whole chapter (the notebook prints these names).
w = sp.Symbol("w", real=True)
dw = sp.Symbol(r"\Delta w", real=True)                 # a requested increment
w_star = sp.Symbol("w^*", real=True)
tau = sp.Symbol("tau", positive=True)
sigma = sp.Symbol("sigma", positive=True)
L = sp.Symbol("L", positive=True)
alpha = sp.Symbol("alpha", positive=True)
beta = sp.Symbol("beta", positive=True)
K = sp.Symbol("K", positive=True, integer=True)
Delta = sp.Symbol("Delta", positive=True)          # f(W_0) - f*
m = sp.Symbol("m", real=True)                       # mean of the stochastic gradient g
kappa = sp.Symbol("kappa", positive=True)          # sigma sqrt(2/pi) / (L tau)


def positive(name: str, value):
    return as_param(name, value, low=0.0, low_inclusive=False)
