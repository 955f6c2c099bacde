"""Fuzzing every reader and loader: bad input is refused with ``path:line: problem``, never a
traceback.

Each call either returns or raises :class:`~generator.errors.ContentError` whose problems
each read ``path:line: problem`` on one line, with the file's label as the path and an
integer line >= 0. Any other exception fails the test, with the input that raised it.

The callables: :func:`generator.sources.read.read_source` for ``.txt`` and ``.json``
sources, :func:`generator.editorial.taxonomy.load_taxonomy`,
:func:`generator.editorial.annotations.load_annotations` and
:func:`generator.editorial.people.load_people`,
:func:`generator.editorial.glossary.load_glossary`,
:func:`generator.editorial.optout.load_optout`,
:func:`generator.editorial.commentary.load_authors` and
:func:`~generator.editorial.commentary.read_commentary` (with no authors, themes or posts).
Each gets
three kinds of input, written to a file:

- arbitrary bytes (invalid UTF-8 included): 200 examples per callable;
- arbitrary text, lone surrogates written as they would be in UTF-8: 200 examples;
- hostile input in the callable's own format: 300 examples. For YAML, files shaped like the
  real ones whose every value may be nested far too deep, a huge integer, an odd time, a
  value of the wrong type, an anchor, an alias, a tag, or text holding U+2028, U+2029,
  U+0085 or control characters. For JSON, Mastodon statuses and contexts and ActivityPub
  collections with the same in every field, plus surrogates written as ``\\ud800``
  escapes, times at the ends of the calendar and numbers of 5,000 digits. For plain text,
  lines of mentions, links, separators and control characters.

That is 9 callables x 700 examples, 6,300 in all, run by every ``make test`` in CI; on a
2-core machine the module takes about 30 s. Examples are random on each run
(Hypothesis prints any failing input and how to reproduce it); ``FUZZ_SCALE`` multiplies
every count to search longer: ``FUZZ_SCALE=10 .venv/bin/pytest tests/test_fuzz.py``.

An end-to-end test runs the documented ``python -m generator check`` on hostile sources
and checks its exit status and output.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.editorial.annotations import load_annotations
from generator.editorial.commentary import load_authors, read_commentary
from generator.editorial.glossary import load_glossary
from generator.editorial.optout import load_optout
from generator.editorial.people import load_people
from generator.editorial.taxonomy import load_taxonomy
from generator.errors import ContentError
from generator.sources.read import read_source
from tests.conftest import make_project, run

SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
BYTES_EXAMPLES = 200 * SCALE
TEXT_EXAMPLES = 200 * SCALE
HOSTILE_EXAMPLES = 300 * SCALE
PROBLEM = re.compile(r"(?P<path>[^\n]+):(?P<line>\d+): (?P<message>[^\n]+)")


def _commentary(file: Path, label: str) -> object:
    return read_commentary(
        file, "commentary/piece.md", label, authors={}, theme_ids=[], post_ids=set()
    )


LOADERS: dict[str, tuple[str, Callable[[Path, str], object]]] = {
    "source-txt": (".txt", lambda file, label: read_source(file, label, {})),
    "source-json": (".json", lambda file, label: read_source(file, label, {})),
    "taxonomy": (".yml", load_taxonomy),
    "annotations": (".yml", load_annotations),
    "people": (".yml", load_people),
    "glossary": (".yml", load_glossary),
    "optout": (".yml", load_optout),
    "authors": (".yml", load_authors),
    "commentary": (".md", _commentary),
}
"""Each callable under test, by name, with the suffix of the files it reads."""


def returns_or_refuses(name: str, folder: Path, data: bytes) -> None:
    """Write ``data`` to a file and call the loader ``name`` on it (see the docstring)."""
    suffix, loader = LOADERS[name]
    file = folder / f"{name}{suffix}"
    file.write_bytes(data)
    label = f"content/{name}{suffix}"
    try:
        loader(file, label)
    except ContentError as err:
        assert err.problems, "a ContentError without problems"
        for problem in err.problems:
            shown = PROBLEM.fullmatch(str(problem))
            assert shown, f"not one 'path:line: problem' line: {str(problem)!r}"
            assert problem.path == label
            assert type(problem.line) is int and problem.line >= 0
            assert shown["line"] == str(problem.line)


def examples(count: int) -> Callable:
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# ---------------------------------------------------------------------------------------
# Hostile pieces, shared by the formats.

DEEP = [10, 60, 400, 5000]
"""Nesting depths: fine, past the YAML limit, past Python's stack while composing, far past."""
HUGE = "1" * 5000
ODD_TIMES = [
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999+00:00",
    "2024-02-30T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01",
    "2024-01-01T00:00:00+25:00",
    "+002024-01-01T00:00:00Z",
    "20240101T000000Z",
    "",
    " ",
]
TRICKY = [
    "\u2028",
    "\u2029",
    "\x85",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x9b",
    "\ufeff",
    "\u202e",
    "\u200b",
    "\r",
    "\r\n",
    "\t",
    "\n---\n",
    "\n...\n",
    "---",
    "@",
    "@a@b@c",
    "https://",
    "https://e.social/" + ")" * 50,
    "<script>alert(1)</script>",
    "{{ config }}",
    "--8<-- '/etc/passwd'",
    "*",
    "&a",
    "!!python/object:os.system",
    "%YAML 1.1",
    "#",
    ": ",
    "- ",
    "'",
    '"',
    "\\",
    "\\u2028",
    "é",
    "e\u0301",
    "😀",
    "\U0010ffff",
    "\ufffe",
]
WORDS = st.text(st.characters(codec="utf-8"), max_size=12)
TEXT = st.lists(st.one_of(WORDS, st.sampled_from(TRICKY)), max_size=6).map("".join)
"""Text with the characters and sequences that broke readers or could."""

