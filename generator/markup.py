"""Escaping data into the Markdown and HTML of generated pages."""

from __future__ import annotations

import re
from html import escape

EXTENSIONS = ("tables", "toc")
"""Markdown extensions the generated pages use; the plugin adds them to any site."""
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")
"""The characters Python-Markdown lets a backslash escape."""


def md(text: str) -> str:
    """Escape text for inline Markdown: HTML-escape, then backslash-escape Markdown syntax."""
    escaped = _MD_SPECIAL.sub(r"\\\1", escape(" ".join(text.split()), quote=False))
    return escaped.replace("|", "&#124;")  # would end a table cell


def plural(count: int, noun: str, nouns: str = "") -> str:
    """``1 post``, ``2 posts``."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def paragraphs_html(text: str, cls: str) -> str:
    """Untrusted multi-paragraph text as one escaped HTML block."""
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    inner = "".join(f"<p>{escape(p)}</p>" for p in paras)
    return f'<div class="{cls}">{inner}</div>\n' if inner else ""
