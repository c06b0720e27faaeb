"""`python -m generators add IDENTIFIER`: one new entry from an arXiv id, a DOI or a web page.

Order of work, so that nothing is written unless everything succeeded:
identifier -> library and target file -> refuse a known id -> fetch -> entry -> refuse a known
work -> validate -> append atomically (or only print, with --dry-run).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from urllib.parse import quote

from . import metadata, pipeline
from .bibtex import format_entry
from .files import atomic_write
from .identifiers import is_doi, normalize_doi, parse_arxiv, safe_url
from .load import RawEntry, load_text
from .metadata import MalformedResponse, Work
from .model import slugify_key
from .net import Client, NetError, NotFound, host_of
from .problems import Problem
from .taxonomy import Taxonomy, split_ids
from .validate import did_you_mean, entry_year, same_work, validate

ENDPOINT_DEFAULTS = {
    "ARXIV_API_URL": "https://export.arxiv.org/api/query",
    "CROSSREF_API_URL": "https://api.crossref.org/works",
    "DOI_RESOLVER_URL": "https://doi.org",
}
STOP_WORDS = frozenset(
    "a an the on of in for to and or is are be do does did with at by from as into how why what when "
    "which who can we our us you your its it this that these those via towards toward".split())
REMINDER_FIELDS = ("summary",)     # missing on a fresh entry by design: the contributor writes it
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.I)
_LATEX_SPECIAL = re.compile(r"(?<!\\)([&%#])")


class AddError(Exception):
    """The command cannot go on; the message is one line for the user."""


class UsageError(AddError):
    """The command line itself is wrong (exit status 2)."""


@dataclass(frozen=True)
class Identifier:
    kind: str            # "arxiv" | "doi" | "url"
    value: str           # arXiv id without version, bare DOI, or the URL
    version: str = ""

    def __str__(self) -> str:
        return {"arxiv": "arXiv id ", "doi": "DOI ", "url": ""}[self.kind] + self.value + self.version


def parse_identifier(text: str) -> Identifier:
    text = text.strip()
    arxiv = parse_arxiv(text)
    if arxiv:
        return Identifier("arxiv", arxiv[0], arxiv[1])
    if is_doi(text):
        doi = normalize_doi(text)
        m = _ARXIV_DOI.match(doi)          # arXiv's own DataCite DOIs: ask arXiv, keep the DOI
        if m and parse_arxiv(m.group("id")):
            return Identifier("arxiv", parse_arxiv(m.group("id"))[0])
        return Identifier("doi", doi)
    if safe_url(text):
        return Identifier("url", text)
    raise UsageError(f"{text[:80]!r} is not an arXiv id (2401.05566, hep-th/9901001), a DOI (10.1234/abc) "
                     "or an http(s) URL")


@dataclass(frozen=True)
class Endpoints:
    arxiv: str
    crossref: str
    doi_resolver: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Endpoints":
        env = os.environ if env is None else env
        urls = {}
        for name, default in ENDPOINT_DEFAULTS.items():
            value = (env.get(name) or default).strip().rstrip("/")
            if not safe_url(value):
                raise UsageError(f"{name}={value!r} is not an http(s) URL")
            urls[name] = value
        return cls(urls["ARXIV_API_URL"], urls["CROSSREF_API_URL"], urls["DOI_RESOLVER_URL"])

    def doi_url(self, doi: str) -> str:
        """The DOI at the configured resolver (https://doi.org/10.1234/abc by default)."""
        return f"{self.doi_resolver}/{quote(normalize_doi(doi), safe='/:;()._-')}"


# ------------------------------------------------------------------------------ fetching

def fetch(ident: Identifier, client: Client, endpoints: Endpoints) -> Work:
    """The work's metadata; NetError / NotFound / MalformedResponse with one-line messages."""
    if ident.kind == "arxiv":
        reply = client.get(endpoints.arxiv, what=f"arXiv id {ident.value}",
                           params={"id_list": ident.value + ident.version, "max_results": "1"})
        work = metadata.parse_arxiv_atom(reply.text)
        if work is None:
            raise NotFound(f"unknown arXiv id {ident.value}{ident.version} (arXiv has no such paper)")
        return work
    if ident.kind == "doi":
        return _fetch_doi(ident.value, client, endpoints)
    reply = client.get(ident.value, what=f"page {ident.value}", headers={"Accept": "text/html,application/xhtml+xml"})
    if reply.content_type not in ("text/html", "application/xhtml+xml", ""):
        raise MalformedResponse(f"{host_of(reply.url)} answered {reply.content_type}, not an HTML page")
    return metadata.parse_html(reply.text, reply.url)


def _fetch_doi(doi: str, client: Client, endpoints: Endpoints) -> Work:
    """Crossref first; doi.org content negotiation for DOIs Crossref does not hold (DataCite...)."""
    try:
        reply = client.get(f"{endpoints.crossref}/{quote(doi, safe='/:;()._-')}", what=f"DOI {doi}", headers={"Accept": "application/json"})
        return metadata.parse_crossref(reply.text)
    except (NetError, MalformedResponse):
        pass
    accept = "application/vnd.citationstyles.csl+json, application/x-bibtex;q=0.9"
    reply = client.get(endpoints.doi_url(doi), what=f"DOI {doi}", headers={"Accept": accept})
    kind = reply.content_type
    if kind in ("application/vnd.citationstyles.csl+json", "application/json", "application/citeproc+json"):
        return metadata.parse_csl_json(reply.text)
    if kind in ("application/x-bibtex", "text/x-bibtex", "text/bibliography") or reply.text.lstrip().startswith("@"):
        return metadata.parse_bibtex(reply.text)
    raise MalformedResponse(f"{host_of(reply.url)} answered {kind or 'an unknown type'} for DOI {doi}, "
                            "not CSL-JSON or BibTeX")


# --------------------------------------------------------------------------- the entry

def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def make_key(work: Work, taken: set[str]) -> str:
    """firstauthorlastnameYEARfirstword, lower-case ASCII; b, c... appended while it is taken.

    `taken` holds the page slugs of existing keys (keys differing only in case collide)."""
    family = work.authors[0].family if work.authors else "anonymous"
    name = re.sub(r"[^a-z0-9]", "", _ascii(family)) or "anonymous"
    words = [w for w in re.findall(r"[a-z0-9]+", _ascii(re.sub(r"\\[a-zA-Z]+", " ", work.title)))]
    word = next((w for w in words if w not in STOP_WORDS), words[0] if words else "")
    base = (name + (work.year or "") + word)[:70]
    for suffix in ("", *"bcdefghijklmnopqrstuvwxyz"):
        if slugify_key(base + suffix) not in taken:
            return base + suffix
    n = 2
    while slugify_key(f"{base}{n}") in taken:
        n += 1
    return f"{base}{n}"


def bib_value(text: str) -> str:
    """Prose for a braced BibTeX value: LaTeX specials escaped, unbalanced braces dropped."""
    text = _LATEX_SPECIAL.sub(r"\\\1", metadata.clean(text))
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            break
    return text if depth == 0 else text.replace("{", "").replace("}", "")


@dataclass
class Choices:
    """What the contributor decides: never fetched."""

    tags: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)
    evidence: str = ""


