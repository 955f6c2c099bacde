"""``make serve`` as a maintainer uses it: a page open in Chromium follows each save by
itself, with no Content-Security-Policy violation, and shows content problems until the
next good save. Every test runs a real ``mkdocs serve`` of a copy of the repository's site.

Nothing here calls ``reload()``: only the page's own live-reload script brings changes.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browsing import open_page
from tests.publish.test_serve import copy_project, mkdocs_serve, problem_lines, script_sources

pytestmark = pytest.mark.slow

SECONDS = 10
"""How long a save may take to show in the open page."""
CSP = re.compile(r"Content.Security.Policy|securitypolicyviolation", re.IGNORECASE)


@pytest.fixture
def server(tmp_path: Path):
    with mkdocs_serve(copy_project(tmp_path / "project")) as served:
        yield served


@pytest.fixture
def tab(browser, server):
    """A page of the served site, with every console message it logs (reloads included)
    and a console error for each policy violation."""
    context, page, watch = open_page(browser, server.base)
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'securitypolicyviolation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield page, console
    context.close()
    assert not [line for line in console if CSP.search(line)], console
    assert (watch.offsite, watch.dialogs, watch.errors) == ([], [], [])


def edit(path: Path, change: Callable[[str], str]) -> str:
    """Save ``path`` changed by ``change``; returns the text it had."""
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the edit does not apply to {path}"
    path.write_text(changed, encoding="utf-8")
    return text


def replace(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


def append(line: str) -> Callable[[str], str]:
    return lambda text: text.rstrip("\n") + f"\n\n{line}\n"


def live_reloads(console: list[str]) -> int:
    """How many times a page's live-reload script ran (it says so in the console)."""
    return sum("Enabled live reload" in line for line in console)


def wait_for_live_reload(page, console: list[str], seen: int) -> None:
    """Return once the page has loaded again and its live-reload script runs: it comes
    after the page's other scripts, which a save made now would leave half-loaded."""
    deadline = time.monotonic() + SECONDS
    while live_reloads(console) == seen:
        assert time.monotonic() < deadline, f"live reload never started on {page.url}: {console}"
        page.wait_for_timeout(100)
    page.wait_for_load_state("load")


def open_and_wait_for_live_reload(page, url: str, console: list[str]) -> None:
    """Open ``url``; return once its live-reload script runs."""
    seen = live_reloads(console)
    page.goto(url)
    wait_for_live_reload(page, console, seen)


def test_the_open_page_follows_each_save(server, tab):
    page, console = tab
    project = server.project
    data, commentary = project / "content" / "discussion", project / "content" / "commentary"
    saves = [
        ("/", data / "intro.md", append("Added while serving: the intro."), "the intro."),
        (
            "/commentary/use-is-not-copy/",
            commentary / "use-is-not-copy.md",
            append("Added while serving: a commentary paragraph."),
            "a commentary paragraph.",
        ),
        (
            "/themes/luddites/",
            data / "themes.yml",
            replace("title: The Luddite parallel", "title: Looms and Luddites"),
            "Looms and Luddites",
        ),
        (
            "/thread/",
            data / "annotations.yml",
            replace('Answers srcrist\'s "And this is even settled law".', "Quotes settled law."),
            "Quotes settled law.",
        ),
    ]
    seconds = []
    for url, path, change, text in saves:
        open_and_wait_for_live_reload(page, server.base + url, console)
        assert text not in page.locator("body").inner_text()
        start = time.monotonic()
        edit(path, change)
        expect(page.locator("body")).to_contain_text(text, timeout=SECONDS * 1000)
        seconds.append(time.monotonic() - start)
        sources = script_sources(page.content())
        assert "'unsafe-inline'" not in sources and "'self'" not in sources
    median = statistics.median(seconds)
    print(f"save to page: {[round(s, 2) for s in seconds]} s, median {median:.2f} s")


def test_a_content_problem_shows_in_the_open_page_until_the_next_good_save(server, tab):
    page, console = tab
    project = server.project
    themes = project / "content" / "discussion" / "themes.yml"
    notes = project / "content" / "discussion" / "annotations.yml"
    essay = project / "content" / "commentary" / "use-is-not-copy.md"
    breaks = [
        (themes, replace("  - id: copyright\n", "  - id: Copy Right!\n")),
        (essay, append('Raw HTML: <img src="x" onerror="alert(1)"> and <b>bold</b>.')),
        (notes, replace("posts:\n", "posts:\n  0000000000:\n    note: For no post.\n")),
    ]
    open_and_wait_for_live_reload(page, server.base + "/thread/", console)
    for path, change in breaks:
        original = edit(path, change)
        expected = problem_lines(project)
        problems = page.locator("#problems")
        expect(problems).to_be_visible(timeout=SECONDS * 1000)
        expect(problems).to_have_text("\n".join(expected), timeout=SECONDS * 1000)
        assert page.locator("img, b").count() == 0  # quoted markup stays text
        for line in expected:
            assert line in server.terminal()

        other = page.context.new_page()  # any page opened meanwhile shows them too
        other.goto(server.base + "/people/")
        expect(other.locator("#problems")).to_have_text("\n".join(expected))
        other.close()

        seen = live_reloads(console)
        path.write_text(original, encoding="utf-8")
        expect(page.locator("[data-post-id]").first).to_be_attached(timeout=SECONDS * 1000)
        expect(page.locator("#problems")).to_have_count(0)
        wait_for_live_reload(page, console, seen)  # the site is back, live again


def test_a_built_site_allows_no_inline_script_nor_any_file_of_its_own(seed_site: Path):
    pages = sorted(seed_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        sources = script_sources(path.read_text(encoding="utf-8"))
        assert sources and all(s.startswith("'sha256-") for s in sources), path
