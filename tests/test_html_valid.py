"""The built site is valid HTML, as the Nu HTML Checker (vnu, run with Java) judges it.

Three messages come from Material's own templates, not from this project, on every page;
they are filtered exactly and nothing else is:

- ``autocomplete`` on the checkbox toggles of the drawer and search;
- ``tabindex=""`` on navigation section labels (with ``navigation.sections``);
- ``<label for="__toc">`` when the table of contents toggle is hidden.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FROM_MATERIAL = [  # "." stands for the checker's curly quotes
    r"Attribute .autocomplete. is only allowed when the input type is .*",
    r"Bad value .* for attribute .tabindex. on element .label.*",
    r"The value of the .for. attribute of the .label. element must be the ID of a non-hidden "
    r"form control\.",
]


def test_no_html_errors_but_materials_own(seed_site):
    java = shutil.which("java")
    if not VNU.exists() or not java:
        if os.environ.get("CI"):
            pytest.fail("the HTML checker needs node_modules/vnu-jar (npm ci) and Java")
        pytest.skip("vnu.jar or Java missing: run `npm ci --ignore-scripts`")
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--skip-non-html",
            "--errors-only",
            "--filterpattern",
            "|".join(f"(?:{p})" for p in FROM_MATERIAL),
            str(seed_site),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert errors == []
    assert result.returncode == 0, result.stderr
