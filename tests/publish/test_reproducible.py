"""Builds are byte-identical whatever the machine's settings, and `make build` is atomic."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.publish.test_build import unstable_search_file

pytestmark = pytest.mark.slow


def tree(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with the SHA-256 of its bytes, but Pagefind's filter
    index and metadata (:func:`unstable_search_file`)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not unstable_search_file(path.relative_to(folder))
    }


def build(site: Path, **env: str) -> None:
    environment = {k: v for k, v in os.environ.items() if k not in {"LANG", "LC_ALL", "TZ"}}
    environment.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000", **env)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def test_two_builds_on_differently_set_machines_are_byte_identical(tmp_path):
    build(tmp_path / "one", PYTHONHASHSEED="1", TZ="UTC", LC_ALL="C.UTF-8")
    build(tmp_path / "two", PYTHONHASHSEED="4242", TZ="Pacific/Chatham", LANG="C")
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len(one) > 50
    assert one == two


def copy_project(dest: Path) -> Path:
    """The files `make build` needs, with their times, beside the existing virtualenv."""
    for name in ("content", "theme", "generator"):
        shutil.copytree(ROOT / name, dest / name)
    for name in ("mkdocs.yml", "Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy2(ROOT / name, dest / name)
    return dest


VENV = ROOT / ".venv"


def make_build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        # -o: the shared virtualenv is taken as it is; make must never remake it from a copy
        ["make", "--no-print-directory", "-o", str(VENV / ".installed"), "build", f"VENV={VENV}"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_failing_build_leaves_the_previous_site_untouched(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    project = copy_project(tmp_path / "project")
    first = make_build(project)
    assert first.returncode == 0, first.stdout + first.stderr
    before = tree(project / "site")
    assert "thread/index.html" in before
    themes = project / "content" / "discussion" / "themes.yml"
    themes.write_text(themes.read_text() + "  - id: Not An Id\n", encoding="utf-8")
    second = make_build(project)
    assert second.returncode != 0
    assert "field 'id': invalid value" in second.stdout + second.stderr
    assert tree(project / "site") == before
    assert not (project / ".site-new").exists()
