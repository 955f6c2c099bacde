"""``make build``: a strict build that replaces the site folder only when it passes.

MkDocs empties ``site_dir`` before it builds and writes it even when a strict build fails,
so a failed build would leave no site, or half of one. Here each build writes into a new
folder of its own beside the site folder (``.site-new-…``) and, only once ``mkdocs build
--strict`` has passed, swaps it into place. Builds started at once (an editor's save hook
and a terminal, say) take turns: each holds a lock on ``.site-build.lock`` beside the site
folder from its build to its swap, so one never deletes or replaces the folder another is
writing, and the site folder is always one whole build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from filelock import FileLock

LOCK = ".site-build.lock"
"""The lock file, beside the site folder."""


class BuildError(Exception):
    """The build failed; the site folder was left as it was. The message is one line."""


def build_site(config_file: Path, site_dir: Path) -> None:
    """Build the project of ``config_file`` strictly and put the result at ``site_dir``.

    MkDocs' own messages go to stderr as they come. Raises :class:`BuildError` when the
    build fails (``site_dir`` unchanged) and ``OSError`` when the folders cannot be written.
    """
    parent = site_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    with FileLock(parent / LOCK):
        new = Path(tempfile.mkdtemp(prefix=".site-new-", dir=parent))
        try:
            command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
            command += ["-f", str(config_file), "-d", str(new)]
            if subprocess.run(command, check=False).returncode != 0:
                raise BuildError(f"the build failed; {site_dir} is unchanged")
            replace_folder(new, site_dir)
        finally:
            shutil.rmtree(new, ignore_errors=True)


def replace_folder(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target``, removing what was there; ``target`` exists at every
    moment but one rename, and never holds a mix of the two."""
    if not target.exists():
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=target.parent))
    os.rename(target, old / target.name)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)
