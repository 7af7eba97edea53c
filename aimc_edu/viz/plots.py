"""Plot builders: data in, matplotlib artists out. They never compute the science.

Every builder draws on a given ``Axes`` and returns the artists it made, so a dashboard can
later move them in place (``set_data``) instead of rebuilding the figure. Colours and labels
come from :func:`aimc_edu.viz.style.series`, one per meaning across the course. Frames are
fixed by the caller from the whole range of its data (:func:`log_limits`, :func:`grid_ticks`),
so a figure never changes its axes because of what was shown before.
"""

from __future__ import annotations

import io

import numpy as np
import PIL.Image
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from .frames import fit_texts
from .style import course_style, present_size, series

LOSS_LABEL = r"$f(W_k) - f^*$"
FLOOR_LABEL = r"asymptotic error $f - f^*$"
AXIS_LABELS = {"lr": r"learning rate $\alpha$", "tau": r"dynamic range $\tau$",
               "sigma2": r"noise variance $\sigma^2$", "states": r"device states $\tau / \Delta w_{\min}$",
               "init": r"initial value $W_0$"}
FLOOR_VALUE = 1e-12
"""Smallest value drawn on a log axis (zeros and negatives are shown there)."""
CEILING_VALUE = 1e6
"""Largest value drawn (divergence is shown as a curve leaving through the top)."""

PLAIN = FuncFormatter(lambda v, _: f"{v:g}")   # '0.01' rather than mathtext: cheaper to draw, easy to read


def new_figure(ncols: int, width: float = 5.2, height: float = 4.2, nrows: int = 1) -> tuple[Figure, list[Axes]]:
    """A pyplot-free Agg figure with ``nrows`` x ``ncols`` axes (a flat list, row by row), in the course style."""
    with course_style():
        fig = Figure(figsize=present_size(width * ncols, height * nrows), layout="constrained")
        FigureCanvasAgg(fig)
        axes = [fig.add_subplot(nrows, ncols, i + 1) for i in range(nrows * ncols)]
    return fig, axes


def to_png(fig: Figure, dpi: float | None = None) -> bytes:
    """Render ``fig`` to PNG bytes at ``dpi`` (default: the figure's own), after fitting its texts to their room
    (:func:`aimc_edu.viz.frames.fit_texts`: long titles and labels wrapped, crowded fixed ticks thinned)."""
    with course_style():                     # tick locators read the rc font sizes at draw time
        fig.canvas.draw()
        for _ in range(3):                   # a new layout may leave another text too little room
            if not fit_texts(fig):
                break
            fig.canvas.draw()
        if dpi is not None and dpi != fig.get_dpi():
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=dpi, bbox_inches=None)
            return buf.getvalue()
    return encode_png(np.asarray(fig.canvas.buffer_rgba()))


def encode_png(rgba: np.ndarray) -> bytes:
    """PNG bytes of an RGBA pixel array (fast compression: dashboards re-encode on every move)."""
    buf = io.BytesIO()
    PIL.Image.fromarray(rgba).save(buf, format="png", compress_level=1)
    return buf.getvalue()


def shown(values) -> np.ndarray:
    """Values for a log plot: NaN, inf and huge values to the ceiling, zeros and negatives to the floor."""
    return np.clip(np.nan_to_num(np.asarray(values, float), nan=CEILING_VALUE, posinf=CEILING_VALUE),
                   FLOOR_VALUE, CEILING_VALUE)


def finite_message(*bands) -> str:
    """A reader-facing notice if any of the arrays diverged ('' if all are finite and moderate)."""
    if all(np.all(np.isfinite(b)) and np.all(np.asarray(b) < CEILING_VALUE) for b in bands):
        return ""
    return ("Diverged: at this corner the increments alpha*|g| are comparable to tau, so the analog update "
            "overshoots its bounds. Try a smaller alpha or sigma^2, or a larger tau.")


def log_limits(ax: Axes, *arrays, axis: str = "y", pad: float = 2.0) -> None:
    """Fix a log axis to the range of all finite positive values in ``arrays`` (widened by ``pad``)."""
    values = np.concatenate([np.ravel(np.asarray(a, float)) for a in arrays] or [[]])
    values = values[np.isfinite(values) & (values > 0) & (values < CEILING_VALUE)]
    lo, hi = (values.min(), values.max()) if values.size else (1e-3, 1.0)
    lo, hi = max(lo / pad, FLOOR_VALUE), hi * pad
    (ax.set_ylim if axis == "y" else ax.set_xlim)(lo, hi)
    plain_log(ax, axis, decades=np.log10(hi / lo))


