"""Exercise solutions never appear on a Voila page: an nbconvert preprocessor Voila runs on every notebook.

Voila converts a notebook with nbconvert before it executes it; :class:`HideSolutions` removes every cell
tagged "solution" and every folded ``<details><summary>Solution</summary> ... </details>`` block left in
other text cells, so the page shows the questions and the dashboards, not the answers (JupyterLab keeps
them, folded). The course's configuration files name it (:data:`PREPROCESSOR`):

    voila.json                               ``voila notebooks/02_analog_sgd.ipynb`` at the top folder
    jupyter-config/jupyter_server_config.json  JupyterLab's and Binder's Voila preview (``make lab``, binder/start)
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, List, Unicode

PREPROCESSOR = "aimc_edu.commands.hide_solutions.HideSolutions"
"""The dotted name the configuration files give Voila (``VoilaExporter.preprocessors``)."""
SOLUTION_BLOCK = re.compile(r"<details[^>]*>\s*<summary[^>]*>[^<]*\bsolution\b[^<]*</summary>.*?</details>[ \t]*\n?",
                            re.IGNORECASE | re.DOTALL)
"""A folded solution inside a text cell (notebook 07 keeps them between its questions)."""


class HideSolutions(Preprocessor):
    """Drop the cells tagged with :attr:`tags` and the folded solution blocks of the text cells."""

    enabled = Bool(True).tag(config=True)
    tags = List(Unicode(), ["solution", "exercise-solution"]).tag(config=True)

    def preprocess(self, nb, resources):
        """The notebook without its solutions (a cell left empty by removing its solution goes too)."""
        kept = []
        for cell in nb.cells:
            if set(self.tags) & set(cell.get("metadata", {}).get("tags", [])):
                continue
            if cell.cell_type == "markdown":
                cell.source = SOLUTION_BLOCK.sub("", cell.source)
                if not cell.source.strip():
                    continue
            kept.append(cell)
        nb.cells = kept
        return nb, resources