def entry_fields(work: Work, choices: Choices, today: dt.date) -> dict[str, str]:
    fields: dict[str, str] = {}
    if work.authors:
        fields["author"] = " and ".join(bib_value(a.bibtex) for a in work.authors)
    fields["title"] = bib_value(work.title)
    if work.year:
        fields["year"] = work.year
    if work.venue:
        fields[work.venue_field] = bib_value(work.venue)
    if work.arxiv:
        fields["eprint"] = work.arxiv
        fields["archiveprefix"] = "arXiv"
        if work.primary_class:
            fields["primaryclass"] = work.primary_class
    if work.doi:
        fields["doi"] = work.doi
    if work.url and not is_doi(work.url) and not parse_arxiv(work.url):
        fields["url"] = work.url
    for name, values in (("keywords", choices.tags), ("supports", choices.supports),
                         ("challenges", choices.challenges)):
        if values:
            fields[name] = ", ".join(values)
    if choices.evidence:
        fields["evidence"] = choices.evidence
    fields["added"] = today.isoformat()
    if work.abstract:
        fields["abstract"] = bib_value(work.abstract)
    return fields


def render_entry(entry_type: str, key: str, fields: dict[str, str]) -> str:
    raw = RawEntry(key=key, entry_type=entry_type, file="", line=0, fields=fields, field_lines={},
                   enclosing={name: "{" for name in fields}, order=list(fields))
    return format_entry(raw)


