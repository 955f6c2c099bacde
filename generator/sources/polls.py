"""Polls, as Mastodon's API and ActivityPub give them, read into one :class:`~generator.model.Poll`.

- Mastodon API: a status's ``poll`` is a ``Poll`` entity
  (https://docs.joinmastodon.org/entities/Poll/): ``options`` (each ``title`` and
  ``votes_count``, null while the results are hidden), ``multiple``, ``expires_at``,
  ``expired`` and ``voters_count``.
- ActivityPub: a ``Question`` (Activity Vocabulary, section 3.2) lists its answers in
  ``oneOf`` (one choice) or ``anyOf`` (several), each an object whose ``name`` is the answer
  and whose ``replies.totalItems`` counts its votes, as Mastodon, Pleroma, Misskey and
  GoToSocial send them; ``endTime`` is when voting ends and ``closed`` says that it has
  (a time, or ``true``); Mastodon's ``votersCount`` counts the voters.

Every answer is kept, in order, its text cleaned and shown literally (an answer without text
too, so that the counts still add up); a count that is not a whole number of at least 0 is
"not given" rather than a guess. A poll without any answer is not a poll: the post keeps
its text.
"""

from __future__ import annotations

from typing import Any

from generator.model import Poll, PollOption
from generator.sources import activitystreams as ast
from generator.sources.json_source import utc


def _count(value: Any) -> int | None:
    """A vote count; ``None`` when it is not a whole number of at least 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _time(value: Any) -> str:
    parsed = utc(value) if isinstance(value, str) else None
    return parsed[0] if parsed else ""


def from_mastodon(poll: Any) -> Poll | None:
    """A Mastodon ``Poll`` entity; ``None`` when there is none, or no answer in it."""
    if not isinstance(poll, dict):
        return None
    options = tuple(
        PollOption(ast.text(option.get("title")), _count(option.get("votes_count")))
        for option in ast.as_list(poll.get("options"))
        if isinstance(option, dict)
    )
    if not options:
        return None
    return Poll(
        options=options,
        multiple=poll.get("multiple") is True,
        closes=_time(poll.get("expires_at")),
        closed=poll.get("expired") is True,
        voters=_count(poll.get("voters_count")),
    )


def from_question(question: dict) -> Poll | None:
    """An ActivityPub ``Question``; ``None`` when it lists no answer."""
    multiple = question.get("oneOf") is None and question.get("anyOf") is not None
    answers = ast.as_list(question.get("anyOf" if multiple else "oneOf"))
    options = []
    for answer in answers:
        if not isinstance(answer, dict):
            continue
        replies = answer.get("replies")
        votes = _count(replies.get("totalItems")) if isinstance(replies, dict) else None
        options.append(PollOption(ast.text(answer.get("name")), votes))
    if not options:
        return None
    closed = question.get("closed")
    return Poll(
        options=tuple(options),
        multiple=multiple,
        closes=_time(closed) or _time(question.get("endTime")),
        closed=closed is True or bool(_time(closed)),
        voters=_count(question.get("votersCount")),
    )
