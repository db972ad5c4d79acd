"""review_publisher: publish an evidence review (Markdown chapters, a BibTeX library, YAML evidence) as a
cross-linked, searchable static site.

The pipeline, one subpackage a step: ``library`` and ``evidence`` load and check what the review holds;
``content`` reads its pages; ``gates`` refuse what is not data; ``render`` and ``exports`` turn data into HTML and
files; ``mkdocs`` is the only code that knows the site engine.
"""

__version__ = "0.2.0"
