"""The files of attachments a source holds (a Mastodon account archive), published with the
site so that its pages show them from its own origin, never from another server.

The read stage checked each file and gave its medium the site path it is published under,
:attr:`~generator.model.Media.file` (``media/<source>/media_attachments/…``; see
:mod:`generator.sources.mastodon_archive`). Here, for every medium a post of the
discussion still shows (a post removed at its author's request has none), the file is read
again from its archive and checked again: the bytes published are the bytes checked, and a
file changed since it was read stops the build rather than publishing something else.

An archive is never published itself, whatever ``publish_sources`` says: besides the posts
it holds direct messages, likes and bookmarks. :func:`unpublished` takes its files out of
the site when it lies in ``docs_dir``, and :func:`archive_files` out of an export.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.pipeline import Result, Settings
from generator.sources import mastodon_archive, media_check


def archives(settings: Settings) -> dict[str, Path]:
    """The sources that are archives, by label."""
    return {
        settings.label(path): path for path in settings.sources if mastodon_archive.accepts(path)
    }


def media_files(result: Result, settings: Settings) -> dict[str, bytes]:
    """Site path → bytes of every attachment file the site shows (see the module docstring).
    Raises :class:`ContentError` when a file is no longer what was checked."""
    sources = archives(settings)
    wanted = sorted(
        {
            (medium.file, medium.kind, medium.media_type)
            for post in result.discussion.posts
            for medium in post.media
            if medium.file
        }
    )
    out: dict[str, bytes] = {}
    problems = []
    with ExitStack() as stack:
        opened: dict[Path, mastodon_archive.Opened] = {}
        for file, kind, media_type in wanted:
            found = mastodon_archive.member(sources, file)
            if found is None:
                problems.append(Problem(file, 0, "no archive among the sources holds it"))
                continue
            path, name = found
            if path not in opened:
                label = settings.label(path)
                opened[path] = stack.enter_context(mastodon_archive.opened(path, label))
            try:
                data = opened[path].read(name, max(media_check.MAX_BYTES.values()))
            except ContentError as err:
                problems.extend(err.problems)
                continue
            if media_check.check(data, name, kind).media_type != media_type:
                label = f"{settings.label(path)}/{name}"
                message = f"changed since it was read; expected the {media_type} file checked"
                problems.append(Problem(label, 0, message))
                continue
            out[file] = data
    if problems:
        raise ContentError(problems)
    return out


def archive_files(settings: Settings) -> set[Path]:
    """Every file of the archive sources, resolved: a ``.zip`` itself, each file of a
    folder. None of them is published (see the module docstring)."""
    found = set()
    for path in archives(settings).values():
        found |= {f.resolve() for f in path.rglob("*")} if path.is_dir() else {path.resolve()}
    return found


def unpublished(paths: Iterable[str], settings: Settings) -> set[str]:
    """Of the files MkDocs found (absolute paths), those of an archive source: the ``.zip``
    itself, or every file of an archive folder."""
    roots = [os.path.normpath(os.path.abspath(path)) for path in archives(settings).values()]
    return {
        path
        for path in paths
        if any(
            os.path.normpath(path) == root or os.path.normpath(path).startswith(root + os.sep)
            for root in roots
        )
    }
