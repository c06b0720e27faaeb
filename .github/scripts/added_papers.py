"""Job summary of a pull request: the papers it adds (keys not in the base commit's library).

Usage (in CI): BASE_SHA=<sha> python .github/scripts/added_papers.py >> "$GITHUB_STEP_SUMMARY"
The base commit comes through the environment and every title is escaped: nothing a
contributor wrote is ever interpreted by a shell or as Markdown.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generators.load import load_text  # noqa: E402
from generators.pipeline import Project, check  # noqa: E402

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md(text: str) -> str:
    """Plain text for a Markdown table cell: HTML-escaped, Markdown punctuation backslashed."""
    return _MARKDOWN.sub(r"\\\1", html.escape(" ".join(text.split()), quote=True))


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def base_keys(sha: str) -> set[str]:
    keys: set[str] = set()
    for name in git("ls-tree", "-r", "--name-only", sha, "--", "references/").splitlines():
        if name.endswith(".bib"):
            keys |= {e.key for e in load_text(git("show", f"{sha}:{name}"), name).entries}
    return keys


def main() -> int:
    sha = os.environ.get("BASE_SHA", "")
    if not re.fullmatch(r"[0-9a-f]{40}", sha):
        print("BASE_SHA must be a full commit SHA", file=sys.stderr)
        return 2
    known = base_keys(sha)
    result = check(Project.at(ROOT))
    added = [e for e in result.loaded.entries if e.key not in known]
    print("## Papers added by this pull request\n")
    if not added:
        print("None.")
        return 0
    print("| key | title | file |\n|---|---|---|")
    for e in added:
        print(f"| {md(e.key)} | {md(e.text('title'))} | {md(e.file)}:{e.line} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
