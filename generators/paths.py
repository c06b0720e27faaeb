"""Output paths and page URLs: everything written stays inside the output folder."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath


class UnsafePathError(ValueError):
    pass


# Names of safe characters, none starting with a dot, joined by single slashes: a path already
# in normal form (what the builders produce), accepted without building a PurePosixPath.
_PLAIN_RELATIVE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*")


def check_relative(rel: str) -> str:
    """A normalised relative POSIX path, or UnsafePathError if it could leave its root."""
    if _PLAIN_RELATIVE.fullmatch(rel):
        return rel
    return _normalised(rel)


def _normalised(rel: str) -> str:
    if not rel or "\x00" in rel or "\\" in rel:
        raise UnsafePathError(f"unsafe output path {rel!r}")
    pure = PurePosixPath(rel)
    if pure.is_absolute() or not pure.parts or any(part in ("..", "") or part.startswith(".") for part in pure.parts):
        raise UnsafePathError(f"unsafe output path {rel!r}")
    return pure.as_posix()


def safe_join(root: Path, rel: str) -> Path:
    root = root.resolve()
    target = (root / check_relative(rel)).resolve()
    if target != root and root not in target.parents:
        raise UnsafePathError(f"output path {rel!r} leaves {root}")
    return target


def page_url(src_path: str) -> str:
    """'papers/x.md' -> 'papers/x/', 'tags/index.md' -> 'tags/', 'index.md' -> '' (directory URLs)."""
    if not src_path.endswith(".md"):
        return src_path
    stem = src_path[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(target: str, base: str) -> str:
    """URL of `target` (site-relative) as seen from the page whose URL is `base`."""
    is_dir = target == "" or target.endswith("/")
    to = [p for p in target.split("/") if p]
    here = [p for p in base.split("/") if p]
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    rel = "/".join([".."] * (len(here) - common) + to[common:])
    if not rel:
        return "./"
    return rel + "/" if is_dir else rel


# A tag and a claim may share an id (reward-hacking is both): their downloads keep their folder
# in the name a browser saves them under, so that saving both gives two telling names.
_DOWNLOAD_PREFIX = {"claims": "claim-", "tags": "tag-"}


def download_name(path: str) -> str:
    """The file name for `path`'s `download` attribute: 'downloads/claims/x.bib' -> 'claim-x.bib'."""
    folder, _, name = path.rpartition("/")
    return _DOWNLOAD_PREFIX.get(folder.rpartition("/")[2], "") + name
