"""The site's own words through the message catalogues (generator/i18n.py): lookup, the
fallback to English, placeholders and escaping per context, plural rules, dates; and the
catalogues themselves: every message the code marks is in messages.pot, and every catalogue
translates every one of them with the same placeholders.

How a site in another language looks in a browser: tests/publish/test_language.py.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator import i18n
from generator.pages.markup import t_md
from generator.publish.labels import labels_script, script_messages
from tests.conftest import ROOT

CATALOGUES = i18n.available()


def po(text: str) -> str:
    return textwrap.dedent(text).lstrip()


@pytest.fixture
def locales(tmp_path, monkeypatch):
    """A folder of catalogues in place of the package's: ``write(folder, text)``."""
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n.clear_cache()

    def write(folder: str, text: str) -> None:
        path = i18n.catalogue_path(folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(po(text), encoding="utf-8")
        i18n.clear_cache()

    yield write
    i18n.clear_cache()


HEADER = """
    msgid ""
    msgstr ""
    "Content-Type: text/plain; charset=utf-8\\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""


def test_english_is_the_message_itself():
    assert i18n.t("replying to {who}", who="@ada") == "replying to @ada"
    assert i18n.nt("{n} post", "{n} posts", 1) == "1 post"
    assert i18n.nt("{n} post", "{n} posts", 0) == "0 posts"
    with i18n.using("en"):
        assert i18n.date("2024-03-01T10:05:00Z") == "1 Mar 2024, 10:05 UTC"


def test_a_catalogue_translates_and_falls_back_to_english(locales):
    locales(
        "fr",
        HEADER
        + """
        msgid "replying to {who}"
        msgstr "en réponse à {who}"

        msgid "Untranslated"
        msgstr ""

        #, fuzzy
        msgid "Fuzzy"
        msgstr "Flou"

        msgid "{n} post"
        msgid_plural "{n} posts"
        msgstr[0] "{n} message"
        msgstr[1] "{n} messages"
        """,
    )
    with i18n.using("fr"):
        assert i18n.t("replying to {who}", who="@ada") == "en réponse à @ada"
        assert i18n.t("Untranslated") == "Untranslated"
        assert i18n.t("Fuzzy") == "Fuzzy"  # a translation marked unsure is not used
        assert i18n.t("Not in the catalogue") == "Not in the catalogue"
        # French counts 0 as singular, where English does not
        assert i18n.nt("{n} post", "{n} posts", 0) == "0 message"
        assert i18n.nt("{n} post", "{n} posts", 2) == "2 messages"
    assert i18n.t("replying to {who}", who="@ada") == "replying to @ada"  # only inside


def test_a_region_uses_its_language_and_an_unknown_code_english(locales):
    locales("pt", HEADER + 'msgid "People"\nmsgstr "Pessoas"\n')
    for code in ("pt", "pt-BR", "pt_PT"):
        with i18n.using(code):
            assert i18n.t("People") == "Pessoas", code
    for code in ("xx-not-a-language", "", None, "de"):
        with i18n.using(code):
            assert i18n.t("People") == "People", code


def test_a_translation_cannot_move_or_invent_placeholders(locales):
    locales(
        "fr",
        HEADER
        + """
        msgid "replying to {who}"
        msgstr "en réponse à {who} {secret}"

        msgid "Post {n}"
        msgstr "Message"
        """,
    )
    with i18n.using("fr"):
        assert i18n.t("replying to {who}", who="@ada") == "replying to @ada"
        assert i18n.t("Post {n}", n=3) == "Post 3"


def test_each_context_escapes_the_translation_and_not_the_values(locales):
    locales(
        "fr",
        HEADER
        + """
        msgid "See {link}"
        msgstr "<script>alert(1)</script> *voir* {link}"
        """,
    )
    with i18n.using("fr"):
        html = i18n.t_html("See {link}", link='<a href="/x/">x</a>')
        assert html == '&lt;script&gt;alert(1)&lt;/script&gt; *voir* <a href="/x/">x</a>'
        markdown = t_md("See {link}", link="[x](../x/)")
        assert markdown == "&lt;script&gt;alert(1)&lt;/script&gt; *voir* [x](../x/)".replace(
            "*", "\\*"
        )
        assert i18n.t("See {link}", link="x") == "<script>alert(1)</script> *voir* x"


def test_markdown_words_cannot_start_a_list_or_a_heading(locales):
    """A translation's words are prose wherever they fall: ``1.``, ``-`` or ``#`` where a
    line starts stay text, and are left unescaped where no line starts (the English
    Markdown stays as it was written)."""
    import markdown

    locales(
        "fr",
        HEADER
        + """
        msgid "Start"
        msgstr "1. # - un (deux)."

        msgid "{n} posts."
        msgstr "{n}. messages - (voir)."
        """,
    )
    with i18n.using("fr"):
        assert t_md("Start") == "1\\. # - un (deux)."
        assert t_md("{n} posts.", n=3) == "3\\. messages - (voir)."
        for text in (t_md("Start"), t_md("{n} posts.", n=3)):
            html = markdown.markdown(text)
            assert html.startswith("<p>") and "<ol>" not in html and "<h1>" not in html
    assert t_md("{n} posts.", n=3) == "3 posts."


def test_a_language_without_a_catalogue_is_english_words_and_dates(locales):
    with i18n.using("de"):
        assert i18n.date("2024-03-01T10:05:00Z") == "1 Mar 2024, 10:05 UTC"
        assert i18n.t("People") == "People"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "1 Mar 2024, 10:05 UTC"),
        ("fr", "1 mars 2024, 10:05 UTC"),
        ("de", "1. März 2024, 10:05 UTC"),
        ("ja", "2024年3月1日 10:05 UTC"),
    ],
)
def test_dates_are_written_the_languages_way(locales, code, expected):
    """In the language of the catalogue: a page is in one language, its words and dates."""
    if code != "en":
        locales(code, HEADER)
    with i18n.using(code):
        assert i18n.date("2024-03-01T10:05:00Z") == expected
        assert i18n.date("sometime in March") == "sometime in March"


def test_the_language_follows_the_thread_that_renders(locales):
    """A build renders in a thread of its own (the search index): it runs in a copy of the
    context, so it writes in the build's language."""
    import contextvars
    import threading

    locales("fr", HEADER + 'msgid "People"\nmsgstr "Personnes"\n')
    seen = []
    with i18n.using("fr"):
        context = contextvars.copy_context()
    thread = threading.Thread(target=context.run, args=(lambda: seen.append(i18n.t("People")),))
    thread.start()
    thread.join()
    assert seen == ["Personnes"]


def test_the_scripts_labels_carry_translations_plural_forms_and_months(locales):
    locales(
        "fr",
        HEADER
        + """
        msgid "Copy link"
        msgstr "Copier le lien"

        msgid "{n} post"
        msgid_plural "{n} posts"
        msgstr[0] "{n} message"
        msgstr[1] "{n} messages"
        """,
    )
    script = labels_script("fr").decode()
    data = json.loads(script[script.index("{") : script.index("};\n") + 1])
    assert data["lang"] == "fr"
    assert data["messages"] == {"Copy link": "Copier le lien"}
    assert data["plurals"]["{n} post"] == {"one": "{n} message", "other": "{n} messages"}
    assert data["months"][2] == "mars"
    assert ("Copy link",) in script_messages()
    assert ("{n} post", "{n} posts") in script_messages()


# The catalogues the package ships


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict:
    """The messages the code marks now, gathered by ``make pot`` into a new file."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(["make", "-s", "pot", f"POT={pot}"], cwd=ROOT, check=True)
    with pot.open("rb") as stream:
        return {message.id: message for message in read_po(stream) if message.id}


def test_messages_pot_lists_every_message_the_code_marks(extracted):
    with (i18n.LOCALES / "messages.pot").open("rb") as stream:
        committed = {message.id for message in read_po(stream) if message.id}
    missing, stale = set(extracted) - committed, committed - set(extracted)
    assert not missing and not stale, (
        f"run make messages: {len(missing)} new, {len(stale)} gone, e.g. "
        f"{sorted(map(str, missing | stale))[:3]}"
    )
    assert len(extracted) > 200  # the site's words, not a handful


@pytest.mark.parametrize("folder", CATALOGUES)
def test_each_catalogue_translates_every_message(extracted, folder):
    path: Path = i18n.catalogue_path(folder)
    with path.open("rb") as stream:
        catalogue = read_po(stream, locale=folder)
    problems = []
    for key in extracted:
        found = catalogue.get(key)
        if found is None or found.fuzzy:
            problems.append(f"not translated: {key!r}")
            continue
        originals = key if isinstance(key, tuple) else (key,)
        forms = found.string if isinstance(found.string, tuple) else (found.string,)
        allowed = set().union(*(set(i18n.placeholders(o)) for o in originals))
        if isinstance(key, tuple):
            allowed.add("n")
        for form in forms:
            if not form:
                problems.append(f"empty form: {key!r}")
            elif set(i18n.placeholders(form)) - allowed or (
                not isinstance(key, tuple) and i18n.placeholders(form) != i18n.placeholders(key)
            ):
                problems.append(f"placeholders differ: {key!r} → {form!r}")
    assert problems == [], f"{path}: " + "; ".join(problems[:10])


def test_french_is_shipped_and_read_from_the_installed_package():
    assert "fr" in CATALOGUES
    french = i18n.language("fr")
    assert french.catalogue == "fr"
    assert french.gettext("Author unknown") != "Author unknown"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('msgid "a"\nmsgstr "b"\nmsgid\n', ":3: a string without its closing quote"),
        ('msgid "Themes"\nmsgstr "Themen\n', ":2: a string without its closing quote"),
        ('this is garbage\nmsgid "a"\nmsgstr "b"\n', ":1: not a valid PO file"),
        (
            'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
            'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n',
            ":5: not a valid PO file: msg has more translations than num_plurals",
        ),
        (
            'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=n%0;\\n"\n',
            ":0: the catalogue cannot be read (integer",
        ),
        (
            'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=7;\\n"\n',
            ":0: the plural rule gives form 7 for 0",
        ),
        (
            'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=x; plural=n;\\n"\n',
            ":0: the catalogue cannot be read",
        ),
        ("\udcff garbage", ":0: the catalogue cannot be read"),
    ],
)
def test_a_broken_catalogue_is_a_problem_named_by_its_path(locales, text, problem):
    """A catalogue comes through pull requests too: one that cannot be read stops the build
    with ``path:line: problem`` (the plugin shows it as every content problem), never a
    traceback, and a hostile ``Plural-Forms`` runs nothing."""
    from generator.errors import ContentError

    path = i18n.catalogue_path("fr")
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    i18n.clear_cache()
    with pytest.raises(ContentError) as raised, i18n.using("fr"):
        pass
    assert str(raised.value).startswith("generator/locales/fr/LC_MESSAGES/messages.po")
    assert problem in str(raised.value)


def test_a_plural_rule_is_an_expression_of_n_only(locales):
    locales(
        "fr",
        """
        msgid ""
        msgstr ""
        "Plural-Forms: nplurals=2; plural=(n > 1) ; __import__('os').system('x');\\n"

        msgid "{n} post"
        msgid_plural "{n} posts"
        msgstr[0] "{n} message"
        msgstr[1] "{n} messages"
        """,
    )
    with i18n.using("fr"):
        assert i18n.nt("{n} post", "{n} posts", 0) == "0 message"


MARKERS = {"t": 1, "t_html": 1, "t_md": 1, "nt": 2, "nt_html": 2, "nt_md": 2}
"""The functions that mark a message in the Python code, by how many of their first
arguments are messages (singular and plural)."""


def marked_in_python() -> list[tuple[str, int, tuple]]:
    """``(file, line, messages)`` of every call of a marking function in generator/, read
    from the syntax tree, where Babel's extractor is blind (inside an f-string's braces,
    inside another call's arguments); a message that is not a literal is ``None``."""
    import ast

    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path.name == "i18n.py":  # defines them
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in MARKERS:
                continue
            words = tuple(
                arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
                for arg in node.args[: MARKERS[name]]
            )
            found.append((str(path.relative_to(ROOT)), node.lineno, words))
    return found


def singulars(extracted: dict) -> set[str]:
    """Every message gathered, a plural one by its singular."""
    return {key if isinstance(key, str) else key[0] for key in extracted}


def test_every_message_the_python_code_marks_is_gathered(extracted):
    gathered = singulars(extracted)
    calls = marked_in_python()
    assert len(calls) > 200
    not_literal = [f"{file}:{line}" for file, line, words in calls if None in words]
    assert not_literal == [], "a message must be a string literal, for pybabel to find it"
    missing = [
        f"{file}:{line}: {words[0]!r}" for file, line, words in calls if words[0] not in gathered
    ]
    assert missing == [], "marked but not in messages.pot (inside an f-string or a call?)"


def test_every_message_the_scripts_and_templates_mark_is_gathered(extracted):
    """The scripts' ``t("…")``/``nt("…", "…", n)`` and the search box's
    ``discussion_t("…")``, found by their text, where Babel's JavaScript extractor skips a
    call inside another call's arguments."""
    import re as regex

    gathered = singulars(extracted)
    call = r"(?<![\w.])(?:discussion_t|n?t)\(\s*"
    pattern = regex.compile(call + r"""(?:"((?:[^"\\]|\\.)*)"|[^)\s])""")
    for path in [
        *(ROOT / "generator" / "publish" / "assets").glob("*.js"),
        *(ROOT / "generator" / "publish" / "templates").rglob("*.html"),
    ]:
        if path.name == "labels.js":  # defines t and nt
            continue
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            assert match[1] is not None, f"{path.name}: a message must be a string literal"
            assert match[1] in gathered, f"{path.name}: {match[1]!r} is not in messages.pot"


def test_a_traditional_chinese_site_finds_its_regional_catalogue(locales):
    """Material names Traditional Chinese ``zh-TW``; Babel reads it as ``zh_Hant_TW``, and
    a translator's ``pybabel init -l zh_TW`` makes ``zh_TW``."""
    locales("zh_TW", HEADER + 'msgid "People"\nmsgstr "參與者"\n')
    locales("zh", HEADER + 'msgid "People"\nmsgstr "参与者"\n')
    with i18n.using("zh-TW"):
        assert i18n.t("People") == "參與者"
    with i18n.using("zh"):
        assert i18n.t("People") == "参与者"


def test_an_edited_catalogue_is_read_again(locales):
    """As ``mkdocs serve`` rebuilds in one process: the next build reads the new words."""
    import os

    locales("fr", HEADER + 'msgid "People"\nmsgstr "Personnes"\n')
    with i18n.using("fr"):
        assert i18n.t("People") == "Personnes"
    path = i18n.catalogue_path("fr")
    path.write_text(po(HEADER + 'msgid "People"\nmsgstr "Participants"\n'), encoding="utf-8")
    later = path.stat().st_mtime_ns + 1_000_000
    os.utime(path, ns=(later, later))
    with i18n.using("fr"):
        assert i18n.t("People") == "Participants"
