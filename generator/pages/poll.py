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

from generator.i18n import nt, nt_html, t, t_html
from generator.model import Poll, PollOption
from generator.pages.markup import readable
from generator.pages.post_text import words


def poll_html(poll: Poll, lang: str = "") -> str:
    """The poll as an escaped ``<div class="post__poll">``; ``lang`` is the post's
    language, which its answers are written in."""
    base = _base(poll)
    counted = [option.votes for option in poll.options if option.votes is not None]
    most = max(counted, default=0)
    items = "".join(_option(option, base, most, lang) for option in poll.options)
    # TRANSLATORS: the name of a post's poll, for screen readers
    label = escape(t("Poll"))
    return (
        f'<div class="post__poll" role="group" aria-label="{label}">'
        f'<p class="post__poll-about">{about(poll)}</p>'
        f'<ul class="post__poll-options">{items}</ul></div>'
    )


def about(poll: Poll) -> str:
    """``Poll, one answer · closed 6 Mar 2024, 10:00 UTC · 120 people voted``, escaped."""
    if poll.multiple:
        parts = [escape(t("Poll, several answers allowed"))]
    else:
        parts = [escape(t("Poll, one answer"))]
    if poll.closed:
        if poll.closes:
            # TRANSLATORS: a poll's voting ended at {time}
            parts.append(t_html("closed {time}", time=_time(poll.closes)))
        else:
            # TRANSLATORS: a poll's voting had ended
            parts.append(escape(t("closed")))
    elif poll.closes:
        # TRANSLATORS: a poll still open when the post was archived, and when its voting ends
        parts.append(t_html("open when archived, closes {time}", time=_time(poll.closes)))
    else:
        # TRANSLATORS: a poll still open when the post was archived
        parts.append(escape(t("open when archived")))
    if poll.voters is not None:
        parts.append(escape(nt("{n} person voted", "{n} people voted", poll.voters)))
    else:
        total = sum(option.votes or 0 for option in poll.options)
        if any(option.votes is not None for option in poll.options):
            parts.append(escape(nt("{n} vote", "{n} votes", total)))
        else:
            # TRANSLATORS: a poll whose source does not show how many voted for what
            parts.append(escape(t("results not shown")))
    return " · ".join(parts)


def _time(stamp: str) -> str:
    """A ``<time>`` element for ``stamp``, shown the build's language's way."""
    return f'<time datetime="{escape(stamp)}">{escape(readable(stamp))}</time>'


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
        empty = escape(t("(an answer without text)"))
        text = f'<span class="post__poll-text post__poll-empty">{empty}</span>'
    if option.votes is None:
        return f'<li class="post__poll-option">{text}</li>'
    percent = share(option.votes, base)
    leading = " post__poll-option--leading" if option.votes == most and most else ""
    # TRANSLATORS: an answer's votes and its share of them: "80 votes, 67%"
    count = nt_html(
        "{n} vote, {percent}%", "{n} votes, {percent}%", option.votes, percent=str(percent)
    )
    # TRANSLATORS: a percentage, shown by browsers that cannot draw a poll's bars
    bar = escape(t("{percent}%", percent=percent))
    return (
        f'<li class="post__poll-option{leading}">{text} '
        f'<span class="post__poll-count">{count}</span>'
        f'<meter class="post__poll-bar" min="0" max="{max(base, 1)}" '
        f'value="{min(option.votes, max(base, 1))}" aria-hidden="true">{bar}</meter></li>'
    )
