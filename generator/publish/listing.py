"""``python -m generator list``: the thread as one line a post, for finding ids."""

from __future__ import annotations

from generator.pipeline import Result


def format_posts(result: Result) -> str:
    """One tab-separated line per post, with a header."""
    marks = {"inferred": "?", "editor": "*", "source": "", "unknown": ""}
    number = {post.id: i for i, post in enumerate(result.discussion.posts, 1)}
    lines = ["#\tid\tauthor\treplies to\tthemes\tbeginning"]
    for i, post in enumerate(result.discussion.posts, 1):
        author = (post.author + marks[post.author_basis]) if post.author else "-"
        parent = f"#{number[post.reply_to]}" if post.reply_to in number else "-"
        words = " ".join(post.text.split())
        lines.append(
            f"{i}\t{post.id}\t{author}\t{parent}\t{','.join(post.themes) or 'other'}\t{words[:60]}"
        )
    lines.append("(author? inferred from mentions, author* attributed by the editors)")
    return "\n".join(lines)
