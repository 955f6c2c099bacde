"""Export: write the whole site as a self-contained project that plain MkDocs can build.

``DIR/docs/`` gets every page, hand-written and generated, plus the other published files of
docs_dir; ``DIR/mkdocs.yml`` is the project's configuration without the ``discussion`` plugin,
with the Markdown extensions and navigation the plugin would have supplied. Because nothing in
it depends on this package, the result also builds with MkDocs-compatible generators.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.pages import Page

PLUGIN = "discussion"
TOOLTIPS = "content.tooltips"
"""Material's feature that shows titles as HTML, left out of the export."""


def published_files(docs_dir: Path, data_files: set[Path]) -> list[Path]:
    """Files of docs_dir that MkDocs would publish: not hidden, not the discussion's data."""
    out = []
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        hidden = any(part.startswith(".") for part in rel.parts)
        if path.is_file() and not hidden and path.resolve() not in data_files:
            out.append(path)
    return out


def handwritten_files(
    docs_dir: Path, data_files: set[Path], label: Callable[[Path], str] = Path.as_posix
) -> dict[str, str]:
    """Every published file of docs_dir, pages or not: docs path → the path to show in
    messages, as ``label`` names it."""
    return {
        path.relative_to(docs_dir).as_posix(): label(path)
        for path in published_files(docs_dir, data_files)
    }


def handwritten_pages(docs_dir: Path, data_files: set[Path]) -> dict[str, str]:
    """Markdown pages of docs_dir: docs path → the path to show in messages."""
    return {
        path.relative_to(docs_dir).as_posix(): path.as_posix()
        for path in published_files(docs_dir, data_files)
        if path.suffix == ".md"
    }


def _name(entry: Any) -> str:
    """The name of a plugin or extension entry: ``"search"`` or ``{"search": {...}}``."""
    return entry if isinstance(entry, str) else next(iter(entry))


def export_config(
    raw: dict[str, Any],
    *,
    extensions: list[str],
    nav: list | None,
    hidden: list[str],
    custom_dir: str | None,
    stylesheets: tuple[str, ...] = (),
    scripts: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The exported mkdocs.yml: ``raw`` without the plugin, pointing at ``docs/``, with the
    plugin's ``stylesheets`` and ``scripts`` listed first, as the plugin lists them."""
    config = {k: v for k, v in raw.items() if k not in {"docs_dir", "site_dir", "watch"}}
    config["docs_dir"] = "docs"
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):  # mkdocs.yml may give plugins as a mapping
        config["plugins"] = {k: v for k, v in plugins.items() if k != PLUGIN}
    else:
        config["plugins"] = [entry for entry in plugins if _name(entry) != PLUGIN]
    theme = raw.get("theme") or {"name": "material"}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme.pop("custom_dir", None)
    if custom_dir:
        theme["custom_dir"] = custom_dir
    if isinstance(theme.get("features"), list):
        # Material's tooltips show a title as HTML; without the plugin's Markdown extension
        # nothing escapes the titles of commentary links for them, so browsers show titles.
        theme["features"] = [f for f in theme["features"] if f != TOOLTIPS]
    config["theme"] = theme
    present = list(raw.get("markdown_extensions") or [])
    names = {_name(entry) for entry in present}
    config["markdown_extensions"] = present + [name for name in extensions if name not in names]
    for key, added in (("extra_css", stylesheets), ("extra_javascript", scripts)):
        listed = list(raw.get(key) or [])
        if added or listed:
            config[key] = [uri for uri in added if uri not in listed] + listed
    if nav is not None and "nav" not in raw:
        config["nav"] = nav
    if hidden:
        lines = [raw["not_in_nav"]] if raw.get("not_in_nav") else []
        config["not_in_nav"] = "\n".join(lines + [f"/{path}" for path in hidden]) + "\n"
    return config


def check_destination(dest: Path, project: Path, keep: list[Path]) -> str:
    """Why ``dest`` cannot receive an export of ``project``, or ``""`` when it can.

    The export replaces ``dest/docs/`` and ``dest/theme/``: the destination must not be,
    hold or lie inside the project's own folders (``keep``: docs_dir, the theme's
    custom_dir), nor be the project itself or another project that uses the plugin.
    """
    target, root = dest.resolve(), project.resolve()
    if target == root or root.is_relative_to(target):
        return f"{dest} is or holds the project itself; expected a folder of its own"
    for folder in map(Path.resolve, keep):
        if target.is_relative_to(folder) or folder.is_relative_to(target):
            return (
                f"{dest} overlaps the project's {folder.name}/, which the export would "
                "replace or copy into itself; expected a folder outside it"
            )
    config = target / "mkdocs.yml"
    if config.is_file() and PLUGIN in config.read_text(encoding="utf-8", errors="replace"):
        return f"{dest} is a project that uses the {PLUGIN} plugin; expected a new folder"
    return ""


def write_project(
    dest: Path,
    config: dict[str, Any],
    docs_dir: Path,
    files: list[Path],
    pages: list[Page],
    theme_dir: Path | None,
    replaced: dict[Path, str | None] | None = None,
    added: dict[str, bytes] | None = None,
) -> None:
    """Write ``dest/mkdocs.yml``, ``dest/docs/`` and, when given, ``dest/theme/``;
    ``replaced`` gives files to write with other text instead, or (``None``) not at all;
    ``added`` gives files of the plugin's own (``{path in docs: bytes}``)."""
    replaced = {path.resolve(): text for path, text in (replaced or {}).items()}
    docs = dest / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    for path in files:
        target = docs / path.relative_to(docs_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.resolve() not in replaced:
            shutil.copyfile(path, target)
        elif replaced[path.resolve()] is not None:
            target.write_text(replaced[path.resolve()], encoding="utf-8")
    for uri, data in (added or {}).items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_bytes(data)
    for page in pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    if theme_dir is not None:
        if (dest / "theme").exists():
            shutil.rmtree(dest / "theme")
        shutil.copytree(theme_dir, dest / "theme")
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)
    (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
