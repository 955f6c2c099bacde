"""No data can add markup: any string in any field builds a site whose markup is the one the
templates write.

Every data field of every file — glossary, people, authors, taxonomy, annotations,
opt-out, positions, commentary front matter, and the post fields of plain text and Mastodon JSON —
gets strings made of markup fragments (HTML, Markdown, attribute lists, Jinja, snippets,
entities, line separators) and arbitrary text. Where a field's checks refuse a character
(control characters in titles and names, spaces in addresses) or a length, the string is
given without it: the refusals have tests of their own; here, what is accepted must be
inert. Titles and names keep their ``< > " &``, which Material prints unescaped.

The site is built with MkDocs (``--strict``, in this process, to keep each example under a
second) and every page is compared with a build of the same project from plain strings:
each element must have a tag and attribute names that build has, every link must stay on
the site or be http(s), every image and script must be the site's own, every script one
the theme wrote, no meta element may act (no refresh), and every title must show as text
in Material's tooltip. ``EXAMPLES`` builds run in CI.
"""

from __future__ import annotations

import json
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.text import content_id

pytestmark = pytest.mark.slow

EXAMPLES = 25
"""Hostile sites built per run."""
FRAGMENTS = [
    "<script>alert(1)</script>", "</a>", "<img src=x onerror=alert(1)>", '"', "'", "`", "``",
    "[", "]", "](", ")", "(javascript:alert(1))", "![p](https://evil.example/p.png)", "|",
    "{: onclick=alert(1) }", "{#id .cls}", "*", "_", "**", "#", "\n", "\n\n", "&amp;", "&",
    "&lt;b&gt;", "javascript:", "{{ config }}", "{% raw %}", '--8<-- "mkdocs.yml"', ":smile:",
    "\\", "!", "<!--", "-->", "<meta http-equiv=refresh content=0;url=https://evil.example>",
    "\u2028", "\u00a0", "@x", "@x@evil.example", "https://evil.example/p.png", "fair use",
    "wzxhzdk:0", "<base href=//evil.example>", "\u202e", "\x00", "    code", "> quote",
]  # fmt: skip
TEXT = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=8
).map("".join)
PRINTED = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
PLAIN = "plain words"
"""What the reference site's fields hold (a post's HTML also has a line break and two
paragraphs: the markup a post may have)."""


def printed(text: str, limit: int = 80) -> str:
    """The text without what printed fields and terms refuse, cut to the field's length;
    never empty."""
    text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(PRINTED.sub(" ", text).split())[:limit].strip() or "x"


def address(text: str) -> str:
    """An address made from the text's characters that addresses may hold."""
    kept = re.sub(r"[\s<>\"&\\^`{|}]", "", text)
    return f"https://example.org/{''.join(c for c in kept if c.isprintable())}"


def one_line(text: str) -> str:
    return " ".join(text.split()) or "x"


FIRST = "@op the first post, about fair use https://example.org/a"
"""The plain-text thread's first post (annotated by its id)."""


def unbroken(text: str) -> str:
    """The text without the line breaks YAML files may not hold raw (U+0085, U+2028, U+2029:
    the loaders refuse them, with a test of their own), as PyYAML writes them raw."""
    return text.replace("\x85", " ").replace("\u2028", " ").replace("\u2029", " ")


