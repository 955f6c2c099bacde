"""Fetching a thread from a Mastodon server: a real HTTP server on 127.0.0.1 replays answers.

The clock and the sleep are injected, so retries and rate limits are checked by the waits
asked for rather than waited out.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import Message
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import __version__
from generator.publish.cli import main
from generator.sources.fetch import FetchError, Options, fetch_to_file
from generator.sources.fetch.atomic_write import write_thread
from generator.sources.fetch.status_url import parse_status_url
from generator.sources.read import read_sources
from tests.conftest import ROOT, run

FIXTURES = ROOT / "tests" / "fixtures" / "fetch"
STATUS = (FIXTURES / "status.json").read_bytes()
CONTEXT = (FIXTURES / "context.json").read_bytes()
STATUS_PATH = "/api/v1/statuses/102"
CONTEXT_PATH = "/api/v1/statuses/102/context"
NOW = 1_714_640_000.0
"""The injected clock's time: 2024-05-02T08:53:20Z."""


@dataclass(frozen=True)
class Reply:
    """One scripted answer."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering."""
    drip: float = 0.0
    """Seconds between single bytes of the body (0: all at once), as a slow-loris server sends."""
    drip_head: bool = False
    """Drip the status line and headers too, not only the body."""
    length: int | None = None
    """The Content-Length to promise, if not the body's own (the connection closes after it)."""
    reason: str | None = None
    """The status line's reason phrase, if not the usual one."""


def ok(body: bytes, **headers: str) -> Reply:
    return Reply(200, body, {"Content-Type": "application/json; charset=utf-8", **headers})


def error(status: int, message: str, **headers: str) -> Reply:
    body = json.dumps({"error": message}).encode()
    return Reply(status, body, {"Content-Type": "application/json", **headers})


class Replay:
    """Answers per path, in order (the last one repeats), and every request received."""

    def __init__(self, url: str):
        self.url = url
        self.script: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, Message]] = []
        self.now = NOW
        """The server's clock, sent as its ``Date``; the injected clock says ``NOW``."""
        self.stopped = threading.Event()
        """Set when the test ends: dripping answers stop."""
        self._lock = threading.Lock()

    def on(self, path: str, *replies: Reply) -> None:
        self.script[path] = list(replies)

    def on_post(self, path: str, body: dict, *replies: Reply) -> None:
        """Script the answers to ``POST path`` with this JSON body (Misskey's API)."""
        self.script[post_key(path, body)] = list(replies)

    def thread(self, **status_headers: str) -> None:
        """Script the fixtures' status and context."""
        self.on(STATUS_PATH, ok(STATUS, **status_headers))
        self.on(CONTEXT_PATH, ok(CONTEXT))

    def take(self, path: str, headers: Message) -> Reply:
        with self._lock:
            self.requests.append((path, headers))
            replies = self.script.get(path)
            if not replies:
                return error(404, f"not scripted: {path}")
            return replies.pop(0) if len(replies) > 1 else replies[0]

    @property
    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


def post_key(path: str, body: object) -> str:
    """How a scripted POST is found: its path and its JSON body, keys sorted."""
    return f"POST {path} {json.dumps(body, sort_keys=True)}"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError:
            body = None
        replay: Replay = self.server.replay  # type: ignore[attr-defined]
        self.answer(replay.take(post_key(self.path, body), self.headers))

    def do_GET(self) -> None:
        replay: Replay = self.server.replay  # type: ignore[attr-defined]
        self.answer(replay.take(self.path, self.headers))

    def answer(self, reply: Reply) -> None:
        replay: Replay = self.server.replay  # type: ignore[attr-defined]
        time.sleep(reply.delay)
        self.send_response_only(reply.status, reply.reason)
        if "Date" not in reply.headers:
            self.send_header("Date", self.date_time_string())
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if "Transfer-Encoding" not in reply.headers:
            length = len(reply.body) if reply.length is None else reply.length
            self.send_header("Content-Length", str(length))
        head = b"".join(self._headers_buffer) + b"\r\n"
        self._headers_buffer = []
        try:
            if not reply.drip:
                self.wfile.write(head + reply.body)
                return
            if not reply.drip_head:
                self.wfile.write(head)
            for byte in (head if reply.drip_head else b"") + reply.body:
                if replay.stopped.wait(reply.drip):
                    return
                self.wfile.write(bytes([byte]))
        except OSError:
            pass  # the client stopped waiting

    def date_time_string(self, timestamp: float | None = None) -> str:
        return formatdate(self.server.replay.now, usegmt=True)  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving() -> Iterator[Replay]:
    """A real HTTP server on 127.0.0.1 (a free port) replaying scripted answers."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.replay = Replay(f"http://127.0.0.1:{httpd.server_address[1]}")  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield httpd.replay  # type: ignore[attr-defined]
    finally:
        httpd.replay.stopped.set()  # type: ignore[attr-defined]
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def server() -> Iterator[Replay]:
    """The server asked."""
    with serving() as replay:
        yield replay


@pytest.fixture
def other_server() -> Iterator[Replay]:
    """Another server, on another port: somewhere a redirect can lead."""
    with serving() as replay:
        yield replay


@pytest.fixture
def sleeps() -> list[float]:
    """The waits asked of the injected sleep."""
    return []


def fetch(server: Replay, out: Path, sleeps: list[float], **options) -> list[str]:
    """Fetch the fixtures' thread from ``server`` into ``out``; returns the progress lines."""
    lines: list[str] = []
    fetch_to_file(
        f"{server.url}/@alice/102",
        out,
        Options(**options),
        clock=lambda: NOW,
        sleep=sleeps.append,
        log=lines.append,
    )
    return lines


