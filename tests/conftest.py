"""Shared test helpers: paths, real MkDocs builds, small sites in temporary folders."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.site_html import read_site

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"
"""Set UPDATE_GOLDEN=1 to rewrite golden files after a deliberate change."""


class flow(list):
    """A list written in YAML flow style (``[a, b]``) in golden files."""


class _GoldenDumper(yaml.SafeDumper):
    pass


_GoldenDumper.add_representer(
    flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)
_GoldenDumper.add_representer(
    str,
    lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|" if "\n" in v else None),
)


def write_golden(path: Path, data: dict) -> None:
    """Write a golden file readably: multi-line text as blocks, spans as one-line lists."""
    text = yaml.dump(data, Dumper=_GoldenDumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a command of this project's Python, capturing its output."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="0", **env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def mkdocs_build(project: Path, site: Path | None = None, config: str = "mkdocs.yml"):
    """``mkdocs build --strict`` (never with -q: that hides warnings from --strict)."""
    args = ["-m", "mkdocs", "build", "--strict", "-f", config]
    if site is not None:
        args += ["-d", str(site)]
    return run(args, cwd=project)


def make_project(
    folder: Path,
    thread: str,
    *,
    taxonomy: str | None = None,
    annotations: str | None = None,
    pages: dict[str, str] | None = None,
    extra_config: str = "",
    options: str = "",
) -> Path:
    """A minimal MkDocs project: mkdocs.yml, docs/ and the discussion's data files."""
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (folder / "thread.txt").write_text(textwrap.dedent(thread).lstrip(), encoding="utf-8")
    plugin = ["      sources: [thread.txt]"]
    if taxonomy is not None:
        (folder / "themes.yml").write_text(textwrap.dedent(taxonomy), encoding="utf-8")
        plugin.append("      taxonomy: themes.yml")
    if annotations is not None:
        (folder / "annotations.yml").write_text(textwrap.dedent(annotations), encoding="utf-8")
        plugin.append("      annotations: annotations.yml")
    for path, text in (pages or {}).items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(textwrap.dedent(text), encoding="utf-8")
    plugin += [f"      {line}" for line in textwrap.dedent(options).splitlines() if line]
    config = "\n".join(
        [
            "site_name: Test discussion",
            "theme: {name: material, font: false}",  # no fonts from a CDN
            "plugins:",
            "  - search",
            "  - discussion:",
            *plugin,
            "validation: {omitted_files: warn, absolute_links: warn, unrecognized_links: warn,"
            " anchors: warn}",
            textwrap.dedent(extra_config),
        ]
    )
    (folder / "mkdocs.yml").write_text(config + "\n", encoding="utf-8")
    return folder


def pytest_terminal_summary(terminalreporter):
    """Say how many hostile cases ran, as the hardening work promises."""
    from tests.test_hostile import FILES, POSTS

    terminalreporter.write_line(
        f"hostile corpus: {len(POSTS) + len(FILES)} cases "
        f"({len(POSTS)} posts shown or stripped, {len(FILES)} files refused)"
    )


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, for the whole session."""
    from tests.browsing import launch

    yield from launch()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """The real site, built once from the repository's mkdocs.yml into a temporary folder."""
    site = tmp_path_factory.mktemp("seed") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    result.site = site  # type: ignore[attr-defined]
    return result


@pytest.fixture(scope="session")
def seed_site(seed_build) -> Path:
    """Folder of the built real site."""
    return seed_build.site


@pytest.fixture(scope="session")
def seed_pages(seed_site: Path):
    """Every page of the real site, parsed."""
    return read_site(seed_site)
