"""Mastodon account archives ("Request your archive" in Mastodon's settings), read as one
source: the folder the ``.zip`` unpacks to, or the ``.zip`` itself.

An archive holds, at its top (or in the one folder at its top):

- ``outbox.json``: the account's activities, an ActivityPub ``OrderedCollection``, read by
  :mod:`generator.sources.activitypub` (so every rule of that reader holds: boosts, direct
  messages and other items that are not posts are counted by kind and left out; a reply
  to a post of another account says its parent is not in the archive);
- ``actor.json``: the owner's actor document, which names the author of every post
  (``preferredUsername``, ``name``, ``url``): the posts' author is found as ``actor``
  (see :mod:`generator.sources.actors`), whatever the form of the actor's URI;
- ``media_attachments/…``: the files of the posts' attachments, which ``outbox.json``
  names by their path in the archive (``/media_attachments/files/…/original/a.png``,
  with or without Mastodon's ``/system/`` before it);
- ``likes.json`` and ``bookmarks.json``: other people's posts by URI only, counted as
  likes and bookmarks left out; ``avatar`` and ``header`` images, not read.

Each attachment whose file the archive holds is checked (:mod:`generator.sources.media_check`)
and, when it passes, published with the site: :attr:`~generator.model.Media.file` is its
path in the site, ``media/<source>/<path in the archive>``, where ``<source>`` is the
source's label made a path segment (:func:`site_folder`), and the publish stage copies it
(:mod:`generator.publish.media_files`, through :func:`member`). A file missing, or one that
fails its check, is left out, and the medium says why. Attachments the archive names by an
http(s) address only stay links.

Followers-only posts, which an archive holds beside public ones, are read and marked like
every source's (see :mod:`generator.sources.addressing`); direct messages never are.

A ``.zip`` is read without being unpacked: members are found by name, none outside the
archive, none encrypted, each read up to its limit; a folder's files must be regular files
inside it (no link out of it).
"""

from __future__ import annotations

import json
import lzma
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from generator import text as txt
from generator.errors import ContentError, Problem
from generator.model import Media, Naming, Thread, evolve
from generator.sources import activitypub, actors, json_file, media_check, registry
from generator.sources import activitystreams as ast
from generator.sources.registry import Actors

SHAPES = "a Mastodon account archive (a folder or .zip holding outbox.json and actor.json)"
"""What is accepted, for messages."""
MAX_MEMBERS = 200_000
"""The most files an archive may hold."""
_BROKEN = (
    *(OSError, EOFError, ValueError, RuntimeError, NotImplementedError),
    *(zipfile.BadZipFile, zlib.error, lzma.LZMAError),
)
"""What the standard library raises for a damaged ``.zip`` (or one compressed by a method it
lacks): a problem naming the archive, never a traceback."""
_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
"""A path segment the site may publish a file under as it is."""


def accepts(path: Path) -> bool:
    """Whether ``path`` is an archive: a folder holding ``outbox.json``, or a ``.zip``."""
    try:
        if path.suffix.lower() == ".zip":
            return True
        return path.is_dir() and (path / "outbox.json").is_file()
    except OSError:
        return False