# --------------------------------------------------------------------------- the command

@dataclass
class Outcome:
    key: str
    file: str
    line: int
    text: str                                  # the entry as written (canonical style)
    reminders: list[str]
    warnings: list[Problem]
    written: bool


def _describe(pair) -> str:
    first = pair.first
    if pair.value:
        how = f"same {pair.what} {pair.value}"
    elif entry_year(pair.entry) == entry_year(first):
        how = "nearly the same title and year"
    else:
        how = f"nearly the same title ({entry_year(first)} there, {entry_year(pair.entry)} here)"
    return f"already in the library: `{first.key}` ({first.file}:{first.line}), {how}"


def _target(project: pipeline.Project, taxonomy: Taxonomy, choices: Choices, file: str | None) -> Path:
    if file:
        path = Path(file)
        path = path if path.is_absolute() else project.root / path
        path = path.resolve()
        if path.suffix != ".bib" or path.parent != project.references.resolve():
            raise UsageError(f"--file {file}: must be a .bib file directly in {_shown(project, project.references)}/")
        return path
    if not choices.tags:
        raise UsageError("give --tags (the first tag picks the file) or --file references/NAME.bib")
    first = choices.tags[0]
    if first not in taxonomy.tags:
        hint = did_you_mean(first, taxonomy.tags) or "see the tags in references/taxonomy.yml"
        raise UsageError(f"unknown tag `{first}` in --tags; {hint}")
    path = project.references / f"{taxonomy.tags[first].group}.bib"
    if not path.is_file():
        raise UsageError(f"no {_shown(project, path)} for tag group `{taxonomy.tags[first].group}`: "
                         "give --file references/NAME.bib")
    return path


def _shown(project: pipeline.Project, path: Path) -> str:
    try:
        return path.resolve().relative_to(project.root).as_posix()
    except ValueError:
        return path.as_posix()


def add(identifier: str, choices: Choices, *, project: pipeline.Project, file: str | None = None,
        dry_run: bool = False, client: Client | None = None, endpoints: Endpoints | None = None,
        today: dt.date | None = None) -> Outcome:
    """Everything `add` does; raises AddError, NetError or MalformedResponse, writing nothing then."""
    today = today or dt.date.today()
    ident = parse_identifier(identifier)
    endpoints = endpoints or Endpoints.from_env()
    result = pipeline.check(project, today=today)
    if result.taxonomy is None:
        raise AddError("references/taxonomy.yml cannot be read: run `python -m generators check`")
    target = _target(project, result.taxonomy, choices, file)
    shown = _shown(project, target)
    others = [e for e in result.loaded.entries if e.file != shown]

    probe_fields = {"eprint": ident.value} if ident.kind == "arxiv" else {"doi": ident.value} if ident.kind == "doi" else {}
    if probe_fields:                            # refuse a known id before any network use
        probe = RawEntry("\x00new", "misc", "", 0, probe_fields, {}, {}, list(probe_fields))
        _refuse_known(result.loaded.entries, probe)

    own_client = client is None
    client = client or Client()
    try:
        work = fetch(ident, client, endpoints)
    finally:
        if own_client:
            client.close()
    if ident.kind == "doi" and not work.doi:
        work.doi = ident.value
    if _ARXIV_DOI.match(normalize_doi(identifier)) and not work.doi:
        work.doi = normalize_doi(identifier)

    taken = {slugify_key(e.key) for e in result.loaded.entries}
    key = make_key(work, taken)
    entry_text = render_entry(work.entry_type, key, entry_fields(work, choices, today))
    old_text = target.read_text(encoding="utf-8") if target.exists() else ""
    new_text = (old_text.rstrip("\n") + "\n\n" if old_text.strip() else "") + entry_text
    source = load_text(new_text, shown)
    new_entry = next((e for e in source.entries if e.key == key), None)
    if new_entry is None or len(source.entries) != len([e for e in result.loaded.entries if e.file == shown]) + 1:
        raise AddError(f"internal error: the new entry does not parse back from {shown}; nothing written")

    _refuse_known(result.loaded.entries, new_entry)
    problems = [p for p in validate(others + source.entries, result.taxonomy, today) if p.key == key]
    reminder_messages = {f"missing field `{name}`" for name in REMINDER_FIELDS}
    errors = [p for p in problems if p.is_error and p.message not in reminder_messages]
    if errors:
        raise AddError("not added: " + "; ".join(f"{p.message}" + (f" ({p.hint})" if p.hint else "") for p in errors))
    reminders = []
    if "summary" not in new_entry.fields:
        reminders.append(f"write the `summary` of {key}: two to five sentences in your own words "
                         "(what was done, what it shows)")
    if not choices.supports and not choices.challenges:
        reminders.append("choose claims: add `supports` and/or `challenges` with claim ids from "
                         "references/taxonomy.yml (none means the work is context)")
    warnings = [p for p in problems if not p.is_error]

    if not dry_run:
        atomic_write(target, new_text)
    return Outcome(key, shown, new_entry.line, entry_text, reminders, warnings, not dry_run)


