"""The README's commands, as a newcomer reads them: two entry points first, every `make` target it names
exists, and every command from the environment (aimc-edu, pytest, voila, python) follows the activation
line in its block, so each block works when pasted into a fresh terminal at the repository's top folder."""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```bash\n(.*?)```", README, re.S)
ACTIVATE = "source .venv/bin/activate"
FROM_VENV = ("aimc-edu", "pytest", "voila", "python", "jupyter")


def commands(block: str) -> list[str]:
    """The command lines of a block (comments dropped, continuation lines joined)."""
    joined = block.replace("\\\n", " ")
    return [line.split("#")[0].strip() for line in joined.splitlines() if line.split("#")[0].strip()]


def test_readme_leads_with_the_two_entry_points():
    head = README.split("\n## ")[0]
    assert BLOCKS and BLOCKS[0] in head
    assert commands(BLOCKS[0]) == ["make lab", "make test"]


def test_every_command_from_the_environment_follows_the_activation_line():
    for block in BLOCKS[1:]:
        lines = commands(block)
        uses_venv = [line for line in lines if line.split()[0] in FROM_VENV]
        if uses_venv:
            assert lines[0] == ACTIVATE, f"block without '{ACTIVATE}' first: {lines}"


def test_every_make_target_the_readme_names_exists():
    named = set(re.findall(r"`make ([a-z-]+)", README)) | {c.split()[1] for b in BLOCKS for c in commands(b)
                                                         if c.startswith("make ")}
    makefile = (ROOT / "Makefile").read_text()
    defined = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    assert named and named <= defined, f"README names make targets the Makefile lacks: {sorted(named - defined)}"


def test_make_help_lists_every_target_with_a_line():
    if shutil.which("make") is None:
        pytest.skip("needs make")
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    phony = re.search(r"^\.PHONY: (.*)$", (ROOT / "Makefile").read_text(), re.M).group(1).split()
    for target in phony:
        assert re.search(rf"^\s+make {re.escape(target)}\s+\S", out, re.M), f"make help does not list {target}"


def test_readme_has_no_placeholder_left():
    """No OWNER-style stand-in and no ALL_CAPS_NAME that is neither a make variable nor an AIMC_ setting."""
    variables = set(re.findall(r"^([A-Z_]+)\s*[?:]?=", (ROOT / "Makefile").read_text(), re.M))
    caps = set(re.findall(r"\b[A-Z]{2,}_[A-Z0-9_]+\b", README))
    assert "OWNER" not in README
    assert {c for c in caps if not c.startswith("AIMC_")} <= variables