class Opened:
    """The files of an archive, by their path in it (``media_attachments/…``)."""

    def __init__(self, path: Path, label: str, zipped: zipfile.ZipFile | None) -> None:
        self.path, self.label, self.zipped = path, label, zipped
        if zipped is not None:
            infos = zipped.infolist()
            if len(infos) > MAX_MEMBERS:
                raise _problem(label, f"{len(infos):,} files; expected at most {MAX_MEMBERS:,}")
            self.members = {_normal(i.filename): i for i in infos if not i.is_dir()}
            self.members.pop("", None)
        self.top = ""
        if zipped is not None and "outbox.json" not in self.members:
            tops = {name.partition("/")[0] for name in self.members if "/" in name}
            if len(tops) == 1 and f"{next(iter(tops))}/outbox.json" in self.members:
                self.top = f"{tops.pop()}/"  # the archive's files in one folder

    def has(self, name: str) -> bool:
        if self.zipped is not None:
            return self.top + name in self.members
        return self._file(name) is not None

    def read(self, name: str, limit: int) -> bytes:
        """A file's bytes; a problem naming it when it cannot be read or is over ``limit``."""
        where = f"{self.label}/{name}"
        if self.zipped is not None:
            info = self.members.get(self.top + name)
            if info is None:
                raise _problem(where, "not in the archive")
            if info.flag_bits & 0x1:
                raise _problem(
                    where, "encrypted; expected a file of the archive as Mastodon made it"
                )
            if info.file_size > limit:
                raise _problem(where, f"{info.file_size:,} bytes; expected at most {limit:,}")
            try:
                with self.zipped.open(info) as stream:
                    data = stream.read(limit + 1)
            except _BROKEN as err:
                raise _problem(where, f"cannot be read from the archive ({err})") from None
        else:
            file = self._file(name)
            if file is None:
                raise _problem(where, "not in the archive, or not a file inside it")
            try:
                with file.open("rb") as stream:
                    data = stream.read(limit + 1)
            except OSError as err:
                raise _problem(where, f"cannot read file: {err.strerror}") from None
        if len(data) > limit:
            raise _problem(where, f"over {limit:,} bytes; expected at most that")
        return data

    def _file(self, name: str) -> Path | None:
        """A regular file of the folder, inside it once every link is followed."""
        file = self.path / name
        try:
            inside = file.resolve().is_relative_to(self.path.resolve())
            return file if inside and stat.S_ISREG(os.stat(file).st_mode) else None
        except (OSError, ValueError):
            return None


@contextmanager
def opened(path: Path, label: str) -> Iterator[Opened]:
    """The archive at ``path`` (a folder or a ``.zip``), open to read its files."""
    if path.is_dir():
        yield Opened(path, label, None)
        return
    try:
        zipped = zipfile.ZipFile(path)
    except _BROKEN as err:
        raise _problem(label, f"not a .zip archive ({err}); expected {SHAPES}") from None
    with zipped:
        yield Opened(path, label, zipped)


def _normal(name: str) -> str:
    """A member's name as a relative POSIX path; ``""`` for one that leaves the archive."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not parts or parts[0] == "/" or ".." in parts:
        return ""
    return "/".join(p for p in parts if p != ".")


def _problem(where: str, message: str) -> ContentError:
    return ContentError(Problem(where, 0, message))


def site_folder(label: str) -> str:
    """Where a source's files go in the site: ``media/<label as one segment>``."""
    stem = re.sub(r"\.zip$", "", label.strip("/"), flags=re.IGNORECASE)
    return "media/" + (re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "archive")


def member_of(url: Any) -> str:
    """The path in the archive of an attachment's ``url``; ``""`` for an http(s) address."""
    if not isinstance(url, str) or "://" in url:
        return ""
    name = _normal(url.strip().lstrip("/"))
    return name.removeprefix("system/")


@registry.path_format("Mastodon account archive", SHAPES, accepts)
def read_archive(path: Path, label: str, people: Actors | None = None) -> Thread:
    """Read an archive into a thread (see the module docstring)."""
    with opened(path, label) as archive:
        if not archive.has("outbox.json"):
            raise _problem(label, f"no outbox.json in it; expected {SHAPES}")
        name = f"{label}/outbox.json"
        text = txt.decode(archive.read("outbox.json", txt.SOURCE_BYTES), name)
        data = _json(text, name, people)
        thread = activitypub.read_activitypub(data, name, text, people)
        owner = _owner(archive, label)
        skipped = dict(thread.skipped)
        for file, kind in (("likes.json", "like"), ("bookmarks.json", "bookmark")):
            count = _count(archive, file, label)
            if count:
                skipped[kind] = skipped.get(kind, 0) + count
        files = _attachments(data)
        checked: dict[str, Media] = {}
        folder = site_folder(label)
        posts = []
        for post in thread.posts:
            names = files.get(post.uri, [])
            media = tuple(
                _medium(archive, folder, medium, names[i], checked)
                if i < len(names) and names[i]
                else medium
                for i, medium in enumerate(post.media)
            )
            posts.append(evolve(post, media=media) if media != post.media else post)
    namings = (*thread.namings, *([owner] if owner else []))
    whole = Thread(tuple(posts), thread.people, namings, skipped)
    return actors.resolve(whole, people)


