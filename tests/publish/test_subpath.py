"""The published site under a sub-path, as GitHub Pages serves a project site.

A project site lives at ``https://<owner>.github.io/<repo>/``, and GitHub Pages answers
every missing address under it with the site's ``404.html``, whatever its depth. Here each
site is built with such an address (``SITE_URL``, as ``deploy.yml`` passes it), served from
127.0.0.1 under the same path by a server that answers as GitHub Pages does, and read in
Chromium: the 404 page must be styled, run its scripts under the site's policy, link only to
pages that exist and load nothing from elsewhere. The sitemap must list every page, and the
feed and canonical links must give full addresses.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest

from tests.browsing import open_page
from tests.conftest import ROOT, make_project, mkdocs_build, run

pytestmark = pytest.mark.slow

SITE_URL = "https://example.github.io/discussion/"
"""Where the test sites say they are published: a project site, one folder deep."""
BASE_PATH = urlsplit(SITE_URL).path
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CONSOLE_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site under ``base`` and answers a missing address with its
    ``404.html`` and status 404, as GitHub Pages does; nothing outside ``base`` exists."""

    base = "/"

    def translate_path(self, path: str) -> str:
        location = urlsplit(path).path
        if not location.startswith(self.base):
            return os.path.join(self.directory, ".outside-the-base-path")  # no such file
        return super().translate_path("/" + location[len(self.base) :])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):  # keep test output readable
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that hung up
            super().handle_error(request, client_address)


def serve_under(folder: Path, base: str):
    """Serve ``folder`` at ``http://127.0.0.1:<port><base>`` in a thread, GitHub Pages
    style (see :class:`_PagesHandler`); returns (server, origin without a path)."""
    handler = type("Handler", (_PagesHandler,), {"base": base})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def local(url: str, origin: str) -> str:
    """The address of the test server that stands for a published ``url``."""
    assert url.startswith(SITE_URL), url
    return origin + BASE_PATH + url[len(SITE_URL) :]


def status(url: str) -> int:
    """The HTTP status of a GET of ``url``; raises ``OSError`` when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def status_or_none(url: str) -> int | None:
    """:func:`status`, or ``None`` while nothing answers at ``url``."""
    try:
        return status(url)
    except OSError:
        return None


def page_urls(site: Path) -> dict[str, Path]:
    """Every page of a built site (directory URLs) by its full address, 404.html aside."""
    pages = {}
    for path in sorted(site.rglob("index.html")):
        folder = path.parent.relative_to(site).as_posix()
        pages[SITE_URL if folder == "." else f"{SITE_URL}{folder}/"] = path
    return pages


THREAD = """\
    @op the law is clear
    @alice @op but who gets paid?
    @bob @op something else
    @op @alice the law pays nobody
"""
TAXONOMY = """\
    themes:
      - id: law
        title: Law
        summary: The law.
        terms: [law]
"""
PIECE = """\
    ---
    title: On the law
    author: editors
    date: 2024-05-01
    themes: [law]
    summary: What the law says.
    ---
    The law, briefly.
"""


def small_project(folder: Path, config: str = f"site_url: {SITE_URL}\n") -> Path:
    """A site with every kind of generated page (the thread on two pages, a theme, people,
    commentary, its author, the feed) and a hand-written one; ``config`` is added to its
    mkdocs.yml."""
    project = make_project(
        folder,
        THREAD,
        taxonomy=TAXONOMY,
        pages={
            "about.md": "# About\n\nA small site.\n",
            "commentary/authors.yml": "editors:\n  name: The editors\n",
            "commentary/on-the-law.md": PIECE,
        },
        options="page_size: 2",
        extra_config=config,
    )
    return project


SEARCH = {"small": "nobody", "repository": "Luddites"}
"""A word of each site's thread, to search for from the 404 page."""


