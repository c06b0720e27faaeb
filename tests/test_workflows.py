"""The GitHub workflows: linted by zizmor and the workflow JSON schema (both offline), and read
for the hardening rules this project keeps."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.M)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))    # YAML 1.1 reads the key `on` as True
    return data


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=ROOT)


def test_the_three_workflows_exist():
    assert {p.name for p in WORKFLOWS} == {"pr.yml", "deploy.yml", "links.yml"}


def test_zizmor_finds_nothing_even_pedantic():
    result = run(BIN / "zizmor", "--offline", "--no-progress", "--persona", "pedantic", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_workflows_match_the_github_workflow_schema():
    result = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("schema, path", [
    ("vendor.dependabot", GITHUB / "dependabot.yml"),
    ("vendor.github-issue-forms", GITHUB / "ISSUE_TEMPLATE" / "suggest-paper.yml"),
    ("vendor.github-issue-config", GITHUB / "ISSUE_TEMPLATE" / "config.yml"),
])
def test_repository_config_matches_its_schema(schema, path):
    result = run(BIN / "check-jsonschema", "--builtin-schema", schema, path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target(path):
    assert "pull_request_target" not in load(path)["on"]
    assert "pull_request_target" not in path.read_text()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_sha_with_a_version_comment(path):
    uses = USES.findall(path.read_text())
    assert uses
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment), f"{ref}: {comment!r}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_default_permissions_are_read_only_or_none(path):
    assert load(path)["permissions"] in ({}, {"contents": "read"})


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_checkout_drops_its_credentials(path):
    for job in load(path)["jobs"].values():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_in_a_run_script(path):
    """Values reach scripts through `env:`, never through ${{ }} pasted into the script."""
    for job in load(path)["jobs"].values():
        for step in job.get("steps", []):
            assert "${{" not in step.get("run", ""), step.get("name")


def test_only_the_deploy_job_may_write_pages_or_mint_tokens():
    for path in WORKFLOWS:
        for name, job in load(path)["jobs"].items():
            perms = job.get("permissions", {})
            writes = {k for k, v in perms.items() if v == "write"}
            if path.name == "deploy.yml" and name == "deploy":
                assert writes == {"pages", "id-token"}
            elif path.name == "links.yml" and name == "links":
                assert writes == {"issues"}
            else:
                assert not writes, f"{path.name}:{name} {writes}"


def test_deploy_runs_on_site_changes_to_main_and_never_cancels_a_running_deploy():
    deploy = load(GITHUB / "workflows" / "deploy.yml")
    push = deploy["on"]["push"]
    assert push["branches"] == ["main"]
    assert {"references/**", "docs/**", "generators/**", "overrides/**", "mkdocs.yml", "requirements.lock"} <= set(push["paths"])
    assert "workflow_dispatch" in deploy["on"]
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    steps = [s.get("uses", "") for job in deploy["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in steps)
    assert any(u.startswith("actions/deploy-pages@") for u in steps)


def test_pull_request_workflow_checks_tests_builds_uploads_and_lints():
    text = (GITHUB / "workflows" / "pr.yml").read_text()
    for needle in ("generators check --format github", "generators format --check", "make test",
                   "mkdocs build --strict", "actions/upload-artifact@", "added_papers.py", "actionlint"):
        assert needle in text, needle


def test_same_action_version_is_pinned_to_the_same_sha_everywhere():
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for ref, comment in USES.findall(path.read_text()):
            pins.setdefault(ref.split("@")[0] + comment.strip(), set()).add(ref)
    assert all(len(refs) == 1 for refs in pins.values()), pins
