"""Synthetic threads for benchmarks: any number of posts, shaped like the seed thread.

    python -m bench.synth N OUT_DIR [--seed S]

writes into ``OUT_DIR`` a project that builds like the real site: ``thread.txt`` in the
plain-text source format (see :mod:`generator.sources.plain_text`), copies of the
repository's taxonomy, glossary and ``theme/``, an empty ``docs/`` and a ``mkdocs.yml`` with
the repository's theme, assets, Markdown and validation settings and the ``discussion``
plugin.

The text is measured on the seed thread (``content/discussion/thread.txt``), never copied
from it by hand:

- words and their frequencies: the seed's whitespace-separated words outside @mentions and
  URLs, punctuation kept, drawn one at a time by frequency (so Zipf-like, as the seed is);
- paragraphs per post and words per paragraph: drawn from the seed's posts and paragraphs;
- how often a header stands on a line of its own, and the longest header: the seed's;
- links and in-text mentions per paragraph: the seed's rates; links are the seed's URLs;
- how often someone new joins a conversation: the seed's people per post.

What the seed is too small to show is set by the constants below: how the pool of handles
grows with the thread, how unevenly people post, and how far back a reply's parent is.

Replies follow Mastodon: the header names the parent's author first, then the parent's
other participants, never the reply's own author. A reply is written by one of the
parent's participants, or by someone joining from the whole pool (the more active, the
likelier). Mastodon would name every participant; like people do, a header longer than
the seed's longest is cut, keeping its first handles. The first post answers a post that
is not in the archive, as the seed's does; every later post answers an earlier one.
Same N, seed and seed thread → byte-identical files.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.text import MENTION

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "discussion" / "thread.txt"
"""The seed thread the distributions are measured on."""
TAXONOMY = ROOT / "content" / "discussion" / "themes.yml"
GLOSSARY = ROOT / "content" / "discussion" / "glossary.yml"
THEME_DIR = ROOT / "theme"
CONFIG = ROOT / "mkdocs.yml"
COPIED_SETTINGS = (
    "theme",
    "extra_css",
    "extra_javascript",
    "markdown_extensions",
    "validation",
)
"""Top-level settings of the repository's mkdocs.yml that synthetic projects share."""

HEAPS = 0.6
"""The pool of handles grows as ``people × (N / posts) ** HEAPS`` of the seed: sublinearly,
as vocabularies do (Heaps' law), so larger threads have more people, each posting more."""
ZIPF = 1.0
"""Activity: the k-th most active person writes about ``1 / k ** ZIPF`` as much as the first."""
REPLY_DISTANCE = 3.0
"""Mean number of posts between a reply and its parent (exponentially distributed)."""

_URL = re.compile(r"https?://\S+")
_STEM = re.compile(r"[a-z]{3,}")


@dataclass(frozen=True)
class Profile:
    """What the generator draws from, measured on the seed thread."""

    words: tuple[str, ...]
    """Distinct words, most frequent first."""
    weights: tuple[int, ...]
    """Cumulative counts of ``words``, for :meth:`random.Random.choices`."""
    paragraphs: tuple[int, ...]
    """Text paragraphs of each seed post."""
    lengths: tuple[int, ...]
    """Words of each seed paragraph."""
    longest: int
    """Handles in the seed's longest @-header."""
    alone: float
    """Share of headers on a line of their own."""
    link_rate: float
    """Links per paragraph."""
    mention_rate: float
    """Mentions per paragraph outside the header."""
    links: tuple[str, ...]
    """The seed's URLs."""
    people: int
    """Distinct handles in the seed."""
    joins: float
    """Share of replies written by someone new to the conversation: the seed's people per
    post."""
    capitals: float
    """Share of the seed's handles with a capital letter."""
    posts: int
    """Posts of the seed (lines that open with a mention, plus the first line)."""
    stems: tuple[str, ...]
    """Lower-case words of three letters or more, to make handles from."""


