"""The search box in a real browser, as a reader uses it: Debian's Chromium against the built
site served on 127.0.0.1, on the seed site and on a small Japanese and a small Arabic
discussion written for these tests.

A reader types into the box in the header; each post found is one result, which opens the
thread at the post's permalink. Every request is routed (one that leaves the site fails the
test), and a Content-Security-Policy violation, a page error or a console error fails it too.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.browsing import open_page, serve
from tests.conftest import mkdocs_build

pytestmark = pytest.mark.slow

VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""
"""Collects the page's Content-Security-Policy violations (an init script, which the policy
does not govern)."""

RESULTS = """
() => [...document.querySelectorAll(".md-search-result__item")].map((li) => ({
  post: li.getAttribute("data-search-post"),
  author: li.getAttribute("data-search-author"),
  kind: li.getAttribute("data-search-kind"),
  title: li.querySelector("h2").textContent,
  about: li.querySelector(".discussion-search__about").textContent,
  excerpt: li.querySelector(".md-search-result__teaser").textContent,
  dir: li.querySelector(".md-search-result__teaser").getAttribute("dir"),
  marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
  href: li.querySelector("a").href,
}))
"""

DONE = """
() => {
  const list = document.querySelector(".md-search-result__list");
  const input = document.querySelector(".md-search__input");
  return list.getAttribute("aria-busy") === "false" && list.dataset.query === input.value.trim();
}
"""
"""The search box has finished for the words in the box (more may be fetched on request)."""


def write_project(folder: Path, language: str, files: dict[str, str]) -> Path:
    """A discussion site in ``language`` with a thread, themes and people."""
    (folder / "docs").mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: Discussion
            theme: {{name: material, font: false, language: {language}}}
            plugins:
              - search
              - discussion:
                  sources: [thread.txt]
                  taxonomy: themes.yml
                  people: people.yml
            """
        ),
        encoding="utf-8",
    )
    return folder


JAPANESE = {
    "thread.txt": """
        生成AIの学習データに著作権のある作品を使うのは問題だと思います。
        @hana 私は著作権法の例外として認められるべきだと考えます。
        @ken 絵師の仕事が奪われることが一番の心配です。
        @hana @ken 学習は複製ではなく分析だと思う。
        @yuki 分析でも絵師の仕事は減ります。
    """,
    "themes.yml": """
        themes:
          - id: copyright
            title: 著作権
            summary: 著作権の問題
            description: 著作権についての投稿。
            terms: [著作権]
          - id: work
            title: 仕事
            summary: 絵師の仕事
            description: 仕事と収入についての投稿。
            terms: [仕事]
    """,
    "people.yml": """
        people:
          - handle: hana
            name: 山田花子
          - handle: ken
            name: 佐藤健
          - handle: yuki
            name: 鈴木由紀
    """,
}

ARABIC = {
    "thread.txt": """
        أعتقد أن تدريب الذكاء الاصطناعي على الفن ينتهك حقوق النشر.
        @samir لا، التدريب تحليل وليس نسخا.
        @layla لكن الفنانين يخسرون عملهم ودخلهم.
        @samir @layla حقوق النشر لا تحمي الأسلوب.
        @omar الأسلوب ليس ملكا لأحد.
    """,
    "themes.yml": """
        themes:
          - id: copyright
            title: حقوق النشر
            summary: أسئلة حقوق النشر
            description: منشورات عن حقوق النشر.
            terms: [حقوق النشر]
          - id: work
            title: عمل الفنانين
            summary: العمل والدخل
            description: منشورات عن عمل الفنانين.
            terms: [الفنانين]
    """,
    "people.yml": """
        people:
          - handle: samir
            name: سمير
          - handle: layla
            name: ليلى
          - handle: omar
            name: عمر
    """,
}


