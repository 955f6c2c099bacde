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

The body is Markdown with two rules that keep a reader's browser safe:

- **No raw HTML.** Commentary is refused, with the line, if its body contains an HTML tag or
  comment (code spans and code blocks may show HTML as code). Markdown covers everything a
  piece needs; refusing is simpler to trust than sanitising.
- **Links and images stay tame.** Links may point to http(s), mailto or pages of the site;
  images must be files of the site (nothing is loaded from elsewhere while reading). Snippet
  lines (``--8<--``) are refused; nothing in a body reads files.

A post can be quoted in the body by id: a line holding only ``[[post 7f76f70cea]]`` becomes
that post's card; ``[[post 7f76f70cea]]`` inside a sentence becomes a link to it.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown

from generator.checks import describe
from generator.editorial import yamlio
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

EXTENSIONS = ("tables", "toc")
"""Markdown extensions every page is converted with, commentary and generated pages alike;
the plugin adds them to any site."""
RESERVED_SLUGS = {"authors", "feed"} | RESERVED_NAMES
QUOTE = re.compile(r"\[\[post ([A-Za-z0-9_.:-]+)\]\]")
QUOTE_LINE = re.compile(rf"^\s*{QUOTE.pattern}\s*$")
_SNIPPET = re.compile(r"^[ \t]*-+8<-+", re.MULTILINE)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SAFE_LINK = re.compile(r"(https?://|mailto:|#|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
_FIELDS = {"title", "author", "date", "themes", "responds_to", "summary"}
MarkdownConfig = tuple[Sequence[str], dict[str, dict]]
"""Markdown extensions by name, and their settings by name, as MkDocs holds them."""
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


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def prose_lines(body: str):
    """``(index, line)`` of the body's lines outside fenced code blocks."""
    fence = ""
    for index, line in enumerate(body.split("\n")):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1).startswith(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)[0] * 3
            continue
        yield index, line


def outside_code_spans(line: str, change, *, blank: bool = False) -> str:
    """Apply ``change`` to the parts of a line that are not inline code; with ``blank``,
    code spans become spaces of the same length."""
    parts = _CODE_SPAN.split(line)
    # re.split with two groups yields: text, ticks, code, text, ticks, code, …, text
    return "".join(
        change(part)
        if i % 3 == 0
        else (" " * len(part) if blank else part)
        if i % 3 == 1
        else (" " * (len(part) + len(parts[i - 1])) if blank else part + parts[i - 1])
        for i, part in enumerate(parts)
    )


