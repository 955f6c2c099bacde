"""Escaping data into the Markdown and HTML of generated pages: one function per context.

- :func:`md`: text inside Markdown prose, a heading or a link's label;
- :func:`md_url`: a URL as a Markdown link's destination;
- :func:`md_code`: text shown as inline code;
- :func:`title_attr` and :func:`tooltip_text`: the ``title`` of an element, whose tooltip
  must show the text as typed;
- :func:`template_text`: a value that templates print unescaped (Material prints a page's
  title and description as HTML);
- :func:`a`: a link in HTML, its address and text escaped;
- :func:`html.escape` (imported where used): text and attribute values inside HTML.

The site's own words go through :mod:`generator.i18n` first: :func:`t_md` and :func:`nt_md`
here for Markdown, ``i18n.t_html`` for HTML, ``i18n.t`` for text escaped as above.
"""

from __future__ import annotations

import json
import re
from html import escape
from urllib.parse import quote

from generator import i18n

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")
"""The characters Python-Markdown lets a backslash escape."""


def md(text: str) -> str:
    """Escape text for inline Markdown: HTML-escape, then backslash-escape Markdown syntax."""
    escaped = _MD_SPECIAL.sub(r"\\\1", escape(" ".join(text.split()), quote=False))
    return escaped.replace("|", "&#124;")  # would end a table cell


_URL_SAFE = "/:?#@!$&*+,;=%~"
"""Characters a URL keeps as they are in :func:`md_url`; ``( ) < > ' " `` and spaces are
brackets and backslashes are percent-encoded, since Markdown reads them as the end of a
link's destination or the start of a title."""


def md_url(url: str) -> str:
    """``url`` as a Markdown link destination: characters that could end the destination
    (space, parentheses, angle brackets, quotes, backslash, backtick, brackets) are
    percent-encoded, which browsers read as the same address."""
    return quote(url, safe=_URL_SAFE)


def md_code(text: str) -> str:
    """``text`` as a Markdown code span, shown exactly (one line): fenced with one backtick
    more than its longest run of them, and spaced, since Markdown strips one space inside
    the fence."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {' '.join(text.split())} {fence}"


def md_link_to(url: str, text: str | None = None) -> str:
    """A Markdown link to an outside address, showing ``text`` (the URL by default)."""
    return f"[{md(url if text is None else text)}]({md_url(url)})"


def tooltip_text(text: str, html_tooltips: bool) -> str:
    """What to put in a ``title`` attribute (before attribute escaping) so that its tooltip
    shows ``text`` as typed. Browsers show a title as text; Material's ``content.tooltips``
    shows it as HTML (``innerHTML``), so there the text is escaped for HTML first."""
    return escape(text, quote=False) if html_tooltips else text


def title_attr(text: str, html_tooltips: bool) -> str:
    """A ``title`` attribute's value, escaped, for HTML written directly (see
    :func:`tooltip_text`)."""
    return escape(tooltip_text(text, html_tooltips))


def template_text(text: str) -> str:
    """``text`` for a value a template prints unescaped, as Material prints a page's
    ``title`` (in ``<title>``, the header, the navigation, search results) and
    ``description`` (in an attribute): HTML-escaped, quotes included, so every one of
    those places shows the text as typed."""
    return escape(" ".join(text.split()), quote=True)


def front_matter(title: str, *, search: bool = True) -> str:
    """YAML front matter giving a generated page its title, as templates print it
    (:func:`template_text`), and keeping the page out of Material's search index unless
    ``search``: pages that only repeat posts (continuation pages, people's pages) are left
    out, as the thread indexes them once."""
    lines = [f"title: {json.dumps(template_text(title), ensure_ascii=False)}"]
    if not search:
        lines.append("search:\n  exclude: true")
    return "---\n" + "\n".join(lines) + "\n---\n"


def paragraphs_html(text: str, cls: str) -> str:
    """Untrusted multi-paragraph text as one escaped HTML block."""
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    inner = "".join(f"<p>{escape(p)}</p>" for p in paras)
    return f'<div class="{cls}">{inner}</div>\n' if inner else ""


def a(href: str, text: str, cls: str = "", extra: str = "") -> str:
    """A link in HTML to ``href`` showing ``text``, both escaped; ``cls`` is its class and
    ``extra`` further attributes, written as given."""
    klass = f' class="{cls}"' if cls else ""
    return f'<a{klass} href="{escape(href)}"{extra}>{escape(text)}</a>'


def readable(stamp: str) -> str:
    """``2024-03-01T10:05:00Z`` → ``1 Mar 2024, 10:05 UTC``, in the build's language
    (:func:`generator.i18n.date`); anything else as given."""
    return i18n.date(stamp)


_LINE_SYNTAX = re.compile(r"\\([.\-+!#()])")
"""Escapes :func:`md` adds that matter only where a line starts (``#``, ``-``, ``+``, ``1.``,
``1)``) or after ``[`` and ``!`` (links and images, whose ``[`` stays escaped)."""


_LINE_START = re.compile(r"\s*\d*")


def _md_words(words: str, before: str) -> str:
    """Words of a message for Markdown prose, as :func:`md` escapes text but with their
    spaces as written (a translation's no-break spaces kept). The escapes of
    ``. - + ! # ( )`` are kept only where they could start a list or a heading: where
    the line so far (``before``, what precedes the words, then the words) holds nothing
    but spaces and digits (``1.``)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", escape(words.replace("\n", " "), quote=False))

    def keep(match: re.Match) -> str:
        line = (before + escaped[: match.start()]).rpartition("\n")[2]
        return match.group(0) if _LINE_START.fullmatch(line) else match.group(1)

    return _LINE_SYNTAX.sub(keep, escaped).replace("|", "&#124;")


def _compose_md(message: str, parts: dict[str, object]) -> str:
    """``message`` with its words escaped (:func:`_md_words`) and ``parts`` in its
    placeholders, as given."""
    out = ""
    for i, piece in enumerate(i18n.PLACEHOLDER.split(message)):
        out += str(parts[piece]) if i % 2 else _md_words(piece, out) if piece else ""
    return out


def t_md(message: str, **parts: str) -> str:
    """``message`` in the build's language as Markdown prose: its words escaped
    (:func:`md`, see :func:`_md_words`), then ``parts``, Markdown already, in its
    placeholders (see :mod:`generator.i18n`)."""
    return _compose_md(i18n.translate(message), parts)


def nt_md(singular: str, plural: str, n: int, **parts: str) -> str:
    """:func:`t_md` for a message with a count ``n`` (also the placeholder ``{n}``)."""
    return _compose_md(i18n.translate_plural(singular, plural, n), {"n": n, **parts})
