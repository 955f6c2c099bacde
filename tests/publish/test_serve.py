"""``mkdocs serve`` (what ``make serve`` runs): rebuilds when the discussion's data changes,
lets its live-reload script run under the policy, and shows content problems in the
browser instead of holding every request; every other build still fails on them.

The browser's side of live reload is in ``test_live_reload.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import string
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from mkdocs.livereload import _SCRIPT_TEMPLATE

from generator.publish.csp import allow_script, policy, sha256
from generator.publish.serve import allow_live_reload, injected_script, problems_page, script_shape
from tests.conftest import ROOT, mkdocs_build, run

SHAPE = script_shape(_SCRIPT_TEMPLATE.template)
BAD_ID = "  - id: Copy Right!\n"
"""A theme id the taxonomy refuses, in place of ``  - id: copyright``."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    """The page at ``url``, or "" when the server does not answer within 5 s (it holds
    requests while a build is failing)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError as err:
        if getattr(err, "code", None) == 404:
            return err.read().decode("utf-8")  # type: ignore[attr-defined]
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {text!r}")


def copy_project(folder: Path) -> Path:
    """A copy of the repository's site (content/, theme/, mkdocs.yml) in ``folder``."""
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def problem_lines(project: Path) -> list[str]:
    """What ``python -m generator check`` prints for ``project``: one line per problem."""
    checked = run(["-m", "generator", "check"], cwd=project)
    assert checked.returncode == 1, checked.stdout
    return checked.stderr.splitlines()


def break_theme_id(project: Path) -> str:
    """Make the taxonomy invalid; returns its text as it was."""
    themes = project / "content" / "discussion" / "themes.yml"
    text = themes.read_text(encoding="utf-8")
    themes.write_text(text.replace("  - id: copyright\n", BAD_ID), encoding="utf-8")
    return text


@dataclass
class Server:
    """A running ``mkdocs serve``."""

    project: Path
    """The project it serves."""
    base: str
    """``http://127.0.0.1:<port>``."""
    log: Path
    """What it writes to the terminal (MkDocs logs to stderr)."""

    def terminal(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def mkdocs_serve(
    project: Path, ready: tuple[str, str] = ("/thread/", "data-post-id")
) -> Iterator[Server]:
    """``mkdocs serve`` of ``project`` on a free port of 127.0.0.1, as ``make serve`` runs
    it, once the page at ``ready[0]`` shows ``ready[1]``; stopped afterwards."""
    port = free_port()
    log = project.parent / f"serve-{port}.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with log.open("w", encoding="utf-8") as stream:  # a pipe nobody reads would fill up
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stream,
        )
    served = Server(project, f"http://127.0.0.1:{port}", log)
    try:
        try:
            wait_for(served.base + ready[0], ready[1])
        except AssertionError:
            raise AssertionError(served.terminal()) from None
        yield served
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def served(tmp_path: Path):
    with mkdocs_serve(copy_project(tmp_path / "project")) as server:
        yield server


@pytest.mark.slow
def test_serve_reloads_when_thread_taxonomy_annotations_or_a_page_change(served):
    project, base = served.project, served.base
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


def shown_problems(html: str) -> list[str]:
    """The lines of the problems page's list, as a reader sees them."""
    match = re.search(r'<pre id="problems">(.*?)</pre>', html, re.DOTALL)
    assert match, "the page lists no problems"
    return unescape(match.group(1)).splitlines()


def script_sources(html: str) -> list[str]:
    """The sources of script-src in the page's policy."""
    match = re.search(
        r'http-equiv="Content-Security-Policy" content="[^"]*?script-src ([^;"]*)', html
    )
    assert match, "the page has no policy"
    return match.group(1).split()


@pytest.mark.slow
def test_serve_allows_its_live_reload_script_by_hash_only(served):
    base = served.base
    page = fetch(f"{base}/thread/")
    script = injected_script(page, SHAPE)
    assert script is not None and "livereload(" in script
    sources = script_sources(page)
    assert f"'{sha256(script.encode('utf-8'))}'" in sources
    assert "'unsafe-inline'" not in sources and "'self'" not in sources


@pytest.mark.slow
def test_serve_shows_content_problems_on_every_page_and_recovers(served):
    project, base = served.project, served.base
    original = break_theme_id(project)
    expected = problem_lines(project)
    assert expected and "Copy Right!" in expected[0]

    page = wait_for(f"{base}/thread/", "problems")
    assert shown_problems(page) == expected
    for url in ("/", "/themes/luddites/", "/no-such-page/"):  # any page, even a missing one
        assert "Copy Right!" in fetch(base + url)
    assert script_sources(page) == [f"'{sha256(injected_script(page, SHAPE).encode())}'"]
    for line in expected:
        assert line in served.terminal()

    (project / "content" / "discussion" / "themes.yml").write_text(original, encoding="utf-8")
    wait_for(f"{base}/thread/", "data-post-id")
    assert "Copy Right!" not in fetch(f"{base}/")


