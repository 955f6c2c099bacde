"""A post's poll on its card: every answer with its votes, as text and as a bar.

The poll is a list, one item per answer in the source's order (an answer without text is
kept, so the counts still add up), each with its count and share as text ("80 votes,
67 %") and a ``<meter>`` drawn as a bar. The meter repeats the text for the eye only
(``aria-hidden``): a screen reader reads each answer once, with its count. A line above
the list says whether one or several answers could be chosen, whether voting had closed
when the post was archived and when it closes or closed, and how many people voted.

Shares are of the voters where several answers could be chosen (as Mastodon counts them;
they may add up to more than 100 %), else of all votes. Where the source hides the results
(``votes`` is ``None``), the answers are listed without counts or bars.

The bars need no ``style`` attribute: a ``<meter>`` carries its value itself, which keeps
them working under any Content-Security-Policy.
"""

from __future__ import annotations

from html import escape

from generator.model import Poll, PollOption
from generator.pages.markup import plural, readable
from generator.pages.post_text import words


def poll_html(poll: Poll, lang: str = "") -> str:
    """The poll as an escaped ``<div class="post__poll">``; ``lang`` is the post's
    language, which its answers are written in."""
    base = _base(poll)
    counted = [option.votes for option in poll.options if option.votes is not None]
    most = max(counted, default=0)
    items = "".join(_option(option, base, most, lang) for option in poll.options)
    return (
        f'<div class="post__poll" role="group" aria-label="Poll">'
        f'<p class="post__poll-about">{about(poll)}</p>'
        f'<ul class="post__poll-options">{items}</ul></div>'
    )


def about(poll: Poll) -> str:
    """``Poll, one answer · closed 6 Mar 2024, 10:00 UTC · 120 people voted``, escaped."""
    parts = ["Poll, several answers allowed" if poll.multiple else "Poll, one answer"]
    if poll.closed:
        parts.append(_when("closed", poll.closes))
    elif poll.closes:
        parts.append(f"open when archived, {_when('closes', poll.closes)}")
    else:
        parts.append("open when archived")
    if poll.voters is not None:
        parts.append(escape(plural(poll.voters, "person", "people") + " voted"))
    else:
        total = sum(option.votes or 0 for option in poll.options)
        if any(option.votes is not None for option in poll.options):
            parts.append(escape(plural(total, "vote")))
        else:
            parts.append("results not shown")
    return " · ".join(parts)


def _when(word: str, stamp: str) -> str:
    if not stamp:
        return word
    return f'{word} <time datetime="{escape(stamp)}">{escape(readable(stamp))}</time>'


def _base(poll: Poll) -> int:
    """What shares are of: the voters of a poll of several answers where the source counts
    them, else every vote."""
    if poll.multiple and poll.voters:
        return poll.voters
    return sum(option.votes or 0 for option in poll.options)


def share(votes: int, base: int) -> int:
    """``votes`` as a whole percentage of ``base`` (0 when nobody voted)."""
    return round(100 * votes / base) if base else 0


def _option(option: PollOption, base: int, most: int, lang: str) -> str:
    if option.title.strip():
        text = words(option.title, lang, "post__poll-text")
    else:
        text = '<span class="post__poll-text post__poll-empty">(an answer without text)</span>'
    if option.votes is None:
        return f'<li class="post__poll-option">{text}</li>'
    percent = share(option.votes, base)
    leading = " post__poll-option--leading" if option.votes == most and most else ""
    return (
        f'<li class="post__poll-option{leading}">{text} '
        f'<span class="post__poll-count">{escape(plural(option.votes, "vote"))}, {percent}%</span>'
        f'<meter class="post__poll-bar" min="0" max="{max(base, 1)}" '
        f'value="{min(option.votes, max(base, 1))}" aria-hidden="true">{percent}%</meter></li>'
    )
