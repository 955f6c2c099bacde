"""The people file: names and profile links for participants, and its error messages."""

from __future__ import annotations

import textwrap

import pytest

from generator.editorial.people import apply_people, load_people
from generator.errors import ContentError
from generator.sources.plain_text import read_plain_text

THREAD = read_plain_text("@op first\n@alice @op second\n@bob third\n", "t.txt", {})


def test_people_file_names_participants_and_actors(tmp_path):
    path = tmp_path / "people.yml"
    path.write_text(
        textwrap.dedent("""\
        people:
          - handle: "@alice"
            name: Alice Example
            url: https://example.social/@alice
            actor: https://example.social/users/alice
        """),
        encoding="utf-8",
    )
    people = load_people(path, "people.yml")
    assert people.by_actor["https://example.social/users/alice"].display_name == "Alice Example"
    thread = apply_people(THREAD, people)
    assert thread.people["alice"].display_name == "Alice Example"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "people:\n  - handle: a\n",
            "people.yml:2: field 'name': missing in a person; expected a value, got nothing",
        ),
        (
            'people:\n  - handle: a\n    name: "A\\u202eB"\n',
            "people.yml:3: field 'name': contains a character that is not allowed here; "
            "expected text without control characters, line breaks or bidi overrides, got "
            "'A\\u202eB'",
        ),
        (
            "people:\n  - handle: a\n    name: A\n    url: javascript:x\n",
            "people.yml:4: field 'url': not a web address; expected an http:// or https:// "
            "URL without spaces, got 'javascript:x'",
        ),
        (
            "people:\n  - {handle: a, name: A}\n  - {handle: A, name: B}\n",
            "people.yml:3: field "
            "'handle': already listed on line 2; expected each person once, got 'A'",
        ),
    ],
)
def test_people_file_errors(tmp_path, text, error):
    path = tmp_path / "people.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_people(path, "people.yml")
    assert str(err.value.problems[0]) == error
