"""The discussion as a dataset: CSV and JSON Lines tables described by a ``datapackage.json``.

The build publishes the tables beside the site (``data/`` in it) and ``python -m generator
export --data DIR`` writes the same files, so that researchers load the discussion into
their own tools rather than scraping pages. The description follows the Frictionless Data
specifications (Data Package v1, Tabular Data Resource, Table Schema:
https://specs.frictionlessdata.io/): each table's fields with their types, its primary key,
and the foreign keys that join the tables; each file's size and SHA-256 hash.

The tables, each as ``<name>.csv`` (RFC 4180, UTF-8) and ``<name>.jsonl`` (one JSON object
a row, keys in the schema's order):

- ``posts``: one row a post, in thread order, with its author, parent, time, text (plain:
  paragraphs apart by a blank line, no markup), where it came from and its permalink;
- ``replies``: the reply edges (post → the post it answers) and where each edge comes from;
- ``post_themes``: which theme holds which post, why (the terms matched, or an editor);
- ``people``: every participant, with their count of posts and of mentions;
- ``themes``: the editors' themes, with their count of posts;
- ``claims`` and ``claim_posts``: the editors' claims per theme, which claim objects to or
  supports which, and the posts that make each (:mod:`generator.editorial.positions`).

Posts removed at their authors' request are left out entirely, with the edges that touch
them: the site keeps their place, the dataset keeps nothing of them. The same discussion
gives the same bytes; ``created`` comes from ``SOURCE_DATE_EPOCH`` when it is set.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from generator import urls
from generator.link import Discussion
from generator.model import Post, plain_text
from generator.pipeline import Result, Settings
from generator.publish.citation import CFF, archive_cff, build_date
from generator.publish.dataset_schema import (
    CLAIM_FIELDS,
    CLAIM_POST_FIELDS,
    PERSON_FIELDS,
    POST_FIELDS,
    POST_THEME_FIELDS,
    REPLY_FIELDS,
    THEME_FIELDS,
    Field,
)

FOLDER = urls.DATASET
"""Where the build publishes the dataset, inside the site."""
DESCRIPTOR = "datapackage.json"
"""The file that describes the tables."""


@dataclass(frozen=True)
class Table:
    """One table: its fields, keys and rows (each row a tuple in field order)."""

    name: str
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...]
    """(field, table, field of that table)."""
    rows: tuple[tuple[object, ...], ...]

    def schema(self) -> dict[str, object]:
        """The table's Table Schema."""
        schema: dict[str, object] = {
            "fields": [f.descriptor() for f in self.fields],
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": own, "reference": {"resource": table, "fields": theirs}}
                for own, table, theirs in self.foreign_keys
            ]
        return schema


def _text(value: object) -> object:
    """A cell as CSV writes it: lists as JSON arrays (Table Schema's ``array``), ``None``
    and empty strings as the empty missing value, booleans as ``true``/``false``."""
    if isinstance(value, tuple | list):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _json(value: object) -> object:
    """A cell as JSON Lines writes it: empty strings as ``null``, tuples as lists."""
    if isinstance(value, tuple):
        return list(value)
    return None if value == "" else value


