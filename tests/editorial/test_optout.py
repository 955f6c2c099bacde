"""Opt-out leaves no trace: not in pages, published sources, search, sitemap or export.

The site publishes its sources (``publish_sources: true``), as the repository's own does;
alice opted out by her full handle, while the plain text names her only as ``@alice``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import make_project, mkdocs_build, run

pytestmark = pytest.mark.slow

THREAD = """\
@op the law is clear, said nobody
@alice @op I answer the first post
@op and this is op's own word
"""
STATUS = {
    "id": "1",
    "created_at": "2024-04-01T12:01:00.000Z",
    "in_reply_to_id": None,
    "spoiler_text": "",
    "visibility": "public",
    "uri": "https://example.social/users/alice/statuses/1",
    "url": "https://example.social/@alice/1",
    "content": "<p>my secret opinion</p>",
    "account": {"acct": "alice", "display_name": "Alice Secret", "url": "https://example.social/@alice"},
    "media_attachments": [],
    "mentions": [],
}  # fmt: skip
GONE = ("the law is clear", "my secret opinion", "Alice Secret", "people/alice")


def project(tmp_path: Path, optout: str) -> Path:
    folder = make_project(tmp_path, "", options="publish_sources: true\noptout: optout.yml\n")
    data = folder / "docs" / "discussion"
    data.mkdir()
    (data / "thread.txt").write_text(THREAD, encoding="utf-8")
    (data / "alice.json").write_text(json.dumps([STATUS]), encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "sources: [thread.txt]",
            "sources: [docs/discussion/alice.json, docs/discussion/thread.txt]",
        )
    )
    (folder / "optout.yml").write_text(optout, encoding="utf-8")
    return folder


def everything(folder: Path) -> str:
    """Every byte of every published file, as text."""
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace") for path in folder.rglob("*") if path.is_file()
    )


def test_an_opted_out_account_leaves_no_trace_in_any_published_file(tmp_path):
    folder = project(tmp_path, "accounts: [alice@example.social]\n")
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    assert "2 removed at their authors' request" in result.stderr
    assert "docs/discussion/alice.json is not published" in result.stderr
    site = folder / "site"
    published = everything(site)
    for words in GONE:
        assert words not in published, words
    assert not (site / "people" / "alice").exists()
    assert not (site / "discussion" / "alice.json").exists()
    # the plain-text source is still published, without the removed post's lines
    text = (site / "discussion" / "thread.txt").read_text(encoding="utf-8")
    assert text == "@alice @op I answer the first post\n@op and this is op's own word\n"


def test_the_export_leaves_out_the_same(tmp_path):
    folder = project(tmp_path, "accounts: [alice@example.social]\n")
    result = run(["-m", "generator", "export", str(tmp_path / "out")], cwd=folder)
    assert result.returncode == 0, result.stderr
    exported = everything(tmp_path / "out" / "docs")
    for words in GONE:
        assert words not in exported, words
    assert (tmp_path / "out" / "docs" / "discussion" / "thread.txt").is_file()


@pytest.mark.parametrize("entry", ["carol@example.social", "carol"])
def test_an_account_that_matches_no_one_is_an_error_that_names_it(tmp_path, entry):
    folder = project(tmp_path, f"accounts:\n  - alice\n  - {entry}\n")
    check = run(["-m", "generator", "check"], cwd=folder)
    assert (check.returncode, check.stderr.splitlines()) == (
        1,
        [
            "optout.yml:3: field 'accounts': matches no author or mention in the thread; "
            "expected a handle from `make list`, like alice@example.social, "
            f"got {entry!r}"
        ],
    )


QUOTING = {
    **STATUS,
    "id": "2",
    "created_at": "2024-04-01T12:05:00.000Z",
    "uri": "https://example.social/users/bob/statuses/2",
    "url": "https://example.social/@bob/2",
    "content": "<p>look what she said</p>",
    "account": {"acct": "bob", "display_name": "Bob", "url": "https://example.social/@bob"},
    "quote": {
        "state": "accepted",
        "quoted_status": {
            **STATUS,
            "id": "77",
            "uri": "https://example.social/users/alice/statuses/77",
            "url": "https://example.social/@alice/77",
            "content": "<p>a quoted secret</p>",
        },
    },
}


def test_a_quote_of_an_opted_out_account_keeps_nothing_of_the_quoted_post(tmp_path):
    """The quoted post is not in the archive, so only the quoting post carries it: its
    text, author and address go, and the card says the quoted post was removed."""
    folder = project(tmp_path, "accounts: [alice@example.social]\n")
    (folder / "docs" / "discussion" / "bob.json").write_text(json.dumps([QUOTING]))
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("sources: [", "sources: [docs/discussion/bob.json, ")
    )
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    published = everything(folder / "site")
    for words in (*GONE, "a quoted secret", "@alice/77", "statuses/77"):
        assert words not in published, words
    assert "look what she said" in published
    assert "The quoted post was removed at its author’s request." in published
