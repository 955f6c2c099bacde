"""The search rows of ``make bench``: what a reader's first search costs, and what the index
costs the build, beside Material's own search index in the same run.

For each built site (:func:`measure`):

- **index build**: the seconds the plugin's build log gives for the Pagefind index, built
  in a thread while MkDocs writes the pages, and those the build then waited for it (what
  the index adds to the build), also as a share of the build;
- **first search**: headless Chromium opens ``/thread/`` of the site served on 127.0.0.1
  with an empty cache, clicks the search box and types :data:`QUERY`; every file of
  ``pagefind/`` fetched from the page's load until the results are complete is counted, in
  bytes as served (Pagefind compresses its index files itself);
- **time to first results**: from the first and from the last key press (keys
  :data:`TYPING` ms apart) to the first result in the list, in the page's own clock; the
  median of :data:`RUNS` fresh pages, each with an empty cache;
- **Material's index**: the size of ``search/search_index.json`` of the same site built
  with the plugin's ``search: material`` (the one file Material's search loads, whole,
  before its first result). Only for the synthetic sites, whose mkdocs.yml lives in the
  benchmark's own folder.

Without Chromium (``/usr/bin/chromium``) the browser rows show "—".
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import statistics
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
QUERY = "copyright"
"""What the reader types: a word of many posts in the seed and the synthetic threads."""
RUNS = 5
"""Fresh pages whose time to first results gives the median."""
INDEX_LINE = re.compile(
    r"discussion: search index of (\d+) documents in ([\d.]+) s; the build waited ([\d.]+) s"
)

_FIRST_RESULT = """
() => {
  const list = document.querySelector(".md-search-result__list");
  const input = document.querySelector(".md-search__input");
  let first = null, last = null;
  input.addEventListener("keydown", () => {
    last = performance.now();
    if (first === null) first = last;
  });
  new MutationObserver((changes, observer) => {
    // results for the whole word (a pause while typing may show a prefix's first)
    if (list.children.length && first !== null && list.dataset.query === input.value.trim()) {
      observer.disconnect();
      const now = performance.now();
      window.__firstResults = [now - first, now - last];
    }
  }).observe(list, { childList: true });
}
"""
_DONE = """
() => {
  const list = document.querySelector(".md-search-result__list");
  const done = list.getAttribute("aria-busy") === "false";
  const input = document.querySelector(".md-search__input").value.trim();
  return window.__firstResults !== undefined && done && list.dataset.query === input;
}
"""
TYPING = 30
"""Milliseconds between key presses: a fast typist."""


@dataclass
class Figures:
    """What the search rows show for one site."""

    index_seconds: float | None = None
    """Seconds the plugin spent on the search index, from its build log."""
    waited_seconds: float | None = None
    """Seconds the build waited for the index once every page was written."""
    documents: int | None = None
    """Documents in the index."""
    folder_bytes: int | None = None
    """Size of ``pagefind/`` in the site."""
    first_bytes: int | None = None
    """Bytes of ``pagefind/`` a first search downloads."""
    first_sent: int | None = None
    """The same bytes as a static host sends them, compressed with gzip where that makes
    them smaller (Pagefind's index files are compressed already; its scripts are not)."""
    first_requests: int | None = None
    """Requests of that first search."""
    first_ms: list[float] = field(default_factory=list)
    """Milliseconds from the first key press to the first result, one per fresh page."""
    last_ms: list[float] = field(default_factory=list)
    """Milliseconds from the last key press to the first result, one per fresh page."""
    material_bytes: int | None = None
    """Size of Material's ``search/search_index.json`` for the same site."""


def index_time(log: str, figures: Figures) -> None:
    """Read the index's documents and seconds from a build log."""
    found = INDEX_LINE.findall(log)
    if found:
        documents, seconds, waited = found[-1]
        figures.documents, figures.index_seconds = int(documents), float(seconds)
        figures.waited_seconds = float(waited)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def first_search(site: Path, figures: Figures, runs: int = RUNS) -> None:
    """Search the built ``site`` in headless Chromium: bytes and requests of the first
    search, and the time to first results on ``runs`` fresh pages."""
    if not CHROMIUM.exists():
        return
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            for run in range(runs):
                context = browser.new_context()  # an empty cache each time
                page = context.new_page()
                fetched: list[str] = []
                page.on("request", lambda r, into=fetched: into.append(urlsplit(r.url).path))
                page.goto(base + "/thread/", wait_until="load")
                page.evaluate(_FIRST_RESULT)
                page.locator(".md-search__input").click()
                page.keyboard.type(QUERY, delay=TYPING)
                page.wait_for_function(_DONE, timeout=120_000)
                from_first, from_last = page.evaluate("window.__firstResults")
                figures.first_ms.append(from_first)
                figures.last_ms.append(from_last)
                if run == 0:
                    files = [site / p.lstrip("/") for p in fetched if p.startswith("/pagefind/")]
                    figures.first_requests = len(files)
                    files = [f for f in files if f.is_file()]
                    figures.first_bytes = sum(f.stat().st_size for f in files)
                    figures.first_sent = sum(sent_size(f.read_bytes()) for f in files)
                context.close()
            browser.close()
    finally:
        server.shutdown()


def sent_size(data: bytes) -> int:
    """Bytes of a file as a host that compresses text sends it: gzip at level 6 where that
    is smaller."""
    return min(len(data), len(gzip.compress(data, 6)))


def material_config(config: Path) -> Path:
    """A copy of ``config`` beside it whose discussion plugin keeps Material's search."""
    text = config.read_text(encoding="utf-8")
    text, count = re.subn(
        r"^(\s*)- discussion:\n", r"\g<0>\1    search: material\n", text, count=1, flags=re.M
    )
    if count != 1:
        raise ValueError(f"{config}: no '- discussion:' line to add 'search: material' under")
    variant = config.with_name("mkdocs-material-search.yml")
    variant.write_text(text, encoding="utf-8")
    return variant


def rows(figures: list[Figures | None], builds: list[float | None]) -> list[tuple[str, list[str]]]:
    """The table's search rows, one value per site (``builds``: seconds of each build)."""

    def each(value) -> list[str]:
        return [value(f, b) if f is not None else "—" for f, b in zip(figures, builds, strict=True)]

    def num(value: float | None, digits: int = 0) -> str:
        return "—" if value is None or value != value else f"{value:,.{digits}f}"

    def share(f: Figures, build: float | None) -> str:
        if f.waited_seconds is None or not build or build != build:
            return "—"
        return f"{f.waited_seconds / build:.0%}"

    def median_ms(values: list[float]) -> str:
        if not values:
            return "—"
        values = sorted(values)
        return f"{statistics.median(values):,.0f} ({values[0]:,.0f}–{values[-1]:,.0f})"

    return [
        ("search: documents in the Pagefind index", each(lambda f, b: num(f.documents))),
        ("  index build (s)", each(lambda f, b: num(f.index_seconds, 2))),
        ("  the build waited for it (s) [5]", each(lambda f, b: num(f.waited_seconds, 2))),
        ("  waited / plugin build [5]", each(share)),
        (
            "  pagefind/ folder (MB)",
            each(lambda f, b: num(f.folder_bytes and f.folder_bytes / 1e6, 1)),
        ),
        (
            "  first search downloads (KB) [6]",
            each(lambda f, b: num(f.first_bytes and f.first_bytes / 1e3)),
        ),
        (
            "  the same, sent compressed (KB) [6]",
            each(lambda f, b: num(f.first_sent and f.first_sent / 1e3)),
        ),
        ("  first search requests", each(lambda f, b: num(f.first_requests))),
        ("  first key press → first results (ms) [7]", each(lambda f, b: median_ms(f.first_ms))),
        ("  last key press → first results (ms) [7]", each(lambda f, b: median_ms(f.last_ms))),
        (
            "Material's search_index.json (KB) [8]",
            each(lambda f, b: num(f.material_bytes and f.material_bytes / 1e3)),
        ),
    ]


NOTES = [
    "[5] from the plugin's log line: the Pagefind index (documents made from the data and the"
    " pages, indexed, written) is built in a thread while the pages are written; the build"
    " waits for what is left of it once they are, which is what it adds to the build.",
    f"[6] headless Chromium, empty cache: /thread/ opened, the box clicked, {QUERY!r} typed;"
    " every pagefind/ file fetched until the results are complete, as files and as a host"
    " that compresses text sends them (target ≤ 300 KB at 100,000 posts).",
    f"[7] same, in the page's clock, keys {TYPING} ms apart: from the first and from the last"
    f" key press to the first result; median (range) of {RUNS} fresh pages (target ≤ 300 ms"
    " on the seed site).",
    "[8] the same site built with the plugin's search: material: the one file Material's"
    " search loads, whole, before its first result.",
]
