"""Citing the archive: what reference managers read in each page's head, and CITATION.cff.

Each page's head gets the Highwire Press ``citation_*`` tags that Zotero, Mendeley and
Google Scholar read (https://www.zotero.org/support/dev/exposing_metadata): the page's
title, the archive's editors as its authors when the authors file names them, the site as
publisher, the build's date, the page's address when ``site_url`` is set, and the
language; with Open Graph's ``og:site_name`` (the discussion's title) and Dublin Core's
``dcterms.modified`` (the build's date), which the "Cite" control of each post reads.

The site's root gets ``CITATION.cff`` (Citation File Format 1.2.0,
https://citation-file-format.github.io/) for citing the whole archive as a dataset.

The build's date is ``SOURCE_DATE_EPOCH`` (reproducible builds): without it, no date is
written, so two builds still give the same bytes.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from html import escape, unescape

import yaml

from generator.link import Discussion
from generator.pages.overview import EDITORS

CFF = "CITATION.cff"
"""Where the archive's citation is published, at the site's root."""


def build_date() -> str:
    """The build's date (``YYYY-MM-DD``, UTC) from ``SOURCE_DATE_EPOCH``, or ``""``."""
    try:
        moment = datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "")), UTC)
    except (ValueError, OverflowError, OSError):
        return ""
    return moment.strftime("%Y-%m-%d")


def editors_name(discussion: Discussion) -> str:
    """The editors' name from the authors file, or ``""``."""
    editors = discussion.authors.get(EDITORS)
    return editors.name if editors is not None else ""


def head_tags(
    html: str,
    *,
    title: str,
    site_title: str,
    editors: str,
    url: str,
    language: str,
    date: str,
) -> str:
    """A written page's ``html`` with the citation tags before ``</head>`` (each value
    escaped for an attribute); unchanged when it has no head."""
    if "</head>" not in html:
        return html
    tags = [("citation_title", title or site_title)]
    if editors:
        tags.append(("citation_author", editors))
    tags.append(("citation_publisher", site_title))
    if date:
        tags += [("citation_date", date.replace("-", "/")), ("dcterms.modified", date)]
    if url:
        tags.append(("citation_public_url", url))
    if language:
        tags.append(("citation_language", language))
    lines = [f'<meta name="{name}" content="{escape(value)}">' for name, value in tags]
    lines.append(f'<meta property="og:site_name" content="{escape(site_title)}">')
    return html.replace("</head>", "\n".join(lines) + "\n</head>", 1)


def add_to_page(html: str, page, config, discussion: Discussion | None) -> str:
    """:func:`head_tags` for an MkDocs page (its ``title`` and ``canonical_url``) of a site
    (its ``site_name`` and ``theme.language``)."""
    return head_tags(
        html,
        title=unescape(page.title or ""),  # HTML, as templates print it: its text
        site_title=config.site_name,
        editors=editors_name(discussion) if discussion is not None else "",
        url=page.canonical_url or "",
        language=config.theme.get("language") or "",
        date=build_date(),
    )


def archive_cff(discussion: Discussion, title: str, site_url: str, date: str) -> bytes:
    """``CITATION.cff`` for the whole archive, written by PyYAML (which quotes as YAML
    needs); the editors are its author when the authors file names them, else "The
    editors of <title>"."""
    posts = [post for post in discussion.posts if not post.placeholder]
    people = {post.author for post in posts if post.author}
    extras = [
        name
        for name, present in (
            ("the editors' commentary", discussion.commentary),
            ("their map of the argument", discussion.positions.claims),
        )
        if present
    ]
    abstract = (
        f"An archive of the discussion: {len(posts)} posts by {len(people)} named people, "
        f"grouped into {len(discussion.themes)} themes"
        + (f", with {' and '.join(extras)}." if extras else ".")
    )
    keywords = list(dict.fromkeys(theme.title for theme in discussion.themes))
    data: dict[str, object] = {
        "cff-version": "1.2.0",
        "message": "If you use this archive, please cite it as below.",
        "type": "dataset",
        "title": title,
        "authors": [{"name": editors_name(discussion) or f"The editors of {title}"}],
        "abstract": abstract,
    }
    if keywords:  # the format asks for at least one, each once
        data["keywords"] = keywords
    if site_url:
        data["url"] = site_url
    if date:
        data["date-released"] = date
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return text.encode("utf-8")
