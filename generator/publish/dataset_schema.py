"""The dataset's tables as Table Schema describes them: each column's name, type, meaning
and whether a row must have it (https://specs.frictionlessdata.io/table-schema/). The rows
themselves are made in :mod:`generator.publish.dataset`, in these fields' order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One column of a table: a Table Schema field descriptor."""

    name: str
    type: str
    """A Table Schema type: ``string``, ``integer``, ``boolean``, ``datetime``, ``array``."""
    description: str
    required: bool = False

    def descriptor(self) -> dict[str, object]:
        """The field as ``datapackage.json`` gives it."""
        out: dict[str, object] = {"name": self.name, "type": self.type}
        if self.type == "datetime":
            out["format"] = "%Y-%m-%dT%H:%M:%SZ"
        out["description"] = self.description
        if self.required:
            out["constraints"] = {"required": True}
        return out


def _fields(*specs: Iterable[object]) -> tuple[Field, ...]:
    return tuple(Field(*spec) for spec in specs)  # type: ignore[arg-type]


POST_FIELDS = _fields(
    ("id", "string", "The post's id in the site (its permalink's anchor is post-<id>).", True),
    ("number", "integer", "Its position in the thread, from 1.", True),
    ("author", "string", "The author's handle, a key of people; empty when unknown."),
    ("author_basis", "string", "Where the author comes from: source, editor or inferred."),
    ("author_via", "string", "How the source named the author: account, actor, mention…"),
    ("parent", "string", "The id of the post it answers; empty for a post that starts."),
    ("reply_basis", "string", "Where the parent comes from: source, editor or inferred."),
    ("published", "datetime", "When it was posted, in UTC, when the source says."),
    ("edited", "datetime", "When it was last edited, in UTC, when the source says."),
    ("title", "string", "An article's title."),
    ("warning", "string", "Its content warning."),
    ("text", "string", "Its text, without markup; paragraphs apart by a blank line."),
    ("unavailable", "string", "Why the sources could not give the post (it then has no text)."),
    ("lang", "string", "Its language (BCP 47), when the source says."),
    ("followers_only", "boolean", "Its author addressed it to their followers only.", True),
    ("media", "integer", "How many images, videos or other files it has.", True),
    ("themes", "array", "The ids of the themes that hold it (post_themes says why)."),
    ("claims", "array", "The ids of the editors' claims it makes (see claims)."),
    ("url", "string", "The original post's web address, when known."),
    ("uri", "string", "The original post's ActivityPub or AT Protocol id, when known."),
    ("source", "string", "Where it was read from: path:line.", True),
    ("permalink", "string", "Its permalink, from the site's root.", True),
)
REPLY_FIELDS = _fields(
    ("post", "string", "The post that answers.", True),
    ("parent", "string", "The post it answers.", True),
    ("basis", "string", "Where the edge comes from: source, editor or inferred.", True),
)
POST_THEME_FIELDS = _fields(
    ("post", "string", "A post.", True),
    ("theme", "string", "A theme that holds it.", True),
    ("basis", "string", "Why: rules (the terms matched) or editor.", True),
    ("terms", "array", "The theme's terms found in the post's words."),
)
PERSON_FIELDS = _fields(
    ("handle", "string", "The person's handle (user@server, or a bare name).", True),
    ("display_name", "string", "Their display name, when known."),
    ("url", "string", "Their profile's web address, when known."),
    ("actor", "string", "Their ActivityPub actor id, when known."),
    ("posts", "integer", "How many posts of the discussion they wrote.", True),
    ("mentioned", "integer", "How many posts mention them.", True),
)
THEME_FIELDS = _fields(
    ("id", "string", "The theme's id (its page is themes/<id>/).", True),
    ("title", "string", "Its title.", True),
    ("summary", "string", "What it covers, in a line."),
    ("description", "string", "The editors' description."),
    ("terms", "array", "The words and phrases that place a post under it."),
    ("posts", "integer", "How many posts it holds.", True),
)
CLAIM_FIELDS = _fields(
    ("id", "string", "The claim's id (its anchor is claim-<id> on its theme's page).", True),
    ("theme", "string", "The theme whose argument it belongs to.", True),
    ("claim", "string", "The claim, in the editors' words.", True),
    ("answers", "string", "The id of the claim it answers, if any."),
    ("relation", "string", "How it answers that claim: objects or supports."),
    ("note", "string", "The editors' note."),
)
CLAIM_POST_FIELDS = _fields(
    ("claim", "string", "A claim.", True),
    ("post", "string", "A post that makes it.", True),
)