def failure(server: Replay, out: Path, sleeps: list[float], **options) -> str:
    """The message of a fetch that must fail, after checking that it wrote nothing."""
    out.parent.mkdir(exist_ok=True)
    with pytest.raises(FetchError) as caught:
        fetch(server, out, sleeps, **options)
    assert not out.exists()
    assert list(out.parent.iterdir()) == [], "a partial file was left behind"
    return str(caught.value)


def fetch_command(args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """``python -m generator fetch ARGS`` without a token, killed after ``timeout`` seconds."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MASTODON_TOKEN="")
    command = [sys.executable, "-m", "generator", "fetch", *args]
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def iso(seconds: float) -> str:
    """A time as Mastodon writes ``X-RateLimit-Reset``."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


# Success


def test_fetch_writes_status_and_context_as_the_server_sent_them(server, tmp_path, sleeps):
    server.thread()
    out = tmp_path / "thread.json"
    lines = fetch(server, out, sleeps)
    assert server.paths == [STATUS_PATH, CONTEXT_PATH]
    text = out.read_text(encoding="utf-8")
    written = json.loads(text)
    assert written == {"status": json.loads(STATUS), "context": json.loads(CONTEXT)}
    assert list(written) == ["status", "context"]
    assert list(written["status"]) == list(json.loads(STATUS)), "keys keep the server's order"
    assert "café sketch is still a sketch ✏️" in text, "UTF-8, not \\u escapes"
    assert text.startswith('{\n  "status": {\n')
    assert sleeps == []
    assert lines == [
        f"GET {server.url}{STATUS_PATH}: 200 OK",
        f"GET {server.url}{CONTEXT_PATH}: 200 OK",
        f"wrote status 102 with 1 ancestor(s) and 3 descendant(s) to {out}",
    ]


def test_the_written_file_reads_as_the_whole_thread(server, tmp_path, sleeps):
    server.thread()
    out = tmp_path / "thread.json"
    fetch(server, out, sleeps)
    thread = read_sources([(out, "thread.json")])
    posts = {post.id: post for post in thread.posts}
    assert [post.id for post in thread.posts] == ["101", "102", "103", "104", "105"]
    assert {post.id: post.reply_to for post in thread.posts} == {
        "101": None,
        "102": "101",
        "103": "102",
        "104": "103",
        "105": "102",
    }
    assert posts["102"].author == "alice@example.social", "the focal status is included"
    assert posts["103"].author == "carol@other.example"
    assert sorted(thread.people) == [
        "alice@example.social",
        "bob@example.social",
        "carol@other.example",
    ]


def test_requests_name_the_tool_and_ask_for_json(server, tmp_path, sleeps):
    server.thread()
    fetch(server, tmp_path / "thread.json", sleeps)
    for _, headers in server.requests:
        assert headers["User-Agent"] == f"discussion-site-fetch/{__version__}"
        assert headers["Accept"] == "application/json"
        assert headers["Authorization"] is None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.social/@alice/102",
        "https://example.social/@alice/102/",
        "https://example.social/@bob@other.example/102",
        "https://example.social/users/alice/statuses/102",
        "https://example.social/api/v1/statuses/102",
        "https://example.social/@alice/102?utm_source=x#top",
    ],
)
def test_status_url_shapes(url):
    address = parse_status_url(url)
    assert address.status_url == "https://example.social/api/v1/statuses/102"
    assert address.context_url == "https://example.social/api/v1/statuses/102/context"


def test_the_port_is_kept():
    address = parse_status_url("http://127.0.0.1:8080/@alice/7")
    assert address.status_url == "http://127.0.0.1:8080/api/v1/statuses/7"
    address = parse_status_url("http://[::1]:8080/@alice/7")
    assert address.status_url == "http://[::1]:8080/api/v1/statuses/7"


def test_an_international_host_is_asked_by_its_ascii_name():
    address = parse_status_url("https://例え.jp:8443/@alice/7")
    assert address.status_url == "https://xn--r8jz45g.jp:8443/api/v1/statuses/7"


# Addresses refused before any request