# ---------------------------------------------------------------------------------------
# YAML: files shaped like the real ones, any value hostile.


def _yaml_quoted(text: str) -> str:
    """Text in double quotes, as YAML reads them (JSON's escapes are YAML's)."""
    return json.dumps(text)


YAML_SCALAR = st.one_of(
    TEXT.map(_yaml_quoted),
    TEXT.filter(lambda t: "\n" not in t and "\r" not in t),  # plain, whatever it parses as
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(
        [HUGE, "-" + HUGE, "1e999", ".nan", "-.inf", "0x1F", "0o17", "1_000", "~", "null", "no"]
    ),
    st.sampled_from(ODD_TIMES),
    st.sampled_from(["&x 1", "*x", "!!str x", "!!binary AAAA", "!custom x", "? x", "|", ">-"]),
)


@st.composite
def yaml_value(draw: st.DrawFn, depth: int = 0) -> str:
    """One value on one line, in flow style: a scalar, a list, a mapping or deep nesting."""
    kind = draw(st.integers(0, 9))
    if kind <= 4 or depth > 2:
        return draw(YAML_SCALAR)
    if kind == 5:
        levels = draw(st.sampled_from(DEEP))
        opener = draw(st.sampled_from(["[", "{a: "]))
        closer = "]" if opener == "[" else "}"
        return opener * levels + draw(YAML_SCALAR) + closer * levels
    if kind in (6, 7):
        items = draw(st.lists(yaml_value(depth + 1), max_size=3))
        return "[" + ", ".join(items) + "]"
    keys = draw(st.lists(st.one_of(st.sampled_from(["id", "a", "1"]), YAML_SCALAR), max_size=3))
    values = [draw(yaml_value(depth + 1)) for _ in keys]
    return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, values, strict=True)) + "}"


YAML_SHAPES = {
    "taxonomy": ("themes", ["id", "title", "summary", "description", "terms", "min_matches"]),
    "annotations": ("posts", ["author", "reply_to", "themes", "note"]),
    "people": ("people", ["handle", "name", "url", "actor"]),
    "glossary": ("terms", ["term", "aliases", "definition", "id"]),
    "optout": ("accounts", []),
    "authors": ("", ["name", "url"]),
    "commentary": ("", ["title", "author", "date", "themes", "responds_to", "summary"]),
}
"""Each YAML file's top-level key and its entries' fields, as the loaders expect them."""


@st.composite
def yaml_file(draw: st.DrawFn, name: str) -> str:
    """A file shaped like a real one of ``name``'s kind, with hostile values and keys."""
    top, fields = YAML_SHAPES[name]
    fields = [*fields, "unknown"]
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        chosen = draw(st.lists(st.sampled_from(fields), min_size=1, max_size=len(fields)))
        entry = [f"{field}: {draw(yaml_value())}" for field in chosen]
        if name == "annotations":
            post_id = draw(st.sampled_from(["7f76f70cea", "0123", "1e5", '"a b"', "[x]"]))
            lines += [f"  {post_id}:", *(f"    {line}" for line in entry)]
        elif name == "optout":
            lines += [f"  - {draw(yaml_value())}"]
        elif top:
            lines += [f"  - {entry[0]}", *(f"    {line}" for line in entry[1:])]
        else:  # authors: keys at the top; commentary: front matter fields
            lines += entry if name == "commentary" else ["editors:", *(f"  {x}" for x in entry)]
    if name == "annotations" and draw(st.booleans()):
        lines = [f"splits: {draw(yaml_value())}", "posts:", *lines]
    elif name == "optout":
        lines = ["accounts:", *lines, f"posts: {draw(yaml_value())}"]
    elif top:
        lines = [f"{top}:", *lines]
    if draw(st.booleans()):  # any line may lose or gain indentation, or be cut
        at = draw(st.integers(0, len(lines) - 1))
        lines[at] = draw(st.sampled_from(["", " ", "\t"])) + lines[at][draw(st.integers(0, 3)) :]
    text = "\n".join(lines) + "\n"
    if name == "commentary":
        body = draw(st.lists(TEXT, max_size=4).map("\n".join))
        text = f"---\n{text}---\n{body}\n"
    return text


