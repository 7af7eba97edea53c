"""Figure builders: data in, matplotlib artists out. They never compute the science.

Every builder draws on a given ``Axes`` and returns the artists it made, so a dashboard can
later move them in place (``set_data`` / ``set_band``) instead of rebuilding the figure.
Colours come from :data:`aimc_edu.style.COLORS`, one per algorithm across the course.
"""

from __future__ import annotations

import io

import numpy as np
import PIL.Image
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

from .style import COLORS, LABELS, RC, course_style

LOSS_LABEL = r"$f(W_k) - f^*$"
FLOOR_LABEL = r"asymptotic error $f(W_K) - f^*$"
AXIS_LABELS = {"lr": r"learning rate $\alpha$", "tau": r"dynamic range $\tau$",
               "sigma2": r"noise variance $\sigma^2$", "states": r"device states $\tau / \Delta w_{\min}$",
               "init": r"initial value $W_0$"}


def new_figure(ncols: int, width: float = 5.2, height: float = 4.2, nrows: int = 1) -> tuple[Figure, list[Axes]]:
    """A pyplot-free Agg figure with ``nrows`` x ``ncols`` axes (a flat list, row by row), in the course style."""
    with course_style():
        fig = Figure(figsize=(width * ncols, height * nrows), layout="constrained")
        FigureCanvasAgg(fig)
        axes = [fig.add_subplot(nrows, ncols, i + 1) for i in range(nrows * ncols)]
    return fig, axes


def to_png(fig: Figure, dpi: int | str = "figure") -> bytes:
    """Render ``fig`` to PNG bytes (what a dashboard shows); ``dpi`` defaults to the figure's own."""
    buf = io.BytesIO()
    if dpi != "figure":
        with course_style():
            fig.savefig(buf, format="png", dpi=dpi)
        return buf.getvalue()
    fig.canvas.draw()  # one Agg pass at the figure's dpi (savefig would draw twice)
    return encode_png(np.asarray(fig.canvas.buffer_rgba()))


def encode_png(rgba: np.ndarray) -> bytes:
    """PNG bytes of an RGBA pixel array (fast compression: dashboards re-encode on every move)."""
    buf = io.BytesIO()
    PIL.Image.fromarray(rgba).save(buf, format="png", compress_level=1)
    return buf.getvalue()


def info_text(ax: Axes):
    """An empty text in the lower left of ``ax`` for the current setting (updated by dashboards)."""
    return ax.text(0.03, 0.04, "", transform=ax.transAxes, fontsize=11,
                   bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})


PLAIN = FuncFormatter(lambda v, _: f"{v:g}")  # '0.01' rather than mathtext: cheaper to draw, easy to read


def plain_log(ax: Axes, which: str = "y") -> None:
    """Log scale on ``which`` axis ('x', 'y' or 'xy') with plain decimal labels on the decades only."""
    for name in which:
        axis = ax.xaxis if name == "x" else ax.yaxis
        (ax.set_xscale if name == "x" else ax.set_yscale)("log")
        axis.set_major_formatter(PLAIN)
        axis.set_minor_formatter(NullFormatter())