@pytest.fixture(scope="module", params=sorted(SEARCH))
def published(request, tmp_path_factory):
    """A site built for :data:`SITE_URL`: a small project with the address in its
    mkdocs.yml, or the repository's own site with the address given as ``deploy.yml``
    gives it, in ``SITE_URL``. Yields (site folder, origin of a server under the path,
    a word to search for)."""
    folder = tmp_path_factory.mktemp(request.param)
    site = folder / "site"
    if request.param == "small":
        built = mkdocs_build(small_project(folder / "project"), site)
    else:
        built = run(
            ["-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=ROOT, SITE_URL=SITE_URL
        )
    assert built.returncode == 0, built.stderr
    server, origin = serve_under(site, BASE_PATH)
    yield site, origin, SEARCH[request.param]
    server.shutdown()


def open_404(browser, origin: str, base: str, depth: int):
    """Open a missing address ``depth`` folders below ``base`` in Chromium, as a reader
    who mistyped a link would; returns (Playwright context, page, the page's
    :class:`tests.browsing.Watch`, requests outside ``base``). Close the context."""
    missing = origin + base + "/".join(f"missing-{n}" for n in range(1, depth + 1)) + "/"
    context, page, watch = open_page(browser, origin)
    outside: list[str] = []
    page.on("request", lambda r: urlsplit(r.url).path.startswith(base) or outside.append(r.url))
    response = page.goto(missing)
    assert response is not None and response.status == 404
    page.wait_for_load_state("load")
    return context, page, watch, outside


def forgive_own_404(watch, url: str) -> None:
    """Drop the 404 of the page at ``url`` itself from ``watch``: GitHub Pages answers so
    (Chromium logs it to the console without its address). Any other failed request is
    still there, with its address."""
    for expected in (f"404 {url}", CONSOLE_404):
        if expected in watch.errors:
            watch.errors.remove(expected)


def appearance(page) -> dict:
    """What the reader sees of a Material page: whether its script ran, the logo's height
    (px), the header's CSS position, the heading, and every link as an absolute address."""
    return page.evaluate(
        """() => ({
            scripts: document.documentElement.classList.contains("js"),  // Material's ran
            logo: document.querySelector(".md-header .md-logo").getBoundingClientRect().height,
            header: getComputedStyle(document.querySelector(".md-header")).position,
            title: document.querySelector(".md-content h1")?.textContent,
            links: [...document.querySelectorAll("a[href]")].map(a => a.href),
        })"""
    )


@pytest.mark.parametrize("depth", [1, 3])
def test_the_404_page_is_styled_and_its_links_work_at_any_depth(browser, published, depth):
    _, origin, word = published
    context, page, watch, outside = open_404(browser, origin, BASE_PATH, depth)
    try:
        missing = page.url
        seen = appearance(page)
        assert seen["scripts"], f"Material's script did not run: {watch.errors}"
        # search runs (its worker and index come from the site's folder) and leads to a page
        page.locator(".md-search__input").click()
        page.keyboard.type(word, delay=20)
        result = page.locator(".md-search-result__item a").first
        result.wait_for()
        with page.expect_navigation() as navigation:
            result.click()
        found = navigation.value
    finally:
        context.close()
    forgive_own_404(watch, missing)
    assert (watch.offsite, outside, watch.dialogs, watch.errors) == ([], [], [], [])
    assert seen["header"] == "sticky", "Material's stylesheet did not apply"
    assert 0 < seen["logo"] <= 48, f"the logo is {seen['logo']} px high: the page is unstyled"
    assert seen["title"] == "404 - Not found"
    own = [link for link in seen["links"] if link.startswith(origin)]
    assert origin + BASE_PATH in own and origin + BASE_PATH + "thread/" in own
    assert [link for link in own if not urlsplit(link).path.startswith(BASE_PATH)] == []
    assert sorted({link for link in own if status(link.split("#")[0]) != 200}) == []
    assert found.status == 200 and urlsplit(found.url).path.startswith(BASE_PATH)


def test_the_sitemap_lists_every_page_by_its_full_address(published):
    site, origin, _ = published
    pages = page_urls(site)
    assert len(pages) > 5
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        data = (site / name).read_bytes()
        root = ET.fromstring(gzip.decompress(data) if name.endswith(".gz") else data)
        listed = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
        assert sorted(listed) == sorted(pages), name
    assert all(status(local(url, origin)) == 200 for url in pages)


def test_the_feed_and_every_canonical_link_give_full_addresses(published):
    site, origin, _ = published
    feed = ET.parse(site / "feed.xml").getroot()
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == SITE_URL + "feed.xml"
    assert links["alternate"] == SITE_URL + "commentary/"
    entries = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert entries and all(href.startswith(SITE_URL + "commentary/") for href in entries)
    assert all(status(local(href, origin)) == 200 for href in [*links.values(), *entries])
    for url, path in page_urls(site).items():
        html = path.read_text(encoding="utf-8")
        assert re.findall(r'<link rel="canonical" href="([^"]*)"', html) == [url], path


def test_without_an_address_the_404_page_works_at_the_root_of_its_host(browser, tmp_path):
    """A local build (no ``site_url``): as README says, 404.html assumes the root of the
    host, which is where ``make serve`` and any server of ``site/`` put it."""
    site = tmp_path / "site"
    assert mkdocs_build(small_project(tmp_path / "project", config=""), site).returncode == 0
    server, origin = serve_under(site, "/")
    try:
        context, page, watch, outside = open_404(browser, origin, "/", depth=3)
        missing, seen = page.url, appearance(page)
        context.close()
        own = [link for link in seen["links"] if link.startswith(origin)]
        assert own and all(status(link.split("#")[0]) == 200 for link in own)
    finally:
        server.shutdown()
    forgive_own_404(watch, missing)
    assert (watch.offsite, outside, watch.dialogs, watch.errors) == ([], [], [], [])
    assert seen["scripts"] and 0 < seen["logo"] <= 48
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    assert list(sitemap.iter(f"{SITEMAP}loc")) == []  # a sitemap needs full addresses
    feed = ET.parse(site / "feed.xml").getroot()
    self_link = next(link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert self_link.get("href") == "feed.xml"
    assert 'rel="canonical"' not in (site / "index.html").read_text(encoding="utf-8")


def test_mkdocs_serve_serves_the_site_under_the_addresss_path(browser, tmp_path):
    """``SITE_URL=… make serve`` shows the site under the address's path, 404 page included."""
    project = tmp_path / "project"
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=SITE_URL),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while status_or_none(origin + BASE_PATH + "thread/") != 200:
            assert time.monotonic() < deadline, "mkdocs serve never served the thread"
            time.sleep(0.3)
        context, page, watch, outside = open_404(browser, origin, BASE_PATH, depth=2)
        missing, seen = page.url, appearance(page)
        context.close()
        own = [link for link in seen["links"] if link.startswith(origin)]
        assert own and all(status(link.split("#")[0]) == 200 for link in own)
    finally:
        server.terminate()
        server.wait(timeout=20)
    forgive_own_404(watch, missing)
    assert (watch.offsite, outside, watch.dialogs, watch.errors) == ([], [], [], [])
    assert seen["scripts"] and seen["header"] == "sticky" and 0 < seen["logo"] <= 48