@dataclass(frozen=True)
class SynthPost:
    """One synthetic post, with what the plain text does not say."""

    author: str
    """Handle of the writer (not in the text: the plain format has no authors)."""
    parent: int | None
    """Index of the post it answers; ``None`` for a post not in the archive."""
    header: tuple[str, ...]
    """Handles of the @-header, the parent's author first."""
    lines: tuple[str, ...]
    """The post's lines in the source file."""


def _header(tokens: list[str]) -> list[str]:
    """Handles of the leading @mentions of a line's tokens."""
    handles = []
    for token in tokens:
        match = MENTION.fullmatch(token)
        if match is None:
            break
        handles.append(match.group(1))
    return handles


def profile(seed_text: str) -> Profile:
    """Measure the seed thread (see the module docstring)."""
    counts: Counter[str] = Counter()
    paragraphs: list[int] = []
    lengths: list[int] = []
    headers: list[int] = []
    alone = mentions = 0
    links: list[str] = []
    people: dict[str, str] = {}  # lower-case handle → handle as written
    for line in (raw.strip() for raw in seed_text.splitlines()):
        if not line:
            continue
        tokens = line.split()
        header = _header(tokens)
        if header or not paragraphs:
            paragraphs.append(0)
        if header:
            headers.append(len(header))
            alone += len(header) == len(tokens)
        words = []
        named = list(header)
        for token in tokens[len(header) :]:
            if _URL.match(token):
                links.append(token)
            elif "@" in token:  # a mention in the text, or an address: not a word
                found = [match.group(1) for match in MENTION.finditer(token)]
                mentions += len(found)
                named += found
            else:
                words.append(token)
        for handle in named:
            people.setdefault(handle.lower(), handle)
        if words:
            paragraphs[-1] += 1
            lengths.append(len(words))
            counts.update(words)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    text_paragraphs = max(1, len(lengths))
    return Profile(
        words=tuple(word for word, _ in ranked),
        weights=tuple(itertools.accumulate(n for _, n in ranked)),
        paragraphs=tuple(n for n in paragraphs if n) or (1,),
        lengths=tuple(lengths) or (1,),
        longest=max(headers, default=1),
        alone=alone / max(1, len(headers)),
        link_rate=len(links) / text_paragraphs,
        mention_rate=mentions / text_paragraphs,
        links=tuple(sorted(set(links))),
        people=len(people),
        joins=len(people) / max(1, len(paragraphs)),
        capitals=sum(h != h.lower() for h in people.values()) / max(1, len(people)),
        posts=len(paragraphs),
        stems=tuple(sorted({s for word in counts for s in _STEM.findall(word.lower())})),
    )


def handles(count: int, rng: random.Random, shape: Profile) -> list[str]:
    """``count`` distinct handles made of the seed's words, the most active first."""
    out = []
    for number in range(1, count + 1):
        stem = rng.choice(shape.stems) if shape.stems else "user"
        if rng.random() < shape.capitals:
            stem = stem.capitalize()
        out.append(f"{stem}{number}")  # the number keeps handles distinct in any case
    return out