@pytest.mark.parametrize(
    "url",
    ["ftp://example.social/@alice/102", "file:///etc/passwd", "javascript:alert(1)"],
)
def test_only_http_urls_are_fetched(url):
    with pytest.raises(FetchError) as caught:
        parse_status_url(url)
    assert str(caught.value) == (
        "only http(s) can be fetched: expected a status URL like "
        f"https://example.social/@alice/109876543210, got {url!r}"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://example.social/@alice",
        "https://example.social/about",
        "https://example.social/@alice/102/reblogs",
        "https://example.social/api/v1/statuses/102/context",
        "https://user:pass@example.social/@alice/102",
        "https:///@alice/102",
        "example.social/@alice/102",
        "https://a..b/@alice/102",
        f"https://{'a' * 64}.social/@alice/102",
    ],
)
def test_urls_of_the_wrong_shape_are_refused(url):
    with pytest.raises(FetchError) as caught:
        parse_status_url(url)
    assert str(caught.value).endswith(
        f"expected a status URL like https://example.social/@alice/109876543210, got {url!r}"
    )


def test_a_token_is_never_sent_over_plain_http_to_another_host(tmp_path, sleeps):
    with pytest.raises(FetchError) as caught:
        fetch_to_file(
            "http://example.social/@alice/102",
            tmp_path / "out.json",
            Options(token="s3cret"),
            sleep=sleeps.append,
            log=lambda _: None,
        )
    assert str(caught.value) == (
        "refusing to send the access token over plain http to example.social; use https"
    )
    assert "s3cret" not in str(caught.value)


def test_a_missing_output_folder_is_reported_before_fetching(server, tmp_path, sleeps):
    with pytest.raises(FetchError, match=r"folder .*nowhere does not exist"):
        fetch(server, tmp_path / "nowhere" / "thread.json", sleeps)
    assert server.requests == []


# Retries, waits and rate limits


@pytest.mark.parametrize(
    ("retry_after", "wait"),
    [("7", 7.0), (formatdate(NOW + 42, usegmt=True), 42.0)],
    ids=["seconds", "http-date"],
)
def test_429_waits_as_retry_after_says(server, tmp_path, sleeps, retry_after, wait):
    server.thread()
    server.on(
        STATUS_PATH, error(429, "Too many requests", **{"Retry-After": retry_after}), ok(STATUS)
    )
    lines = fetch(server, tmp_path / "thread.json", sleeps)
    assert sleeps == [wait]
    assert server.paths == [STATUS_PATH, STATUS_PATH, CONTEXT_PATH]
    assert lines[:2] == [
        f"GET {server.url}{STATUS_PATH}: HTTP 429 Too Many Requests",
        f"waiting {wait:g} s before attempt 2 of 5",
    ]


def test_503_is_retried_with_exponential_backoff(server, tmp_path, sleeps):
    server.thread()
    busy = error(503, "Service Unavailable")
    server.on(STATUS_PATH, busy, busy, ok(STATUS))
    fetch(server, tmp_path / "thread.json", sleeps)
    assert sleeps == [1.0, 2.0]
    assert (tmp_path / "thread.json").exists()


def test_backoff_is_capped(server, tmp_path, sleeps):
    server.on(STATUS_PATH, error(502, "Bad Gateway"))
    failure(server, tmp_path / "out" / "thread.json", sleeps, retries=5, max_backoff=5)
    assert sleeps == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_rate_limit_exhausted_waits_until_reset_before_the_next_request(server, tmp_path, sleeps):
    server.thread(**{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso(NOW + 30)})
    lines = fetch(server, tmp_path / "thread.json", sleeps)
    assert sleeps == [30.0]
    assert server.paths == [STATUS_PATH, CONTEXT_PATH]
    assert "waiting 30 s until the rate limit resets" in lines


def test_rate_limit_waits_are_measured_on_the_servers_clock(server, tmp_path, sleeps):
    server.now = NOW + 3600  # this machine's clock is an hour behind the server's
    server.thread(**{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso(server.now + 30)})
    fetch(server, tmp_path / "thread.json", sleeps)
    assert sleeps == [30.0]


def test_rate_limit_with_requests_left_does_not_wait(server, tmp_path, sleeps):
    server.thread(**{"X-RateLimit-Remaining": "1", "X-RateLimit-Reset": iso(NOW + 30)})
    fetch(server, tmp_path / "thread.json", sleeps)
    assert sleeps == []


def test_429_without_retry_after_waits_for_the_rate_limit_reset(server, tmp_path, sleeps):
    server.thread()
    limited = error(
        429,
        "Too many requests",
        **{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso(NOW + 95)},
    )
    server.on(STATUS_PATH, limited, ok(STATUS))
    fetch(server, tmp_path / "thread.json", sleeps)
    assert sleeps == [95.0]


def test_a_rate_limit_reset_beyond_the_maximum_wait_fails_at_once(server, tmp_path, sleeps):
    server.thread(**{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso(NOW + 3600)})
    message = failure(server, tmp_path / "out" / "thread.json", sleeps, max_wait=600)
    assert message == (
        f"GET {server.url}{CONTEXT_PATH}: the server asks to wait 3600 s until the rate limit "
        "resets, longer than the maximum wait of 600 s; try again later"
    )
    assert sleeps == []
    assert server.paths == [STATUS_PATH]