def write_site(folder: Path, s: dict[str, str]) -> Path:
    """A project whose every data field holds the strings ``s``."""
    docs = folder / "docs"
    (docs / "commentary").mkdir(parents=True, exist_ok=True)
    (folder / "thread.txt").write_text(
        f"{FIRST}\n@op @someone {one_line(s['post'])}\n@op {one_line(s['post2'])} @carol\n",
        encoding="utf-8",
    )
    status = {
        "id": "1",
        "created_at": "2024-04-01T12:00:00Z",
        "visibility": "public",
        "uri": "https://example.social/users/bob/statuses/1",
        "url": address(s["url"]),
        "spoiler_text": s["warning"],
        "content": s["content"],
        "account": {"acct": "bob", "display_name": s["name"], "url": address(s["url"])},
        "mentions": [],
        "media_attachments": [{"type": "image", "description": s["alt"], "url": address(s["url"])}],
        "card": {"url": address(s["url"]), "title": s["title"], "description": s["summary"]},
    }
    (folder / "statuses.json").write_text(json.dumps([status]), encoding="utf-8")

    def dump(name: str, data: object) -> None:
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    dump(
        "themes.yml",
        {
            "themes": [
                {
                    "id": "law",
                    "title": printed(s["title"]),
                    "summary": printed(s["summary"], 300),
                    "description": unbroken(s["description"]),
                    "terms": ["fair use", printed(s["term"]).replace("*", "") or "x"],
                }
            ]
        },
    )
    dump(
        "glossary.yml",
        {
            "terms": [
                {
                    "term": "fair use",
                    "aliases": [printed(s["term"])],
                    "definition": one_line(s["definition"])[:600],
                }
            ]
        },
    )
    dump(
        "people.yml",
        {"people": [{"handle": "op", "name": printed(s["name"]), "url": address(s["url"])}]},
    )
    dump(
        "annotations.yml",
        {"posts": {content_id(FIRST): {"note": unbroken(s["note"])}}},
    )
    dump("optout.yml", {"accounts": ["carol"]})
    first, json_post = content_id(FIRST), "1"
    claim = {"theme": "law", "claim": printed(s["title"], 300), "posts": [first]}
    dump(
        "positions.yml",
        {
            "claims": [
                {"id": "a", **claim},
                {
                    "id": "b",
                    **claim,
                    "posts": [json_post],
                    "objects": "a",
                    "note": unbroken(s["note"]),
                },
            ]
        },
    )
    dump(
        "docs/commentary/authors.yml",
        {"editors": {"name": printed(s["name"]), "url": address(s["url"])}},
    )
    front = {"title": printed(s["title"]), "author": "editors", "date": "2024-05-01"}
    front["summary"] = printed(s["summary"], 300)
    (docs / "commentary" / "a-piece.md").write_text(
        "---\n"
        + "".join(f"{key}: {json.dumps(value)}\n" for key, value in front.items())
        + "---\n\nA piece on fair use, see [the thread](../thread/index.md).\n",
        encoding="utf-8",
    )
    config = {
        "site_name": "Property",
        "site_url": "https://example.org/site/",
        "theme": {"name": "material", "font": False, "features": ["content.tooltips"]},
        "plugins": [
            "search",
            {
                "discussion": {
                    "sources": ["thread.txt", "statuses.json"],
                    "taxonomy": "themes.yml",
                    "glossary": "glossary.yml",
                    "people": "people.yml",
                    "annotations": "annotations.yml",
                    "optout": "optout.yml",
                    "positions": "positions.yml",
                }
            },
        ],
        "validation": {
            "omitted_files": "warn",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
    }
    dump("mkdocs.yml", config)
    return folder


class _Markup(HTMLParser):
    """Every element of a page: tag, attributes (decoded as a browser decodes them), and the
    text of inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script and data.strip():
            self.scripts.append(data)


def markup(site: Path) -> dict[str, _Markup]:
    pages = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Markup()
        parser.feed(page.read_text(encoding="utf-8"))
        pages[page.relative_to(site).as_posix()] = parser
    return pages


def build_site(folder: Path) -> Path:
    site = folder / "site"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(str(folder / "mkdocs.yml"), strict=True, site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` starts
    build(config)
    return site


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, object]:
    """What the templates write, from a build of plain strings."""
    strings = dict.fromkeys(FIELDS, PLAIN) | {"content": "<p>plain<br>words</p><p>and more</p>"}
    folder = write_site(tmp_path_factory.mktemp("plain"), strings)
    pages = markup(build_site(folder))
    return {
        "shapes": {(t, frozenset(a)) for p in pages.values() for t, a in p.elements},
        "scripts": {s for p in pages.values() for s in p.scripts},
        "sources": {a.get("src") for p in pages.values() for t, a in p.elements if t == "script"},
        "metas": {
            (a.get("name"), a.get("http-equiv"), a.get("property"))
            for p in pages.values()
            for t, a in p.elements
            if t == "meta"
        },
    }


FIELDS = (
    "post", "post2", "content", "warning", "name", "url", "alt", "title", "summary",
    "description", "term", "definition", "note",
)  # fmt: skip


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def tooltip_tags(title: str) -> list[str]:
    """The elements Material's tooltip would make of a title (``innerHTML = title``)."""
    parser = _Text()
    parser.feed(title)
    return parser.tags


def off_site(url: str) -> bool:
    return bool(re.match(r"([a-z][a-z0-9+.-]*:|//|\\)", url.strip(), re.IGNORECASE))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a build each: no shrinking
)
@given(st.fixed_dictionaries(dict.fromkeys(FIELDS, TEXT)))
def test_no_field_can_add_markup(reference, tmp_path_factory, strings):
    folder = write_site(tmp_path_factory.mktemp("hostile"), strings)
    pages = markup(build_site(folder))
    for path, page in pages.items():
        for tag, attrs in page.elements:
            where = (path, tag, attrs)
            assert (tag, frozenset(attrs)) in reference["shapes"], where
            assert not [name for name in attrs if name.startswith("on")], where
            href = attrs.get("href", "")
            if off_site(href):
                assert href.lower().startswith(("https://", "http://")), where
            if tag in ("img", "script", "iframe", "source"):
                assert not off_site(attrs.get("src", "")), where
            if tag == "script" and "src" in attrs:
                assert attrs["src"] in reference["sources"], where
            if tag == "meta":
                key = (attrs.get("name"), attrs.get("http-equiv"), attrs.get("property"))
                assert key in reference["metas"], where
            if "title" in attrs:
                assert tooltip_tags(attrs["title"]) == [], where
        assert set(page.scripts) <= reference["scripts"] | {
            s
            for s in page.scripts
            if s.lstrip().startswith("{")  # Material's JSON config
        }, path
