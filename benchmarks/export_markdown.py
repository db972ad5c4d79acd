"""A MkDocs hook for the benchmark: writes every page's Markdown, as the review plugin rendered it, below
``floor-docs/`` beside mkdocs.yml. Those files, built by MkDocs and Material alone, are the floor the benchmark
compares the review's build with. (It lives here, not in the generator: production builds never write it.)"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-100)  # after the review plugin and mkdocs-macros
def on_page_markdown(markdown, page, config, files):
    target = Path(config.config_file_path).parent / "floor-docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    title = f"---\ntitle: {json.dumps(str(page.meta['title']))}\n---\n\n" if page.meta.get("title") else ""
    target.write_text(title + markdown, encoding="utf-8")
    return markdown
