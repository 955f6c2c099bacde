"""Commentary: contributors' Markdown pages about the discussion, checked strictly.

Each file in the commentary folder (``content/commentary/<slug>.md``) opens with YAML front
matter between ``---`` lines::

    ---
    title: Use is not copy
    author: editors            # a key of the authors file
    date: 2024-05-01           # YYYY-MM-DD
    themes: [copyright]        # theme ids from the taxonomy
    responds_to: [7f76f70cea]  # post ids (see `make list`)
    summary: One sentence for the index and the feed.   # optional
    ---

MkDocs itself would silently drop front matter it cannot parse, so the front matter is read
here first, by the strict loader (:mod:`generator.editorial.yamlio`): no type guessing, no
anchors or aliases, no duplicate keys, no unknown fields, and no control characters in the
one-line fields. A title or summary may hold any other character, quotes, ``&`` and ``< >``
included: Material prints ``title`` and ``description`` unescaped into every page, so the
generated page gives them to it escaped (:func:`generator.pages.markup.template_text`).

The body is Markdown, checked by :mod:`generator.editorial.commentary_body`: no raw HTML,
links and images that load nothing from elsewhere, and posts quoted as ``[[post <id>]]``.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex

from generator.editorial import yamlio
from generator.editorial.commentary_body import (
    EXTENSIONS,
    QUOTE_LINE,
    MarkdownConfig,
    check_body,
    prose_lines,
    quotes_in,
)
from generator.editorial.schema import (
    NAME_CHARS,
    SLUG,
    SUMMARY_CHARS,
    TITLE_CHARS,
    URL_CHARS,
    Checker,
)
from generator.errors import ContentError, Problem
from generator.text import DATA_BYTES, clean, read_file
from generator.urls import RESERVED_NAMES, is_web_address

RESERVED_SLUGS = {"authors", "feed"} | RESERVED_NAMES
_SLUG = regex.compile(
    r"[\p{Ll}\p{Lm}\p{Lo}\p{N}](?:[\p{Ll}\p{Lm}\p{Lo}\p{N}\p{M}-]*[\p{Ll}\p{Lm}\p{Lo}\p{N}\p{M}])?"
)
"""A commentary file's name: words of any script in lower case (or a script without case),
joined by hyphens; a file named ``著作権.md`` is ``/commentary/著作権/``."""


def valid_slug(slug: str) -> bool:
    """Whether ``slug`` may name a commentary page: :data:`_SLUG`, written one way only
    (composed, NFC) and not a reserved name."""
    return (
        bool(_SLUG.fullmatch(slug))
        and unicodedata.is_normalized("NFC", slug)
        and slug not in RESERVED_SLUGS
    )


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIELDS = {"title", "author", "date", "themes", "responds_to", "summary"}
_REQUIRED = {"title", "author", "date"}


@dataclass(frozen=True)
class Author:
    """A contributor, as the authors file describes them."""

    key: str
    """What commentary's ``author:`` field names."""
    name: str
    """Name to credit."""
    url: str = ""
    """Their website or profile (http or https), if they want one shown."""


@dataclass(frozen=True)
class Commentary:
    """One checked commentary page."""

    slug: str
    """File name without ``.md``; the page is ``/commentary/<slug>/``."""
    path: str
    """Path inside docs_dir: ``commentary/<slug>.md``."""
    label: str
    """The file as messages name it."""
    title: str
    author: str
    """Key of the author."""
    date: str
    """``YYYY-MM-DD``."""
    themes: tuple[str, ...] = ()
    responds_to: tuple[str, ...] = ()
    summary: str = ""
    body: str = ""
    """The Markdown after the front matter."""
    body_line: int = 1
    """Line of the file where the body starts."""

    def quoted(self) -> tuple[str, ...]:
        """Ids of posts the body quotes with ``[[post …]]``, in order, each once."""
        ids = [post_id for _, line in prose_lines(self.body) for post_id in quotes_in(line)]
        return tuple(dict.fromkeys(ids))

    def shown(self) -> tuple[str, ...]:
        """Ids of posts the body shows as cards (``[[post …]]`` alone on a line)."""
        lines = (QUOTE_LINE.match(line) for _, line in prose_lines(self.body))
        return tuple(dict.fromkeys(m.group(1) for m in lines if m))


