"""What content/ may hold: every file a pull request can add is checked by what it is.

Each case adds files to a small project and runs ``python -m generator check`` as a
contributor's CI does; the refusals must also stop ``mkdocs build --strict``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import make_project, mkdocs_build, run

THREAD = "@op first post\n@alice @op second post\n"
PIECE = "---\ntitle: A piece\nauthor: editors\ndate: 2024-05-01\n---\nText.\n"
ALLOWED = (
    "are not allowed in the commentary folder; expected commentary pages (*.md), authors.yml "
    "or images (.gif, .jpeg, .jpg, .png, .webp)"
)
SUBFOLDER = (
    "a page in a subfolder of the commentary folder is not read as commentary; expected "
    "commentary pages at the top of the folder"
)
NOT_IMAGE = "image; expected a file of the type its name says"
LINKED = "symbolic links are not allowed in the commentary folder; expected the file itself"
OUTSIDE = (
    "symbolic link leading out of the project; expected a file of the project (a link would "
    "publish whatever it points at)"
)
ACTIVE = (
    "can run script in a reader's browser; expected no such file in the docs folder (a "
    "maintainer's script goes in the theme folder or is listed under extra_javascript)"
)


def project(tmp_path: Path, extra_config: str = "") -> Path:
    folder = make_project(
        tmp_path,
        THREAD,
        pages={"commentary/authors.yml": "editors:\n  name: Editors\n"},
        extra_config=extra_config,
    )
    return folder


def check(folder: Path) -> tuple[int, list[str]]:
    result = run(["-m", "generator", "check"], cwd=folder)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.splitlines()


def image(path: Path, kind: str = "PNG", size: tuple[int, int] = (4, 3)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("1" if size[0] * size[1] > 10**6 else "RGB", size).save(path, kind)
    return path


def test_pages_authors_and_real_images_are_accepted_and_published(tmp_path):
    folder = project(tmp_path)
    docs = folder / "docs"
    (docs / "commentary" / "a-piece.md").write_text(
        PIECE + "\n![A chart](img/chart.png)\n", encoding="utf-8"
    )
    image(docs / "commentary" / "img" / "chart.png")
    image(docs / "commentary" / "photo.jpg", "JPEG")
    image(docs / "commentary" / "anim.gif", "GIF")
    image(docs / "commentary" / "pic.webp", "WEBP")
    (docs / "commentary" / ".gitkeep").write_text("")  # hidden: never published
    assert check(folder) == (0, check(folder)[1])
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    assert (folder / "site" / "commentary" / "img" / "chart.png").is_file()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.markdown", b"<script src=x.js></script>", f"files of type '.markdown' {ALLOWED}"),
        ("notes.js", b"alert(1)", f"files of type '.js' {ALLOWED}"),
        ("page.html", b"<script>alert(1)</script>", f"files of type '.html' {ALLOWED}"),
        ("chart.svg", b"<svg><script>alert(1)</script></svg>", f"files of type '.svg' {ALLOWED}"),
        ("README", b"hello", f"files of type '(none)' {ALLOWED}"),
        ("drafts/draft.md", PIECE.encode(), SUBFOLDER),
        ("fake.gif", b"GIF89a=alert(1)//", f"not a GIF {NOT_IMAGE}"),
        ("png.jpg", None, f"not a JPEG {NOT_IMAGE}"),
    ],
)  # fmt: skip
def test_anything_else_in_the_commentary_folder_is_refused(tmp_path, name, content, message):
    folder = project(tmp_path)
    target = folder / "docs" / "commentary" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if content is None:
        image(target, "PNG")  # a PNG named .jpg
    else:
        target.write_bytes(content)
    assert check(folder) == (1, [f"docs/commentary/{name}:0: {message}"])
    assert mkdocs_build(folder).returncode == 1


def test_an_image_that_decodes_to_too_many_pixels_is_refused(tmp_path):
    folder = project(tmp_path)
    big = image(folder / "docs" / "commentary" / "big.png", "PNG", (8000, 8000))
    assert big.stat().st_size < 100_000  # small on disk, 64 million pixels once decoded
    assert check(folder) == (
        1,
        [
            "docs/commentary/big.png:0: image of 8000×8000 pixels; expected at most "
            "40,000,000 pixels"
        ],
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("page.html", f"a .html file {ACTIVE}"),
        ("drawing.svg", f"a .svg file {ACTIVE}"),
        ("feed.xml", f"a .xml file {ACTIVE}"),
        ("javascripts/extra.js", f"a .js file {ACTIVE}"),
    ],
)
def test_files_a_browser_runs_are_refused_anywhere_in_the_docs(tmp_path, name, message):
    folder = project(tmp_path)
    target = folder / "docs" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("<script>alert(1)</script>", encoding="utf-8")
    assert check(folder) == (1, [f"docs/{name}:0: {message}"])


def test_a_script_the_maintainers_list_is_published(tmp_path):
    folder = project(tmp_path, "extra_javascript: [javascripts/extra.js]\n")
    (folder / "docs" / "javascripts").mkdir()
    (folder / "docs" / "javascripts" / "extra.js").write_text("console.log(1)\n")
    assert check(folder)[0] == 0
    assert mkdocs_build(folder).returncode == 0


def test_a_file_that_would_replace_a_theme_file_is_refused(tmp_path):
    folder = project(tmp_path, "theme: {name: material, font: false, custom_dir: theme}\n")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace("theme: {name: material, font: false}\n", ""))
    (folder / "theme" / "assets").mkdir(parents=True)
    (folder / "theme" / "assets" / "site.css").write_text("body {}\n")
    (folder / "docs" / "assets").mkdir()
    (folder / "docs" / "assets" / "site.css").write_text("body { background: url(x) }\n")
    # Material's own files count too: its stylesheet is under assets/stylesheets/.
    stylesheets = folder / "docs" / "assets" / "stylesheets"
    stylesheets.mkdir()
    theme_css = next(
        p.name
        for p in Path(__import__("material").__file__).parent.glob(
            "templates/assets/stylesheets/main.*.min.css"
        )
    )
    (stylesheets / theme_css).write_text("body {}\n")
    code, lines = check(folder)
    assert code == 1
    assert lines == [
        "docs/assets/site.css:0: replaces the theme's file assets/site.css; expected a file "
        "name the theme does not use (this file would take the theme's place on every page)",
        f"docs/assets/stylesheets/{theme_css}:0: replaces the theme's file "
        f"assets/stylesheets/{theme_css}; expected a file name the theme does not use (this "
        "file would take the theme's place on every page)",
    ]


@pytest.mark.parametrize(
    ("link", "target", "message"),
    [
        ("commentary/notes.txt", "/etc/passwd", LINKED),
        ("commentary/zero.md", "/dev/zero", LINKED),
        ("ssl", "/etc/ssl", OUTSIDE),
        ("passwd.txt", "/etc/passwd", OUTSIDE),
        ("zero.md", "/dev/zero", OUTSIDE),
    ],
)  # fmt: skip
def test_links_out_of_the_project_are_refused_and_never_read(tmp_path, link, target, message):
    folder = project(tmp_path)
    (folder / "docs" / link).symlink_to(target)
    code, lines = check(folder)
    assert (code, lines) == (1, [f"docs/{link}:0: {message}"])
    assert "root:" not in "\n".join(lines)
    build = mkdocs_build(folder)
    assert build.returncode == 1 and message in build.stderr
    assert not (folder / "site").exists()


def test_a_link_inside_the_project_is_fine_outside_the_commentary_folder(tmp_path):
    folder = project(tmp_path)
    (folder / "shared.md").write_text("# Shared\n")
    (folder / "docs" / "shared.md").symlink_to(folder / "shared.md")
    assert check(folder)[0] == 0


def test_a_pipe_or_device_is_refused(tmp_path):
    folder = project(tmp_path)
    os.mkfifo(folder / "docs" / "pipe.md")
    assert check(folder) == (
        1,
        [
            "docs/pipe.md:0: not a regular file; expected a file (devices, sockets and pipes "
            "are refused)"
        ],
    )


@pytest.mark.parametrize("where", ["glossary.yml", "docs/glossary.yml"])
def test_a_data_file_linked_out_of_the_project_is_refused_unread(tmp_path, where):
    folder = project(tmp_path)
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace("sources:", f"glossary: {where}\n      sources:"))
    (folder / where).symlink_to("/etc/passwd")
    code, lines = check(folder)
    assert (code, lines) == (1, [f"{where}:0: {OUTSIDE}"])
    build = mkdocs_build(folder)
    assert build.returncode == 1 and "root:" not in build.stderr
