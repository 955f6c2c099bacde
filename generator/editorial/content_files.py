"""What the docs folder (content/) may hold: the trust boundary for files a pull request adds.

Contributors send commentary; maintainers review everything else. So the commentary folder
is the contributors' folder and holds only what a contributor needs, each file checked by
what it is, while the rest of docs_dir, ``mkdocs.yml`` and the theme are the maintainers'.
Even there, a file is refused when a reader's browser would run it or when it would quietly
take the place of another file. The rules, checked by ``python -m generator check`` and by
every build (:func:`check_docs`):

In the commentary folder (``content/commentary/``):

- commentary pages, ``*.md`` at the top of the folder (checked by
  :mod:`generator.editorial.commentary`), and the authors file ``authors.yml``;
- images whose content is what their name says (:data:`IMAGES`), opened and checked with
  Pillow, in the folder or below it, each at most :data:`MAX_IMAGE_BYTES`;
- nothing else: no other file type, no page in a subfolder (it would be published without
  the checks), no symbolic link.

Anywhere in docs_dir:

- no symbolic link that leads out of the project (it would publish the file it points at);
- nothing but folders and regular files (a device such as ``/dev/zero`` never ends);
- no file a browser runs: HTML, SVG, XML and scripts (:data:`ACTIVE`) — except scripts
  that mkdocs.yml lists under ``extra_javascript``, which the maintainers chose;
- no file with the path of one of the theme's files (``assets/discussion.js`` would replace
  the theme's script on every page).

Generated pages and files must not replace hand-written ones either; that rule is
:func:`generator.pages.render.refuse_shadowing`'s. Files whose names start with ``.`` are not
published by MkDocs and are not looked at.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import Problem

IMAGES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
"""Image files contributors may add, by suffix, with the format Pillow must find in them."""
MAX_IMAGE_BYTES = 5 * 1024 * 1024
"""The largest image a contributor may add."""
MAX_IMAGE_PIXELS = 40_000_000
"""The most pixels an image may have (width × height): a small file can decode to gigabytes."""
ACTIVE = frozenset(
    {".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".xsl", ".xslt"}
    | {".js", ".mjs", ".cjs", ".swf"}
)
"""File types a browser may run script in when it opens them from the site."""
SCRIPTS = frozenset({".js", ".mjs", ".cjs"})
"""Script files, allowed outside the commentary folder when ``extra_javascript`` lists them."""
AUTHORS = "authors.yml"
LEAVES_PROJECT = (
    "symbolic link leading out of the project; expected a file of the project (a link "
    "would publish whatever it points at)"
)


@dataclass(frozen=True)
class DocsRules:
    """What the checks need to know of the site."""

    docs_dir: Path
    """MkDocs' docs_dir."""
    root: Path
    """The project: the folder of mkdocs.yml. No link may lead out of it."""
    commentary: Path | None = None
    """The contributors' folder, when the site has one."""
    theme_dirs: tuple[Path, ...] = ()
    """The theme's folders, first wins, as MkDocs searches them (custom_dir first)."""
    scripts: frozenset[str] = frozenset()
    """Scripts mkdocs.yml lists under ``extra_javascript``, as paths inside docs_dir."""

    def label(self, path: Path) -> str:
        """The path as messages name it: relative to the project."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def check_docs(rules: DocsRules) -> list[Problem]:
    """Every problem with the files of docs_dir (see the module docstring), in path order."""
    if not rules.docs_dir.is_dir():
        return []
    root = rules.root.resolve()
    commentary = rules.commentary.absolute() if rules.commentary is not None else None
    problems = []
    for path in _walk(rules.docs_dir):
        uri = path.relative_to(rules.docs_dir).as_posix()
        inside = commentary is not None and _within(path, commentary)
        problem = _problem(path, uri, inside, rules, root, commentary)
        if problem:
            problems.append(Problem(rules.label(path), 0, problem))
    return problems


def _walk(folder: Path) -> Iterator[Path]:
    """Every file, folder link and special file under ``folder``, in path order; hidden
    names are skipped and links to folders are not followed."""
    for top, dirs, files in os.walk(folder, followlinks=False):
        here = Path(top)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [*(d for d in dirs if (here / d).is_symlink()), *sorted(files)]:
            if not name.startswith("."):
                yield here / name


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _problem(
    path: Path, uri: str, contributed: bool, rules: DocsRules, root: Path, commentary: Path | None
) -> str:
    """What is wrong with one file of docs_dir; empty when nothing is."""
    suffix = PurePosixPath(uri).suffix.lower()
    if path.is_symlink():
        if contributed:
            return (
                "symbolic links are not allowed in the commentary folder; expected the file itself"
            )
        if not _within(path.resolve(), root):
            return LEAVES_PROJECT
    try:
        mode = path.stat().st_mode
    except OSError as err:
        return f"cannot read: {err.strerror}"
    if stat.S_ISDIR(mode):
        return ""  # a link to a folder of the project: its files are walked as its target's
    if not stat.S_ISREG(mode):
        return "not a regular file; expected a file (devices, sockets and pipes are refused)"
    if contributed:
        assert commentary is not None
        return _contributed(path, suffix, path.parent == commentary)
    if suffix in ACTIVE and not (suffix in SCRIPTS and uri in rules.scripts):
        return (
            f"a {suffix} file can run script in a reader's browser; expected no such file in "
            "the docs folder (a maintainer's script goes in the theme folder or is listed "
            "under extra_javascript)"
        )
    if suffix != ".md" and any((folder / uri).is_file() for folder in rules.theme_dirs):
        return (
            f"replaces the theme's file {uri}; expected a file name the theme does not use "
            "(this file would take the theme's place on every page)"
        )
    return ""


def _contributed(path: Path, suffix: str, top: bool) -> str:
    """What is wrong with one file of the commentary folder; empty when nothing is."""
    if top and (suffix == ".md" or path.name == AUTHORS):
        return ""
    if suffix == ".md":
        return (
            "a page in a subfolder of the commentary folder is not read as commentary; "
            "expected commentary pages at the top of the folder"
        )
    if suffix in IMAGES:
        return image_problem(path, IMAGES[suffix])
    allowed = ", ".join(sorted(IMAGES))
    return (
        f"files of type {suffix or '(none)'!r} are not allowed in the commentary folder; "
        f"expected commentary pages (*.md), authors.yml or images ({allowed})"
    )


def image_problem(path: Path, expected: str) -> str:
    """What is wrong with an image file; empty when Pillow reads it as ``expected`` (a
    Pillow format name such as ``PNG``) within the size limits."""
    from PIL import Image, UnidentifiedImageError  # only sites with images pay for Pillow

    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return f"image of {size} bytes; expected at most {MAX_IMAGE_BYTES} bytes"
    try:
        with Image.open(path, formats=[expected]) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return (
                    f"image of {width}×{height} pixels; expected at most "
                    f"{MAX_IMAGE_PIXELS:,} pixels"
                )
            image.verify()
    except UnidentifiedImageError:
        return f"not a {expected} image; expected a file of the type its name says"
    except (OSError, SyntaxError, ValueError) as err:
        reason = _reason(str(err).replace(str(path), path.name))
        return f"not a valid {expected} image ({reason}); expected a file of that type"
    except Image.DecompressionBombError:
        return f"image too large to decode; expected at most {MAX_IMAGE_PIXELS:,} pixels"
    return ""


def _reason(message: str) -> str:
    text = " ".join(message.split())
    return (text[:80] + "…") if len(text) > 80 else (text or "unreadable")


def scripts_of(extra_javascript: Iterable[object]) -> frozenset[str]:
    """The paths of mkdocs.yml's ``extra_javascript`` entries (strings or objects with a
    ``path``), as they are named inside docs_dir."""
    out = set()
    for entry in extra_javascript:
        path = getattr(entry, "path", entry)
        if isinstance(path, str) and "://" not in path:
            out.add(path.lstrip("/"))
    return frozenset(out)
