"""Misalignment Evidence Tracker: turn a BibTeX library into a tagged MkDocs site.

Data flows one way: load -> validate -> model -> render. The core knows nothing of
MkDocs; `generators.mkdocs_hook` plugs it into a build and `generators.cli` into a shell.
"""

__version__ = "0.1.0"
