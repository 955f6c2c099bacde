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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from generator.csp import allow_script

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]
"""A WSGI application: ``app(environ, start_response)`` → the body's bytes."""

_PLACEHOLDER = re.compile(r"\$\{\w+\}")


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
    the server put into them run (:func:`injected_script`, :func:`generator.csp.allow_script`).

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
