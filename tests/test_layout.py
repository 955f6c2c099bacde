"""The package's folders read like its pipeline, and stay that way.

- One subpackage per stage: ``sources`` (read), ``editorial`` (the editors' and
  contributors' data), ``pages`` (render), ``publish`` (the adapters); the model, linking,
  the nothing-lost check and the pipeline at the top.
- Nothing imports "up" the pipeline: a stage imports only what comes before it.
- ``publish/plugin.py`` is the only module that imports MkDocs.
- No module is over 400 lines; each subpackage says in a docstring what lives in it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"
LIMIT = 400
LAYERS = {
    # shared by every stage
    "generator": 0,
    "generator.model": 0,
    "generator.errors": 0,
    "generator.checks": 0,
    "generator.text": 0,
    "generator.urls": 0,
    "generator.i18n": 0,
    # the stages, in order
    "generator.sources": 1,
    "generator.editorial": 2,
    "generator.infer": 3,
    "generator.link": 3,
    "generator.verify": 3,
    "generator.pages": 4,
    "generator.summary": 5,
    "generator.pipeline": 5,
    "generator.publish": 6,
    "generator.__main__": 7,
}
"""Each module's layer, by its name or its package's: a module imports only lower layers
or its own."""


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, path))
    return found


def layer(name: str) -> int:
    while name not in LAYERS:
        name = name.rsplit(".", 1)[0]
    return LAYERS[name]


def imports(path: Path) -> list[str]:
    """The modules ``path`` imports when it runs (not those imported for type checkers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for child in ast.walk(node)
    }
    names = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


@pytest.mark.parametrize(("name", "path"), modules(), ids=[name for name, _ in modules()])
def test_nothing_imports_up_the_pipeline(name, path):
    own = layer(name)
    upward = [
        imported
        for imported in imports(path)
        if imported.startswith("generator.") and imported in _known() and layer(imported) > own
    ]
    assert upward == [], f"{name} (layer {own}) imports a later stage"


def _known() -> set[str]:
    return {name for name, _ in modules()}


def test_only_the_plugin_imports_mkdocs():
    importers = [
        name
        for name, path in modules()
        if any(i == "mkdocs" or i.startswith("mkdocs.") for i in imports(path))
    ]
    assert importers == ["generator.publish.plugin"]


def test_no_module_is_over_400_lines():
    long = {
        path.relative_to(ROOT).as_posix(): length
        for _, path in modules()
        if (length := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert long == {}


def test_every_package_says_what_lives_in_it():
    for name, path in modules():
        if path.name == "__init__.py":
            docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
            assert docstring and len(docstring) > 40, name


def test_the_stages_are_the_packages():
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages == ["editorial", "pages", "publish", "sources"]
