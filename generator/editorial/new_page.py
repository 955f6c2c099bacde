"""``new``: a commentary page started from a title, which ``check`` accepts as it is."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import regex

from generator.editorial.commentary import valid_slug
from generator.graphemes import cut


def scaffold(
    folder: Path,
    title: str,
    *,
    author: str,
    themes: tuple[str, ...],
    responds_to: tuple[str, ...],
    summary: str,
    date: str,
    slug: str | None = None,
) -> Path:
    """Write a new commentary file named ``slug`` or after its title; never overwrites."""
    slug = slug or slugify(title)
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"author: {author}",
        f"date: {date}",
    ]
    if themes:
        lines.append(f"themes: [{', '.join(themes)}]")
    if responds_to:
        lines.append("responds_to:")
        lines += [f'  - "{post_id}"' for post_id in responds_to]
    if summary:
        lines.append(f"summary: {json.dumps(summary, ensure_ascii=False)}")
    lines += [
        "---",
        "",
        "Your commentary, in Markdown. To show a post, put `[[post ID]]` on a line of its",
        "own, with the post's id; inside a sentence, the same gives a link to the post.",
        "",
    ]
    path = folder / f"{slug}.md"
    with path.open("xb", buffering=0) as stream:  # unbuffered: a failed write fails here
        try:
            stream.write("\n".join(lines).encode("utf-8"))
        except OSError as err:  # a full disk: leave no half-written page behind
            path.unlink(missing_ok=True)
            raise OSError(err.errno, err.strerror, str(path)) from None
    return path


SLUG_CHARS = 60
"""Longest slug made from a title, in grapheme clusters."""


def slugify(title: str) -> str:
    """A file name made of the title's words, in lower case, joined by hyphens, whatever
    their script: ``Use is not copy!`` → ``use-is-not-copy``, ``生成AIと著作権`` →
    ``生成aiと著作権``, ``Авторское право`` → ``авторское-право``. Letters are kept rather
    than dropped, so two titles in another script do not both become ``commentary``; the
    slug is cut between whole characters (:func:`generator.graphemes.cut`)."""
    text = unicodedata.normalize("NFKC", title).lower()
    slug = "-".join(regex.findall(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}]*", text))
    slug = cut(slug, SLUG_CHARS, mark="").strip("-")
    return slug if valid_slug(slug) else "commentary"
