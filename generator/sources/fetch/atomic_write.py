"""Writing the fetched thread to its file atomically, even when a stop signal comes.

The file is written beside its final name (``.thread.json.1234.part`` for ``thread.json``,
1234 being the process id), flushed to disk and renamed into place, so a failed fetch never
leaves a partial file and never spoils one fetched before, not even when stopped while writing
by Ctrl-C, SIGTERM (``kill``, systemd, a cancelled CI job) or SIGHUP: while writing, those
signals raise an exception as Ctrl-C does, and once the partial file is gone they are raised
again for the handlers there were before.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.sources.fetch.errors import FetchError


def write_thread(output: Path, thread: dict[str, Any]) -> None:
    """Write ``thread`` as indented UTF-8 JSON, atomically: beside ``output``, then renamed.

    Raises :class:`FetchError` when the file cannot be written, or when ``thread`` would not
    make JSON: nested too deeply for the encoder, ``NaN`` or infinite numbers, integers of
    more digits than Python converts.
    """
    try:
        data = _encode(thread)
    except RecursionError:
        raise FetchError(f"cannot write {output}: the thread is nested too deeply") from None
    except ValueError as err:  # NaN, Infinity, or an integer of too many digits
        raise FetchError(f"cannot write {output}: it would not be JSON: {err}") from None
    partial = output.with_name(f".{output.name}.{os.getpid()}.part")
    with _stop_signals_raise(f"cannot write {output}"):
        try:
            with partial.open("wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())  # on disk before the rename makes it the file
            os.replace(partial, output)
        except BaseException as err:  # an interrupt or kill, too, must not leave the partial file
            partial.unlink(missing_ok=True)
            if isinstance(err, OSError):
                raise FetchError(f"cannot write {output}: {err.strerror or err}") from None
            raise


_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""Signals that end the process at once by default: ``kill``, systemd, CI cancel, hang-up."""


class _Stopped(BaseException):
    """A stop signal came; raised like KeyboardInterrupt so that cleanup runs first."""


@contextlib.contextmanager
def _stop_signals_raise(doing: str) -> Iterator[None]:
    """Inside, SIGTERM and SIGHUP raise :class:`_Stopped` instead of ending the process at once.

    On leaving, the previous handlers are back and a signal that came is raised again for
    them: by default the process then ends by that signal, as it would have, only after the
    cleanup. Should a previous handler let the process go on, :class:`FetchError` says
    ``doing`` was stopped. Signals ignored stay ignored; handlers can be set only in the main
    thread, so elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []

    def stop(number: int, frame: object) -> None:
        if not came:  # a second signal must not cut short the cleanup of the first
            came.append(number)
            raise _Stopped(number)

    previous = {}
    for number in _STOP_SIGNALS:
        if signal.getsignal(number) not in (signal.SIG_IGN, None):  # None: not set by Python
            previous[number] = signal.signal(number, stop)
    try:
        yield
    except _Stopped:
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if came:
        signal.raise_signal(came[0])
        raise FetchError(f"{doing}: stopped by {signal.Signals(came[0]).name}")


def _encode(thread: dict[str, Any]) -> bytes:
    text = json.dumps(thread, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate escaped in the answer: keep it escaped
        return (json.dumps(thread, indent=2, allow_nan=False) + "\n").encode("ascii")