def test_a_retry_after_beyond_the_maximum_wait_fails_at_once(server, tmp_path, sleeps):
    server.on(STATUS_PATH, error(503, "Down for maintenance", **{"Retry-After": "86400"}))
    message = failure(server, tmp_path / "out" / "thread.json", sleeps)
    assert "asks to wait 86400 s before attempt 2 of 5" in message
    assert sleeps == []


@pytest.mark.parametrize(
    "retry_after",
    [
        "\u00b2",  # a digit to str.isdigit(), not to float()
        "Mon, 01 Jan 99999999999999999999 00:00:00 GMT",
        "Mon, 01 Jan 2020 00:00:00 +99999999999999999999",
    ],
    ids=["superscript-two", "huge-year", "huge-zone"],
)
def test_a_retry_after_that_cannot_be_read_falls_back_to_backoff(
    server, tmp_path, sleeps, retry_after
):
    server.thread()
    busy = error(503, "Service Unavailable", **{"Retry-After": retry_after})
    server.on(STATUS_PATH, busy, ok(STATUS))
    fetch(server, tmp_path / "thread.json", sleeps)
    assert sleeps == [1.0]


def test_a_server_date_that_cannot_be_read_is_not_trusted(server, tmp_path, sleeps):
    date = "Mon, 01 Jan 2020 00:00:00 +99999999999999999999"
    limited = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso(NOW + 30), "Date": date}
    server.thread(**limited)
    fetch(server, tmp_path / "thread.json", sleeps)
    assert sleeps == [30.0], "measured on this machine's clock instead"


def test_too_many_failures_is_a_clear_error_and_keeps_the_old_file(server, tmp_path, sleeps):
    server.on(STATUS_PATH, error(503, "Service Unavailable"))
    out = tmp_path / "thread.json"
    out.write_text("the previous fetch\n", encoding="utf-8")
    with pytest.raises(FetchError) as caught:
        fetch(server, out, sleeps, retries=2)
    assert str(caught.value) == (
        f"GET {server.url}{STATUS_PATH}: HTTP 503 Service Unavailable (gave up after 3 attempts)"
    )
    assert sleeps == [1.0, 2.0]
    assert out.read_text(encoding="utf-8") == "the previous fetch\n"
    assert [p.name for p in tmp_path.iterdir()] == ["thread.json"]


def test_a_read_timeout_is_retried_then_fails_clearly(server, tmp_path, sleeps):
    server.on(STATUS_PATH, Reply(delay=1.5))
    message = failure(server, tmp_path / "out" / "thread.json", sleeps, timeout=0.3, retries=1)
    assert message == (
        f"GET {server.url}{STATUS_PATH}: no complete answer within 0.3 s (gave up after 2 attempts)"
    )
    assert sleeps == [1.0]
    assert server.paths == [STATUS_PATH, STATUS_PATH]


@pytest.mark.parametrize("drip_head", [False, True], ids=["body", "status-line-and-headers"])
def test_the_timeout_bounds_the_whole_answer_not_each_read(server, tmp_path, sleeps, drip_head):
    # A byte every 0.05 s: no single read waits anywhere near the timeout, but the whole
    # answer takes ten times as long as it allows.
    trickle = Reply(200, b" " * 100, {"Content-Type": "application/json"}, drip=0.05)
    server.on(STATUS_PATH, replace(trickle, drip_head=drip_head))
    message = failure(server, tmp_path / "out" / "thread.json", sleeps, timeout=0.5, retries=1)
    assert message == (
        f"GET {server.url}{STATUS_PATH}: no complete answer within 0.5 s (gave up after 2 attempts)"
    )
    assert sleeps == [1.0]
    assert server.paths == [STATUS_PATH, STATUS_PATH]


