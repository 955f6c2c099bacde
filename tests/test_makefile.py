"""The Makefile as a newcomer meets it: which Python it needs, when it makes .venv, ``make help``.

Each test runs the real Makefile in a temporary folder. Stand-ins for other Pythons are small
scripts run by this Python that report another version (``sys.version_info``) and their own
path, and record any attempt to make a virtual environment instead of making one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

MAKE = shutil.which("make") or "make"
REAL_PYTHON = Path(sys.executable)
"""This project's Python (3.11 or newer), the one a good .venv is made with."""

STAND_IN = '''\
#!{python}
"""A stand-in for Python {version}: runs `-c CODE` as that Python would; makes no venv."""
import sys
from pathlib import Path

if sys.argv[1:3] == ["-m", "venv"]:
    Path(sys.argv[3]).mkdir()
    (Path(sys.argv[3]) / "made-by-stand-in").write_text("{version}")
    sys.exit(0)
if sys.argv[1:2] != ["-c"]:
    sys.exit("stand-in: only -c CODE and -m venv are known")
sys.version_info = ({numbers}, "final", 0)
sys.version = "{version} (stand-in)"
sys.executable = {path!r}
exec(compile(sys.argv[2], "<string>", "exec"), {{"__name__": "__main__"}})
'''


def stand_in(path: Path, version: str) -> Path:
    """An executable at ``path`` that reports itself as Python ``version``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    numbers = ", ".join(version.split("."))
    path.write_text(
        STAND_IN.format(python=REAL_PYTHON, version=version, numbers=numbers, path=str(path))
    )
    path.chmod(0o755)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """What the Makefile reads before it installs anything: itself, the lock and pyproject."""
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(ROOT / name, copy / name)
    return copy


def make(project: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PATH=path if path is not None else os.environ["PATH"])
    environment.pop("PYTHON", None)
    environment.pop("MAKEFLAGS", None)
    return subprocess.run(
        [MAKE, "--no-print-directory", *args],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


# Which Python: said plainly, before anything is installed


@pytest.mark.parametrize("target", ["serve", "test", "check", "build"])
def test_an_old_python_is_named_with_its_path_and_nothing_is_installed(project, tmp_path, target):
    bin_dir = tmp_path / "bin"
    old = stand_in(bin_dir / "python3", "3.10.12")
    result = make(project, target, path=str(bin_dir))
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        f"Python 3.11 or newer is needed; found 3.10.12 at {old} "
        "(install Python 3.11 or newer and set PYTHON to it)"
    )
    assert not (project / ".venv").exists()


def test_the_message_names_a_newer_python_found_on_path(project, tmp_path):
    bin_dir = tmp_path / "bin"
    stand_in(bin_dir / "python3", "3.10.12")
    stand_in(bin_dir / "python3.12", "3.12.3")
    result = make(project, "serve", path=str(bin_dir))
    assert result.returncode != 0
    assert result.stderr.startswith(
        f"Python 3.11 or newer is needed; found 3.10.12 at {bin_dir / 'python3'} "
        "(set PYTHON=python3.12)\n"
    )
    assert not (project / ".venv").exists()


def test_python_given_by_name_and_missing(project, tmp_path):
    result = make(project, "check", "PYTHON=python3.99", path=str(tmp_path))
    assert result.returncode != 0
    assert result.stderr.startswith(
        "Python 3.11 or newer is needed; found no python3.99 "
        "(install Python 3.11 or newer and set PYTHON to it)\n"
    )
    assert not (project / ".venv").exists()


def test_python_given_with_python_is_the_one_used(project, tmp_path):
    newer = stand_in(tmp_path / "bin" / "python3.12", "3.12.3")
    stand_in(tmp_path / "bin" / "python3", "3.10.12")
    result = make(project, "-n", "check", f"PYTHON={newer}", path=str(tmp_path / "bin"))
    assert result.returncode == 0, result.stderr
    assert f"making .venv with Python 3.12.3 at {newer}" in result.stdout
    assert f"{newer} -m venv .venv" in result.stdout.splitlines()


def test_the_python_needed_is_the_one_pyproject_requires():
    makefile = (ROOT / "Makefile").read_text()
    pyproject = (ROOT / "pyproject.toml").read_text()
    needed = re.search(r"^PYTHON_MIN := (\S+)$", makefile, re.M)[1]
    assert f'requires-python = ">={needed}"' in pyproject


# Which .venv: one made by another Python, or left half-installed, is made again


def fake_venv(project: Path, version: str | None, *, finished: bool) -> None:
    """A .venv whose python reports ``version`` (None: a python that no longer runs)."""
    python = project / ".venv" / "bin" / "python"
    if version is None:
        python.parent.mkdir(parents=True)
        python.symlink_to(project / "gone" / "python3.9")
    else:
        stand_in(python, version)
    (project / ".venv" / "pyvenv.cfg").write_text(f"version = {version or '3.9.2'}\n")
    if finished:
        (project / ".venv" / ".installed").touch()


def planned(project: Path, *args: str) -> list[str]:
    """The commands ``make -n`` would run, with the real Python as PYTHON."""
    result = make(project, "-n", *args, f"PYTHON={REAL_PYTHON}")
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def real_version() -> str:
    return ".".join(map(str, sys.version_info[:3]))


@pytest.mark.parametrize(
    ("version", "said"),
    [
        ("3.10.12", "the one there was made by Python 3.10.12"),
        ("3.13.0", "the one there was made by Python 3.13.0"),
        (None, "the one there was made by a Python that no longer runs"),
    ],
)
def test_a_venv_made_by_another_python_is_made_again(project, version, said):
    fake_venv(project, version, finished=True)
    lines = planned(project, "check")
    assert lines[:3] == [
        f'echo "making .venv with Python {real_version()} at {REAL_PYTHON}; {said}"',
        "rm -rf .venv",
        f"{REAL_PYTHON} -m venv .venv",
    ]
    assert lines[-2:] == ["touch .venv/.installed", ".venv/bin/python -m generator check"]


def test_a_venv_left_half_installed_is_made_again(project):
    fake_venv(project, real_version(), finished=False)
    lines = planned(project, "serve")
    assert lines[:2] == [
        f'echo "making .venv with Python {real_version()} at {REAL_PYTHON}; '
        'the one there was not finished"',
        "rm -rf .venv",
    ]


def test_a_finished_venv_of_the_same_python_is_kept(project):
    fake_venv(project, real_version(), finished=True)
    assert planned(project, "check") == [".venv/bin/python -m generator check"]
    # a newer lock file updates it in place, and takes the stamp away until pip is done
    os.utime(project / "requirements.lock")
    lines = planned(project, "check")
    assert "rm -rf .venv" not in lines
    assert lines[:2] == [
        'echo "updating .venv: requirements.lock or pyproject.toml changed"',
        "rm -f .venv/.installed",
    ]
    assert lines.index("rm -f .venv/.installed") < lines.index("touch .venv/.installed")


@pytest.mark.slow
def test_an_install_that_fails_leaves_no_stamp_and_is_made_again(project):
    """A real run: the venv is made, pip fails, and the next make starts from nothing."""
    (project / "requirements.lock").write_text(
        "no-such-package-anywhere==1.0 --hash=sha256:" + "0" * 64 + "\n"
    )
    environment = {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(project), "PIP_CONSTRAINT": ""}
    result = subprocess.run(
        [MAKE, "--no-print-directory", "check", f"PYTHON={REAL_PYTHON}"],
        cwd=project,
        env=dict(os.environ, **environment),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert result.stdout.startswith(f"making .venv with Python {real_version()} at {REAL_PYTHON}\n")
    assert (project / ".venv" / "bin" / "python").exists()
    assert not (project / ".venv" / ".installed").exists()
    assert planned(project, "check")[:2] == [
        f'echo "making .venv with Python {real_version()} at {REAL_PYTHON}; '
        'the one there was not finished"',
        "rm -rf .venv",
    ]


# make help


def test_make_help_lists_every_target_a_person_runs_with_one_line_each(project):
    result = make(project, "help")
    assert result.returncode == 0, result.stderr
    listed = {}
    for line in result.stdout.splitlines()[:-1]:
        match = re.fullmatch(r"  make (\S+) +(\S.*)", line)
        assert match, line
        listed[match[1]] = match[2]
    phony = re.search(r"^\.PHONY: (.*)$", (ROOT / "Makefile").read_text(), re.M)[1].split()
    assert sorted(listed) == sorted(set(phony) - {"node-tools", "FORCE"})
    assert "ADDR=" in listed["serve"]
    assert "Python 3.11+" in result.stdout.splitlines()[-1]
    assert make(project).stdout == result.stdout, "help is the default"
    assert not (project / ".venv").exists()


def test_make_new_without_a_title_says_how_before_installing(project, tmp_path):
    result = make(project, "new", "AUTHOR=ada", path=str(tmp_path))
    assert result.returncode != 0
    assert 'usage: make new TITLE="Your title" AUTHOR=key' in result.stderr
    assert not (project / ".venv").exists()
