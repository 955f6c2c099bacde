"""Commentary file names and heading anchors keep the letters of any script: readable,
stable, and never ``_2`` or a second ``commentary.md``."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from generator.editorial.commentary import valid_slug
from generator.editorial.new_page import slugify
from tests.conftest import make_project, mkdocs_build, run

THREAD = "@hana 生成AIの学習データに著作権のある作品を使うのは問題だ\n@kenji 絵師の仕事が奪われる\n"
AUTHORS = "editors:\n  name: The editors\n"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Use is not copy!", "use-is-not-copy"),
        ("Law and pay: a “first” look", "law-and-pay-a-first-look"),
        ("生成AIと著作権", "生成aiと著作権"),
        ("絵師の仕事", "絵師の仕事"),
        ("Авторское право", "авторское-право"),
        ("Café crème", "café-crème"),
        ("Cafe\u0301", "café"),  # a combining accent is composed first
        ("حقوق النشر", "حقوق-النشر"),
        ("हिन्दी लेख", "हिन्दी-लेख"),  # vowel signs and the virama stay with their letters
        ("!!!", "commentary"),
    ],
)
def test_slugs_keep_the_letters_of_any_script(title, slug):
    assert slugify(title) == slug
    assert valid_slug(slug)


def test_a_long_title_is_cut_between_whole_characters():
    slug = slugify("क्षि" * 80)
    assert valid_slug(slug) and len(slug) < 300
    assert not slug.endswith("\u094d")  # never ends on a virama torn from its conjunct


@pytest.mark.parametrize("bad", ["Upper", "a_b", "-a", "a-", "a b", "cafe\u0301", "index"])
def test_slugs_check_refuses(bad):
    assert not valid_slug(bad)


def project(tmp_path: Path) -> Path:
    folder = make_project(tmp_path, THREAD)
    commentary = folder / "docs" / "commentary"
    commentary.mkdir(parents=True)
    (commentary / "authors.yml").write_text(AUTHORS, encoding="utf-8")
    return folder


def test_new_makes_distinct_pages_from_non_latin_titles(tmp_path):
    folder = project(tmp_path)
    for title in ("生成AIと著作権", "絵師の仕事", "Авторское право"):
        made = run(["-m", "generator", "new", title, "--author", "editors"], cwd=folder)
        assert made.returncode == 0, made.stderr
    named = run(
        ["-m", "generator", "new", "絵師の仕事", "--author", "editors", "--slug", "painters"],
        cwd=folder,
    )
    assert named.returncode == 0, named.stderr
    files = sorted(p.name for p in (folder / "docs" / "commentary").glob("*.md"))
    assert files == ["painters.md", "авторское-право.md", "生成aiと著作権.md", "絵師の仕事.md"]
    again = run(["-m", "generator", "new", "絵師の仕事", "--author", "editors"], cwd=folder)
    assert again.returncode == 1 and "--slug" in again.stderr
    wrong = run(["-m", "generator", "new", "x", "--author", "editors", "--slug", "A B"], cwd=folder)
    assert wrong.returncode == 1 and "lower-case letters of any script" in wrong.stderr
    assert run(["-m", "generator", "check"], cwd=folder).returncode == 0


def test_headings_get_anchors_of_their_own_words(tmp_path):
    folder = project(tmp_path)
    (folder / "docs" / "commentary" / "copyright-ja.md").write_text(
        textwrap.dedent(
            """\
            ---
            title: 生成AIと著作権
            author: editors
            date: 2024-05-01
            ---
            ## 著作権法の例外

            ## 絵師の仕事

            ## Авторское право

            ## What the law actually reserves
            """
        ),
        encoding="utf-8",
    )
    built = mkdocs_build(folder)
    assert built.returncode == 0, built.stderr
    html = (folder / "site" / "commentary" / "copyright-ja" / "index.html").read_text("utf-8")
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert ids == [
        "著作権法の例外",
        "絵師の仕事",
        "авторское-право",
        "what-the-law-actually-reserves",
    ]
