"""The contributor workflow: GitHub workflows, templates and guides are present and sound."""

from __future__ import annotations

import yaml

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


def test_every_workflow_is_valid_yaml_with_jobs():
    for path in WORKFLOWS.glob("*.yml"):
        assert load(path.name)["jobs"], path


def test_contributor_guides_exist():
    assert "content/commentary" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert (ROOT / ".github" / "pull_request_template.md").is_file()
    guide = (ROOT / "content" / "contribute.md").read_text(encoding="utf-8")
    assert "[[post 629bdda6dc]]" in guide and "python -m generator new" in guide