def to_csv(table: Table) -> bytes:
    """The table as CSV (RFC 4180: CRLF line ends, fields quoted when they must be)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in table.fields])
    writer.writerows([_text(v) for v in row] for row in table.rows)
    return out.getvalue().encode("utf-8")


def to_jsonl(table: Table) -> bytes:
    """The table as JSON Lines: one object a row, keys in field order, ``\\n`` after each."""
    names = [f.name for f in table.fields]
    lines = [
        json.dumps(dict(zip(names, map(_json, row), strict=True)), ensure_ascii=False)
        for row in table.rows
    ]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def utc_time(value: str) -> str:
    """A post's ISO 8601 time as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC, or ``""`` when it has
    none or it cannot be read."""
    if not value:
        return ""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def tables(
    discussion: Discussion, page_size: int = 500, directory_urls: bool = True
) -> list[Table]:
    """The discussion's tables, in the order ``datapackage.json`` lists them.

    ``page_size`` and ``directory_urls`` are the site's, for each post's permalink (a
    path from the site's root, such as ``thread/#post-1a2b``)."""
    kept = [post for post in discussion.posts if not post.removed]
    kept_ids = {post.id for post in kept}
    handle = {p.person.handle.lower(): p.person.handle for p in discussion.people}
    number = {post.id: n for n, post in enumerate(discussion.posts, 1)}
    claims = discussion.positions.by_post

    def author(post: Post) -> str:
        return handle.get(post.author.lower(), "") if post.author else ""

    def parent(post: Post) -> str:
        return post.reply_to if post.reply_to in kept_ids else ""

    def permalink(post: Post) -> str:
        page = urls.thread_page((number[post.id] - 1) // page_size + 1)
        return f"{urls.url_of(page, directory_urls)}#post-{post.id}"

    posts = Table(
        "posts",
        "Posts",
        POST_FIELDS,
        ("id",),
        (("parent", "posts", "id"), ("author", "people", "handle")),
        tuple(
            (
                post.id,
                number[post.id],
                author(post),
                post.author_basis if author(post) else "unknown",
                post.author_via if author(post) else "",
                parent(post),
                post.reply_basis if parent(post) else "none",
                utc_time(post.published),
                utc_time(post.edited),
                post.title,
                post.warning,
                plain_text(post.paragraphs),
                post.unavailable,
                post.lang,
                post.followers_only,
                len(post.media),
                post.themes,
                claims.get(post.id, ()),
                "" if post.unavailable else post.url,  # would name who deleted or blocked it
                "" if post.unavailable else post.uri,
                f"{post.source.path}:{post.source.line}",
                permalink(post),
            )
            for post in kept
        ),
    )
    replies = Table(
        "replies",
        "Reply edges",
        REPLY_FIELDS,
        ("post",),
        (("post", "posts", "id"), ("parent", "posts", "id")),
        tuple((p.id, parent(p), p.reply_basis) for p in kept if parent(p)),
    )
    themes_of = Table(
        "post_themes",
        "Posts by theme",
        POST_THEME_FIELDS,
        ("post", "theme"),
        (("post", "posts", "id"), ("theme", "themes", "id")),
        tuple(
            (p.id, theme, p.theme_basis, tuple(p.matched.get(theme, ())))
            for p in kept
            for theme in p.themes
        ),
    )
    people = Table(
        "people",
        "People",
        PERSON_FIELDS,
        ("handle",),
        (),
        tuple(
            (
                p.person.handle,
                p.person.display_name,
                p.person.url,
                p.person.actor,
                len(p.posts),
                p.mentioned,
            )
            for p in discussion.people
        ),
    )
    counts = {theme_id: len(ids) for theme_id, ids in discussion.by_theme.items()}
    themes = Table(
        "themes",
        "Themes",
        THEME_FIELDS,
        ("id",),
        (),
        tuple(
            (t.id, t.title, t.summary, t.description, t.terms, counts.get(t.id, 0))
            for t in discussion.themes
        ),
    )
    positions = discussion.positions
    claim_rows = Table(
        "claims",
        "Claims",
        CLAIM_FIELDS,
        ("id",),
        (("answers", "claims", "id"), ("theme", "themes", "id")),
        tuple(
            (c.id, c.theme, c.text, c.answers, c.relation or "", c.note) for c in positions.claims
        ),
    )
    claim_posts = Table(
        "claim_posts",
        "Posts by claim",
        CLAIM_POST_FIELDS,
        ("claim", "post"),
        (("claim", "claims", "id"), ("post", "posts", "id")),
        tuple((c.id, p) for c in positions.claims for p in c.posts if p in kept_ids),
    )
    return [posts, replies, themes_of, people, themes, claim_rows, claim_posts]


def files(
    discussion: Discussion,
    title: str,
    *,
    page_size: int = 500,
    directory_urls: bool = True,
    site_url: str = "",
) -> dict[str, bytes]:
    """Every file of the dataset, by name: each table as CSV and as JSON Lines, and the
    ``datapackage.json`` that describes them (with each file's size and hash)."""
    out: dict[str, bytes] = {}
    resources: list[dict[str, object]] = []
    for table in tables(discussion, page_size, directory_urls):
        table_csv, table_jsonl = to_csv(table), to_jsonl(table)
        out[f"{table.name}.csv"], out[f"{table.name}.jsonl"] = table_csv, table_jsonl
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                **_integrity(table_csv),
                "schema": table.schema(),
            }
        )
        # The same rows as JSON Lines: described as a file (its size and hash), since
        # validators read an empty JSON Lines file as a table without a header
        resources.append(
            {
                "name": f"{table.name}_jsonl",
                "type": "file",
                "title": f"{table.title} (JSON Lines)",
                "description": (
                    f"The rows of {table.name}.csv in the same order, one JSON object a line, "
                    "with its schema's fields as keys and null for a missing value."
                ),
                "path": f"{table.name}.jsonl",
                "format": "jsonl",
                "mediatype": "application/jsonl",
                "encoding": "utf-8",
                **_integrity(table_jsonl),
            }
        )
    out[DESCRIPTOR] = descriptor(title, resources, site_url)
    return out


def site_files(result: Result, settings: Settings) -> dict[str, bytes]:
    """The dataset as the site publishes it: :func:`files` of a generated site's discussion
    under ``data/``, for the site's title, address and pages, and how to cite the whole
    archive (``CITATION.cff``, :mod:`generator.publish.citation`)."""
    made = files(
        result.discussion,
        settings.title,
        page_size=settings.page_size,
        directory_urls=settings.directory_urls,
        site_url=settings.site_url,
    )
    cff = archive_cff(result.discussion, settings.title, settings.site_url, build_date())
    return {f"{FOLDER}/{name}": data for name, data in made.items()} | {CFF: cff}


def _integrity(data: bytes) -> dict[str, object]:
    """A file's size and SHA-256, as a resource gives them."""
    return {"bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}"}


def write(dest: Path, made: dict[str, bytes]) -> None:
    """Write :func:`site_files` into ``dest`` (made when missing), without the ``data/``
    folder; each file is written beside its place and renamed into it, so a reader of the
    folder never sees half a file. Raises :class:`OSError`."""
    dest.mkdir(parents=True, exist_ok=True)
    for uri, content in made.items():
        target = dest / uri.removeprefix(f"{FOLDER}/")  # CITATION.cff beside the tables
        partial = target.with_name(f".{target.name}.part")
        partial.write_bytes(content)
        partial.replace(target)


def descriptor(title: str, resources: Sequence[dict[str, object]], site_url: str) -> bytes:
    """``datapackage.json``: the package's own metadata and its resources."""
    package: dict[str, object] = {
        "profile": "data-package",
        "name": "discussion",
        "title": title,
        "description": (
            "The posts of the discussion, who wrote them, which answers which, and the "
            "themes the editors placed them under, as published on the site. Posts removed "
            "at their authors' request are left out. Cells are data: a spreadsheet must not "
            "evaluate them as formulas."
        ),
    }
    if site_url:
        package["homepage"] = site_url
    created = _created()
    if created:
        package["created"] = created
    package["resources"] = list(resources)
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _created() -> str:
    """The build's time from ``SOURCE_DATE_EPOCH`` (reproducible builds), or ``""``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    try:
        return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError, OSError):
        return ""
