"""Helpers for real-browser tests: Debian's Chromium, a static server, a page that watches
for off-site requests, dialogs and errors."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
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
SHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 on a free port, in a thread; returns (server, base URL)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def launch():
    """Start Chromium (a generator for a fixture); fail in CI when it is missing, skip
    elsewhere."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class Watch:
    """What a page did that it must not: off-site requests, dialogs, errors."""

    def __init__(self) -> None:
        self.offsite: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

    def assert_clean(self) -> None:
        assert self.offsite == [], "requests left the site"
        assert self.dialogs == [], "a dialog opened: script ran"
        assert self.errors == [], "errors in the page"


def open_page(browser, base_url: str, viewport=DESKTOP, **options):
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    watch = Watch()
    origin = urlsplit(base_url).netloc

    def route(request_route):
        url = request_route.request.url
        if urlsplit(url).netloc != origin and not url.startswith(("data:", "blob:")):
            watch.offsite.append(url)
            request_route.abort()
        else:
            request_route.continue_()

    page.route("**/*", route)
    page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and watch.errors.append(msg.text))
    page.on("response", lambda r: r.status >= 400 and watch.errors.append(f"{r.status} {r.url}"))
    return context, page, watch
