"""Checks that a figure is lecture-grade: no clipped text, no text over another panel, no legend over data.

:func:`text_problems` lists what is wrong with a drawn figure in plain words (an empty list when all is
well); tests call it on every dashboard at every corner of its controls and on the notebooks' static
figures. :func:`fit_texts` makes texts fit their room (wraps long titles and labels, thins crowded ticks),
run by every dashboard and by :func:`aimc_edu.viz.plots.to_png` before drawing, so larger fonts (the
presentation mode) never clip. :func:`min_font_px` is the smallest text on screen, which the presentation
mode keeps >= 18 px.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator
from matplotlib.transforms import Bbox

from .style import course_style

TOLERANCE = 1.0
"""Pixels a text may stick out (anti-aliasing and rounding)."""


def _ticks(axis):
    """The tick labels drawn on ``axis`` (those inside its view interval, visible, not empty)."""
    drawn = axis._update_ticks()                  # the ticks matplotlib itself draws (inside the view)
    return [t for tick in drawn for t, on in ((tick.label1, tick.label1.get_visible()),
                                               (tick.label2, tick.label2.get_visible())) if on and t.get_text()]


def _legend_texts(legend: Legend) -> list[Text]:
    return [*legend.get_texts(), legend.get_title()]


def visible_texts(fig: Figure) -> list[tuple[object, str, Text]]:
    """Every text drawn on ``fig`` as (owner, kind, text): owner an Axes, a Legend or the figure itself."""
    out = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        groups = [("title", (ax.title, ax._left_title, ax._right_title)), ("annotation", ax.texts)]
        if ax.axison:
            groups += [("axis label", (ax.xaxis.label, ax.yaxis.label)),
                       ("tick label", (*_ticks(ax.xaxis), *_ticks(ax.yaxis))),
                       ("offset", (ax.xaxis.offsetText, ax.yaxis.offsetText))]
        out += [(ax, kind, t) for kind, ts in groups for t in ts]
        if ax.get_legend() is not None:
            out += [(ax.get_legend(), "legend", t) for t in _legend_texts(ax.get_legend())]
    for legend in fig.legends:
        out += [(legend, "legend", t) for t in _legend_texts(legend)]
    out += [(fig, "figure text", t) for t in (*fig.texts, fig._suptitle, fig._supxlabel, fig._supylabel) if t]
    seen, unique = set(), []
    for o, k, t in out:
        if id(t) not in seen and t.get_visible() and t.get_text().strip() and (not isinstance(o, Legend)
                                                                               or o.get_visible()):
            seen.add(id(t))
            unique.append((o, k, t))
    return unique


def min_font_px(fig: Figure, dpi: float = 72.0) -> float:
    """Smallest size in CSS px (size_pt * dpi / 72) of any visible text of ``fig`` shown at ``dpi`` CSS px/inch."""
    sizes = [t.get_fontsize() for _, _, t in visible_texts(fig)]
    return float(min(sizes)) * dpi / 72.0 if sizes else 0.0


def _inside(inner: Bbox, outer: Bbox, tol: float = TOLERANCE) -> bool:
    return (inner.x0 >= outer.x0 - tol and inner.y0 >= outer.y0 - tol and inner.x1 <= outer.x1 + tol
            and inner.y1 <= outer.y1 + tol)


def _overlap(a: Bbox, b: Bbox, tol: float = TOLERANCE) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > tol and min(a.y1, b.y1) - max(a.y0, b.y0) > tol


def _covers_data(box: Bbox, ax) -> bool:
    """True if a data artist of ``ax`` (line, marker, band) is drawn inside ``box``."""
    clip = Bbox.intersection(box, ax.bbox)
    if clip is None:
        return False
    for line in ax.lines:
        if not line.get_visible() or len(line.get_xdata()) == 0:
            continue
        path = line.get_transform().transform_path(line.get_path())
        if line.get_linestyle() not in ("None", "", " ", "none") and path.intersects_bbox(clip, filled=False):
            return True
        if line.get_marker() not in ("None", "", " ", "none", None):
            v = path.vertices
            if np.any((v[:, 0] > clip.x0) & (v[:, 0] < clip.x1) & (v[:, 1] > clip.y0) & (v[:, 1] < clip.y1)):
                return True
    for coll in ax.collections:
        if coll.get_visible() and any(coll.get_transform().transform_path(p).intersects_bbox(clip, filled=True)
                                      for p in coll.get_paths() if len(p.vertices)):
            return True
    return False


def _breaks(line: str) -> list[int]:
    """Positions where ``line`` may break: spaces outside $...$ math, only those after a comma if there are any
    (a list of settings breaks between its items, never inside 'L = 0.5')."""
    out, math = [], False
    for i, ch in enumerate(line):
        math ^= ch == "$"
        if ch == " " and not math and 0 < i < len(line) - 1:
            out.append(i)
    after_comma = [i for i in out if line[i - 1] == ","]
    return after_comma or out


def _wrap(text: Text, limit: float, renderer, along: int = 0) -> bool:
    """Break the lines of ``text`` that are longer than ``limit`` px (``along`` 0: width, 1: height) at the
    break nearest their middle, until each fits or cannot break. Returns True if the text changed."""
    def size(s: str) -> float:
        text.set_text(s)
        box = text.get_window_extent(renderer)
        return box.width if along == 0 else box.height
    original = text.get_text()
    lines = original.split("\n")
    i = 0
    while i < len(lines):
        spots = _breaks(lines[i])
        if spots and size(lines[i]) > limit:
            mid = min(spots, key=lambda j: abs(j - len(lines[i]) / 2))
            lines[i:i + 1] = [lines[i][:mid].rstrip(" "), lines[i][mid + 1:]]
            continue
        i += 1
    text.set_text("\n".join(lines))
    return text.get_text() != original


def fit_texts(fig: Figure, *, titles_only: bool = False) -> bool:
    """Make a figure's texts fit the room they have: wrap titles wider than their axes (suptitles wider than
    the figure) and axis labels longer than their axis, thin crowded tick labels (every other label of fixed
    ticks, about half as many linear or log ticks) and move an axes' legend that covers data out to the right
    of its axes (:func:`aimc_edu.viz.plots.figure_legend` narrows itself). Returns True if anything changed (then
    the caller draws again, so the layout makes room). Used by :func:`aimc_edu.viz.plots.to_png` and by every
    dashboard, so larger fonts (the presentation mode) never clip. With ``titles_only`` only the titles are
    wrapped (what a dashboard's move can change without changing its frame; the rest is redone at every frame).
    """
    renderer = fig.canvas.get_renderer()
    changed = False
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        width, height = ax.bbox.width, ax.bbox.height
        for t in (ax.title, ax._left_title, ax._right_title):
            if t.get_text():
                changed |= _wrap(t, 1.02 * width, renderer)
        if titles_only:
            continue
        if ax.axison:
            changed |= bool(ax.xaxis.label.get_text()) and _wrap(ax.xaxis.label, width, renderer)
            changed |= bool(ax.yaxis.label.get_text()) and _wrap(ax.yaxis.label, height, renderer, along=1)
            changed |= _thin(ax.xaxis, renderer) | _thin(ax.yaxis, renderer)
        legend = ax.get_legend()
        if legend is not None and legend.get_visible() and _covers_data(legend.get_window_extent(renderer), ax):
            title = legend.get_title()                 # move a legend that covers data out, to the right
            ax.legend(legend.legend_handles, [t.get_text() for t in legend.get_texts()], loc="upper left",
                      bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, prop=legend.prop,
                      title=title.get_text() or None, title_fontproperties=title.get_fontproperties())
            changed = True
    if fig._suptitle is not None and fig._suptitle.get_text():
        changed |= _wrap(fig._suptitle, 0.98 * fig.bbox.width, renderer)
    return changed


def _thin(axis, renderer) -> bool:
    """Crowded tick labels: label every other fixed tick (the marks stay at every value), or ask a linear axis
    for about half as many ticks. Returns True if the axis changed."""
    ticks = [t.label1 for t in axis._update_ticks() if t.label1.get_visible() and t.label1.get_text()]
    boxes = [t.get_window_extent(renderer) for t in ticks]
    if len(boxes) < 3 or not any(_overlap(a, b, 0.0) for a, b in zip(boxes, boxes[1:])):
        return False
    if axis.get_scale() == "linear" and not isinstance(axis.get_major_locator(), FixedLocator):
        axis.set_major_locator(MaxNLocator(nbins=max(2, len(boxes) // 2 - 1), steps=[1, 2, 2.5, 5, 10]))
        return True
    if axis.get_scale() == "log" and not isinstance(axis.get_major_locator(), FixedLocator):
        axis.set_major_locator(LogLocator(base=10, numticks=max(2, len(boxes) // 2)))
        return True
    if not isinstance(axis.get_major_locator(), FixedLocator):
        return False
    shown = list(axis.get_major_locator().tick_values(*axis.get_view_interval()))[::2]
    inner = axis.get_major_formatter()
    axis.set_major_formatter(FuncFormatter(lambda v, pos: inner(v, pos) if any(np.isclose(v, s) for s in shown)
                                           else ""))
    return True


def _name(text: Text) -> str:
    s = text.get_text().replace("\n", " ")
    return repr(s if len(s) <= 40 else s[:37] + "...")


def _log_ticks(fig: Figure) -> list[str]:
    out = []
    for i, ax in enumerate(fig.axes):
        for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
            if ax.axison and ax.get_visible() and scale == "log":
                labels = [t.get_text() for t in _ticks(axis)]
                if len(labels) < 2:
                    out.append(f"axes {i} ({ax.get_title() or ax.get_xlabel()!r}): log {axis.axis_name}-axis has "
                               f"{len(labels)} labelled tick(s) {labels}; a log axis needs at least 2")
    return out


def text_problems(fig: Figure, strict_legends: bool = False) -> list[str]:
    """What makes ``fig`` unreadable, in words (``[]`` when nothing does). Draws the figure first.

    Checks: every visible text (titles, axis and tick labels, legend texts, annotations, figure texts) lies
    inside the figure; no text lies inside the data area of an Axes other than its own; no two texts
    overlap (crowded tick labels included); no legend covers a data artist (with ``strict_legends``, no legend lies inside
    any data area at all: dashboards keep theirs outside, at fixed places); every log axis has at least 2
    labelled ticks. The figure is drawn in :func:`~aimc_edu.viz.style.course_style`, as the course shows it.

    Example:
        >>> from aimc_edu.viz.plots import new_figure
        >>> fig, (ax,) = new_figure(1)
        >>> _ = ax.set_xlabel("a label far too long for this figure " * 4)
        >>> text_problems(fig)[0].startswith("axis label")
        True
    """
    with course_style():                  # as the course renders it (tick locators read the rc font sizes)
        return _problems(fig, strict_legends)


def _problems(fig: Figure, strict_legends: bool) -> list[str]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    fig_box = fig.bbox
    problems = []
    texts = [(owner, kind, t, t.get_window_extent(renderer)) for owner, kind, t in visible_texts(fig)]
    axes = [(i, ax) for i, ax in enumerate(fig.axes) if ax.get_visible() and ax.axison]
    for owner, kind, t, box in texts:
        if not _inside(box, fig_box):
            problems.append(f"{kind} {_name(t)} is clipped: it spans x {box.x0:.0f}..{box.x1:.0f}, y {box.y0:.0f}.."
                            f"{box.y1:.0f} px, the figure {fig_box.width:.0f} x {fig_box.height:.0f} px")
        for i, ax in axes:
            if ax is not owner and kind != "legend" and _overlap(box, ax.bbox):   # legends: below
                problems.append(f"{kind} {_name(t)} lies inside the data area of axes {i} ({ax.get_title()!r})")
    for a in range(len(texts)):
        for b in range(a + 1, len(texts)):
            (_, ka, ta, ba), (_, kb, tb, bb) = texts[a], texts[b]
            if _overlap(ba, bb):
                problems.append(f"{ka} {_name(ta)} overlaps {kb} {_name(tb)}")
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend() is not None)]
    for legend in legends:
        if not legend.get_visible():
            continue
        box = legend.get_window_extent(renderer)
        for i, ax in axes:
            if strict_legends and _overlap(box, ax.bbox):
                problems.append(f"a legend lies inside the data area of axes {i} ({ax.get_title()!r})")
            elif _covers_data(box, ax):
                problems.append(f"a legend covers data of axes {i} ({ax.get_title()!r})")
    return problems + _log_ticks(fig)


__all__ = ["TOLERANCE", "fit_texts", "min_font_px", "text_problems", "visible_texts"]
