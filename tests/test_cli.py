"""The command line, run as a user would: `python -m generators ...`."""

import json

from conftest import FIXTURES, run_cli


def test_check_prints_file_line_key_and_exits_1_on_a_broken_library(project):
    root = project(FIXTURES / "broken.bib")
    result = run_cli("check", "--root", str(root))
    assert result.returncode == 1
    assert "references/broken.bib:14: " in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_block_that_does_not_parse_is_named_by_its_key_with_the_reason_and_where_parsing_stopped(project):
    root = project(FIXTURES / "broken.bib")
    result = run_cli("check", "--root", str(root))
    assert ("references/broken.bib:14: broken2023entry: error: could not parse entry `broken2023entry`: "
            "Unexpected block start: `@misc`") in result.stdout
    assert "(parsing stopped at line 19)" in result.stdout
    assert "hint: this entry is not closed before the `@` at line 19 starts another" in result.stdout


def test_the_parser_s_own_log_does_not_repeat_a_failure_on_stderr(project):
    root = project(FIXTURES / "broken.bib")
    result = run_cli("check", "--root", str(root))
    assert result.returncode == 1
    assert result.stderr == ""


def test_check_exits_0_on_a_clean_library(project):
    root = project(*sorted((FIXTURES / "small").glob("*.bib")))
    result = run_cli("check", "--root", str(root))
    assert result.returncode == 0, result.stdout
    assert "checked 5 entries in 2 file(s): OK" in result.stdout


def test_check_json_lists_every_problem_with_its_place(project):
    root = project(FIXTURES / "unknown_tag.bib", FIXTURES / "missing_fields.bib")
    result = run_cli("check", "--root", str(root), "--format", "json")
    problems = json.loads(result.stdout)
    assert {p["key"] for p in problems} == {"typo2024tag", "bare2024entry"}
    assert all({"file", "line", "message", "hint", "severity"} <= set(p) for p in problems)


def test_build_writes_the_generated_markdown(project, tmp_path):
    root = project(*sorted((FIXTURES / "small").glob("*.bib")))
    out = tmp_path / "out"
    result = run_cli("build", "--root", str(root), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert (out / "papers" / "wheaton2023deceptive.md").read_text().startswith("---\n")


def test_build_refuses_a_library_with_errors(project, tmp_path):
    root = project(FIXTURES / "broken.bib")
    result = run_cli("build", "--root", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "references/broken.bib:14" in result.stderr
    assert not (tmp_path / "out").exists()


def test_build_refuses_a_library_with_an_error_across_files(project, tmp_path):
    root = project(FIXTURES / "duplicate_a.bib", FIXTURES / "duplicate_b.bib")
    result = run_cli("build", "--root", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "duplicate key: also defined in references/duplicate_a.bib" in result.stderr
    assert not (tmp_path / "out").exists()


def test_help_lists_the_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("check", "build"):
        assert command in result.stdout