def test_fetch_command_gives_up_on_a_trickling_server_by_its_timeout(server, tmp_path):
    server.on(STATUS_PATH, Reply(200, b" " * 100_000, drip=0.2))
    args = [f"{server.url}/@alice/102", "-o", "out.json", "--timeout", "2", "--retries", "0"]
    started = time.monotonic()
    try:
        result = fetch_command(args, tmp_path, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("fetch --timeout 2 was still reading a trickling answer after 20 s")
    assert time.monotonic() - started < 10
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"fetch: GET {server.url}{STATUS_PATH}: no complete answer within 2 s "
        "(gave up after 1 attempt)"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_timeout_then_an_answer_succeeds(server, tmp_path, sleeps):
    server.thread()
    server.on(STATUS_PATH, Reply(delay=1.5), ok(STATUS))
    fetch(server, tmp_path / "thread.json", sleeps, timeout=0.5)
    assert sleeps == [1.0]


def test_a_refused_connection_is_retried_then_fails(tmp_path, sleeps):
    with ThreadingHTTPServer(("127.0.0.1", 0), _Handler) as closed:
        port = closed.server_address[1]  # bound, then closed: nothing listens there
    with pytest.raises(FetchError) as caught:
        fetch_to_file(
            f"http://127.0.0.1:{port}/@alice/102",
            tmp_path / "thread.json",
            Options(retries=1),
            sleep=sleeps.append,
            log=lambda _: None,
        )
    assert "connection failed: Connection refused (gave up after 2 attempts)" in str(caught.value)
    assert sleeps == [1.0]


def test_an_answer_cut_short_is_retried_like_a_dropped_connection(server, tmp_path, sleeps):
    server.thread()
    cut = Reply(200, b'{"id"', {"Content-Type": "application/json"}, length=1000)
    server.on(STATUS_PATH, cut, ok(STATUS))
    lines = fetch(server, tmp_path / "thread.json", sleeps)
    assert sleeps == [1.0]
    assert server.paths == [STATUS_PATH, STATUS_PATH, CONTEXT_PATH]
    assert lines[:3] == [
        f"GET {server.url}{STATUS_PATH}: the connection closed after 5 of the 1000 bytes promised",
        "waiting 1 s before attempt 2 of 5",
        f"GET {server.url}{STATUS_PATH}: 200 OK",
    ]


@pytest.mark.parametrize(
    ("reply", "failure_"),
    [
        (
            Reply(200, b'{"id"', {"Content-Type": "application/json"}, length=1000),
            "the connection closed after 5 of the 1000 bytes promised",
        ),
        (
            Reply(200, b'5\r\n{"id"\r\n', {"Transfer-Encoding": "chunked"}),
            "the connection closed after 5 bytes, before the answer's last chunk",
        ),
    ],
    ids=["content-length", "chunked"],
)
def test_an_answer_always_cut_short_fails_as_a_network_failure(
    server, tmp_path, sleeps, reply, failure_
):
    server.on(STATUS_PATH, reply)
    message = failure(server, tmp_path / "out" / "thread.json", sleeps, retries=1)
    assert message == f"GET {server.url}{STATUS_PATH}: {failure_} (gave up after 2 attempts)"
    assert sleeps == [1.0]


# Answers that fail at once


def test_404_fails_at_once_with_the_servers_message(server, tmp_path, sleeps):
    server.on(STATUS_PATH, error(404, "Record not found"))
    message = failure(server, tmp_path / "out" / "thread.json", sleeps)
    assert message == f"GET {server.url}{STATUS_PATH}: HTTP 404 Not Found: Record not found"
    assert server.paths == [STATUS_PATH]
    assert sleeps == []


def test_a_4xx_without_json_fails_with_the_status_alone(server, tmp_path, sleeps):
    server.on(STATUS_PATH, Reply(403, b"<h1>Forbidden</h1>", {"Content-Type": "text/html"}))
    message = failure(server, tmp_path / "out" / "thread.json", sleeps)
    assert message == f"GET {server.url}{STATUS_PATH}: HTTP 403 Forbidden"


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (
            Reply(200, b"<!DOCTYPE html><title>Hi</title>", {"Content-Type": "text/html"}),
            "the answer (text/html) is not valid JSON: '<!DOCTYPE html><title>Hi</title>'",
        ),
        (ok(b'{"id": "102", '), "the answer (application/json; charset=utf-8) is not valid JSON"),
        (ok(b""), "the answer (application/json; charset=utf-8) is not valid JSON: an empty body"),
        (ok(b'"\xff"'), "is not UTF-8"),
        (ok(b'{"error": "odd"}'), "expected a status with 'id' and 'account', got"),
    ],
    ids=["html", "truncated", "empty", "not-utf8", "not-a-status"],
)
def test_answers_that_are_not_a_status_fail_clearly(server, tmp_path, sleeps, reply, expected):
    server.on(STATUS_PATH, reply)
    message = failure(server, tmp_path / "out" / "thread.json", sleeps)
    assert message.startswith(f"GET {server.url}{STATUS_PATH}: ")
    assert expected in message


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (nested(200_000), "is not valid JSON (nested more than 100 levels deep): '[[[["),
        (
            b'{"id": "102", "account": {}, "x": ' + nested(5_000) + b"}",
            'is not valid JSON (nested more than 100 levels deep): \'{"id"',
        ),
        (
            b'{"id": "102", "account": {}, "x": ' + nested(100) + b"}",
            "is not valid JSON (nested more than 100 levels deep)",
        ),
        (
            b'{"id": 1' + b"0" * 5_000 + b', "account": {}}',
            "is not valid JSON (an integer of 5001 digits; at most 4300 can be read)",
        ),
        (b'{"id": "102", "account": {}, "x": NaN}', "is not valid JSON (NaN is not a JSON value)"),
        (b'{"id": "102", "account": {}, "x": -Infinity}', "(-Infinity is not a JSON value)"),
        (b'{"id": "102", "account": {}, "x": 1e400}', "(a number too large: '1e400')"),
    ],
    ids=["deep", "deep-field", "101-deep", "long-integer", "nan", "infinity", "huge-float"],
)
def test_json_that_cannot_be_kept_fails_clearly(server, tmp_path, sleeps, body, expected):
    server.on(STATUS_PATH, ok(body))
    message = failure(server, tmp_path / "out" / "thread.json", sleeps)
    assert message.startswith(
        f"GET {server.url}{STATUS_PATH}: the answer (application/json; charset=utf-8) "
    )
    assert expected in message