def load_authors(file: Path, label: str) -> dict[str, Author]:
    """Load the authors file: a mapping of keys to ``name`` and optional ``url``."""
    data = yamlio.load(read_file(file, label, DATA_BYTES), label)
    check = Checker(label)
    authors: dict[str, Author] = {}
    root = check.mapping(data, 1, "", "a mapping of author keys to name and url")
    for key, value in (root or {}).items():
        line = root.line_of(key)
        entry = check.mapping(value, line, key, "a mapping with 'name' and optional 'url'")
        if entry is None:
            continue
        if not SLUG.fullmatch(key) or key in RESERVED_NAMES:
            check.problem(
                line,
                key,
                "invalid author key",
                "lower-case letters, digits and hyphens, not a device name",
                key,
            )
        check.keys(entry, {"name", "url"}, {"name"}, f"author {key}")
        name = check.text(entry, "name", required=True, printed=True, max_chars=NAME_CHARS)
        url = check.text(entry, "url", printed=True, max_chars=URL_CHARS)
        if url and not is_web_address(url):
            check.problem(
                entry.line_of("url"),
                "url",
                "not a web address",
                "an http:// or https:// URL without spaces",
                url,
            )
        authors[key] = Author(key, name, url)
    if check.problems:
        raise ContentError(check.problems)
    return authors


def split_front_matter(text: str, label: str) -> tuple[str, str, int]:
    """``(front matter, body, line where the body starts)``; front matter is required."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise ContentError(
            Problem(
                label,
                1,
                "missing front matter; expected the file to start "
                "with a line '---', then title, author and date, then '---'",
            )
        )
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1 : number - 1]), "\n".join(lines[number:]), number + 1
    raise ContentError(
        Problem(label, 1, "front matter is not closed; expected a line '---' after the last field")
    )


def read_commentary(
    file: Path,
    docs_path: str,
    label: str,
    *,
    authors: dict[str, Author],
    theme_ids: list[str],
    post_ids: set[str],
    markdown_config: MarkdownConfig = (EXTENSIONS, {}),
) -> Commentary:
    """Read and check one commentary file against the authors, themes and posts;
    ``markdown_config`` is the site's Markdown extensions and their settings."""
    text = clean(read_file(file, label, DATA_BYTES))
    front, body, body_line = split_front_matter(text, label)
    data = yamlio.load(front, label, first_line=2)
    check = Checker(label)
    slug = Path(docs_path).stem
    if not valid_slug(slug):
        check.problem(
            0,
            "",
            f"invalid file name {Path(docs_path).name!r}",
            "lower-case letters of any script, digits and hyphens, not a reserved name "
            "(index, authors, feed, con…), "
            "like use-is-not-copy.md",
            slug,
        )
    if data is None:
        data = yamlio.Mapping()
        data.line = 1
    meta = check.mapping(data, 2, "", "front matter with title, author and date")
    if meta is None:
        raise ContentError(check.problems)
    check.keys(meta, _FIELDS, _REQUIRED, "commentary front matter")
    title = check.text(meta, "title", required=True, printed=True, max_chars=TITLE_CHARS)
    summary = check.text(meta, "summary", printed=True, max_chars=SUMMARY_CHARS)
    author = check.text(meta, "author", required=True)
    if author and author not in authors:
        known = ", ".join(sorted(authors)) or "none yet: add yourself to the authors file"
        check.problem(
            meta.line_of("author"),
            "author",
            "unknown author",
            f"a key of the authors file ({known})",
            author,
        )
    date = _date(check, meta)
    themes = []
    for theme, line in check.strings(meta, "themes", "a list of theme ids"):
        if theme not in theme_ids:
            check.problem(
                line,
                "themes",
                "unknown theme",
                "one of " + ", ".join(theme_ids)
                if theme_ids
                else "no themes: this site has no taxonomy",
                theme,
            )
        themes.append(theme)
    responds = []
    raw_items = meta.get("responds_to")
    for i, (post_id, line) in enumerate(check.strings(meta, "responds_to", "a list of post ids")):
        if isinstance(raw_items, yamlio.Sequence) and raw_items.raw[i] is not None:
            post_id = raw_items.raw[i]  # an id like 0123 keeps its zero
        if post_id not in post_ids:
            check.problem(
                line,
                "responds_to",
                "unknown post id",
                "the id of a post in the thread (see `make list`)",
                post_id,
            )
        responds.append(post_id)
    check.problems.extend(check_body(body, label, body_line, post_ids, markdown_config))
    if check.problems:
        raise ContentError(check.problems)
    return Commentary(
        slug=slug,
        path=docs_path,
        label=label,
        title=title,
        author=author,
        date=date,
        themes=tuple(t for t in theme_ids if t in themes),
        responds_to=tuple(responds),
        summary=" ".join(summary.split()),
        body=body,
        body_line=body_line,
    )


def _date(check: Checker, meta: yamlio.Mapping) -> str:
    value = meta.get("date")
    if value is None:
        return ""
    text = value if isinstance(value, str) else meta.raw.get("date", str(value))
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        datetime.date.fromisoformat(text)
    except ValueError:
        check.problem(
            meta.line_of("date"),
            "date",
            "not a date",
            "a date written YYYY-MM-DD, like 2024-05-01",
            value,
        )
        return ""
    return text
