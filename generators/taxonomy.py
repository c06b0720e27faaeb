"""The controlled vocabulary (references/taxonomy.yml), validated against a declared schema."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from .problems import Problem

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
# Labels end up in page titles and tag chips: plain words only, no markup characters.
Label = Annotated[str, StringConstraints(pattern=r"^[^<>&\"'`{}\[\]\\]+$", min_length=1, max_length=60)]
Sentence = Annotated[str, StringConstraints(min_length=10, max_length=400)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Group(_Strict):
    id: Id
    label: Label


class Tag(_Strict):
    id: Id
    label: Label
    group: Id
    description: Sentence


class Claim(_Strict):
    """`side` says which way the claim points: `risk` if its being true strengthens the case that
    AI misalignment is a serious problem, `reassurance` if it weakens that case (for example,
    "oversight detects misalignment"). A paper's stance is read through it (model.Stance)."""

    id: Id
    label: Label
    statement: Sentence
    side: Literal["risk", "reassurance"]

    @property
    def reassuring(self) -> bool:
        return self.side == "reassurance"


class EvidenceKind(_Strict):
    id: Id
    label: Label
    description: Sentence


def _unique(items: list, what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"duplicate {what} id {item.id!r}")
        seen.add(item.id)


class TaxonomySchema(_Strict):
    groups: list[Group] = Field(min_length=1)
    tags: list[Tag] = Field(min_length=1)
    claims: list[Claim] = Field(min_length=1)
    evidence: list[EvidenceKind] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "TaxonomySchema":
        _unique(self.groups, "group")
        _unique(self.tags, "tag")
        _unique(self.claims, "claim")
        _unique(self.evidence, "evidence kind")
        groups = {g.id for g in self.groups}
        for tag in self.tags:
            if tag.group not in groups:
                raise ValueError(f"tag {tag.id!r} names unknown group {tag.group!r}")
        labels = [t.label.casefold() for t in self.tags]
        if len(set(labels)) != len(labels):
            raise ValueError("two tags share a label; tag labels must be unique")
        return self


@dataclass(frozen=True)
class Taxonomy:
    """The validated vocabulary, with look-ups by id."""

    groups: dict[str, Group]
    tags: dict[str, Tag]
    claims: dict[str, Claim]
    evidence: dict[str, EvidenceKind]
    path: str = "references/taxonomy.yml"
    tags_by_group: dict[str, list[Tag]] = field(default_factory=dict)

    @property
    def reassuring_claims(self) -> frozenset[str]:
        """Ids of the claims whose being true counts against the risk case."""
        return frozenset(c.id for c in self.claims.values() if c.reassuring)

    @classmethod
    def from_schema(cls, schema: TaxonomySchema, path: str) -> "Taxonomy":
        by_group: dict[str, list[Tag]] = {g.id: [] for g in schema.groups}
        for tag in schema.tags:
            by_group[tag.group].append(tag)
        return cls(
            groups={g.id: g for g in schema.groups},
            tags={t.id: t for t in schema.tags},
            claims={c.id: c for c in schema.claims},
            evidence={e.id: e for e in schema.evidence},
            path=path,
            tags_by_group=by_group,
        )


def _line_of(root: yaml.Node | None, loc: tuple[Any, ...]) -> int:
    """1-based line of the YAML node at a pydantic error location (best effort)."""
    node, line = root, 1
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line


def load_taxonomy(path: Path | str, display: str | None = None) -> tuple[Taxonomy | None, list[Problem]]:
    path = Path(path)
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(name, 0, "taxonomy", "taxonomy file is missing",
                              "create references/taxonomy.yml (see CONTRIBUTING.md)")]
    except (UnicodeDecodeError, OSError) as exc:
        return None, [Problem(name, 0, "taxonomy", f"cannot read taxonomy: {exc}", "save it as UTF-8")]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [Problem(name, (mark.line + 1) if mark else 0, "taxonomy",
                              f"invalid YAML: {getattr(exc, 'problem', exc)}", "check indentation and quoting")]
    try:
        schema = TaxonomySchema.model_validate(data if data is not None else {})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            where = ".".join(str(p) for p in loc) or "(top level)"
            problems.append(Problem(name, _line_of(root, loc), "taxonomy", f"{where}: {err['msg']}",
                                    "see the schema in generators/taxonomy.py"))
        return None, problems
    return Taxonomy.from_schema(schema, name), []


_SPLIT = re.compile(r"[,;]")


def split_ids(value: str) -> list[str]:
    """Split a comma- or semicolon-separated list of ids, dropping blanks, keeping order, no repeats."""
    out: list[str] = []
    for part in _SPLIT.split(value or ""):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out