def test_a_thread_nested_as_deep_as_allowed_is_written(server, tmp_path, sleeps):
    server.thread()
    server.on(STATUS_PATH, ok(b'{"id": "102", "account": {}, "x": ' + nested(99) + b"}"))
    out = tmp_path / "thread.json"
    fetch(server, out, sleeps)
    assert json.loads(out.read_text(encoding="utf-8"))["status"]["x"] == json.loads(nested(99))


def test_a_deep_context_fails_clearly(server, tmp_path, sleeps):
    server.thread()
    server.on(CONTEXT_PATH, ok(nested(200_000)))
    message = failure(server, tmp_path / "out" / "thread.json", sleeps)
    assert message.startswith(f"GET {server.url}{CONTEXT_PATH}: the answer")
    assert "nested more than 100 levels deep" in message


@pytest.mark.parametrize(
    "body",
    [nested(60_000), b'{"error": 1' + b"0" * 5_000 + b"}"],
    ids=["deep", "long-integer"],
)
def test_an_unreadable_error_answer_fails_with_the_status_alone(server, tmp_path, sleeps, body):
    server.on(STATUS_PATH, Reply(404, body, {"Content-Type": "application/json"}))
    message = failure(server, tmp_path / "out" / "thread.json", sleeps)
    assert message == f"GET {server.url}{STATUS_PATH}: HTTP 404 Not Found"


def test_fetch_command_reports_hostile_json_in_one_line(server, tmp_path):
    server.on(STATUS_PATH, ok(nested(200_000)))
    result = run(
        ["-m", "generator", "fetch", f"{server.url}/@alice/102", "-o", "out.json", "--quiet"],
        cwd=tmp_path,
        MASTODON_TOKEN="",
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"fetch: GET {server.url}{STATUS_PATH}: the answer (application/json; charset=utf-8) "
        "is not valid JSON (nested more than 100 levels deep): '" + "[" * 59 + "…'"
    ]
    assert list(tmp_path.iterdir()) == []


def deep_list(depth: int) -> list:
    """A list nested ``depth`` levels, made without recursion."""
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (deep_list(5_000), "the thread is nested too deeply"),
        (float("nan"), "it would not be JSON: Out of range float values are not JSON compliant"),
    ],
    ids=["deep", "nan"],
)
def test_write_thread_refuses_what_is_not_json(tmp_path, value, expected):
    out = tmp_path / "thread.json"
    out.write_text("the previous fetch\n", encoding="utf-8")
    thread = {"status": {"id": "102", "x": value}, "context": {"ancestors": [], "descendants": []}}
    with pytest.raises(FetchError) as caught:
        write_thread(out, thread)
    assert str(caught.value).startswith(f"cannot write {out}: {expected}")
    assert out.read_text(encoding="utf-8") == "the previous fetch\n"
    assert [p.name for p in tmp_path.iterdir()] == ["thread.json"]


def test_a_context_that_is_not_a_context_fails_clearly(server, tmp_path, sleeps):
    server.thread()
    server.on(CONTEXT_PATH, ok(b'{"ancestors": []}'))
    message = failure(server, tmp_path / "out" / "thread.json", sleeps)
    assert "expected a context with lists 'ancestors' and 'descendants'" in message


@pytest.mark.parametrize(
    "location",
    [
        "ftp://example.social/102",
        "file:///etc/passwd",
        "data:application/json,{}",
        "javascript:alert(1)",
    ],
)
def test_a_redirect_away_from_http_is_refused(server, tmp_path, sleeps, location):
    server.on(STATUS_PATH, Reply(302, b"", {"Location": location}))
    message = failure(server, tmp_path / "out" / "thread.json", sleeps)
    assert message == f"GET {server.url}{STATUS_PATH}: redirected to a non-http URL {location!r}"
    assert server.paths == [STATUS_PATH]


@pytest.mark.parametrize(
    "location",
    [
        "http://[::1/102",
        "http://127.0.0.1:99999/102",
        "http://:80/102",
        "http://a..b/102",
        "http://\u00e4\u00e4.example/102",
        "http://%E4%E4.example/102",
    ],
)
def test_a_redirect_to_a_malformed_url_is_refused(server, tmp_path, sleeps, location):
    server.on(STATUS_PATH, Reply(302, b"", {"Location": location}))
    message = failure(server, tmp_path / "out" / "thread.json", sleeps)
    assert message == f"GET {server.url}{STATUS_PATH}: redirected to a malformed URL {location!r}"


