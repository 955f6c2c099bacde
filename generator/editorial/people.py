"""People: display names and profile links for participants, from the editors' people file.

What the people file says about a handle wins over what the sources say
(:func:`apply_people`); a profile link the file leaves out is kept from the source. An
entry's optional ActivityPub actor URL lets a reader name the posts of an actor it knows
only by that URL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.editorial.schema import NAME_CHARS, URL_CHARS, Checker, load_entries
from generator.model import Person, Thread
from generator.text import HANDLE
from generator.urls import is_web_address


@dataclass(frozen=True)
class People:
    """What a people file says about participants."""

    by_handle: dict[str, Person]
    """Lower-cased handle → the person, for display names and profile links."""
    by_actor: dict[str, Person]
    """ActivityPub actor URL → the person, so a reader can name an actor's posts."""


def load_people(file: Path, label: str) -> People:
    """Load a people file: a list of ``handle``, ``name`` and optional ``url`` and ``actor``.

    ::

        people:
          - handle: pluralistic@mamot.fr
            name: Cory Doctorow
            url: https://mamot.fr/@pluralistic        # optional profile link
            actor: https://mamot.fr/users/pluralistic # optional ActivityPub actor URL
    """
    entries = load_entries(file, label, "people", "the people file", _person)
    by_handle = {person.handle.lower(): person for person, _ in entries}
    by_actor = {actor: person for person, actor in entries if actor}
    return People(by_handle, by_actor)


def _person(check: Checker, item: object, line: int, seen: dict[str, int]):
    data = check.mapping(item, line, "people", "a mapping with handle and name")
    if data is None:
        return None
    before = len(check.problems)
    check.keys(data, {"handle", "name", "url", "actor"}, {"handle", "name"}, "a person")
    handle = check.text(
        data,
        "handle",
        required=True,
        pattern=HANDLE,
        expected="a handle like 'alice' or 'alice@example.social'",
    ).lstrip("@")
    name = check.text(data, "name", required=True, printed=True, max_chars=NAME_CHARS)
    url = check.text(data, "url", printed=True, max_chars=URL_CHARS)
    actor = check.text(data, "actor", printed=True, max_chars=URL_CHARS)
    for key, value in (("url", url), ("actor", actor)):
        if value and not is_web_address(value):
            check.problem(
                data.line_of(key),
                key,
                "not a web address",
                "an http:// or https:// URL without spaces",
                value,
            )
    if handle.lower() in seen:
        check.problem(
            data.line_of("handle"),
            "handle",
            f"already listed on line {seen[handle.lower()]}",
            "each person once",
            handle,
        )
    seen.setdefault(handle.lower(), data.line_of("handle"))
    if len(check.problems) > before:
        return None
    return Person(handle=handle, display_name=name, url=url), actor


def apply_people(thread: Thread, people: People) -> Thread:
    """Names and profile links from the people file win over what the sources say."""
    known = dict(thread.people)
    for key, person in people.by_handle.items():
        source = known.get(key)
        known[key] = replace(person, url=person.url or (source.url if source else ""))
    return replace(thread, people=known)
