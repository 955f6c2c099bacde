"""A Mastodon account archive, as a folder and as a .zip, built into a strict site whose
images are served from the site itself with their alt text, opened in Chromium with every
request off the site refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.pipeline import Settings
from generator.publish.media_files import unpublished
from tests.browsing import open_page, serve
from tests.conftest import mkdocs_build, run
from tests.sources.archive_fixture import FILES, files, write_folder, write_zip

pytestmark = pytest.mark.slow

CONFIG = (
    "site_name: An account archive\n"
    "theme: {name: material, font: false}\n"
    "plugins:\n  - search\n  - discussion:\n      sources: [%s]\n"
    "validation: {omitted_files: warn, absolute_links: warn, unrecognized_links: warn,"
    " anchors: warn}\n"
)
SKETCH = f"{FILES}/original/sketch.png"


@pytest.fixture(scope="module", params=["folder", "zip"])
def built(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    project = tmp_path_factory.mktemp(request.param)
    (project / "docs").mkdir()
    if request.param == "folder":
        write_folder(project / "content" / "archive")
        source = "content/archive"
    else:
        (project / "content").mkdir()
        write_zip(project / "content" / "archive.zip")
        source = "content/archive.zip"
    (project / "mkdocs.yml").write_text(CONFIG % source, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "3 posts read (5 items left out: " in result.stderr
    server, base = serve(project / "site")
    yield project / "site", base
    server.shutdown()
    server.server_close()


def test_the_archives_checked_files_are_in_the_site_and_nothing_else_of_it(built):
    site, _ = built
    published = site / "media" / "content-archive"
    assert (published / SKETCH).read_bytes() == files()[SKETCH]
    found = sorted(str(p.relative_to(published)) for p in published.rglob("*") if p.is_file())
    assert found == sorted(
        f"{FILES}/original/{name}" for name in ("making.mp4", "second.jpeg", "sketch.png")
    )
    everything = [p.name for p in site.rglob("*")]
    for private in ("outbox.json", "actor.json", "likes.json", "archive.zip", "page.png"):
        assert private not in everything
    html = (site / "thread" / "index.html").read_text(encoding="utf-8")
    assert "a private word" not in html


def test_images_are_shown_from_the_site_with_their_alt_text(browser, built):
    _, base = built
    context, page, watch = open_page(browser, base)
    page.goto(f"{base}/thread/", wait_until="load")
    images = page.locator(".post__file img")
    assert images.count() == 2
    shown = []
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
        shown.append(
            image.evaluate(
                "img => [new URL(img.currentSrc).origin === location.origin, img.alt,"
                " img.naturalWidth, new URL(img.currentSrc).pathname.split('/').pop()]"
            )
        )
    assert shown == [
        [True, "A red square sketch", 4, "sketch.png"],
        [True, "A blue square", 6, "second.jpeg"],
    ]
    video = page.locator(".post__file video")
    assert video.get_attribute("aria-label") == "Hands drawing the square"
    # The attachment the archive names by another server's address is a link, never loaded;
    # the files that failed their checks are listed with why.
    text = page.locator("article").all_inner_texts()
    joined = "\n".join(text)
    assert "not in the archive" in joined
    assert "not an image, video or audio file of a type the site shows" in joined
    context.close()
    watch.assert_clean()


def test_an_archive_in_the_project_is_never_published(tmp_path):
    folder = write_folder(tmp_path / "docs" / "archive")
    zipped = write_zip(tmp_path / "docs" / "old.zip")
    settings = Settings(root=tmp_path, docs_dir=tmp_path / "docs", sources=(folder, zipped))
    paths = [str(folder / "outbox.json"), str(folder / SKETCH), str(zipped), str(tmp_path / "x.md")]
    assert unpublished(paths, settings) == set(paths[:3])


def test_the_export_holds_the_media_and_nothing_else_of_the_archive(tmp_path):
    project = tmp_path / "p"
    write_folder(project / "docs" / "archive")  # even an archive inside docs_dir
    (project / "mkdocs.yml").write_text(CONFIG % "docs/archive", encoding="utf-8")
    files_of_archive = files()
    del files_of_archive[f"{FILES}/original/sketch.html"]  # docs_dir refuses .html files
    (project / "docs" / "archive" / FILES / "original" / "sketch.html").unlink()
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    assert not list((project / "site").rglob("outbox.json"))
    export = run(["-m", "generator", "export", str(tmp_path / "out")], cwd=project)
    assert export.returncode == 0, export.stderr
    docs = tmp_path / "out" / "docs"
    names = {p.name for p in docs.rglob("*")}
    assert not names & {"outbox.json", "actor.json", "likes.json", "bookmarks.json", "page.png"}
    assert (docs / "media" / "docs-archive" / SKETCH).read_bytes() == files_of_archive[SKETCH]
    assert mkdocs_build(tmp_path / "out").returncode == 0
    assert (tmp_path / "out" / "site" / "media" / "docs-archive" / SKETCH).is_file()
