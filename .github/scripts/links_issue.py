"""Turn `python -m generators links --format json` into the body of the broken-links issue.

Reads LINKS_JSON, writes BODY_FILE, and sets the step output `broken` (a count). Keys and URLs
come from contributors: they are escaped, never pasted into a shell.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from added_papers import md  # noqa: E402


def main() -> int:
    report = json.loads(Path(os.environ["LINKS_JSON"]).read_text(encoding="utf-8"))
    broken = report.get("broken", [])
    lines = [f"The weekly link check found {len(broken)} broken link(s) among {report.get('checked', 0)} "
             "distinct DOIs and URLs. Fix the entry (or remove a dead URL) in a pull request; this issue "
             "is updated every week and closed when every link resolves.", "",
             "| where | key | link | problem |", "|---|---|---|---|"]
    for item in broken:
        lines.append(f"| {md(item['file'])}:{item['line']} | {md(item['key'])} | {md(item['url'])} | "
                     f"{md(item.get('error') or str(item.get('status')))} |")
    Path(os.environ["BODY_FILE"]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(os.environ.get("GITHUB_OUTPUT", os.devnull), "a", encoding="utf-8") as out:
        out.write(f"broken={len(broken)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
