"""Problems as values: every rule reports where (file, line, key), what, and how to fix it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    key: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.key or '-'}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line, p.key, p.message))


def format_text(problems: Iterable[Problem]) -> str:
    problems = sort_problems(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    lines = [str(p) for p in problems]
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)


def format_json(problems: Iterable[Problem]) -> str:
    return json.dumps([p.as_dict() for p in sort_problems(problems)], indent=2, ensure_ascii=False)


def format_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands: one annotation per problem, on its line."""

    def esc(value: str, *, prop: bool = False) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        if prop:
            value = value.replace(":", "%3A").replace(",", "%2C")
        return value

    out = []
    for p in sort_problems(problems):
        kind = "error" if p.is_error else "warning"
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        out.append(
            f"::{kind} file={esc(p.file, prop=True)},line={max(p.line, 1)},"
            f"title={esc(p.key or 'library', prop=True)}::{esc(message)}"
        )
    return "\n".join(out)