def linear_limits(ax: Axes, *arrays, axis: str = "y", pad: float = 0.08) -> None:
    """Fix a linear axis to the range of all finite values in ``arrays`` (widened by ``pad`` of the span)."""
    values = np.concatenate([np.ravel(np.asarray(a, float)) for a in arrays] or [[]])
    values = values[np.isfinite(values)]
    lo, hi = (values.min(), values.max()) if values.size else (0.0, 1.0)
    margin = pad * ((hi - lo) or 1.0)
    (ax.set_ylim if axis == "y" else ax.set_xlim)(lo - margin, hi + margin)


def plain_log(ax: Axes, axis: str = "y", decades: float = 3.0) -> None:
    """Log scale with plain decimal tick labels; over few decades also at 2 and 5 times each decade."""
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    ax_ = ax.xaxis if axis == "x" else ax.yaxis
    subs = (1.0, 2.0, 5.0) if decades < 2.5 else (1.0,)
    ax_.set_major_locator(LogLocator(base=10, subs=subs, numticks=12))
    ax_.set_major_formatter(PLAIN)
    ax_.set_minor_formatter(NullFormatter())


def grid_ticks(ax: Axes, values, axis: str = "x", log: bool = True, pad: float = 1.3) -> None:
    """Ticks and labels exactly at the grid ``values`` (a slider's choices), limits just around them."""
    values = np.asarray(values, float)
    ax_ = ax.xaxis if axis == "x" else ax.yaxis
    setter = ax.set_xlim if axis == "x" else ax.set_ylim
    if log:
        (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
        setter(values.min() / pad, values.max() * pad)
    else:
        span = (values.max() - values.min()) or 1.0
        setter(values.min() - 0.08 * span, values.max() + 0.08 * span)
    ax_.set_major_locator(FixedLocator(values))
    ax_.set_major_formatter(PLAIN)
    ax_.set_minor_locator(FixedLocator([]))
    ax_.set_minor_formatter(NullFormatter())


def _band_vertices(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return np.concatenate([np.column_stack([x, low]), np.column_stack([x[::-1], high[::-1]])])


class Band:
    """A median line with a shaded quantile band (e.g. 10%-90% over seeds), movable in place."""

    def __init__(self, ax: Axes, key: str, label: str | None = None, linestyle: str = "-"):
        name, color = series(key)
        (self.line,) = ax.plot([], [], color=color, label=label or name, linestyle=linestyle)
        self.fill = ax.fill_between([1, 2], [1, 1], [1, 1], color=color, alpha=0.25, linewidth=0)

    def set_data(self, x: np.ndarray, band: np.ndarray) -> None:
        """``band`` is (3, n): low quantile, median, high quantile."""
        band = shown(band)
        self.line.set_data(x, band[1])
        self.fill.set_verts([_band_vertices(np.asarray(x, float), band[0], band[2])])


def loss_panel(ax: Axes, keys: list[str], title: str = "") -> dict[str, Band]:
    """Log-scale loss gap over steps k with one :class:`Band` per series key."""
    ax.set_yscale("log")
    bands = {k: Band(ax, k) for k in keys}
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel(LOSS_LABEL)
    ax.set_title(title)
    return bands


class FloorCurve:
    """Asymptotic error vs a swept parameter, with a +-2 standard-error band and a highlighted point."""

    def __init__(self, ax: Axes, key: str, label: str | None = None):
        name, color = series(key)
        (self.line,) = ax.plot([], [], "o-", color=color, label=label or name, markersize=5)
        self.err = ax.fill_between([1, 2], [1, 1], [1, 1], color=color, alpha=0.25, linewidth=0)
        (self.current,) = ax.plot([], [], "o", color=color, markersize=14, markerfacecolor="none",
                                  markeredgewidth=2.5)

    def set_data(self, x, mean, se, current: int | None = None) -> None:
        x, mean, se = (np.asarray(v, float) for v in (x, mean, se))
        mean = shown(mean)
        se = np.nan_to_num(se)
        self.line.set_data(x, mean)
        self.err.set_verts([_band_vertices(x, shown(mean - 2 * se), shown(mean + 2 * se))])
        if current is None:
            self.current.set_data([], [])
        else:
            self.current.set_data([x[current]], [mean[current]])


def floor_panel(ax: Axes, keys: list[str], xlabel: str = "lr") -> dict[str, FloorCurve]:
    """Log-log asymptotic error vs a parameter (band = +-2 standard errors over seeds)."""
    ax.set_yscale("log")
    curves = {k: FloorCurve(ax, k) for k in keys}
    ax.set_xlabel(AXIS_LABELS.get(xlabel, xlabel))
    ax.set_ylabel(FLOOR_LABEL)
    return curves


def figure_legend(fig: Figure, axes: list[Axes] | None = None, ncols: int | None = None,
                  loc: str = "outside upper center", **kwargs):
    """One legend for the whole figure, above the axes (outside every data area), entries deduplicated.

    At most ``ncols`` columns (default: up to 5), fewer if the legend would be wider than the figure (large
    fonts, e.g. the presentation mode).
    """
    handles, labels = {}, []
    for ax in axes or fig.axes:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in handles and not lab.startswith("_"):
                handles[lab] = h
                labels.append(lab)
    renderer = fig.canvas.get_renderer()
    ncols = ncols or min(len(labels), 5)
    with course_style():                     # the course's legend size wherever it is called from
        while True:
            legend = fig.legend([handles[lab] for lab in labels], labels, loc=loc, ncols=ncols, frameon=False,
                                **kwargs)
            if ncols <= 1 or legend.get_window_extent(renderer).width <= 0.98 * fig.bbox.width:
                return legend
            legend.remove()
            ncols -= 1


def info_text(ax: Axes):
    """An empty text above ``ax`` (its title) for the current setting, updated by dashboards."""
    return ax.set_title("", fontsize="medium", loc="left")


def response_panels(ax_q: Axes, ax_fg: Axes) -> dict:
    """q_plus, q_minus (left) and F, G (right) against w, with the ideal device dashed (Figs. 2 and 6)."""
    lines = {}
    for key, ax, style in (("q_plus", ax_q, "-"), ("q_minus", ax_q, "--"), ("F", ax_fg, "-"), ("G", ax_fg, "-")):
        name, color = series(key)
        (lines[key],) = ax.plot([], [], color=color, label=name, linestyle=style)
    ref = series("reference")[1]
    ax_q.axhline(1.0, color=ref, linestyle=":", linewidth=1.5, label="ideal device")
    ax_fg.axhline(0.0, color=ref, linewidth=0.8)
    for key, ax in (("sym_q", ax_q), ("sym_fg", ax_fg)):
        (lines[key],) = ax.plot([], [], "|", color=series("theory")[1], markersize=25, markeredgewidth=2,
                                label="symmetric point")
    for ax in (ax_q, ax_fg):
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.set_xlabel("weight $w$")
    ax_q.set_ylabel("response factor")
    ax_q.set_title(r"pulse response $q_\pm(w)$")
    ax_fg.set_ylabel("component")
    ax_fg.set_title(r"$F = (q_- + q_+)/2$,  $G = (q_- - q_+)/2$")
    return lines


def set_response(lines: dict, curves: dict) -> None:
    """Fill :func:`response_panels` with ``curves`` from :func:`aimc_edu.experiments.devices.response_curves`."""
    for key in ("q_plus", "q_minus", "F", "G"):
        lines[key].set_data(curves["w"], curves[key])
    s = curves["symmetric_point"]
    lines["sym_q"].set_data([s], [curves["q_at_symmetric_point"]])
    lines["sym_fg"].set_data([s], [0.0])


__all__ = ["AXIS_LABELS", "Band", "FLOOR_LABEL", "FloorCurve", "LOSS_LABEL", "encode_png", "figure_legend",
           "finite_message", "floor_panel", "grid_ticks", "info_text", "linear_limits", "log_limits", "loss_panel",
           "image", "new_figure", "plain_log", "response_panels", "set_response", "shown", "to_png"]


def image(fig: Figure, dpi: float = 100):
    """``fig`` as an ``IPython.display.Image`` (shows in any notebook front end, no backend needed)."""
    from IPython.display import Image

    return Image(data=to_png(fig, dpi=dpi), format="png")
