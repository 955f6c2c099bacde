"""``make build`` as maintainers run it: the site folder is always one whole, passing build.

A copy of the repository is built with the documented command; ``-o .venv/.installed``
tells make that the (linked) virtual environment is up to date, so nothing is installed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.publish.test_build import unstable_search_file

pytestmark = pytest.mark.slow


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        path = Path(name.decode())
        if path.parts[0] in ("tests", "bench", ".github"):
            continue
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        (copy / path).write_bytes((ROOT / path).read_bytes())
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def make_build(repository: Path) -> subprocess.Popen:
    environment = dict(os.environ, SOURCE_DATE_EPOCH="0", NO_MKDOCS_2_WARNING="1")
    return subprocess.Popen(
        ["make", "-o", ".venv/.installed", "build"],
        cwd=repository,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def files_of(site: Path) -> dict[str, bytes]:
    """Every file of the site, but those Pagefind writes in another order each run."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and not unstable_search_file(p.relative_to(site))
    }


def test_builds_started_at_once_take_turns_and_leave_one_whole_site(repository):
    first = make_build(repository)
    assert first.wait(300) == 0, first.stderr.read()
    reference = files_of(repository / "site")
    assert "404.html" in reference and "thread/index.html" in reference
    for _ in range(3):
        runs = [make_build(repository) for _ in range(2)]
        for run in runs:
            assert run.wait(300) == 0, run.stderr.read()
        assert files_of(repository / "site") == reference
    leftovers = [
        p.name for p in repository.iterdir() if p.name.startswith((".site-new", ".site-old"))
    ]
    assert leftovers == []


def test_a_failing_build_keeps_the_previous_site(repository):
    assert make_build(repository).wait(300) == 0
    before = files_of(repository / "site")
    themes = repository / "content" / "discussion" / "themes.yml"
    themes.write_text(themes.read_text() + "  - id: Bad Id\n", encoding="utf-8")
    run = make_build(repository)
    assert run.wait(300) != 0
    assert "themes.yml" in run.stderr.read()
    assert files_of(repository / "site") == before