@pytest.mark.slow
def test_serve_starts_with_a_broken_file_and_shows_its_problems(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    original = break_theme_id(project)
    expected = problem_lines(project)
    with mkdocs_serve(project, ready=("/", "Copy Right!")) as server:
        assert shown_problems(fetch(f"{server.base}/about/")) == expected
        assert expected[0] in server.terminal()
        (project / "content" / "discussion" / "themes.yml").write_text(original, encoding="utf-8")
        wait_for(f"{server.base}/thread/", "data-post-id")


@pytest.mark.slow
def test_builds_still_fail_on_the_file_serve_shows(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    break_theme_id(project)
    expected = problem_lines(project)

    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 1
    assert expected[0] in built.stderr
    made = run(["-m", "generator", "build", "--site-dir", str(tmp_path / "made")], cwd=project)
    assert made.returncode == 1
    assert expected[0] in made.stderr


# generator.publish.serve and the serve allowance of generator.publish.csp, without a server.

LIVE_RELOAD = string.Template(_SCRIPT_TEMPLATE.template).substitute(epoch=17, request_id=42)


def served_page(body: str, scripts: str = "'sha256-AAAA'") -> str:
    """A page with a policy, as the plugin writes it, and the server's script appended."""
    return (
        f'<html><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
        f"script-src {scripts}; object-src 'none'\"></head>"
        f"<body>{body}<script>{LIVE_RELOAD}</script></body></html>"
    )


def test_injected_script_is_the_servers_live_reload_only():
    assert injected_script(served_page("<p>text</p>"), SHAPE) == LIVE_RELOAD
    assert injected_script(f"<p>no body tag</p><script>{LIVE_RELOAD}</script>", SHAPE)
    other = LIVE_RELOAD.replace("location.reload()", "alert(1)")
    assert injected_script(f"<body><script>{other}</script></body>", SHAPE) is None
    numbers = LIVE_RELOAD.replace("livereload(17, 42)", "livereload(17, alert(1))")
    assert injected_script(f"<body><script>{numbers}</script></body>", SHAPE) is None
    earlier = f"<body><script>{LIVE_RELOAD}</script><p>after</p></body>"
    assert injected_script(earlier, SHAPE) is None  # not where the server puts it


def test_allow_script_adds_that_hash_and_nothing_else():
    page = served_page("<p>text</p>")
    allowed = allow_script(page, LIVE_RELOAD)
    digest = f"'{sha256(LIVE_RELOAD.encode('utf-8'))}'"
    assert script_sources(allowed) == ["'sha256-AAAA'", digest]
    assert allowed.replace(f" {digest}", "") == page
    assert script_sources(allow_script(served_page("", "'none'"), LIVE_RELOAD)) == [digest]
    assert allow_script("<html><body>no policy</body></html>", "x") == (
        "<html><body>no policy</body></html>"
    )
    assert "script-src 'none'" in policy("<html></html>")  # what a page without scripts has


def test_allow_live_reload_rewrites_html_and_passes_the_rest():
    def server(environ, start_response):
        kind = "text/html" if environ["PATH_INFO"].endswith("/") else "text/plain"
        body = served_page("<p>é</p>").encode("utf-8")
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body)))])
        return [body]

    app = allow_live_reload(server, SHAPE)
    answers = []
    html = b"".join(app({"PATH_INFO": "/thread/"}, lambda *a: answers.append(a)))
    assert sha256(LIVE_RELOAD.encode("utf-8")) in html.decode("utf-8")
    assert dict(answers[0][1])["Content-Length"] == str(len(html))
    plain = b"".join(app({"PATH_INFO": "/livereload/1/2"}, lambda *a: answers.append(a)))
    assert plain == served_page("<p>é</p>").encode("utf-8")


def test_problems_page_shows_problems_as_text():
    hostile = 'commentary/x.md:3: raw HTML "<img src=x onerror=alert(1)>" \x91 & </pre>'
    page = problems_page([hostile, "a.yml:1: two"], "Site <b>")
    assert "<img" not in page and "</pre>\n</main>" in page and page.count("</pre>") == 1
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "\x91" not in page
    assert "Site &lt;b&gt;" in page and "2 problems" in page
