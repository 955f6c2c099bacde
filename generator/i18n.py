"""The site's own words in the site's language: GNU gettext catalogues, read with Babel.

Every label the generator writes ("replying to", "Author unknown", page titles, the
scripts' buttons) is an English message looked up in the catalogue of the site's language,
MkDocs' ``theme.language`` (Material) or ``theme.locale`` (MkDocs' own themes). The
catalogues are PO files (https://www.gnu.org/software/gettext/manual/html_node/PO-Files.html)
in ``generator/locales/<locale>/LC_MESSAGES/messages.po``, compiled in memory the first time
a build needs one; ``generator/locales/messages.pot`` lists every message, extracted from
the code by ``make messages`` (Babel's ``pybabel extract``, with ``babel.cfg``).

A language without a catalogue, or a message its catalogue does not translate, is written
in English; a region falls back to its language (``pt-BR``, then ``pt``). Dates are written
the language's way with the Unicode CLDR data that Babel carries.

Messages hold named placeholders in braces, ``"replying to {link}"``, replaced by value
after the lookup: never by :meth:`str.format`, so that a translation can only place the
values the code gives. A translation whose placeholders differ from its message's is not
used. Two functions per kind of message, one per context:

- :func:`t` and :func:`nt` give plain text (a page title, a label the caller escapes);
- :func:`t_html` and :func:`nt_html` give HTML: the translated words escaped, then the
  values, which are HTML already, put in their places.

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
from dataclasses import dataclass
from html import escape
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).parent / "locales"
"""Folder of the catalogues: ``<locale>/LC_MESSAGES/messages.po``, and ``messages.pot``."""
DOMAIN = "messages"
SOURCE = "en"
"""The language the messages are written in."""
DATE_LOCALE = "en_001"
"""Dates of English sites, in CLDR's international English: ``1 Mar 2024``, as the site has
always written them, rather than the United States' ``Mar 1, 2024``."""
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def placeholders(message: str) -> set[str]:
    """The names of ``message``'s placeholders: ``{"link"}`` for ``"replying to {link}"``."""
    return set(PLACEHOLDER.findall(message))


@dataclass(frozen=True)
class Language:
    """One language's catalogue and CLDR locale."""

    code: str
    """The language as the site names it: ``"fr"``, ``"pt-BR"``, ``"en"``."""
    locale: Locale
    """Babel's locale: dates and plural rules."""
    translations: gettext.NullTranslations
    """The compiled catalogue (a :class:`gettext.NullTranslations` for English)."""
    catalogue: str = ""
    """The catalogue's locale folder (``"fr"``), ``""`` when messages stay English."""

    def gettext(self, message: str) -> str:
        """``message`` translated; the English message when the catalogue has no
        translation, or one whose placeholders differ."""
        found = self.translations.gettext(message)
        return found if placeholders(found) == placeholders(message) else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of ``singular``/``plural`` for ``n``, by the language's plural rules."""
        found = self.translations.ngettext(singular, plural, n)
        english = singular if n == 1 else plural
        return found if placeholders(found) <= placeholders(plural) | {"n"} else english

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


@functools.lru_cache(maxsize=16)
def language(code: str | None) -> Language:
    """The :class:`Language` for ``code`` as MkDocs' theme gives it (``"fr"``, ``"pt-BR"``,
    ``"zh-Hant"``; ``None`` or ``""`` for English). A code Babel does not know is written in
    English; a catalogue is looked up for the whole code, then for its language alone."""
    code = (code or SOURCE).strip()
    try:
        locale = Locale.parse(code, sep="-" if "-" in code else "_")
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse(SOURCE)
    if locale.language == SOURCE:
        return Language(code, Locale.parse(DATE_LOCALE), gettext.NullTranslations())
    for folder in (str(locale), locale.language):
        if catalogue_path(folder).is_file():
            return Language(code, locale, _compile(folder), folder)
    return Language(code, locale, gettext.NullTranslations())


def _compile(folder: str) -> gettext.GNUTranslations:
    """The catalogue of ``folder`` compiled in memory: only translated, non-fuzzy messages
    are kept, so that every other message stays English."""
    with catalogue_path(folder).open("rb") as stream:
        catalog = read_po(stream, locale=folder, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


_current: contextvars.ContextVar[Language | None] = contextvars.ContextVar(
    "discussion_language", default=None
)


def current() -> Language:
    """The language of the build under way (English outside :func:`using`)."""
    return _current.get() or language(SOURCE)


@contextmanager
def using(code: str | None) -> Iterator[Language]:
    """Write every message in ``code``'s language (see :func:`language`) inside the block."""
    token = _current.set(language(code))
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
    pieces = PLACEHOLDER.split(message)  # words, name, words, name, …, words
    return "".join(
        str(values[piece]) if odd else escape_words(piece) if piece else ""
        for odd, piece in ((i % 2 == 1, piece) for i, piece in enumerate(pieces))
    )


def _as_is(words: str) -> str:
    return words


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