# A preprint and its proceedings version can be two years apart (arXiv 2022, ICLR 2024).
ADD_YEARS_APART = 2


def _refuse_known(entries: list[RawEntry], new: RawEntry) -> None:
    for pair in same_work(entries + [new], years_apart=ADD_YEARS_APART):
        if pair.entry is new:
            raise AddError(_describe(pair))


HELP_EPILOG = """\
examples:
  python -m generators add 2401.05566 --tags backdoors deception --supports persists-through-training \\
      --evidence lab-demonstration
  python -m generators add https://doi.org/10.1162/artl_a_00319 --tags specification-gaming --dry-run
  python -m generators add https://www.lesswrong.com/posts/... --tags deception --file references/deception.bib

environment:
  ARXIV_API_URL      arXiv API (default https://export.arxiv.org/api/query)
  CROSSREF_API_URL   Crossref REST API (default https://api.crossref.org/works)
  DOI_RESOLVER_URL   DOI resolver for content negotiation (default https://doi.org)
  MET_HTTP_TIMEOUT, MET_HTTP_CONNECT_TIMEOUT, MET_HTTP_RETRIES, MET_HTTP_BACKOFF, MET_HTTP_MAX_WAIT
                     read/connect timeouts, retries and backoff (seconds); see docs/contributing.md
"""


def ids(values: list[str] | None) -> list[str]:
    """`--tags a b`, `--tags a,b` and repeated options all give ['a', 'b']."""
    out: list[str] = []
    for value in values or []:
        out += [v for v in split_ids(value) if v not in out]
    return out


def main(args) -> int:
    """The CLI edge: one-line errors on stderr, exit 1 (or 2 for a wrong command line), never a traceback."""
    import sys

    choices = Choices(ids(args.tags), ids(args.supports), ids(args.challenges), (args.evidence or "").strip())
    try:
        project = pipeline.Project.at(args.root, args.references)
        outcome = add(args.identifier, choices, project=project, file=args.file, dry_run=args.dry_run)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (AddError, NetError, MalformedResponse) as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 1
    sys.stdout.write(outcome.text)
    where = f"{outcome.file}:{outcome.line}"
    if outcome.written:
        print(f"added `{outcome.key}` to {where}", file=sys.stderr)
    else:
        print(f"dry run: `{outcome.key}` would go to {where}; nothing was written", file=sys.stderr)
    for problem in outcome.warnings:
        print(f"warning: {problem.message}" + (f" ({problem.hint})" if problem.hint else ""), file=sys.stderr)
    for reminder in outcome.reminders:
        print(f"reminder: {reminder}", file=sys.stderr)
    return 0