def test_a_redirect_to_another_server_is_said_and_gets_no_token(
    server, other_server, tmp_path, sleeps
):
    server.thread()
    server.on(STATUS_PATH, Reply(302, b"", {"Location": f"{other_server.url}{STATUS_PATH}"}))
    other_server.on(STATUS_PATH, ok(STATUS))
    out = tmp_path / "thread.json"
    lines = fetch(server, out, sleeps, token="s3cret")
    assert lines == [
        f"GET {server.url}{STATUS_PATH}: 302 Found, redirected to {other_server.url}{STATUS_PATH}",
        f"GET {other_server.url}{STATUS_PATH}: 200 OK",
        f"GET {server.url}{CONTEXT_PATH}: 200 OK",
        f"wrote status 102 with 1 ancestor(s) and 3 descendant(s) to {out}",
    ]
    assert [h["Authorization"] for _, h in server.requests] == ["Bearer s3cret"] * 2
    assert [h["Authorization"] for _, h in other_server.requests] == [None]


def test_a_redirects_own_body_is_not_waited_for(server, tmp_path, sleeps):
    server.thread()
    moved = Reply(302, b"x" * 1000, {"Location": "/moved/102"}, drip=0.05)
    server.on(STATUS_PATH, moved)
    server.on("/moved/102", ok(STATUS))
    fetch(server, tmp_path / "thread.json", sleeps, timeout=2)
    assert server.paths == [STATUS_PATH, "/moved/102", CONTEXT_PATH]


def test_fetch_command_reports_a_redirect_loop_in_one_line(server, tmp_path):
    server.on(STATUS_PATH, Reply(302, b"", {"Location": STATUS_PATH}))
    args = ["-m", "generator", "fetch", f"{server.url}/@alice/102", "-o", "out.json"]
    expected = (
        f"fetch: GET {server.url}{STATUS_PATH}: more than 10 redirects, "
        f"the last to '{server.url}{STATUS_PATH}'"
    )

    result = run([*args, "--quiet"], cwd=tmp_path, MASTODON_TOKEN="")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [expected]

    result = run(args, cwd=tmp_path, MASTODON_TOKEN="")
    assert result.returncode == 1
    url = f"{server.url}{STATUS_PATH}"
    assert result.stderr.splitlines() == [f"GET {url}: 302 Found, redirected to {url}"] * 10 + [
        expected
    ]
    assert list(tmp_path.iterdir()) == []


def test_what_a_server_says_is_shown_on_one_line(server, tmp_path, sleeps):
    server.on(STATUS_PATH, Reply(503, b"", reason="Busy\x1b[2J\x85now"))
    out = tmp_path / "out" / "thread.json"
    out.parent.mkdir()
    lines: list[str] = []
    with pytest.raises(FetchError) as caught:
        url = f"{server.url}/@alice/102"
        fetch_to_file(url, out, Options(retries=1), sleep=sleeps.append, log=lines.append)
    assert lines == [
        f"GET {server.url}{STATUS_PATH}: HTTP 503 Busy [2J now",
        "waiting 1 s before attempt 2 of 2",
        f"GET {server.url}{STATUS_PATH}: HTTP 503 Busy [2J now",
    ]
    assert str(caught.value) == (
        f"GET {server.url}{STATUS_PATH}: HTTP 503 Busy [2J now (gave up after 2 attempts)"
    )


# The command line


def test_fetch_command_writes_the_file(server, tmp_path):
    server.thread()
    result = run(
        ["-m", "generator", "fetch", f"{server.url}/@alice/102", "-o", "out.json"],
        cwd=tmp_path,
        MASTODON_TOKEN="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"GET {server.url}{STATUS_PATH}: 200 OK",
        f"GET {server.url}{CONTEXT_PATH}: 200 OK",
        "wrote status 102 with 1 ancestor(s) and 3 descendant(s) to out.json",
    ]
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["status"]["id"] == "102"


def test_sigterm_while_writing_leaves_no_partial_file_and_keeps_the_old_one(server, tmp_path):
    post = json.loads(STATUS)
    descendants = [
        {**post, "id": str(n), "content": "<p>" + "y" * 60_000 + "</p>"} for n in range(500)
    ]
    server.thread()
    server.on(CONTEXT_PATH, ok(json.dumps({"ancestors": [], "descendants": descendants}).encode()))
    out = tmp_path / "thread.json"
    out.write_text("the previous fetch\n", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MASTODON_TOKEN="")
    command = [
        sys.executable,
        "-m",
        "generator",
        "fetch",
        f"{server.url}/@alice/102",
        "-o",
        "thread.json",
    ]
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    # The 30 MB answer takes a moment to write: stop the process while it is being written.
    waited = time.monotonic() + 60
    while not list(tmp_path.glob(".thread.json.*.part")):
        if process.poll() is not None or time.monotonic() > waited:
            process.kill()
            pytest.fail(f"no partial file was seen being written; exit status {process.poll()}")
        time.sleep(0.0005)
    process.terminate()
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGTERM, stderr
    assert [p.name for p in tmp_path.iterdir()] == ["thread.json"], "a partial file was left"
    assert out.read_text(encoding="utf-8") == "the previous fetch\n"


