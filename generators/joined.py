"""A generated text file kept as the pieces it is made of, and written piece by piece.

The BibTeX downloads repeat every paper's BibTeX: once in the whole library, once per tag and
once per claim it is on. At 10,000 papers that is 149 MB, and joining it into strings took
0.14 s and as much memory, only for MkDocs to write the strings out. Each entry's BibTeX is
already one string (`bibtex.format_entry` memoises it), so a `Joined` file holds references to
those strings and is never joined unless someone asks for its `text()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Joined:
    """The file whose content is `"".join(parts)`."""

    parts: tuple[str, ...]

    @classmethod
    def lines(cls, head: str, items: list[str], separator: str) -> "Joined":
        """`head + separator.join(items)`, without the join."""
        parts = [head]
        for i, item in enumerate(items):
            if i:
                parts.append(separator)
            parts.append(item)
        return cls(tuple(parts))

    def text(self) -> str:
        return "".join(self.parts)

    def write(self, path: Path | str) -> None:
        """Write the file as UTF-8 (what MkDocs does with a generated file's string content)."""
        with open(path, "w", encoding="utf-8") as handle:
            handle.writelines(self.parts)
