"""The layout is the architecture: imports point one way, every module stays small and documented.

Allowed edges between the packages of aimc_edu (a package may always import itself). ``cli``,
``commands`` and ``__init__``/``__main__`` sit on top and may import anything.
"""

from __future__ import annotations

import ast
import inspect
import pathlib

import pytest

import aimc_edu

ROOT = pathlib.Path(aimc_edu.__file__).parent
ALLOWED = {
    "_validate": set(),
    "cache": set(),
    "numerics": set(),
    "devices": {"_validate", "numerics"},
    "problems": {"_validate"},
    "datasets": {"_validate"},
    "algorithms": {"_validate", "devices", "viz.style"},     # a registered algorithm brings its legend entry
    "engine": {"_validate", "algorithms", "problems"},
    "nn": {"_validate", "algorithms", "datasets", "devices"},  # recipes put the tiles on (pulse-level) devices
    "theory": {"_validate", "numerics", "devices"},
    "viz": {"viz.style"},
    "exercises": {"numerics", "theory"},
    "experiments": {"_validate", "numerics", "devices", "algorithms", "problems", "engine", "nn", "datasets",
                    "theory", "cache"},
    "dashboards": {"experiments", "viz"},
    "paper": {"_validate", "experiments", "viz"},
}
TOP = {"cli", "commands", "__init__", "__main__"}


def _package(module_path: pathlib.Path) -> str:
    rel = module_path.relative_to(ROOT).with_suffix("")
    return rel.parts[0]


def _imports(path: pathlib.Path) -> set[str]:
    """aimc_edu-internal imports of a module, as package names ('viz.style' kept whole for the style leaf)."""
    tree = ast.parse(path.read_text())
    package_parts = path.relative_to(ROOT).parent.parts
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if not (node.module or "").startswith("aimc_edu"):
                    continue
                parts = node.module.split(".")[1:]
            else:
                base = list(package_parts[: len(package_parts) - (node.level - 1)])
                parts = base + (node.module.split(".") if node.module else [])
            names = [parts + [alias.name] for alias in node.names] if not node.module or len(parts) <= 1 else [parts]
            for target in names:
                if target:
                    found.add(".".join(target[:2]) if target[:2] == ["viz", "style"] else target[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("aimc_edu."):
                    found.add(alias.name.split(".")[1])
    return found


MODULES = sorted(p for p in ROOT.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_one_way(path):
    package = _package(path)
    if package in TOP:
        return
    allowed = ALLOWED[package] | {package}
    if path.relative_to(ROOT).parts[:2] == ("viz", "style.py"):
        allowed = {"viz"}
    bad = {imp for imp in _imports(path) if imp not in allowed and not (imp == "viz.style" and "viz" in allowed)}
    assert not bad, f"{path.relative_to(ROOT)} ({package}) imports {sorted(bad)}; allowed: {sorted(allowed)}"


def test_the_style_leaf_imports_nothing_of_the_package():
    assert _imports(ROOT / "viz" / "style.py") == set()


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_over_350_lines(path):
    assert len(path.read_text().splitlines()) <= 350


def test_every_package_is_listed():
    packages = {_package(p) for p in MODULES}
    assert packages - TOP <= set(ALLOWED), packages - TOP - set(ALLOWED)


PUBLIC_API = ["aimc_edu.algorithms.base", "aimc_edu.algorithms.sgd", "aimc_edu.algorithms.tiki_taka", "aimc_edu.algorithms.stack",
              "aimc_edu.algorithms.registry", "aimc_edu.engine.simulate", "aimc_edu.engine.trace",
              "aimc_edu.engine.labelled", "aimc_edu.numerics", "aimc_edu.devices.registry"]


@pytest.mark.parametrize("module_name", PUBLIC_API)
def test_public_functions_have_docstrings_and_type_hints(module_name):
    import importlib
    module = importlib.import_module(module_name)
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module_name:
            continue
        members = [(name, obj)]
        if inspect.isclass(obj):
            members += [(f"{name}.{m}", f) for m, f in vars(obj).items()
                        if inspect.isfunction(f) and not m.startswith("_")]
        for label, fn in members:
            assert inspect.getdoc(fn), f"{module_name}.{label} has no docstring"
            if inspect.isfunction(fn):
                sig = inspect.signature(fn)
                assert sig.return_annotation is not inspect.Signature.empty or label.endswith("__init__"), \
                    f"{module_name}.{label} has no return annotation"
