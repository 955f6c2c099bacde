"""The scripts' own words in the site's language: ``assets/discussion/labels.js``.

The scripts the plugin ships (:mod:`generator.publish.assets`) mark their words as the
Python code does, ``t("Copy link")`` and ``nt("{n} post", "{n} posts", n)``. The build reads
those messages from the scripts themselves with Babel's JavaScript extractor, looks each up
in the site's catalogue (:mod:`generator.i18n`) and writes the translations, as JSON, in
front of ``labels.js``, which gives the other scripts ``t`` and ``nt``:

``window.discussionLabels = {"lang": "fr", "messages": {English: translation},
"plurals": {English singular: {CLDR plural category: form}}, "months": [12 names]};``

Plural forms are given by CLDR category (``one``, ``few``, ``many``, ``other``…), which the
browser's ``Intl.PluralRules`` picks for a count: each category's form is the catalogue's
form for a count of that category.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from babel.messages.extract import extract

from generator import i18n
from generator.publish import assets

SCRIPTS = tuple(uri.rsplit("/", 1)[1] for uri in assets.SCRIPTS if not uri.endswith("/labels.js"))
"""The scripts whose messages ``labels.js`` carries: every other script the plugin adds."""
KEYWORDS = {"t": None, "nt": (1, 2)}
"""The functions that mark a message in the scripts, as Babel's extractors take them."""


@functools.cache
def script_messages() -> tuple[tuple[str, ...], ...]:
    """Every message the scripts mark, in the order found: ``(message,)`` or ``(singular,
    plural)``."""
    folder = resources.files("generator.publish.assets")
    found: dict[tuple[str, ...], None] = {}
    for name in SCRIPTS:
        with folder.joinpath(name).open("rb") as stream:
            for _line, message, _comments, _context in extract("javascript", stream, KEYWORDS):
                found[tuple(message) if isinstance(message, tuple) else (message,)] = None
    return tuple(found)


def labels_script(code: str | None) -> bytes:
    """``labels.js`` for the site's language ``code`` (MkDocs' ``theme.language``)."""
    return _labels_script(i18n.language(code))


@functools.lru_cache(maxsize=16)
def _labels_script(language: i18n.Language) -> bytes:
    messages, plurals = {}, {}
    for message in script_messages():
        if message[0] not in language.translated:
            continue  # English, by English's rule for a count
        if len(message) == 1:
            messages[message[0]] = language.gettext(message[0])
        else:
            plurals[message[0]] = _plural_forms(language, *message)
    wide = language.locale.months["format"]["wide"]
    data = {
        "lang": str(language.locale).replace("_", "-"),
        "messages": messages,
        "plurals": plurals,
        "months": [str(wide[month]) for month in range(1, 13)],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    script = resources.files("generator.publish.assets").joinpath("labels.js").read_bytes()
    return f"window.discussionLabels = {text};\n".encode() + script


def _plural_forms(language: i18n.Language, singular: str, plural: str) -> dict[str, str]:
    """``{CLDR category: form}`` of one message with a count, in ``language``."""
    forms: dict[str, str] = {}
    for n in i18n.SAMPLES:
        category = language.locale.plural_form(n)
        if category not in forms:
            forms[category] = language.ngettext(singular, plural, n)
    return dict(sorted(forms.items()))
