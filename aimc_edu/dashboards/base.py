"""The one dashboard design of the course: controls -> compute -> draw -> an image in an Output widget.

A dashboard subclasses :class:`Dashboard` and defines two methods:

    compute(**values) -> data     fetch what the current control values select (experiments, cached)
    draw(data) -> message         move the figure's artists in place; return '' or a notice

Everything else is shared: the controls' layout (rows that wrap on narrow screens, every control at
least :data:`MIN_CONTROL_WIDTH` wide so a slider's track stays usable, labels aligned at
:data:`LABEL_WIDTH`), the update on every change (or on a Run button), the rendering (a pyplot-free Agg
figure; when the frame is unchanged only the data artists are redrawn onto a cached background; the
frame, and with it the constrained layout, is redrawn whenever limits, scales, labels or ticks change
or a text that changes per move outgrows its room -- a title its axes' width, a text inside an axes that
axes' area, any other text the largest extent it had -- and a frame seen before is restored with its layout
instead of drawn again; controls named in ``prime`` are moved through their options once when the
dashboard is built, so that each of their frames is drawn then, not on the reader's move), and one error path: any
exception or warning becomes a readable message in the same ``Output`` that shows the image. The
output is set as data (``Output.outputs``), so it works identically in JupyterLab, Voila, Colab,
nbval and headless tests, where ``board.controls["tau"].value = 2.0`` redraws and ``board.figure``
holds the updated artists.
"""

from __future__ import annotations

import base64
import functools
import html
import warnings

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from ..viz.frames import fit_texts, min_font_px
from ..viz.plots import encode_png
from ..viz.style import course_style, render_scale

LABEL_WIDTH = "140px"
"""Width of every control's description, so the controls of a column line up."""
CONTROL_WIDTH = "350px"
"""Width of a control (description, track and readout)."""
MIN_CONTROL_WIDTH = "300px"
"""A control never shrinks below this (its track stays usable); rows wrap instead."""
FRAMES_KEPT = 16
"""How many frames (background image, axes positions, rooms of the changing texts) a dashboard keeps."""
READABLE_PX = 9.0
"""On a narrow screen the image shrinks only until its smallest text is this many CSS px; then it scrolls."""


def option_values(widget) -> list:
    """The values of a control with a list of options (select slider, dropdown, toggle buttons, multi-select).

    Example:
        >>> option_values(select_slider("τ (tau)", (0.5, 1.0), 1.0))
        [0.5, 1.0]
    """
    return [o[1] if isinstance(o, tuple) else o for o in widget.options]


def control_layout(width: str = CONTROL_WIDTH) -> W.Layout:
    """The layout of one control: ``width`` wide, never narrower than :data:`MIN_CONTROL_WIDTH`."""
    return W.Layout(width=width, min_width=MIN_CONTROL_WIDTH, flex="0 1 auto")


def select_slider(description: str, options, value, fmt: str = "{:g}") -> W.SelectionSlider:
    """A slider over a fixed list of values (those the dashboard precomputed), clamped by construction.

    Example:
        >>> tau = select_slider("τ (tau)", (0.5, 1.0, 2.0), 1.0)
        >>> tau.value, tau.continuous_update
        (1.0, False)
    """
    return W.SelectionSlider(options=[(fmt.format(v), v) for v in options], value=value, description=description,
                             continuous_update=False, style={"description_width": LABEL_WIDTH},
                             layout=control_layout())


def float_slider(description: str, low: float, high: float, value: float, step: float, log: bool = False,
                 fmt: str = ".3g") -> W.Widget:
    """A float slider clamped to [low, high] (log-spaced if ``log``), updating on release."""
    common = dict(value=value, description=description, continuous_update=False, readout_format=fmt,
                  style={"description_width": LABEL_WIDTH}, layout=control_layout())
    if log:
        return W.FloatLogSlider(min=np.log10(low), max=np.log10(high), step=step, **common)
    return W.FloatSlider(min=low, max=high, step=step, **common)