def test_a_stop_signal_while_writing_reaches_the_previous_handler_after_cleanup(
    tmp_path, monkeypatch
):
    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda number, frame: received.append(number))
    try:
        # The signal comes while the partial file is on its way to disk.
        monkeypatch.setattr(os, "fsync", lambda fd: signal.raise_signal(signal.SIGTERM))
        out = tmp_path / "thread.json"
        out.write_text("the previous fetch\n", encoding="utf-8")
        with pytest.raises(FetchError) as caught:
            write_thread(out, {"status": json.loads(STATUS), "context": json.loads(CONTEXT)})
        assert str(caught.value) == f"cannot write {out}: stopped by SIGTERM"
        assert received == [signal.SIGTERM], "the handler in place before gets the signal"
        assert [p.name for p in tmp_path.iterdir()] == ["thread.json"]
        assert out.read_text(encoding="utf-8") == "the previous fetch\n"
    finally:
        restored = signal.signal(signal.SIGTERM, previous)
    assert restored.__name__ == "<lambda>", "write_thread put back the handler it found"


def test_a_status_id_is_shown_on_one_line(server, tmp_path, sleeps):
    server.thread()
    status = {**json.loads(STATUS), "id": "102\n\x1b[2J"}
    server.on(STATUS_PATH, ok(json.dumps(status).encode()))
    out = tmp_path / "thread.json"
    lines = fetch(server, out, sleeps)
    assert lines[-1] == f"wrote status 102 [2J with 1 ancestor(s) and 3 descendant(s) to {out}"


TIMEOUTS = "more than 0 and at most 31622400 seconds"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--timeout", "nan", f"expected a timeout of {TIMEOUTS}, got nan"),
        ("--timeout", "inf", f"expected a timeout of {TIMEOUTS}, got inf"),
        ("--timeout", "1e12", f"expected a timeout of {TIMEOUTS}, got 1e+12"),
        ("--max-wait", "inf", "expected a maximum wait of 0 to 31622400 seconds, got inf"),
    ],
    ids=["timeout-nan", "timeout-inf", "timeout-huge", "max-wait-inf"],
)
def test_fetch_command_refuses_times_no_request_can_keep(server, tmp_path, option, value, message):
    args = ["fetch", f"{server.url}/@alice/102", "-o", str(tmp_path / "out.json"), option, value]
    result = CliRunner().invoke(main, args, env={"MASTODON_TOKEN": None})
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"fetch: {message}"]
    assert server.requests == []


def test_fetch_command_fails_with_one_line(server, tmp_path):
    server.on(STATUS_PATH, error(404, "Record not found"))
    result = run(
        ["-m", "generator", "fetch", f"{server.url}/@alice/102", "-o", "out.json", "--quiet"],
        cwd=tmp_path,
        MASTODON_TOKEN="",
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"fetch: GET {server.url}{STATUS_PATH}: HTTP 404 Not Found: Record not found"
    ]
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "ftp://example.social/@alice/1",
            "fetch: only http(s) can be fetched: expected a status URL like "
            "https://example.social/@alice/109876543210, got 'ftp://example.social/@alice/1'",
        ),
        (
            "https://example.social/@alice",
            "fetch: expected a status URL like https://example.social/@alice/109876543210, "
            "got 'https://example.social/@alice'",
        ),
    ],
)
def test_fetch_command_refuses_urls(tmp_path, url, message):
    result = CliRunner().invoke(main, ["fetch", url, "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message]
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_token_is_sent_as_bearer_only_when_its_variable_is_set(server, tmp_path):
    server.thread()
    out = tmp_path / "out.json"
    url = f"{server.url}/@alice/102"
    runner = CliRunner()

    result = runner.invoke(main, ["fetch", url, "-o", str(out)], env={"MASTODON_TOKEN": None})
    assert result.exit_code == 0, result.output
    assert [headers["Authorization"] for _, headers in server.requests] == [None, None]

    server.requests.clear()
    env = {"MASTODON_TOKEN": "s3cret-token"}
    result = runner.invoke(main, ["fetch", url, "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert [h["Authorization"] for _, h in server.requests] == ["Bearer s3cret-token"] * 2
    assert "s3cret" not in result.output
    assert "s3cret" not in out.read_text(encoding="utf-8")

    server.requests.clear()
    env = {"MASTODON_TOKEN": None, "SOCIAL_TOKEN": "other-token"}
    args = ["fetch", url, "-o", str(out), "--token-env", "SOCIAL_TOKEN", "-q"]
    result = runner.invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert [h["Authorization"] for _, h in server.requests] == ["Bearer other-token"] * 2


def test_a_token_does_not_follow_a_redirect(server, tmp_path):
    server.on(STATUS_PATH, Reply(301, b"", {"Location": f"{server.url}/moved/102"}))
    server.on("/moved/102", ok(STATUS))
    server.on(CONTEXT_PATH, ok(CONTEXT))
    env = {"MASTODON_TOKEN": "s3cret-token"}
    args = ["fetch", f"{server.url}/@alice/102", "-o", str(tmp_path / "out.json")]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    sent = {path: headers["Authorization"] for path, headers in server.requests}
    assert sent == {
        STATUS_PATH: "Bearer s3cret-token",
        "/moved/102": None,
        CONTEXT_PATH: "Bearer s3cret-token",
    }
