"""The registry of source formats: modules register themselves, files find them by suffix and shape.

The formats added here are real modules of a package written to a temporary folder and found
by :func:`generator.sources.registry.discover`, as the read stage finds its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.sources import activitypub, mastodon, registry
from generator.sources.read import read_sources
from tests.conftest import ROOT

PACKAGE = "extra_sources"
"""The package of formats a test adds."""

SHAPE_MODULE = '''\
"""Thread lists for the test: ``{"thread": ["first post", "a reply", …]}``."""

from generator import text as txt
from generator.model import Post, SourceRef, Thread
from generator.sources import registry

SHAPES = "a thread list {thread: [text, …]}"


def accepts(data):
    return isinstance(data, dict) and list(data) == ["thread"]


@registry.json_shape("Thread list", SHAPES, accepts)
def read(data, path, source, people):
    texts = data["thread"]
    ids = txt.unique_ids([txt.content_id(text) for text in texts])
    posts = (
        Post(id=i, paragraphs=(txt.spans(text),), source=SourceRef(path, 1))
        for i, text in zip(ids, texts)
    )
    return Thread(posts=tuple(posts))
'''

SUFFIX_MODULE = '''\
"""Posts separated by lines of ``---``, for the test (``.posts``)."""

from generator import text as txt
from generator.model import Post, SourceRef, Thread
from generator.sources import registry


@registry.file_format(".posts", "posts")
def read(text, path, boundaries, people):
    texts = [part.strip() for part in text.split("---\\n") if part.strip()]
    return Thread(
        posts=tuple(
            Post(id=txt.content_id(t), paragraphs=(txt.spans(t),), source=SourceRef(path, 1))
            for t in texts
        )
    )
'''


@pytest.fixture
def formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package of formats in ``tmp_path``, importable; the registry as it was afterwards."""
    monkeypatch.setattr(registry, "FILE_FORMATS", dict(registry.FILE_FORMATS))
    monkeypatch.setattr(registry, "JSON_SHAPES", dict(registry.JSON_SHAPES))
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text('"""Formats added by a test."""\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    yield package
    for name in [name for name in sys.modules if name.partition(".")[0] == PACKAGE]:
        del sys.modules[name]


def source(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ContentError) as err:
        read_sources([(path, path.name)])
    return [str(problem) for problem in err.value.problems]


def test_the_read_stage_registers_its_own_formats():
    assert registry.suffixes() == [".json", ".txt"]
    names = [shape.name for shape in registry.json_shapes()]
    # Other readers may register beside these; ActivityPub's, the loosest, is tried last.
    assert {"Mastodon API", "Misskey", "ActivityPub"} <= set(names)
    assert names[-1] == "ActivityPub"
    assert names.index("Mastodon API") < names.index("Misskey")
    assert registry.by_suffix(".TXT") is registry.by_suffix(".txt")


def test_a_json_shape_added_as_a_module_registers_and_is_picked_by_shape(formats, tmp_path):
    (formats / "thread_list.py").write_text(SHAPE_MODULE)
    assert registry.discover(PACKAGE) == [f"{PACKAGE}.thread_list"]
    path = source(tmp_path, "t.json", json.dumps({"thread": ["@a first", "@b a reply"]}))
    thread = read_sources([(path, "t.json")])
    assert [post.text for post in thread.posts] == ["@a first", "@b a reply"]
    # The shapes there were still read theirs.
    mastodon_file = ROOT / "tests" / "fixtures" / "mastodon" / "status-and-context.json"
    assert registry.by_shape(json.loads(mastodon_file.read_text())).name == "Mastodon API"
    assert registry.by_shape({"type": "Note"}).name == "ActivityPub"


def test_a_file_format_added_as_a_module_registers_by_its_suffix(formats, tmp_path):
    (formats / "posts.py").write_text(SUFFIX_MODULE)
    registry.discover(PACKAGE)
    path = source(tmp_path, "t.posts", "@a one\n---\n@b two\n")
    assert [post.text for post in read_sources([(path, "t.posts")]).posts] == ["@a one", "@b two"]
    [message] = problems(source(tmp_path, "t.csv", "x"))
    assert message == (
        "t.csv:0: unknown source format '.csv'; expected one of .json, .posts, .txt, or a "
        "Mastodon account archive (a folder or .zip holding outbox.json and actor.json)"
    )


def test_an_unknown_shape_lists_every_accepted_one(tmp_path):
    [message] = problems(source(tmp_path, "t.json", '{"statuses": [], "next": null}'))
    accepted = ", or ".join(shape.shapes for shape in registry.json_shapes())
    assert message == (
        f"t.json:0: unknown JSON shape; expected {accepted}; "
        "got an object with keys 'statuses', 'next'"
    )
    assert mastodon.SHAPES in accepted and accepted.endswith(activitypub.SHAPES)


def test_an_unknown_shape_lists_the_shapes_added_too(formats, tmp_path):
    (formats / "thread_list.py").write_text(SHAPE_MODULE)
    registry.discover(PACKAGE)
    [message] = problems(source(tmp_path, "t.json", "[3]"))
    # Tried by rank, then by name: the new shape (rank 0) after Mastodon's, before ActivityPub's.
    accepted = ", or ".join(shape.shapes for shape in registry.json_shapes())
    assert message == (
        f"t.json:0: unknown JSON shape; expected {accepted}; got a list whose first item is 3"
    )
    assert f"{mastodon.SHAPES}, or a thread list {{thread: [text, …]}}, or " in accepted
    assert accepted.endswith(f", or {activitypub.SHAPES}")
    [message] = problems(source(tmp_path, "t.json", "{"))
    assert message.endswith(" or ActivityPub JSON")
    assert "Mastodon API, Thread list, " in message


def test_where_two_shapes_accept_the_data_the_lower_rank_reads_it(formats):
    def anything(data: object) -> bool:
        return True

    registry.json_shape("Anything after", "anything", anything, rank=100)(lambda *_: None)
    status = {"id": "1", "account": {}, "type": "Note"}  # Mastodon's keys and a type too
    assert registry.by_shape(status).name == "Mastodon API"
    assert registry.by_shape(3).name == "Anything after"
    registry.json_shape("Anything first", "anything", anything, rank=-1)(lambda *_: None)
    assert registry.by_shape(status).name == "Anything first"


def test_a_suffix_or_a_shape_registered_twice_is_refused(formats):
    def other(*args: object) -> None:
        return None

    with pytest.raises(ValueError, match=r"^suffix '\.txt' is read by generator\.sources\."):
        registry.file_format(".TXT", "other text")(other)
    with pytest.raises(ValueError, match=r"^JSON 'ActivityPub' is read by generator\.sources\."):
        registry.json_shape("ActivityPub", "other", lambda data: False)(other)
    assert registry.by_suffix(".txt").name == "plain text"


def test_discovery_imports_modules_but_not_subpackages(formats):
    (formats / "thread_list.py").write_text(SHAPE_MODULE)
    (formats / "tools").mkdir()
    (formats / "tools" / "__init__.py").write_text("raise AssertionError('imported')\n")
    assert registry.discover(PACKAGE) == [f"{PACKAGE}.thread_list"]
    assert f"{PACKAGE}.tools" not in sys.modules


def test_reading_sources_never_loads_the_fetch_commands_http_client():
    script = textwrap.dedent(
        """
        import sys
        import generator.sources
        print(sorted(m for m in sys.modules if ".fetch" in m or m in ("ssl", "urllib.request")))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
