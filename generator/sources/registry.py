"""Source formats, each registered by the module that reads it.

A source file is read in two steps, each chosen here rather than by name anywhere else:

1. Its suffix picks a *file format* (:func:`file_format`): ``.txt`` is plain text
   (:mod:`generator.sources.plain_text`), ``.json`` is JSON (:mod:`generator.sources.json_file`).
   The format's reader takes the file's decoded text.
2. A JSON file is parsed, and its top level picks a *JSON shape* (:func:`json_shape`): Mastodon
   API JSON (:mod:`generator.sources.mastodon`) or ActivityPub JSON
   (:mod:`generator.sources.activitypub`), each recognised by its ``accepts(data)``. The shape's
   reader takes the parsed JSON.

A format module registers itself when imported, with a decorator on its read function::

    @registry.json_shape("Mastodon API", SHAPES, accepts)
    def read(data, path, source, people): ...

and :mod:`generator.sources` imports every module of its package when it is first imported
(:func:`discover`), so a new format is one new module, and its tests: nothing else names it.
Messages list what is registered: every suffix for a file of another, every shape for JSON of
another.

A source that is more than one file, a folder or a ``.zip`` (a Mastodon account archive:
:mod:`generator.sources.mastodon_archive`), is recognised by its path before its suffix is
looked at (:func:`path_format`); its reader opens it itself.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.model import Person, Thread

Actors = Mapping[str, Person]
"""ActivityPub actor URLs → the people a people file says they are."""

Boundaries = dict[str, list[tuple[str, int]]]
"""Starts of lines where editors split posts → the (source, line) places they matched."""

FileReader = Callable[[str, str, Boundaries, Actors | None], Thread]
"""``read(text, path, boundaries, people)``: the file's decoded text, the path to name in
messages, the editors' splits (a reader that finds a line starting with one of them records
where) and the people file's actors; returns the thread, or raises
:class:`~generator.errors.ContentError` naming the path and line of every problem."""

ShapeReader = Callable[[Any, str, str, Actors | None], Thread]
"""``read(data, path, source, people)``: the parsed JSON (a top level the shape accepts), the
path to name in messages, the file's text (to find the lines of problems) and the people file's
actors; returns the thread, or raises :class:`~generator.errors.ContentError`."""


@dataclass(frozen=True)
class FileFormat:
    """A format of source files, known by their suffix."""

    suffix: str
    """The suffix, lower case, with its dot: ``.txt``."""
    name: str
    """The format, for people: ``plain text``."""
    read: FileReader
    """Reads one file of the format."""


@dataclass(frozen=True)
class JsonShape:
    """A kind of JSON file, known by the shape of its top level."""

    name: str
    """The kind, as messages put it before "JSON": ``Mastodon API``."""
    shapes: str
    """The top levels accepted, for messages: ``a Mastodon context {ancestors, descendants}, …``."""
    accepts: Callable[[object], bool]
    """Whether a parsed top level has one of :attr:`shapes`; must never raise."""
    read: ShapeReader
    """Reads a top level it accepts."""
    rank: int = 0
    """Shapes are tried by rank, then by name, and the first that accepts the data reads it."""


PathReader = Callable[[Path, str, Actors | None], Thread]
"""``read(path, label, people)``: a source that is more than one file of text (a folder, a
``.zip``), the label to name it by in messages, and the people file's actors; returns the
thread, or raises :class:`~generator.errors.ContentError`."""


@dataclass(frozen=True)
class PathFormat:
    """A kind of source recognised by its path rather than by its suffix: a folder or an
    archive file that holds several files (an account archive)."""

    name: str
    """The kind, for people: ``Mastodon account archive``."""
    shapes: str
    """What it accepts, for messages: ``a folder or .zip holding outbox.json``."""
    accepts: Callable[[Path], bool]
    """Whether a path is one; must never raise."""
    read: PathReader
    """Reads one."""


PATH_FORMATS: dict[str, PathFormat] = {}
"""Registered kinds of source read by path, by name; tried before suffixes."""

FILE_FORMATS: dict[str, FileFormat] = {}
"""Registered file formats by suffix; read them through :func:`by_suffix`."""

JSON_SHAPES: dict[str, JsonShape] = {}
"""Registered JSON shapes by name; read them through :func:`json_shapes` and :func:`by_shape`."""


def file_format(suffix: str, name: str) -> Callable[[FileReader], FileReader]:
    """Register the decorated function as the reader of files ending in ``suffix`` (``.txt``,
    any case); ``name`` names the format. Raises ValueError if another reader has the suffix."""

    def register(read: FileReader) -> FileReader:
        found = FileFormat(suffix.lower(), name, read)
        _add(FILE_FORMATS, found.suffix, found, f"suffix {found.suffix!r}")
        return read

    return register


def json_shape(
    name: str, shapes: str, accepts: Callable[[object], bool], rank: int = 0
) -> Callable[[ShapeReader], ShapeReader]:
    """Register the decorated function as the reader of the JSON that ``accepts(data)`` is true
    of; ``name`` and ``shapes`` say what it reads, in messages (see :class:`JsonShape`).

    Where two shapes accept the same data, the lower ``rank`` reads it: a shape recognised by
    looser signs (ActivityPub's, a ``type`` alone) ranks after one recognised by stricter ones.
    Raises ValueError if another reader has the name.
    """

    def register(read: ShapeReader) -> ShapeReader:
        _add(JSON_SHAPES, name, JsonShape(name, shapes, accepts, read, rank), f"JSON {name!r}")
        return read

    return register


def path_format(
    name: str, shapes: str, accepts: Callable[[Path], bool]
) -> Callable[[PathReader], PathReader]:
    """Register the decorated function as the reader of the sources ``accepts(path)`` is true
    of, tried before any suffix (see :class:`PathFormat`). Raises ValueError if another
    reader has the name."""

    def register(read: PathReader) -> PathReader:
        _add(PATH_FORMATS, name, PathFormat(name, shapes, accepts, read), f"source {name!r}")
        return read

    return register


def by_path(path: Path) -> PathFormat | None:
    """The kind of source read by path that ``path`` is; None if it is none."""
    return next((kind for kind in PATH_FORMATS.values() if kind.accepts(path)), None)


def _add(registered: dict, key: str, entry: FileFormat | JsonShape | PathFormat, what: str) -> None:
    before = registered.get(key)
    if before is not None and before.read is not entry.read:
        raise ValueError(
            f"{what} is read by {before.read.__module__}.{before.read.__qualname__} already; "
            f"expected one reader, got {entry.read.__module__}.{entry.read.__qualname__} too"
        )
    registered[key] = entry


def by_suffix(suffix: str) -> FileFormat | None:
    """The format of files ending in ``suffix`` (any case); None if no format has it."""
    return FILE_FORMATS.get(suffix.lower())


def suffixes() -> list[str]:
    """Every registered suffix, sorted, for messages."""
    return sorted(FILE_FORMATS)


def json_shapes() -> list[JsonShape]:
    """Every registered JSON shape, in the order they are tried: by rank, then by name."""
    return sorted(JSON_SHAPES.values(), key=lambda shape: (shape.rank, shape.name))


def by_shape(data: object) -> JsonShape | None:
    """The first JSON shape (see :func:`json_shapes`) that accepts ``data``; None if none does."""
    return next((shape for shape in json_shapes() if shape.accepts(data)), None)


def discover(package: str) -> list[str]:
    """Import every module of ``package`` (a dotted name), so that its formats register; returns
    their names, sorted.

    Subpackages are not imported: :mod:`generator.sources.fetch` is loaded by its command
    only. ``package`` itself may still be importing (this is called from its ``__init__``).
    """
    path = importlib.import_module(package).__path__
    names = sorted(
        f"{package}.{module.name}" for module in pkgutil.iter_modules(path) if not module.ispkg
    )
    for name in names:
        importlib.import_module(name)
    return names