def _band_vertices(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return np.concatenate([np.column_stack([x, low]), np.column_stack([x[::-1], high[::-1]])])


class Band:
    """A median line with a shaded quantile band (e.g. 10%-90% over seeds), movable in place."""

    def __init__(self, ax: Axes, key: str, label: str | None = None, linestyle: str = "-"):
        color = COLORS[key]
        (self.line,) = ax.plot([], [], color=color, label=label or LABELS.get(key, key), linestyle=linestyle)
        self.fill = ax.fill_between([1, 2], [1, 1], [1, 1], color=color, alpha=0.25, linewidth=0)

    def set_data(self, x: np.ndarray, band: np.ndarray) -> None:
        """``band`` is (3, n): low quantile, median, high quantile."""
        self.line.set_data(x, band[1])
        self.fill.set_verts([_band_vertices(np.asarray(x, float), band[0], band[2])])


def loss_panel(ax: Axes, keys: list[str], title: str = "") -> dict[str, Band]:
    """Log-scale loss gap over steps k with one :class:`Band` per algorithm key."""
    plain_log(ax, "y")
    bands = {k: Band(ax, k) for k in keys}
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel(LOSS_LABEL)
    ax.set_title(title)
    ax.legend(loc="upper right")
    return bands


class FloorCurve:
    """Asymptotic error vs a swept parameter, with standard-error bars and a highlighted point."""

    def __init__(self, ax: Axes, key: str, label: str | None = None):
        color = COLORS[key]
        self.ax = ax
        (self.line,) = ax.plot([], [], "o-", color=color, label=label or LABELS.get(key, key), markersize=5)
        self.err = ax.fill_between([1, 2], [1, 1], [1, 1], color=color, alpha=0.25, linewidth=0)
        (self.current,) = ax.plot([], [], "o", color=color, markersize=14, markerfacecolor="none",
                                  markeredgewidth=2.5)

    def set_data(self, x, mean, se, current: int | None = None) -> None:
        x, mean, se = (np.asarray(v, float) for v in (x, mean, se))
        self.line.set_data(x, mean)
        se = np.nan_to_num(se)
        self.err.set_verts([_band_vertices(x, np.maximum(mean - 2 * se, 1e-12), mean + 2 * se)])
        if current is None:
            self.current.set_data([], [])
        else:
            self.current.set_data([x[current]], [mean[current]])


def floor_panel(ax: Axes, keys: list[str], xlabel: str = "lr") -> dict[str, FloorCurve]:
    """Log-log asymptotic error vs a parameter (band = +-2 standard errors over seeds)."""
    plain_log(ax, "xy")
    curves = {k: FloorCurve(ax, k) for k in keys}
    ax.set_xlabel(AXIS_LABELS.get(xlabel, xlabel))
    ax.set_ylabel(FLOOR_LABEL)
    ax.legend(loc="best")
    return curves


def autoscale(ax: Axes, xlog: bool | None = None, ylog: bool = True, expand_only: bool = False) -> None:
    """Rescale ``ax`` to its data (after in-place updates), skipping non-positive values on log axes.

    With ``expand_only`` (after a first full scaling) the limits only grow when the data leave them,
    so the frame stays still while sliders move and a dashboard can redraw just its data.
    """
    if expand_only and getattr(ax, "_aimc_scaled", False):
        old_x, old_y = ax.get_xlim(), ax.get_ylim()
        autoscale(ax, xlog, ylog)
        (nx0, nx1), (ny0, ny1) = ax.get_xlim(), ax.get_ylim()
        ax.set_xlim(min(old_x[0], nx0), max(old_x[1], nx1)) if (nx0 < old_x[0] or nx1 > old_x[1]) else ax.set_xlim(old_x)
        ax.set_ylim(min(old_y[0], ny0), max(old_y[1], ny1)) if (ny0 < old_y[0] or ny1 > old_y[1]) else ax.set_ylim(old_y)
        return
    ax._aimc_scaled = True
    xs, ys = [], []
    for line in ax.get_lines():
        x, y = (np.asarray(v, float) for v in line.get_data())
        if x.shape != y.shape:
            continue
        ok = np.isfinite(x) & np.isfinite(y) & ((y > 0) if ylog else True)
        if line.get_transform() == ax.transData:  # reference lines (axhline) only count for y
            xs.append(x[ok])
        ys.append(y[ok])
    x, y = np.concatenate(xs or [[]]), np.concatenate(ys or [[]])
    if y.size:
        lo, hi = y.min(), y.max()
        if ylog:
            ax.set_ylim(lo / 2.0, hi * 2.0)
        else:
            pad = 0.08 * (hi - lo or 1.0)
            ax.set_ylim(lo - pad, hi + pad)
    if x.size:
        lo, hi = x.min(), x.max()
        if ax.get_xscale() == "log":
            ax.set_xlim(lo / 1.4, hi * 1.4)
        else:
            ax.set_xlim(lo, hi if hi > lo else lo + 1)


def response_panels(ax_q: Axes, ax_fg: Axes) -> dict:
    """q_plus, q_minus (left) and F, G (right) against w, with the ideal device dashed (Fig. 2, Fig. 6)."""
    lines = {}
    for name in ("q_plus", "q_minus"):
        label = {"q_plus": r"$q_+(w)$", "q_minus": r"$q_-(w)$"}[name]
        (lines[name],) = ax_q.plot([], [], color=COLORS[name], label=label)
    ax_q.axhline(1.0, color=COLORS["theory"], linestyle="--", linewidth=1.2, label="ideal device")
    (lines["sym_q"],) = ax_q.plot([], [], "k|", markersize=25, markeredgewidth=2, label="symmetric point")
    for name in ("F", "G"):
        (lines[name],) = ax_fg.plot([], [], color=COLORS[name], label=f"${name}(w)$")
    ax_fg.axhline(0.0, color="grey", linewidth=0.8)
    (lines["sym_fg"],) = ax_fg.plot([], [], "k|", markersize=25, markeredgewidth=2)
    for ax in (ax_q, ax_fg):
        ax.xaxis.set_major_locator(MaxNLocator(5))
    ax_q.set_xlabel("weight $w$")
    ax_q.set_ylabel("response factor")
    ax_q.set_title(r"pulse response $q_\pm(w)$")
    ax_fg.set_xlabel("weight $w$")
    ax_fg.set_ylabel("component")
    ax_fg.set_title(r"$F = (q_- + q_+)/2$,  $G = (q_- - q_+)/2$")
    ax_q.legend(loc="best", fontsize=10)
    ax_fg.legend(loc="best", fontsize=10)
    return lines


def set_response(lines: dict, w: np.ndarray, device) -> None:
    """Fill :func:`response_panels` with ``device``'s curves on the grid ``w``."""
    lines["q_plus"].set_data(w, device.q_plus(w))
    lines["q_minus"].set_data(w, device.q_minus(w))
    lines["F"].set_data(w, device.F(w))
    lines["G"].set_data(w, device.G(w))
    s = float(device.symmetric_point)
    lines["sym_q"].set_data([s], [float(device.q_plus(np.array(s)))])
    lines["sym_fg"].set_data([s], [0.0])


__all__ = ["Band", "FloorCurve", "autoscale", "floor_panel", "image", "loss_panel", "new_figure", "response_panels",
           "set_response", "to_png", "RC"]


def image(fig: Figure, dpi: int = 100):
    """``fig`` as an ``IPython.display.Image`` (shows in any notebook front end, no backend needed)."""
    from IPython.display import Image

    return Image(data=to_png(fig, dpi=dpi), format="png")
