"""``mkdocs serve`` (what ``make serve`` runs) rebuilds when the discussion's data changes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {text!r}")


@pytest.fixture
def served(tmp_path: Path):
    project = tmp_path / "project"
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/thread/", "data-post-id")
        yield project, f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_reloads_when_thread_taxonomy_annotations_or_a_page_change(served):
    project, base = served
    page = fetch(f"{base}/thread/")
    assert "livereload" in page
    data = project / "content" / "discussion"

    with (data / "thread.txt").open(
        "a", encoding="utf-8"
    ) as stream:  # the seed has no final newline
        stream.write("\n@mark A brand-new reply about looms and weavers.\n")
    wait_for(f"{base}/thread/", "A brand-new reply about looms and weavers.")

    themes = (data / "themes.yml").read_text(encoding="utf-8")
    (data / "themes.yml").write_text(
        themes.replace("title: The Luddite parallel", "title: Looms and Luddites")
    )
    wait_for(f"{base}/themes/luddites/", "Looms and Luddites")

    notes = (data / "annotations.yml").read_text(encoding="utf-8")
    (data / "annotations.yml").write_text(
        notes.replace('Answers srcrist\'s "And this is even settled law".', "Quotes settled law.")
    )
    wait_for(f"{base}/thread/", "Quotes settled law.")

    about = project / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA line added while serving.\n")
    wait_for(f"{base}/about/", "A line added while serving.")