def served(folder: Path):
    """Build the project in ``folder`` strictly and serve its site; yields the base URL."""
    result = mkdocs_build(folder, folder / "site")
    assert result.returncode == 0, result.stderr
    server, url = serve(folder / "site")
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def seed_url(seed_site):
    server, url = serve(seed_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def japanese_url(tmp_path_factory):
    yield from served(write_project(tmp_path_factory.mktemp("ja"), "ja", JAPANESE))


@pytest.fixture(scope="session")
def arabic_url(tmp_path_factory):
    yield from served(write_project(tmp_path_factory.mktemp("ar"), "ar", ARABIC))


@pytest.fixture
def reader(browser):
    """A fresh page, checked when the test ends: nothing off the site, no policy violation,
    no error."""
    opened = []

    def open_at(url: str):
        context, page, watch = open_page(browser, url)
        page.add_init_script(VIOLATIONS)
        opened.append((context, page, watch))
        page.goto(url + "/thread/")
        return page

    yield open_at
    for context, page, watch in opened:
        violations = page.evaluate("window.__violations")
        context.close()
        watch.assert_clean()
        assert violations == [], "the Content-Security-Policy refused something"


def search(page, words: str) -> list[dict]:
    """Type ``words`` into the header's search box; the results once the box has finished."""
    page.locator(".md-search__input").click()
    page.keyboard.type(words, delay=20)
    page.wait_for_function(DONE, timeout=15_000)
    return page.evaluate(RESULTS)


def choose(page, name: str, **option: str) -> None:
    """Open the filters under the search box and choose an option of one of them."""
    page.locator(".discussion-search__filters summary").click()
    value = option.get("value") or option["label"]
    page.locator(f"select[name={name}] option", has_text=value).wait_for(state="attached")
    page.locator(f"select[name={name}]").select_option(**option)


def posts(results: list[dict]) -> list[dict]:
    return [r for r in results if r["post"]]


def test_text_finds_single_posts_that_open_at_their_permalink(reader, seed_url):
    page = reader(seed_url)
    found = posts(search(page, "is-ought"))
    assert found and all("is-ought" in r["excerpt"].lower() for r in found)
    assert len({r["post"] for r in found}) == len(found)  # each post once
    first = found[0]
    assert [m.lower() for m in first["marks"]][:1] == ["is-ought"]  # the match is marked
    assert first["href"].endswith(f"/thread/#post-{first['post']}")
    page.locator(f'[data-search-post="{first["post"]}"] a').click()
    page.wait_for_url(f"**/thread/#post-{first['post']}")
    target = page.locator(":target")
    assert target.get_attribute("data-post-id") == first["post"]
    assert target.evaluate("el => getComputedStyle(el).outlineStyle") != "none"


def test_a_handle_without_at_finds_its_person_and_posts(reader, seed_url):
    page = reader(seed_url)
    results = search(page, "yacc143")
    assert results[0]["kind"] == "person" and results[0]["href"].endswith("/people/yacc143/")
    assert "yacc143" in {r["author"] for r in posts(results)}  # their own post


def test_a_display_name_finds_its_person(reader, seed_url):
    page = reader(seed_url)
    results = search(page, "Cory Doctorow")
    people = [r for r in results if r["kind"] == "person"]
    assert people[0]["title"] == "Cory Doctorow (@pluralistic)"


def test_the_theme_filter_keeps_the_posts_of_a_theme(reader, seed_url):
    page = reader(seed_url)
    page.locator(".md-search__input").click()
    choose(page, "theme", label="The Luddite parallel")
    page.wait_for_function(DONE, timeout=15_000)
    found = page.evaluate(RESULTS)
    assert len(found) == 5  # the build summary's count for the theme
    assert all("The Luddite parallel" in r["about"] for r in found)


def test_the_author_filter_with_words(reader, seed_url):
    page = reader(seed_url)
    page.locator(".md-search__input").click()
    choose(page, "author", value="srcrist")
    found = search(page, "copyright")
    assert found and {r["author"] for r in found} == {"srcrist"}


def test_japanese_words_are_found_inside_sentences(reader, japanese_url):
    page = reader(japanese_url)
    found = posts(search(page, "著作権"))
    assert sorted(r["about"].split(" · ")[0] for r in found) == ["Post 1", "Post 2"]
    assert all("著作権" in "".join(r["marks"]) for r in found)


def test_japanese_handle_and_display_name(reader, japanese_url):
    page = reader(japanese_url)
    results = search(page, "ken")
    assert results[0]["title"] == "佐藤健 (@ken)"
    assert "ken" in {r["author"] for r in posts(results)}
    page = reader(japanese_url)
    results = search(page, "山田花子")
    assert results[0]["title"] == "山田花子 (@hana)"
    assert {r["author"] for r in posts(results)} == {"hana"}


def test_japanese_theme_filter(reader, japanese_url):
    page = reader(japanese_url)
    page.locator(".md-search__input").click()
    choose(page, "theme", label="仕事")
    page.wait_for_function(DONE, timeout=15_000)
    found = page.evaluate(RESULTS)
    assert sorted(r["about"].split(" · ")[0] for r in found) == ["Post 3", "Post 5"]


def test_arabic_posts_are_found_and_read_right_to_left(reader, arabic_url):
    page = reader(arabic_url)
    found = posts(search(page, "حقوق"))
    assert sorted(r["about"].split(" · ")[0] for r in found) == ["Post 1", "Post 4"]
    assert {r["dir"] for r in found} == {"rtl"}
    page.locator(f'[data-search-post="{found[0]["post"]}"] a').click()
    page.wait_for_url(f"**/thread/#post-{found[0]['post']}")
    assert page.locator(":target").get_attribute("data-post-id") == found[0]["post"]


def test_arabic_handle_and_display_name(reader, arabic_url):
    page = reader(arabic_url)
    results = search(page, "layla")
    assert results[0]["title"] == "ليلى (@layla)"
    assert "layla" in {r["author"] for r in posts(results)}
    page = reader(arabic_url)
    results = search(page, "سمير")
    assert results[0]["title"] == "سمير (@samir)"


def test_enter_opens_the_first_result(reader, seed_url):
    page = reader(seed_url)
    first = search(page, "Luddites")[0]
    page.keyboard.press("Enter")
    page.wait_for_url(first["href"])
    assert not page.locator("#__search").is_checked()  # the box has closed
