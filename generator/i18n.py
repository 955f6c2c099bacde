"""The site's own words in the site's language: GNU gettext catalogues, read with Babel.

Every label the generator writes ("replying to", "Author unknown", page titles, the
scripts' buttons) is an English message looked up in the catalogue of the site's language,
MkDocs' ``theme.language`` (Material) or ``theme.locale`` (MkDocs' own themes). The
catalogues are PO files (https://www.gnu.org/software/gettext/manual/html_node/PO-Files.html)
in ``generator/locales/<locale>/LC_MESSAGES/messages.po``, compiled in memory the first time
a build needs one; ``generator/locales/messages.pot`` lists every message, extracted from
the code by ``make messages`` (Babel's ``pybabel extract``, with the mappings in
``pyproject.toml``'s ``[tool.babel]``).

A language without a catalogue is written in English, dates included, and so is a message
its catalogue does not translate; a region falls back to its language (``pt-BR``, then
``pt``). Dates are written the language's way with the Unicode CLDR data that Babel
carries. A catalogue is untrusted text (it comes through pull requests): see
:func:`_compile` for what is refused, and the escaping below for where its words go.

Messages hold named placeholders in braces, ``"replying to {link}"``, replaced by value
after the lookup: never by :meth:`str.format`, so that a translation can only place the
values the code gives. A translation whose placeholders differ from its message's is not
used. Two functions per kind of message, one per context:

- :func:`t` and :func:`nt` give plain text (a page title, a label the caller escapes);
- :func:`t_html` and :func:`nt_html` give HTML: the translated words escaped, then the
  values, which are HTML already, put in their places;
- :func:`generator.pages.markup.t_md` and ``nt_md`` give Markdown prose the same way.

A translation's line breaks are spaces, wherever it goes.

The language is chosen for a build with :func:`using`, and held in a context variable: a
thread that renders for the build runs in a copy of its context
(:func:`contextvars.copy_context`).
"""

from __future__ import annotations

import contextvars
import datetime
import functools
import gettext
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from generator.errors import ContentError, Problem

LOCALES = Path(__file__).parent / "locales"
"""Folder of the catalogues: ``<locale>/LC_MESSAGES/messages.po``, and ``messages.pot``."""
DOMAIN = "messages"
SOURCE = "en"
"""The language the messages are written in."""
DATE_LOCALE = "en_001"
"""Dates of English sites, in CLDR's international English: ``1 Mar 2024``, as the site has
always written them, rather than the United States' ``Mar 1, 2024``."""
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def placeholders(message: str) -> list[str]:
    """The names of ``message``'s placeholders, sorted, each as often as it appears:
    ``["link"]`` for ``"replying to {link}"``."""
    return sorted(PLACEHOLDER.findall(message))


def _one_line(text: str) -> str:
    """``text`` with its line breaks as spaces: a message is one line wherever it is
    placed, so a translation cannot end a block of HTML or start one of Markdown."""
    return " ".join(text.splitlines()) if len(text.splitlines()) > 1 else text


