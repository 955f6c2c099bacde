"""Why a post or a file is missing, in the build's language.

The sources say why in a few fixed English phrases (:attr:`generator.model.Post.unavailable`,
:attr:`generator.model.Media.left_out`), which the dataset keeps as they are. Pages show
each known phrase through the catalogue (:mod:`generator.i18n`); any other reason, such as
a problem found in an archive's file with its sizes, is shown as the source wrote it.
"""

from __future__ import annotations

from generator.i18n import t


def reason(text: str) -> str:
    """``text``, a reason a source gives, in the build's language when it is a known one."""
    known = {
        # TRANSLATORS: why a post of a Bluesky thread is not shown.
        "deleted or not found": t("deleted or not found"),
        "hidden by a block": t("hidden by a block"),
        "shown to signed-in readers only": t("shown to signed-in readers only"),
        # TRANSLATORS: why a file of a Mastodon account archive is not published.
        "not in the archive": t("not in the archive"),
        "a file name the site cannot publish as it is": t(
            "a file name the site cannot publish as it is"
        ),
    }
    return known.get(text, text)