def quotes_in(line: str) -> list[str]:
    """Post ids quoted in a line of prose, code spans left out."""
    found: list[str] = []
    outside_code_spans(line, lambda text: found.extend(QUOTE.findall(text)) or text)
    return found


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
    if not SLUG.fullmatch(slug) or slug in RESERVED_SLUGS:
        check.problem(
            0,
            "",
            f"invalid file name {Path(docs_path).name!r}",
            "lower-case letters, digits and hyphens, not a reserved name (index, authors, "
            "feed, con…), "
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


ATTRIBUTES = frozenset(
    {"href", "src", "alt", "title", "id", "class", "name", "lang", "dir", "rel", "rev"}
    | {"start", "align", "colspan", "rowspan", "width", "height", "datetime"}
    | {"type", "checked", "disabled", "open", "for"}
)
"""Attributes the Markdown extensions a site may use write: anything else in a body's HTML
(``onclick``, ``style``, ``srcset``, ``formaction``…) came from an attribute list
(``{: …}``) and is refused."""
_ALIGN = re.compile(r"\s*text-align:\s*(?:left|right|center)\s*;?\s*")
"""The one ``style`` Markdown writes: the tables extension's column alignment."""
_LINKING = {"href", "src"}
"""Attributes holding an address that a browser follows or loads."""


class _Elements(HTMLParser):
    """Every element of a body's HTML with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, [(name, value or "") for name, value in attrs]))


class _Lines:
    """Line numbers of a body's text: the first place a snippet of it occurs in prose (code
    is not searched: HTML shown as code is not what a problem is about), searched from where
    the last one was found, so that problems reported in document order cost one pass over
    the body rather than one each."""

    def __init__(self, body: str, first_line: int) -> None:
        self.body = body
        self.prose = prose_only(body)
        self.first_line = first_line
        self.starts = [0] + [match.end() for match in re.finditer("\n", body)]
        self.cursor = 0

    def at(self, index: int) -> int:
        """The line of the character at ``index``."""
        return self.first_line + bisect.bisect_right(self.starts, index) - 1

    def of(self, needle: str) -> int:
        """The line where ``needle`` occurs next (the body's first line if nowhere)."""
        found = -1
        for text, start in ((self.prose, self.cursor), (self.prose, 0), (self.body, 0)):
            found = text.find(needle, start) if needle else -1
            if found >= 0:
                break
        if found < 0:
            return self.first_line
        self.cursor = found
        return self.at(found)


_INDENTED = re.compile(r"(?: {4}|\t)")


def prose_only(body: str) -> str:
    """``body`` with its code blanked out (fenced and indented blocks, code spans), every
    other character and every line break in place."""
    lines = body.split("\n")
    prose = dict(prose_lines(body))
    out = []
    after_blank = True  # an indented block starts after a blank line
    for index, line in enumerate(lines):
        if index not in prose or (after_blank and _INDENTED.match(line)):
            out.append(" " * len(line))
            continue  # an indented code block goes on while lines stay indented
        after_blank = not line.strip()
        out.append(outside_code_spans(line, lambda text: text, blank=True))
    return "\n".join(out)


def _raw_html(md: markdown.Markdown) -> list[str]:
    """What ``md`` will pass through as raw HTML: the blocks and inline tags it stashes
    while reading HTML, as opposed to what extensions stash (fenced code's ``<pre>``).

    Python-Markdown itself tells what is raw HTML, so there is no guessing at its rules.
    """
    raw: list[str] = []
    reading = [0]
    store = md.htmlStash.store

    def recording(html):
        if reading[0]:
            raw.append(str(html))
        return store(html)

    def reads_html(method):
        def wrapped(*args, **kwargs):
            reading[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                reading[0] -= 1

        return wrapped

    md.htmlStash.store = recording
    for registry, name, method in (
        (md.preprocessors, "html_block", "run"),
        (md.inlinePatterns, "html", "handleMatch"),
    ):
        if name in registry:
            processor = registry[name]
            setattr(processor, method, reads_html(getattr(processor, method)))
    return raw


def check_body(
    body: str,
    label: str,
    first_line: int,
    post_ids: set[str],
    markdown_config: MarkdownConfig = (EXTENSIONS, {}),
) -> list[Problem]:
    """Problems with a commentary body: raw HTML, unsafe links, attributes Markdown does
    not write, snippets, unknown quotes.

    The body is converted with the site's own Markdown extensions (``markdown_config``):
    with others, what the site reads as a link could be a footnote here, and go unchecked.
    Every element and attribute of the result is checked, so no extension (attribute
    lists, say) can bring in what a reader's browser would act on. At most one problem is
    reported per line: one is enough to find and fix it.
    """
    found: dict[int, str] = {}
    lines = _Lines(body, first_line)

    def report(line: int, message: str) -> None:
        found.setdefault(line, message)

    for match in _SNIPPET.finditer(body):
        report(
            lines.at(match.start()),
            "snippet syntax (--8<--) is not allowed in commentary; expected the text itself",
        )
    for index, line in prose_lines(body):
        number = first_line + index
        for post_id in quotes_in(line):
            if post_id not in post_ids:
                report(
                    number,
                    f"quoted post {post_id!r} does not exist; expected "
                    "[[post <id>]] with an id from `make list`",
                )
    extensions, configs = markdown_config
    md = markdown.Markdown(extensions=list(extensions), extension_configs=configs)
    raw_html = _raw_html(md)
    html = md.convert(body)
    for raw in raw_html:
        if raw.lstrip().startswith("<"):  # entities such as &amp; are stashed too
            shown = " ".join(raw.split())[:60]
            report(
                lines.of(raw.strip()[:30]),
                "raw HTML is not allowed in commentary; expected Markdown (write &lt; for "
                f"a literal <), got {shown!r}",
            )
    lines.cursor = 0
    elements = _Elements()
    elements.feed(html)
    for tag, attrs in elements.found:
        for name, value in attrs:
            problem = _attribute_problem(tag, name, value)
            if problem:
                report(lines.of(value if name in _LINKING else name), problem)
    return [Problem(label, line, found[line]) for line in sorted(found)]


def _attribute_problem(tag: str, name: str, value: str) -> str:
    """What is wrong with one attribute of a body's HTML; empty when nothing is."""
    if name == "style" and _ALIGN.fullmatch(value):
        return ""
    if name not in ATTRIBUTES:
        return (
            f"attribute {name!r} is not allowed in commentary; expected plain Markdown "
            f"(attribute lists may not add behaviour, styles or other sources), got "
            f"{name}={describe(value)} on <{tag}>"
        )
    if name not in _LINKING:
        return ""
    # Browsers drop leading spaces and control characters and read \ as /: so does this.
    probe = re.sub(r"^[\x00-\x20]+|[\t\n\r]", "", value).replace("\\", "/")
    if tag == "img" or name == "src":
        if re.match(r"([a-z][a-z0-9+.-]*:|//)", probe, re.IGNORECASE):
            return (
                "images must be files of this site; expected a relative path like "
                f"../img/chart.png, got {value!r}"
            )
        return ""
    if not _SAFE_LINK.match(probe) or probe.startswith("//"):
        return f"unsafe link; expected an http(s), mailto or relative link, got {value!r}"
    return ""