@dataclass(frozen=True)
class Language:
    """One language's catalogue and CLDR locale."""

    code: str
    """The language as the site names it: ``"fr"``, ``"pt-BR"``, ``"en"``."""
    locale: Locale
    """Babel's locale: dates and plural rules (English's, ``en_001``, for a language
    without a catalogue: a page is in one language, its words and its dates)."""
    translations: gettext.NullTranslations
    """The compiled catalogue (a :class:`gettext.NullTranslations` for English)."""
    catalogue: str = ""
    """The catalogue's locale folder (``"fr"``), ``""`` when messages stay English."""
    translated: frozenset[str] = frozenset()
    """The messages (singular of a plural one) the catalogue translates."""

    _found: dict[tuple, str] = field(default_factory=dict, compare=False, repr=False)
    """Messages looked up so far: a site asks for the same few hundred, once a post."""

    def gettext(self, message: str) -> str:
        """``message`` translated; the English message when the catalogue has no
        translation, or one whose placeholders differ."""
        found = self._found.get((message,))
        if found is None:
            found = _one_line(self.translations.gettext(message))
            if placeholders(found) != placeholders(message):
                found = message
            self._found[(message,)] = found
        return found

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of ``singular``/``plural`` for ``n``, by the language's plural rules;
        English when a form uses a placeholder the message does not give."""
        key = (singular, plural, n)
        found = self._found.get(key)
        if found is None:
            found = _one_line(self.translations.ngettext(singular, plural, n))
            if not set(placeholders(found)) <= {*placeholders(plural), "n"}:
                found = singular if n == 1 else plural
            self._found[key] = found
        return found

    def date(self, moment: datetime.datetime) -> str:
        """``moment`` (aware, in UTC) as date and time in this language, with ``UTC``:
        ``1 Mar 2024, 10:05 UTC``, ``1 mars 2024, 10:05 UTC``, ``2024年3月1日 10:05 UTC``."""
        day = format_skeleton("yMMMd", moment, tzinfo=datetime.UTC, locale=self.locale)
        time = format_skeleton("Hm", moment, tzinfo=datetime.UTC, locale=self.locale)
        pattern = self.locale.datetime_formats.get("medium", "{1}, {0}")
        return f"{str(pattern).replace('{1}', day).replace('{0}', time)} UTC"

    def day(self, day: datetime.date) -> str:
        """``day`` in this language, in full: ``1 March 2024``, ``1 mars 2024``."""
        return format_date(day, "long", locale=self.locale)


def catalogue_path(folder: str) -> Path:
    """The PO file of a locale folder (``"fr"``, ``"pt_BR"``)."""
    return LOCALES / folder / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> list[str]:
    """The locale folders that have a catalogue, sorted: ``["fr"]``."""
    return sorted(p.parents[1].name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def folders(locale: Locale) -> list[str]:
    """Where a catalogue for ``locale`` may be, most particular first: ``zh-TW`` (Babel's
    ``zh_Hant_TW``) looks in ``zh_Hant_TW``, ``zh_TW``, ``zh_Hant``, then ``zh``."""
    parts = [locale.language]
    found = [str(locale)]
    if locale.territory:
        found.append(f"{locale.language}_{locale.territory}")
    if locale.script:
        found.append(f"{locale.language}_{locale.script}")
    found.extend(parts)
    return list(dict.fromkeys(found))


def language(code: str | None) -> Language:
    """The :class:`Language` for ``code`` as MkDocs' theme gives it (``"fr"``, ``"pt-BR"``,
    ``"zh-TW"``; ``None`` or ``""`` for English). A code Babel does not know, or a language
    without a catalogue (see :func:`folders`), is written in English.

    Raises :class:`~generator.errors.ContentError` for a catalogue that cannot be used
    (see :func:`_compile`). A catalogue is compiled again when its file changes."""
    code = (code or SOURCE).strip()
    try:
        locale = Locale.parse(code, sep="-" if "-" in code else "_")
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse(SOURCE)
    if locale.language != SOURCE:
        for folder in folders(locale):
            path = catalogue_path(folder)
            if path.is_file():
                return _language(code, locale, folder, path.stat().st_mtime_ns)
    return _english(code)


@functools.lru_cache(maxsize=16)
def _english(code: str) -> Language:
    return Language(code, Locale.parse(DATE_LOCALE), gettext.NullTranslations())


@functools.lru_cache(maxsize=16)
def _language(code: str, locale: Locale, folder: str, _version: int) -> Language:
    translations, translated = _compile(folder)
    return Language(code, locale, translations, folder, translated)


def clear_cache() -> None:
    """Forget every compiled catalogue (for a program that moves :data:`LOCALES`)."""
    _english.cache_clear()
    _language.cache_clear()


SAMPLES = range(0, 1001)
"""Counts a catalogue's plural rule is tried with: every rule for whole numbers in CLDR
meets each of its forms below 1,000."""


def _compile(folder: str) -> tuple[gettext.GNUTranslations, frozenset[str]]:
    """The catalogue of ``folder`` compiled in memory, and the messages it translates: only
    translated, non-fuzzy messages are kept, so that every other message stays English.

    Raises :class:`~generator.errors.ContentError` (``path:line: problem``) for a file that
    is not a valid PO file: a line Babel cannot read, a string not closed, a plural message
    with more forms than ``Plural-Forms`` says, or a plural rule that fails or gives a form
    the catalogue does not have for some count."""
    path = catalogue_path(folder)
    label = f"generator/locales/{folder}/LC_MESSAGES/{DOMAIN}.po"
    try:
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            quoted = line.startswith(("msgid", "msgstr", "msgctxt", '"'))
            if quoted and not (line.endswith('"') and len(line.split('"', 1)[1]) >= 1):
                raise ContentError(Problem(label, number, "a string without its closing quote"))
        catalog = read_po(io.StringIO(text), locale=folder, domain=DOMAIN, abort_invalid=True)
        compiled = io.BytesIO()
        write_mo(compiled, catalog, use_fuzzy=False)
        compiled.seek(0)
        translations = gettext.GNUTranslations(compiled)
        for n in SAMPLES:
            form = translations.plural(n)
            if not 0 <= form < catalog.num_plurals:
                problem = (
                    f"the plural rule gives form {form} for {n}; expected a form from 0 "
                    f"to {catalog.num_plurals - 1} (Plural-Forms: nplurals=…; plural=…)"
                )
                raise ContentError(Problem(label, 0, problem))
    except PoFileError as err:
        message = str(err.args[0]).rsplit(" on ", 1)[0]
        line = err.lineno + 1  # Babel counts lines from 0
        raise ContentError(Problem(label, line, f"not a valid PO file: {message}")) from None
    except (ValueError, ArithmeticError, TypeError, UnicodeError, OSError, RecursionError) as err:
        problem = f"the catalogue cannot be read ({err}); expected a PO file with a valid header"
        raise ContentError(Problem(label, 0, problem)) from None
    translated = frozenset(
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalog
        if message.id and not message.fuzzy and all(_forms(message))
    )
    return translations, translated


def _forms(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


_current: contextvars.ContextVar[Language | None] = contextvars.ContextVar(
    "discussion_language", default=None
)


def current() -> Language:
    """The language of the build under way (English outside :func:`using`)."""
    return _current.get() or language(SOURCE)


@contextmanager
def using(code: str | Language | None) -> Iterator[Language]:
    """Write every message in ``code``'s language (see :func:`language`), or in a
    :class:`Language` already found, inside the block."""
    token = _current.set(code if isinstance(code, Language) else language(code))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def translate(message: str) -> str:
    """``message`` in the build's language, placeholders unfilled (see :func:`compose`)."""
    return current().gettext(message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for the count ``n`` in the build's language."""
    return current().ngettext(singular, plural, n)


def compose(message: str, escape_words: Callable[[str], str], values: dict[str, object]) -> str:
    """A translated ``message`` for one context: the words between its placeholders passed
    through ``escape_words`` (the context's escaping), each ``{name}`` replaced by
    ``values[name]`` as given (already in the context's form). Raises :class:`KeyError` for a
    placeholder without a value."""
    pieces = _pieces(message)  # words, name, words, name, …, words
    if len(pieces) == 1:
        return escape_words(message) if message else ""
    out = []
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(str(values[piece]))
        elif piece:
            out.append(escape_words(piece))
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _pieces(message: str) -> tuple[str, ...]:
    """``message`` split at its placeholders: a card asks for the same few hundred
    messages again and again."""
    return tuple(PLACEHOLDER.split(message))


def _as_is(words: str) -> str:
    return words


@functools.lru_cache(maxsize=4096)
def _html(words: str) -> str:
    return escape(words, quote=True)


def t(message: str, **values: object) -> str:
    """``message`` in the build's language, as plain text, with ``values`` in its
    placeholders. Raises :class:`KeyError` for a placeholder without a value."""
    return compose(translate(message), _as_is, values)


def nt(singular: str, plural: str, n: int, **values: object) -> str:
    """The form of ``singular``/``plural`` for the count ``n`` (also the placeholder
    ``{n}``), as plain text with ``values`` in its placeholders."""
    return compose(translate_plural(singular, plural, n), _as_is, {"n": n, **values})


def t_html(message: str, **parts: str) -> str:
    """``message`` in the build's language as HTML: its words escaped, then ``parts``,
    HTML already, in its placeholders."""
    return compose(translate(message), _html, parts)


def nt_html(singular: str, plural: str, n: int, **parts: str) -> str:
    """:func:`nt` as HTML, like :func:`t_html`."""
    return compose(translate_plural(singular, plural, n), _html, {"n": n, **parts})


def date(stamp: str) -> str:
    """An ISO 8601 UTC time (``2024-03-01T10:05:00Z``) written the build's language's way:
    ``1 Mar 2024, 10:05 UTC``; any other text as it is."""
    try:
        moment = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return stamp
    return current().date(moment.replace(tzinfo=datetime.UTC))


def day(stamp: str) -> str:
    """The day of an ISO 8601 date or UTC time (``2024-03-01``, ``2024-03-01T10:05:00Z``),
    in full, the build's language's way: ``1 March 2024``; any other text as it is."""
    try:
        moment = datetime.date.fromisoformat(stamp[:10])
    except ValueError:
        return stamp
    return current().day(moment) if len(stamp) == 10 or stamp[10] == "T" else stamp
