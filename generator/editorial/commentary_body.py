"""A commentary page's body: its Markdown, its quotes of posts, and the check that keeps a
reader's browser safe.

The body is Markdown with two rules:

- **No raw HTML.** Commentary is refused, with the line, if its body contains an HTML tag or
  comment (code spans and code blocks may show HTML as code). Markdown covers everything a
  piece needs; refusing is simpler to trust than sanitising.
- **Links and images stay tame.** Links may point to http(s), mailto or pages of the site;
  images must be files of the site (nothing is loaded from elsewhere while reading). Snippet
  lines (``--8<--``) are refused; nothing in a body reads files.

A post can be quoted in the body by id: a line holding only ``[[post 7f76f70cea]]`` becomes
that post's card; ``[[post 7f76f70cea]]`` inside a sentence becomes a link to it. Quotes in
code are not quotes: :func:`prose_lines` and :func:`outside_code_spans` tell code from prose,
here and where the commentary pages are written.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from html.parser import HTMLParser

import markdown

from generator.checks import describe
from generator.errors import Problem

EXTENSIONS = ("tables", "toc")
"""Markdown extensions every page is converted with, commentary and generated pages alike;
the plugin adds them to any site."""
QUOTE = re.compile(r"\[\[post ([A-Za-z0-9_.:-]+)\]\]")
QUOTE_LINE = re.compile(rf"^\s*{QUOTE.pattern}\s*$")
_SNIPPET = re.compile(r"^[ \t]*-+8<-+", re.MULTILINE)
_SAFE_LINK = re.compile(r"(https?://|mailto:|#|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
MarkdownConfig = tuple[Sequence[str], dict[str, dict]]
"""Markdown extensions by name, and their settings by name, as MkDocs holds them."""

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
