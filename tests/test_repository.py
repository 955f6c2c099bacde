"""The contributor workflow: GitHub workflows, templates and guides are present and sound."""

from __future__ import annotations

import re

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); look it up under both.
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))


def test_pull_requests_run_checks_with_a_read_only_token():
    workflow = load("check.yml")
    assert "pull_request" in triggers(workflow)
    assert "pull_request_target" not in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}
        commands = " ".join(step.get("run", "") for step in job["steps"])
        assert "make test" in commands and "make build" in commands
        checkout = next(s for s in job["steps"] if "actions/checkout" in s.get("uses", ""))
        assert checkout["with"]["persist-credentials"] is False


def test_deploy_publishes_main_to_pages_after_a_strict_build():
    workflow = load("deploy.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert any(step.get("run") == "make build" for step in build["steps"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"


def test_deploy_builds_for_the_address_github_pages_gives(monkeypatch):
    """The 404 page, sitemap, feed and canonical links need the published address, which
    only the Pages action knows: it reaches mkdocs.yml's ``site_url`` as ``SITE_URL``."""
    build = load("deploy.yml")["jobs"]["build"]
    # reading the Pages site's address needs pages: read, and nothing more
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    steps = build["steps"]
    configure = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
    assert configure.get("with", {}).get("enablement", False) is False  # would need admin
    make = next(s for s in steps if s.get("run") == "make build")
    assert steps.index(configure) < steps.index(make)
    assert make["env"] == {"SITE_URL": f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"}
    monkeypatch.setenv("SITE_URL", "https://owner.github.io/repo")
    assert mkdocs_yml()["site_url"] == "https://owner.github.io/repo"
    monkeypatch.delenv("SITE_URL")
    assert mkdocs_yml()["site_url"] is None  # a local build: see README, "Publishing"


def mkdocs_yml() -> dict:
    """The repository's mkdocs.yml as MkDocs reads it, ``!ENV`` tags resolved."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as stream:
        return yaml_load(stream)


def test_every_workflow_is_valid_yaml_with_jobs():
    for path in WORKFLOWS.glob("*.yml"):
        assert load(path.name)["jobs"], path


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_every_workflow_step_is_well_formed(name):
    """Each step runs a command or uses a versioned action, never both; a step's outputs
    are read only after that step, in its own job; and no command has an expression
    pasted into it (the environment carries values into commands, safe from injection)."""
    jobs = load(name)["jobs"]
    for job_name, job in jobs.items():
        needs = job.get("needs", [])
        assert set([needs] if isinstance(needs, str) else needs) <= set(jobs) - {job_name}
        seen: set[str] = set()
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), step
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[\w.-]+", step["uses"]), step
            else:
                assert "${{" not in step["run"], step
            for key in ("with", "env"):
                assert isinstance(step.get(key, {}), dict), step
            read = set(re.findall(r"steps\.([\w-]+)\.outputs", yaml.safe_dump(step)))
            assert read <= seen, f"{name}: {job_name} reads outputs of a later step: {step}"
            seen |= {step["id"]} if "id" in step else set()
        ids = {step["id"] for step in job["steps"] if "id" in step}
        elsewhere = {k: v for k, v in job.items() if k != "steps"}
        assert set(re.findall(r"steps\.([\w-]+)\.outputs", yaml.safe_dump(elsewhere))) <= ids


def test_contributor_guides_exist():
    assert "content/commentary" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert (ROOT / ".github" / "pull_request_template.md").is_file()
    guide = (ROOT / "content" / "contribute.md").read_text(encoding="utf-8")
    assert "[[post 629bdda6dc]]" in guide and "make new" in guide
