"""The taxonomy is validated against its schema; errors name the file, the path and the line."""

from generators.taxonomy import load_taxonomy
from conftest import TAXONOMY


def write(tmp_path, text):
    path = tmp_path / "taxonomy.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_project_taxonomy_is_valid():
    taxonomy, problems = load_taxonomy(TAXONOMY)
    assert problems == [] and taxonomy is not None
    assert {"reward-hacking", "deception", "situational-awareness", "power-seeking"} <= set(taxonomy.tags)


def test_a_bad_value_is_reported_with_its_path_and_line(tmp_path):
    text = TAXONOMY.read_text().replace("  - id: sycophancy\n", "  - id: Syco Phancy\n", 1)
    line = text.splitlines().index("  - id: Syco Phancy") + 1
    taxonomy, problems = load_taxonomy(write(tmp_path, text), "taxonomy.yml")
    assert taxonomy is None
    [problem] = problems
    assert problem.message.startswith("tags.4.id:") and problem.line == line


def test_a_tag_in_an_unknown_group_is_refused(tmp_path):
    text = TAXONOMY.read_text().replace("    group: reward\n", "    group: rewards\n", 1)
    _, problems = load_taxonomy(write(tmp_path, text))
    assert any("unknown group 'rewards'" in p.message for p in problems)


def test_an_unknown_key_is_refused(tmp_path):
    text = TAXONOMY.read_text().replace("  - id: reward-hacking\n    label: Reward hacking\n",
                                        "  - id: reward-hacking\n    label: Reward hacking\n    colour: red\n", 1)
    _, problems = load_taxonomy(write(tmp_path, text))
    assert any("colour" in p.message and "Extra inputs are not permitted" in p.message for p in problems)


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    _, problems = load_taxonomy(write(tmp_path, "tags:\n  - id: a\n   label: b\n"))
    assert problems[0].line == 3 and "invalid YAML" in problems[0].message