def synthesize(n: int, seed: int = 0, seed_text: str | None = None) -> list[SynthPost]:
    """``n`` posts drawn from the seed thread's distributions with random seed ``seed``."""
    if n < 1:
        raise ValueError(f"expected at least 1 post, got {n}")
    shape = profile(seed_text if seed_text is not None else SEED.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    pool = handles(max(2, round(shape.people * (n / shape.posts) ** HEAPS)), rng, shape)
    activity = list(itertools.accumulate(1 / rank**ZIPF for rank in range(1, len(pool) + 1)))

    def person(but: str = "") -> str:
        """Someone other than ``but``, the more active the likelier."""
        while True:
            handle = rng.choices(pool, cum_weights=activity)[0]
            if handle != but:
                return handle

    posts: list[SynthPost] = []
    for i in range(n):
        if i == 0:
            author = person()
            parent, header = None, (person(but=author),)
        else:
            parent = i - 1 - min(i - 1, int(rng.expovariate(1 / REPLY_DISTANCE)))
            before = posts[parent]
            if rng.random() < shape.joins:
                author = person(but=before.author)
            else:  # the parent's header never names the parent's author
                author = rng.choice(before.header)
            others = [h for h in before.header if h != author]
            header = (before.author, *others)[: shape.longest]
        paragraphs = []
        for _ in range(rng.choice(shape.paragraphs)):
            words = rng.choices(shape.words, cum_weights=shape.weights, k=rng.choice(shape.lengths))
            if shape.links and rng.random() < shape.link_rate:
                words.insert(rng.randint(0, len(words)), rng.choice(shape.links))
            if rng.random() < shape.mention_rate:
                # Never first on the line: a line that opens with a mention starts a post.
                words.insert(rng.randint(1, len(words)), "@" + person(but=author))
            paragraphs.append(" ".join(words))
        opening = " ".join(f"@{h}" for h in header)
        if rng.random() < shape.alone:
            lines = (opening, *paragraphs)
        else:
            lines = (f"{opening} {paragraphs[0]}", *paragraphs[1:])
        posts.append(SynthPost(author, parent, header, lines))
    return posts


def thread_text(posts: list[SynthPost]) -> str:
    """The plain-text source of ``posts``: one paragraph per line."""
    return "".join(line + "\n" for post in posts for line in post.lines)


def _settings(config: str, keys: tuple[str, ...]) -> str:
    """The text of some top-level settings of a mkdocs.yml, comments and layout kept."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in config.splitlines():
        top = re.match(r"([A-Za-z_][\w-]*):", line)
        if top:
            current = blocks.setdefault(top.group(1), []) if top.group(1) in keys else None
        if current is not None:
            current.append(line)
    return "".join("\n".join(blocks[key]).rstrip() + "\n\n" for key in keys if key in blocks)


def mkdocs_config(n: int, seed: int, config: str, glossary: bool = False) -> str:
    """The synthetic project's mkdocs.yml: ``config``'s theme settings and the plugin with
    the taxonomy (and the glossary, when there is one)."""
    return (
        f"# A synthetic discussion for benchmarks: {n} posts, seed {seed} (bench/synth.py).\n"
        f"site_name: Synthetic discussion of {n} posts\n"
        "docs_dir: docs\n\n" + _settings(config, COPIED_SETTINGS) + "plugins:\n"
        "  - search\n"
        "  - discussion:\n"
        "      sources: [thread.txt]\n"
        "      taxonomy: themes.yml\n" + ("      glossary: glossary.yml\n" if glossary else "")
    )


def write_project(folder: Path, n: int, seed: int = 0) -> Path:
    """Write a synthetic project of ``n`` posts into ``folder``; return its mkdocs.yml.

    The repository's taxonomy, glossary (where it has one) and theme are copied beside it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "docs").mkdir(exist_ok=True)
    text = thread_text(synthesize(n, seed))
    (folder / "thread.txt").write_text(text, encoding="utf-8", newline="\n")
    shutil.copyfile(TAXONOMY, folder / "themes.yml")
    if GLOSSARY.exists():
        shutil.copyfile(GLOSSARY, folder / "glossary.yml")
    shutil.copytree(THEME_DIR, folder / "theme", dirs_exist_ok=True)
    config = folder / "mkdocs.yml"
    repo = CONFIG.read_text(encoding="utf-8")
    text = mkdocs_config(n, seed, repo, glossary=GLOSSARY.exists())
    config.write_text(text, encoding="utf-8", newline="\n")
    return config


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m bench.synth N OUT_DIR [--seed S]``."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.synth", description=__doc__.split("\n")[0]
    )
    parser.add_argument("n", type=int, help="number of posts")
    parser.add_argument("out", type=Path, help="folder to write the project into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    config = write_project(args.out, args.n, args.seed)
    print(f"wrote {config}")


if __name__ == "__main__":
    main()