def _json(text: str, name: str, people: Actors | None) -> Any:
    """Parsed JSON; invalid JSON is refused as any JSON source's is, naming its line."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        json_file.read_json(text, name, {}, people)  # raises the problem, with its line
        raise


def _owner(archive: Opened, label: str) -> Naming | None:
    """What ``actor.json`` says the owner is called."""
    if not archive.has("actor.json"):
        return None
    name = f"{label}/actor.json"
    document = _json(txt.decode(archive.read("actor.json", txt.DATA_BYTES), name), name, None)
    naming = actors.from_actor(document)
    if naming is None:
        expected = "an actor with an id and a preferredUsername"
        raise _problem(name, f"not an actor document; expected {expected}")
    return naming


def _count(archive: Opened, file: str, label: str) -> int:
    """How many items a collection of the archive lists (``likes.json``)."""
    if not archive.has(file):
        return 0
    name = f"{label}/{file}"
    data = _json(txt.decode(archive.read(file, txt.SOURCE_BYTES), name), name, None)
    items = data.get("orderedItems", data.get("items")) if isinstance(data, dict) else data
    return len(items) if isinstance(items, list) else 0


def _attachments(data: Any) -> dict[str, list[str]]:
    """Each object's URI → the paths in the archive of its media, in the order the
    ActivityPub reader reads them (links left out), ``""`` for one given by address."""
    found: dict[str, list[str]] = {}
    page = data.get("first") if isinstance(data, dict) and "orderedItems" not in data else data
    items = page.get("orderedItems", page.get("items")) if isinstance(page, dict) else page
    for item in ast.as_list(items):
        note = item.get("object") if "Create" in ast.types(item) else item
        if not isinstance(note, dict) or not ast.uri(note):
            continue
        media = [a for a in ast.as_list(note.get("attachment")) if isinstance(a, dict)]
        names = [member_of(a.get("url")) for a in media if "Link" not in ast.types(a)]
        found.setdefault(ast.uri(note), names)
    return found


def _medium(
    archive: Opened, folder: str, medium: Media, name: str, checked: dict[str, Media]
) -> Media:
    """A medium with the site's copy of its file, or why the file is left out."""
    if name in checked:
        return evolve_media(medium, checked[name])
    if not all(_SAFE.fullmatch(part) for part in name.split("/")):
        result = Media(medium.kind, left_out="a file name the site cannot publish as it is")
    elif not archive.has(name):
        result = Media(medium.kind, left_out="not in the archive")
    else:
        limit = max(media_check.MAX_BYTES.values())
        try:
            data = archive.read(name, limit)
        except ContentError as err:
            result = Media(medium.kind, left_out=err.problems[0].message)
        else:
            found = media_check.check(data, name, medium.kind)
            result = Media(
                medium.kind,
                file="" if found.problem else f"{folder}/{name}",
                media_type=found.media_type,
                width=found.width,
                height=found.height,
                left_out=found.problem,
            )
    checked[name] = result
    return evolve_media(medium, result)


def evolve_media(medium: Media, found: Media) -> Media:
    """``medium`` (what the post says) with what was found of its file."""
    return Media(
        kind=medium.kind,
        description=medium.description,
        url=medium.url,
        sensitive=medium.sensitive,
        file=found.file,
        media_type=found.media_type,
        width=found.width,
        height=found.height,
        left_out=found.left_out,
    )


def member(sources: Mapping[str, Path], file: str) -> tuple[Path, str] | None:
    """The archive and the path in it of a file the site publishes (``media/<source>/…``),
    given the archive sources by label; ``None`` when no source holds it."""
    for label, path in sources.items():
        prefix = site_folder(label) + "/"
        if file.startswith(prefix):
            return path, file[len(prefix) :]
    return None