class Dashboard:
    """Base class: see the module docstring. Subclasses call ``super().__init__`` last.

    Args:
        controls: {name: widget}; their values are passed to :meth:`compute` by name.
        figure: the Agg figure :meth:`draw` updates.
        rows: names of the controls per row (rows wrap on narrow screens).
        run_button: a label: compute only when that button is pressed (long runs); None: on every change.
        dpi: CSS pixels per figure inch; ``scale``: device pixels per CSS pixel (default 1; 2 in presentation mode).
        blit: redraw only the data artists while the frame (limits, scales, labels) is unchanged.
        prime: names of controls whose options change the frame (e.g. 02's right-panel buttons): each of their
            frames is drawn once at build time and kept (at most :data:`FRAMES_KEPT` frames are kept).

    Attributes:
        controls (also ``sliders``), figure, output (the ``Output`` widget), widget (the whole dashboard),
        message (the last notice, '' when all is well), png (the last image), data (the last computed
        data), renders (successful draws), full_draws (frame redraws).
    """

    def __init__(self, controls: dict, figure: Figure, rows: list[list[str]], *, run_button: str | None = None,
                 dpi: float = 72, scale: float | None = None, blit: bool = True, prime: tuple = ()):
        self.controls = self.sliders = controls
        scale = render_scale() if scale is None else scale
        self.figure, self.dpi, self.scale, self.blit = figure, dpi, scale, blit
        self.message, self.png, self.data, self.renders, self.full_draws = "", b"", None, 0, 0
        self._background, self._frame_key, self._dynamic, self._reserved = None, None, [], {}
        self._layout, self._frames = None, {}
        figure.set_dpi(dpi * scale)
        self.output = W.Output(layout=W.Layout(width="100%"))
        self.button = None
        rows_box = [W.HBox([controls[n] for n in row], layout=W.Layout(flex_flow="row wrap", width="100%",
                                                                       align_items="center"))
                    for row in rows]
        if run_button:
            self.button = W.Button(description=run_button, button_style="primary", icon="play")
            self.button.on_click(lambda _: self.update())
        else:
            for widget in controls.values():
                widget.observe(lambda _change: self.update(), names="value")
        self.widget = W.VBox([*rows_box, *([self.button] if self.button else []), self.output])
        if not run_button:
            self.update()
            self._prime(prime)

    def __init_subclass__(cls, **kwargs):
        """A subclass's ``__init__`` runs inside :func:`~aimc_edu.viz.style.course_style` (restored after), so
        the artists it makes (legends, texts, lines) get the course's (or the presentation mode's) sizes."""
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None:
            @functools.wraps(init)
            def styled_init(self, *args, **kw):
                with course_style():
                    init(self, *args, **kw)
            cls.__init__ = styled_init

    # -- what subclasses define ------------------------------------------------------------------
    def compute(self, **values):
        """The data the current control values select (subclasses)."""
        raise NotImplementedError

    def draw(self, data) -> str:
        """Move the figure's artists to show ``data``; return '' or a notice for the reader (subclasses)."""
        raise NotImplementedError

    # -- shared machinery --------------------------------------------------------------------------
    @property
    def values(self) -> dict:
        """The controls' current values by name."""
        return {name: widget.value for name, widget in self.controls.items()}

    def set(self, **values) -> None:
        """Move several controls (each move redraws)."""
        for name, value in values.items():
            self.controls[name].value = value

    def update(self) -> None:
        """Compute, draw and show the current setting; any failure becomes the message instead."""
        message, png = "", b""
        try:
            with warnings.catch_warnings(), course_style():
                warnings.simplefilter("error")          # a warning is a bug here: surface it as a message
                data = self.compute(**self.values)
                message = self.draw(data) or ""
                png = self._render()
            self.data = data
            self.renders += 1
        except Exception as err:                        # shown to the reader, never a traceback
            message = f"Could not draw this setting: {type(err).__name__}: {err}"
        self.message = message
        self.png = png or self.png
        self._show(message, png)

    def _frame(self) -> tuple:
        """What the static background shows: limits, scales, labels and ticks of every axes."""
        return tuple((ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(), ax.get_xlabel(),
                      ax.get_ylabel(), tuple(ax.get_xticks()), tuple(ax.get_yticks())) for ax in self.figure.axes)

    def _prime(self, names) -> None:
        """Draw the frame of every option of the controls ``names`` (kept for their moves), then the default again."""
        if not (names and self.blit):
            return
        for name in names:
            widget = self.controls[name]
            default = widget.value
            for value in option_values(widget):
                if value != default:
                    widget.value = value
            widget.value = default

    def _texts_fit(self) -> bool:
        """True if every changing text (titles, annotations) lies within its room at the current frame."""
        renderer = self.figure.canvas.get_renderer()
        for artist in self._dynamic:
            if isinstance(artist, Text) and artist.get_text():
                box, room = artist.get_window_extent(renderer), self._reserved.get(id(artist))
                # horizontally within its room, and no taller (the layout sets a title's height above the axes
                # only at a full draw, so its y may differ by a few px before one: compare heights)
                if room is None or box.x0 < room.x0 - 0.5 or box.x1 > room.x1 + 0.5 or box.height > room.height + 0.5:
                    return False
        return True

    def _room(self, artist: Text, renderer) -> Bbox:
        """The room of a changing text at this layout: a title may use its axes' width, a text inside an axes
        that axes' area (the frame tests check it never covers data), any other text only its own extent."""
        box, ax = artist.get_window_extent(renderer), artist.axes
        if ax is None:
            return box
        span = ax.get_window_extent(renderer)
        if artist in (ax.title, ax._left_title):
            return Bbox([[min(box.x0, span.x0), box.y0], [max(box.x1, span.x1), box.y1]])
        if span.x0 <= box.x0 and box.x1 <= span.x1 and span.y0 <= box.y0 and box.y1 <= span.y1:
            return Bbox.union([box, span])
        return box

    def _restore(self, frame: tuple) -> bool:
        """Show a frame drawn before: its background, axes positions and rooms. False if a text no longer fits."""
        background, positions, reserved = self._frames[frame]
        for ax, (original, active) in zip(self.figure.axes, positions):
            ax._set_position(original, which="original")
            ax._set_position(active, which="active")
        self._background, self._frame_key, self._reserved = background, frame, reserved
        self._layout = tuple(active.bounds for _, active in positions)
        self.figure.canvas.restore_region(background)
        return self._texts_fit()

    def _full_draw(self) -> None:
        """Draw the frame (layout recomputed; data artists animated, so left out) and keep it."""
        canvas = self.figure.canvas
        for artist in self._dynamic:
            artist.set_animated(False)
        self._dynamic = [a for ax in self.figure.axes for a in (*ax.lines, *ax.collections, *ax.texts,
                                                                  ax.title, ax._left_title)] if self.blit else []
        for artist in self._dynamic:
            artist.set_animated(True)
        fit_texts(self.figure)                          # wrap long labels, thin crowded ticks, before the layout
        canvas.draw()                                   # layout + the frame alone (data artists are animated)
        for _ in range(3):                              # the new layout left a text too little room
            if not fit_texts(self.figure):
                break
            canvas.draw()
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self._frame_key = self._frame()
        renderer = canvas.get_renderer()
        layout = tuple(ax.get_position().bounds for ax in self.figure.axes)
        if layout != self._layout:                      # the axes moved: the room of every text is measured anew
            self._reserved, self._layout = {}, layout
        else:
            self._reserved = dict(self._reserved)
        for artist in self._dynamic:                    # room of a changing text: the largest it had in this layout
            if isinstance(artist, Text):
                room, old = self._room(artist, renderer), self._reserved.get(id(artist))
                self._reserved[id(artist)] = room if old is None else Bbox.union([room, old])
        if self.blit:
            positions = [(ax.get_position(original=True).frozen(), ax.get_position().frozen())
                         for ax in self.figure.axes]
            self._frames.pop(self._frame_key, None)
            self._frames[self._frame_key] = (self._background, positions, self._reserved)
            while len(self._frames) > FRAMES_KEPT:      # the oldest first
                self._frames.pop(next(iter(self._frames)))
        self.full_draws += 1

    def _render(self) -> bytes:
        """PNG of the figure: the data artists blitted onto the frame's background when the frame is the current
        one or one kept from before and every changing text fits its room; else the full figure, laid out anew."""
        canvas = self.figure.canvas
        fit_texts(self.figure, titles_only=True)        # wrap a title wider than its axes (it then outgrows its
        frame = self._frame()                           # room: the frame is redrawn, and every text fitted)
        current = self.blit and self._background is not None and frame == self._frame_key and self._texts_fit()
        if current:
            canvas.restore_region(self._background)
        elif not (self.blit and frame != self._frame_key and frame in self._frames and self._restore(frame)):
            self._full_draw()
        for artist in self._dynamic:
            self.figure.draw_artist(artist)
        return encode_png(np.asarray(canvas.buffer_rgba()))

    def _show(self, message: str, png: bytes) -> None:
        """Replace the Output's content by the message (if any) and the image, atomically (no page jump)."""
        parts = []
        if message:
            parts.append(f"<p style='color:#D55E00;font-weight:bold;margin:4px 0'>{html.escape(message)}</p>")
        if png:
            w = round(self.figure.get_figwidth() * self.dpi)
            font = self.min_font_px()
            narrowest = round(min(w, w * READABLE_PX / font)) if font else w
            parts.append(f"<div style='overflow-x:auto;max-width:100%'><img alt='dashboard figure' "
                         f"data-css-width='{w}' data-min-font-px='{font:.2f}' "
                         f"style='width:{w}px;max-width:max(100%, {narrowest}px);height:auto;display:block' "
                         f"src='data:image/png;base64,{base64.b64encode(png).decode()}'/></div>")
        bundle = {"text/html": "".join(parts), "text/plain": message or "<dashboard figure>"}
        self.output.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)

    def min_font_px(self) -> float:
        """Smallest text of the figure in CSS px at its full width (size in pt x dpi / 72, every visible text)."""
        with course_style():                            # the ticks drawn are those of the course's style
            return min_font_px(self.figure, self.dpi)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