# ---------------------------------------------------------------------------------------
# JSON: Mastodon statuses and ActivityPub collections, any field hostile. Written as text,
# so that what json.dumps cannot write (5,000-digit numbers, bad escapes) can be.

JSON_RAW = st.sampled_from(
    [
        HUGE,
        "-" + HUGE,
        "1" * 5000 + ".5",
        "1e999",
        "-0",
        "NaN",
        "Infinity",
        '"\\ud800"',
        '"a\\udfffb"',
        '"\\ud83d\\ude00"',
        '"\\u0000"',
        '"\\u2028---\\u2029"',
        '"\\/\\/"',
        "true",
        "null",
        "[]",
        "{}",
        '"https://www.w3.org/ns/activitystreams#Public"',
        '"https://e.social/users/followers"',
    ]
)
JSON_SCALAR = st.one_of(
    TEXT.map(lambda t: json.dumps(t, ensure_ascii=False)),
    TEXT.map(json.dumps),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(ODD_TIMES).map(json.dumps),
    JSON_RAW,
)


@st.composite
def json_value(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 9))
    if kind <= 5 or depth > 2:
        return draw(JSON_SCALAR)
    if kind == 6:
        levels = draw(st.sampled_from(DEEP))
        return "[" * levels + draw(JSON_SCALAR) + "]" * levels
    if kind == 7:
        return "[" + ", ".join(draw(st.lists(json_value(depth + 1), max_size=3))) + "]"
    keys = draw(st.lists(st.sampled_from(["id", "type", "url", "href", "acct"]), max_size=3))
    return "{" + ", ".join(f'"{k}": {draw(json_value(depth + 1))}' for k in keys) + "}"


def json_object(draw: st.DrawFn, fields: dict[str, str]) -> str:
    """An object with plausible values, some fields dropped and some made hostile."""
    parts = []
    for key, plausible in fields.items():
        choice = draw(st.integers(0, 5))
        if choice == 0:
            continue
        value = draw(json_value()) if choice == 1 else plausible
        parts.append(f"{json.dumps(key)}: {value}")
    return "{\n" + ",\n".join(parts) + "\n}"


@st.composite
def mastodon_file(draw: st.DrawFn) -> str:
    def status(n: int) -> str:
        account = '{"acct": "a", "url": "https://e.social/@a", "display_name": "A"}'
        return json_object(
            draw,
            {
                "id": json.dumps(str(draw(st.integers(1, 3)) + n * 0)),
                "uri": json.dumps(f"https://e.social/s/{draw(st.integers(1, 3))}"),
                "url": '"https://e.social/@a/1"',
                "created_at": json.dumps(
                    draw(st.sampled_from(["2024-01-01T00:00:00Z", *ODD_TIMES]))
                ),
                "edited_at": "null",
                "visibility": json.dumps(
                    draw(st.sampled_from(["public", "direct", "limited", "x"]))
                ),
                "account": account,
                "content": json.dumps(f"<p>{draw(TEXT)}</p>"),
                "spoiler_text": '""',
                "in_reply_to_id": json.dumps(str(draw(st.integers(1, 3)))),
                "mentions": "[]",
                "media_attachments": '[{"type": "image", "url": "https://e.social/m.png"}]',
                "card": '{"url": "https://e.org/", "title": "t"}',
                "reblog": "null",
            },
        )

    statuses = [status(n) for n in range(draw(st.integers(0, 4)))]
    shape = draw(st.integers(0, 3))
    if shape == 0:
        return "[\n" + ",\n".join(statuses) + "\n]"
    if shape == 1 and statuses:
        return statuses[0]
    listed = "[" + ",\n".join(statuses) + "]"
    context = f'{{"ancestors": {listed}, "descendants": {draw(json_value())}}}'
    if shape == 2:
        return context
    return f'{{"status": {statuses[0] if statuses else "{}"}, "context": {context}}}'


