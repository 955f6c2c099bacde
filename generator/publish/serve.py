"""What the plugin changes while ``mkdocs serve`` runs, and only then.

**Live reload.** ``mkdocs serve`` adds its live-reload script to every HTML page it sends,
after every plugin ran: one inline script, right before the last ``</body>``, that ends
with two numbers which change with every response (the time of the build and of the
request). No hash written at build time can match it, and ``'unsafe-inline'`` is ignored
by browsers as soon as a policy lists hashes. So the plugin wraps the server's WSGI
application (:func:`allow_live_reload`): in each HTML response, the inline script just
before the last ``</body>`` is allowed by its own hash when it has exactly the shape of
MkDocs' live-reload script, numbers aside (:func:`script_shape`). Nothing else is allowed
and ``mkdocs build`` never goes through here: built pages keep their policy as it is.

**Content problems.** A content problem stops every build (``mkdocs build``, ``make
build``, ``check``). While serving, the plugin builds instead a site whose every page is
:func:`problems_page`: the server, which holds every request after a failed build, keeps
answering; the page the maintainer has open reloads by itself onto the problems, and the
next good save reloads it onto the site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from html import escape

from generator.publish.csp import allow_script

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]
"""A WSGI application: ``app(environ, start_response)`` → the body's bytes."""

_PLACEHOLDER = re.compile(r"\$\{\w+\}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def script_shape(template: str) -> re.Pattern[str]:
    """The scripts a ``string.Template`` text can give when each ``${name}`` in it is a
    whole number (MkDocs' live-reload script: ``livereload(${epoch}, ${request_id});``)."""
    parts = _PLACEHOLDER.split(template)
    return re.compile("[0-9]+".join(re.escape(part) for part in parts))


def injected_script(html: str, shape: re.Pattern[str]) -> str | None:
    """The text of the inline script right before the last ``</body>`` of ``html`` (or at
    its very end, where ``mkdocs serve`` puts it in a page without one), if the whole of
    it has ``shape``; ``None`` otherwise."""
    end = html.rfind("</body>")
    before = html[: end if end >= 0 else len(html)]
    if not before.endswith("</script>"):
        return None
    start = before.rfind("<script>")
    if start < 0:
        return None
    script = before[start + len("<script>") : -len("</script>")]
    return script if shape.fullmatch(script) else None


def allow_live_reload(app: WSGIApp, shape: re.Pattern[str]) -> WSGIApp:
    """``app`` (the server's WSGI application) whose HTML pages let the live-reload script
    the server put into them run (:func:`injected_script`,
    :func:`generator.publish.csp.allow_script`).

    Other responses pass through untouched, the server's long-polling among them. The
    wrapped application must not use the ``write`` callable of ``start_response``
    (MkDocs' server does not).
    """

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        answer: list = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info=None):
            answer[:] = [status, headers, exc_info]
            return _no_write

        body = app(environ, hold)
        status, headers, exc_info = answer
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not kind.startswith("text/html"):
            start_response(status, headers, exc_info)
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        data = allowed(data, shape)
        headers = [(k, str(len(data)) if k.lower() == "content-length" else v) for k, v in headers]
        start_response(status, headers, exc_info)
        return [data]

    return wrapped


def allowed(page: bytes, shape: re.Pattern[str]) -> bytes:
    """``page`` (UTF-8 HTML) with its live-reload script allowed by the page's policy;
    unchanged when it has no such script or no policy."""
    try:
        html = page.decode("utf-8")
    except UnicodeDecodeError:
        return page
    script = injected_script(html, shape)
    return page if script is None else allow_script(html, script).encode("utf-8")


def _no_write(data: bytes) -> None:
    raise NotImplementedError("allow_live_reload needs the body returned, not written")


def problems_page(problems: Sequence[str], site_name: str) -> str:
    """A whole HTML page that lists ``problems`` (``path:line: problem`` lines), as text.

    A message quotes the content it is about, which may hold markup: every character is
    escaped, and control characters (which a browser may show as other characters) become
    U+FFFD. The page runs no script of its own and loads nothing.
    """
    lines = "\n".join(escape(_CONTROL.sub("\ufffd", problem)) for problem in problems)
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{count} in the content · {escape(site_name)}</title>
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
  padding: 0 1rem; color: #1a1a1a; background: #fff; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; padding: 1rem;
  background: #fdecea; color: #5f1410; border-left: 4px solid #b3261e; }}
</style>
</head>
<body>
<main>
<h1>The site cannot be built: {count} in the content</h1>
<p>The same lines as <code>make check</code> prints. Fix them and save: this page
reloads by itself. Until then <code>make build</code> and <code>mkdocs build</code>
fail.</p>
<pre id="problems">{lines}</pre>
</main>
</body>
</html>
"""


def report_after_each_build(server, report: Callable[[], None]) -> None:
    """Call ``report`` after each build ``server`` (MkDocs' live-reload server) makes, and
    once now, for the first build, made before serving began.

    After the build, not during it: an error logged during a strict build would fail it,
    and the server would then hold every request instead of showing the problems.
    """
    build = server.builder

    def build_and_report() -> None:
        build()
        report()

    server.builder = build_and_report
    report()
