"""Mastodon account archives as one source: the owner from actor.json, posts from
outbox.json, the attachments' own files checked and given site paths, what is left out
counted by kind."""

from __future__ import annotations

import zipfile

import pytest

from generator.errors import ContentError
from generator.sources import mastodon_archive
from generator.sources.read import read_sources
from tests.conftest import ROOT
from tests.sources.archive_fixture import FILES, files, write_folder, write_zip
from tests.sources.test_mastodon import check_golden


def read(path, label="archive"):
    return read_sources([(path, label)])


@pytest.fixture(params=["folder", "zip", "zip-with-a-top-folder"])
def archive(request, tmp_path):
    if request.param == "folder":
        return write_folder(tmp_path / "archive")
    top = "archive-20251002/" if request.param == "zip-with-a-top-folder" else ""
    return write_zip(tmp_path / "archive.zip", top=top)


def test_the_owner_is_named_by_actor_json_and_every_post_by_them(archive):
    thread = read(archive)
    assert [(p.author, p.author_via) for p in thread.posts] == [
        ("alice@social.example", "actor")
    ] * 3
    alice = thread.people["alice@social.example"]
    assert (alice.display_name, alice.url) == ("Alice Artist", "https://social.example/@alice")


def test_what_is_not_a_post_is_counted_and_followers_only_posts_are_marked(archive):
    thread = read(archive)
    assert [p.text for p in thread.posts] == [
        "A sketch, and how it was made.",
        "For my followers: the second sketch.",
        "Two files that are not published.",
    ]
    assert [p.followers_only for p in thread.posts] == [False, True, False]
    assert thread.skipped == {"boost": 1, "direct message": 1, "like": 2, "bookmark": 1}


def test_attachments_are_the_archives_own_files_checked(archive):
    first, second, third = read(archive).posts
    folder = "media/archive"
    image, video, remote = first.media
    assert (image.file, image.media_type, image.width, image.height, image.description) == (
        f"{folder}/{FILES}/original/sketch.png",
        "image/png",
        4,
        3,
        "A red square sketch",
    )
    assert (video.kind, video.file, video.media_type) == (
        "video",
        f"{folder}/{FILES}/original/making.mp4",
        "video/mp4",
    )
    assert (remote.file, remote.url) == ("", "https://cdn.example/x.png")
    [jpeg] = second.media
    assert (jpeg.media_type, jpeg.width, jpeg.file.endswith("second.jpeg")) == (
        "image/jpeg",
        6,
        True,
    )
    missing, page, html = third.media
    assert (missing.file, missing.left_out) == ("", "not in the archive")
    assert (page.file, page.left_out) == (
        "",
        "not an image, video or audio file of a type the site shows",
    )
    assert html.file == ""
    assert html.left_out == "an image file (image/png) named .html, not .png"


def test_the_site_folder_is_the_sources_label_made_one_segment():
    assert mastodon_archive.site_folder("content/discussion/archive.zip") == (
        "media/content-discussion-archive"
    )
    assert mastodon_archive.site_folder("my archive/") == "media/my-archive"


def test_an_archive_that_gives_no_post_says_what_it_held(tmp_path):
    content = files()
    content["outbox.json"] = (
        b'{"type": "OrderedCollection", "orderedItems": [{"type": "Announce", "object": "https://o.example/1"}]}'
    )
    with pytest.raises(ContentError) as err:
        read(write_folder(tmp_path / "a", content), "a")
    [problem] = err.value.problems
    assert str(problem).startswith("a/outbox.json:1: no posts: the file holds only 1 boost;")


@pytest.mark.parametrize("content", [{"actor.json": b"{}"}, {}, {"x/actor.json": b"{}"}])
def test_a_zip_without_an_outbox_is_refused(tmp_path, content):
    path = write_zip(tmp_path / "archive.zip", content)
    with pytest.raises(ContentError) as err:
        read(path, "archive.zip")
    assert [str(p) for p in err.value.problems] == [
        "archive.zip:0: no outbox.json in it; expected a Mastodon account archive (a folder or "
        ".zip holding outbox.json and actor.json)"
    ]


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    (tmp_path / "archive.zip").write_text("not a zip")
    with pytest.raises(ContentError, match=r"^archive.zip:0: not a .zip archive"):
        read(tmp_path / "archive.zip", "archive.zip")


def test_members_named_outside_the_archive_are_never_read(tmp_path):
    content = files()
    path = write_zip(tmp_path / "archive.zip", content)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(f"../{FILES}/original/escape.png", content[f"{FILES}/original/sketch.png"])
    with mastodon_archive.opened(path, "archive.zip") as opened:
        assert not opened.has(f"{FILES}/original/escape.png")
        assert not any(".." in name for name in opened.members)


def test_a_folders_link_out_of_it_is_not_read(tmp_path):
    folder = write_folder(tmp_path / "archive")
    outside = tmp_path / "secret.png"
    outside.write_bytes(files()[f"{FILES}/original/sketch.png"])
    target = folder / FILES / "original" / "missing.png"
    target.symlink_to(outside)
    third = read(folder).posts[2]
    assert third.media[0].left_out == "not in the archive"


def test_invalid_json_in_an_archive_names_the_file_and_line(tmp_path):
    content = files()
    content["outbox.json"] = b'{\n  "type": "OrderedCollection",\n  "orderedItems": [,]\n}'
    with pytest.raises(ContentError) as err:
        read(write_zip(tmp_path / "archive.zip", content), "archive.zip")
    assert str(err.value.problems[0]).startswith("archive.zip/outbox.json:3: invalid JSON")


def test_a_folder_that_is_no_archive_is_an_unknown_source(tmp_path):
    (tmp_path / "notes").mkdir()
    with pytest.raises(ContentError) as err:
        read(tmp_path / "notes", "notes")
    assert str(err.value.problems[0]).startswith(
        "notes:0: unknown source: a folder; expected one of .json, .txt, or a Mastodon account"
    )


def test_a_damaged_zip_is_a_problem_naming_it_never_a_traceback(tmp_path):
    good = write_zip(tmp_path / "good.zip").read_bytes()
    at = good.index(b"outbox.json") + len("outbox.json") + 40  # inside its compressed data
    damaged = good[:at] + bytes(b ^ 0x5A for b in good[at : at + 64]) + good[at + 64 :]
    (tmp_path / "archive.zip").write_bytes(damaged)
    with pytest.raises(ContentError) as err:
        read(tmp_path / "archive.zip", "archive.zip")
    [problem] = err.value.problems
    assert str(problem).startswith("archive.zip/outbox.json:0: cannot be read from the archive")


def test_golden(tmp_path):
    folder = write_folder(tmp_path / "mastodon-archive")
    check_golden(folder, ROOT / "tests" / "golden" / "read_servers" / "mastodon-archive.yml")