@st.composite
def activitypub_file(draw: st.DrawFn) -> str:
    def note(n: int) -> str:
        obj = json_object(
            draw,
            {
                "type": json.dumps(draw(st.sampled_from(["Note", "Article", "Question", "X"]))),
                "id": json.dumps(f"https://e.social/users/a/statuses/{draw(st.integers(1, 3))}"),
                "attributedTo": json.dumps("https://e.social/users/a"),
                "to": json.dumps(["https://www.w3.org/ns/activitystreams#Public"]),
                "cc": '["https://e.social/users/a/followers"]',
                "published": json.dumps(
                    draw(st.sampled_from(["2024-01-01T00:00:00Z", *ODD_TIMES]))
                ),
                "updated": "null",
                "inReplyTo": '"https://e.social/users/a/statuses/1"',
                "summary": "null",
                "content": json.dumps(f"<p>{draw(TEXT)}</p>"),
                "contentMap": '{"en": "<p>x</p>"}',
                "url": '"https://e.social/@a/1"',
                "tag": '[{"type": "Mention", "href": "https://e.social/users/b", "name": "@b"}]',
                "attachment": '[{"type": "Image", "mediaType": "image/png", "url": "https://e.social/m.png"}]',
            },
        )
        if draw(st.booleans()):
            return f'{{"type": "Create", "actor": "https://e.social/users/a", "object": {obj}}}'
        return obj

    notes = [note(n) for n in range(draw(st.integers(0, 4)))]
    listed = "[" + ",\n".join(notes) + "]"
    items = draw(st.one_of(st.just(listed), json_value()))
    key = draw(st.sampled_from(["orderedItems", "items"]))
    kind = draw(st.sampled_from(["OrderedCollection", "CollectionPage", "Collection"]))
    if draw(st.booleans()):
        return f'{{"type": "{kind}", "id": "https://e.social/users/a/outbox", "{key}": {items}}}'
    return f'{{"type": "{kind}", "first": {{"type": "{kind}Page", "{key}": {items}}}}}'


# ---------------------------------------------------------------------------------------
# Plain text.

LINE = st.lists(
    st.one_of(
        WORDS, st.sampled_from([*TRICKY, "@alice ", "@bob@e.social ", " ", "https://e.org/"])
    ),
    max_size=8,
).map("".join)
PLAIN_FILE = st.lists(LINE, max_size=8).map("\n".join)


def utf8(text: str) -> bytes:
    """Text as a file would hold it; lone surrogates as their (invalid) UTF-8 bytes."""
    return text.encode("utf-8", "surrogatepass")


HOSTILE: dict[str, st.SearchStrategy[str]] = {
    "source-txt": PLAIN_FILE,
    "source-json": st.one_of(mastodon_file(), activitypub_file()),
    **{name: yaml_file(name) for name in YAML_SHAPES},
}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_arbitrary_bytes(name, folder):
    @examples(BYTES_EXAMPLES)
    @given(st.binary(max_size=2000))
    def check(data: bytes) -> None:
        returns_or_refuses(name, folder, data)

    check()


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_arbitrary_text(name, folder):
    @examples(TEXT_EXAMPLES)
    @given(st.text(max_size=2000))
    def check(text: str) -> None:
        returns_or_refuses(name, folder, utf8(text))

    check()


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_hostile_input_in_the_loaders_format(name, folder):
    @examples(HOSTILE_EXAMPLES)
    @given(HOSTILE[name])
    def check(text: str) -> None:
        returns_or_refuses(name, folder, utf8(text))

    check()


# ---------------------------------------------------------------------------------------
# End to end: the documented command on hostile sources.

HOSTILE_SOURCES = {
    "long-number.json": '[\n {"id": "1",\n  "replies_count": ' + HUGE + "}\n]\n",
    "old-time.json": json.dumps(
        [
            {
                "id": "1",
                "created_at": "0001-01-01T00:00:00+01:00",
                "account": {"acct": "a", "url": "https://e.social/@a"},
                "content": "<p>x</p>",
            }
        ],
        indent=1,
    ),
    "items.json": '{\n "type": "OrderedCollection",\n "orderedItems": "abc"\n}\n',
    "empty.txt": "\n \n",
    "deep.json": "[" * 100_000 + "]" * 100_000,
}


def test_check_refuses_hostile_sources_with_path_and_line(tmp_path):
    folder = make_project(tmp_path, "@alice a first post\n")
    for name, text in HOSTILE_SOURCES.items():
        (folder / name).write_text(text, encoding="utf-8")
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    listed = ", ".join(["thread.txt", *HOSTILE_SOURCES])
    config = config.replace("sources: [thread.txt]", f"sources: [{listed}]")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    (folder / "annotations.yml").write_text("posts: " + "[" * 400 + "]" * 400 + "\n")
    config = config.replace("      sources:", "      annotations: annotations.yml\n      sources:")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run(["-m", "generator", "check"], cwd=folder)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().split("\n")
    assert all(PROBLEM.fullmatch(line) for line in lines), lines
    assert sorted(line.split(": ")[0] for line in lines) == [
        "annotations.yml:1",
        "deep.json:1",
        "empty.txt:0",
        "items.json:3",
        "long-number.json:3",
        "old-time.json:3",
    ]
