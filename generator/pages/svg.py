"""Pictures of the discussion, drawn at build time as inline SVG: what both pictures share.

Each picture (:mod:`~generator.pages.reply_tree` and :mod:`~generator.pages.matrix`) is one
raw HTML block for a generated Markdown page: a ``<figure>`` holding an ``<svg>`` and a
``<figcaption>`` (:func:`figure`).

Why SVG at build time: the picture is plain markup in the page, so it needs no JavaScript, no
charting library and no CDN — it works offline, prints, scales with ``viewBox`` on a phone,
and its links are ordinary links a keyboard and a screen reader reach. The layout is computed
here from the data's order alone, and every number is written with fixed precision, so the
same discussion always gives the same bytes.

Colours are CSS classes, never inline colours: a shape carries ``post__theme--<id>`` and
takes ``--pill-fg``/``--pill-bg`` from the theme palette in ``discussion.css`` (light and
slate schemes); an id without a palette entry inherits the neutral colours set on
``.diagram``. Text widths are estimated from a coarse table of glyph widths: labels are
clipped to a number of characters, so the estimate only has to be roughly right.

Every piece of data (handles, theme titles, words of posts) is XML-escaped, and the markup
contains no blank line, which would end Markdown's raw HTML block. The ``<svg>`` has
``role="group"`` rather than ``role="img"``: an image's children are presentational, which
would hide the links inside it from assistive technology. Its ``<title>`` and ``<desc>``
name and describe it (:func:`svg_open`); their ids carry a prefix so that two diagrams can
share a page. The figure carries ``data-search-exclude``, so Material's search index does
not fill with handles and numbers: the posts themselves are indexed on the thread page.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape

from generator.graphemes import cut

FONT_SIZE = 12
"""Text size in SVG user units; the ``viewBox`` scales it with the picture."""
MARGIN = 12.0
"""Space around the picture."""
HANDLE_CHARS = 20
"""Longest handle shown in full in a label; longer ones end in "…" (the tooltip has it all)."""
TITLE_CHARS = 32
"""Longest theme title shown in full in a legend or a column heading."""
MAX_SCALE = 1.25
"""Largest on-screen scale (CSS px per user unit), so a small picture is not blown up."""

_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Direction controls: a hostile handle must not reorder the labels after it."""
_NARROW = set("fijlrtI!'()*,-./:;[]`{|} ")
_WIDE = set("mwMW@%")


def clean(text: str) -> str:
    """Data as one line of XML-safe text: no control or direction characters, single spaces."""
    text = " ".join(_BIDI.sub("", text).split())
    return "".join(
        c for c in text if unicodedata.category(c) not in ("Cc", "Cs") and c not in "\ufffe\uffff"
    )


def esc(text: str) -> str:
    """Escape cleaned data for XML text and attribute values."""
    return escape(clean(text), quote=True)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with "…" and made between
    grapheme clusters (an emoji with joiners or a flag stays whole)."""
    return cut(clean(text), limit)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated width of ``text`` in a proportional sans-serif font of ``size``."""
    em = 0.0
    for c in text:
        if c in _NARROW:
            em += 0.32
        elif c in _WIDE:
            em += 0.88
        elif c.isupper():
            em += 0.68
        elif ord(c) < 0x80:
            em += 0.56
        else:
            em += 1.0  # CJK, emoji and other wide scripts: err on the wide side
    return em * size


def num(value: float) -> str:
    """A coordinate with fixed precision."""
    return f"{value:.1f}"


def theme_class(theme_id: str) -> str:
    """The palette class of a theme's colour (see the module docstring)."""
    return f"post__theme--{esc(theme_id)}"


def svg_open(width: float, height: float, prefix: str, title: str, desc: str) -> list[str]:
    """The ``<svg>`` start tag with its accessible name and description."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram__svg" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="100%" '
        f'style="max-width:{num(width * MAX_SCALE)}px" font-size="{FONT_SIZE}" '
        f'role="group" aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc">',
        f'<title id="{prefix}-title">{esc(title)}</title>',
        f'<desc id="{prefix}-desc">{esc(desc)}</desc>',
    ]


def figure(kind: str, svg: list[str], caption: str) -> str:
    """The whole diagram as one raw HTML block without blank lines."""
    # Material's search leaves the labels out: the posts are indexed on the thread page
    lines = [f'<figure class="diagram diagram--{kind}" data-search-exclude="">', *svg, "</svg>"]
    lines.append(f"<figcaption>{esc(caption)}</figcaption>")
    lines.append("</figure>")
    return "\n".join(lines) + "\n"
