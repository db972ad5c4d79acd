"""A synthetic review of N sources, in the project's own formats, for the benchmark.

N BibTeX entries (accented names in LaTeX and UTF-8, corporate authors, five entry types, some without a year),
N/10 chapters of about 1,500 words that cite them in both syntaxes with locators, one record per entry,
3N findings, a vocabulary, and the evidence pages (map, findings, sources, timeline, bibliography, downloads).
Deterministic for a given N and seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SURNAMES = ["Tjønneland", r"Garc\'{\i}a", r"M{\o}ller", r"\"{O}zdemir", r"\v{S}koda", "Helland", "Kruse",
            "Borchgrevink", "Skard", "Ingdal", "Mussa", "Lough", "Allum", "Espe", "Norbakk", "Okafor", "Nguyen"]
GIVEN = ["Elling N.", "Ana", "Jens", "Ayşe", "Petr", "Johan", "Stein-Erik", "Axel", "Torild", "Nora", "Mohammed"]
CORPORATE = ["{FK Norway}", "{Norad Evaluation Department}", "{Norec (Norwegian Agency for Exchange Cooperation)}"]
WORDS = ("exchange partner learning organisation participant hosting programme evaluation capacity network "
         "reciprocity youth senior health private sector community society return recruitment support policy "
         "system process leadership values knowledge institution review evidence model direction").split()
AREAS = ["history", "organisations", "partners", "participants", "retention", "systems"]
LEVELS = ["individual", "partner", "community"]
PROGRAMMES = ["north-south", "south-south", "youth", "senior", "health", "private-sector"]
TYPES = ["evaluation", "study", "annual-report", "report", "presentation", "discussion-paper", "review"]
DIRECTIONS = ["enabler", "barrier", "mixed", "context"]
COUNTRIES = {"NO": "Norway", "TZ": "Tanzania", "TH": "Thailand", "UG": "Uganda", "ZA": "South Africa",
             "KH": "Cambodia", "KE": "Kenya", "MG": "Madagascar", "MW": "Malawi", "NP": "Nepal", "ET": "Ethiopia"}
BASE_CONFIG = """site_name: Synthetic review of {n} sources
strict: true
theme:
  name: material
  font: false
  features: [content.tooltips, navigation.sections, navigation.prune]
markdown_extensions:
  - attr_list
  - toc:
      permalink: true
"""


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate(folder: Path, n: int, seed: int = 1) -> dict:
    """Write the review into ``folder``; return what the runner needs to know of it."""
    rng = random.Random(seed)
    keys = [f"src{i:05d}" for i in range(n)]
    (folder / "bibliography").mkdir(parents=True)
    (folder / "data" / "findings").mkdir(parents=True)
    (folder / "docs" / "chapters").mkdir(parents=True)
    (folder / "docs" / "evidence").mkdir(parents=True)

    entries = []
    for i, key in enumerate(keys):
        kind = ["techreport", "report", "misc", "article", "book"][i % 5]
        author = CORPORATE[i % 3] if i % 4 == 0 else " and ".join(
            f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}" for _ in range(1 + i % 4))
        fields = {"author": author, "title": sentence(rng, 8)[:-1]}
        if i % 20:
            fields["year"] = str(1990 + i % 31)
        fields.update({"techreport": {"institution": "Nordic Consulting Group", "number": f"{i}/2016",
                                      "type": "Evaluation Report"},
                       "report": {"institution": "FK Norway", "type": "Annual report"},
                       "misc": {"howpublished": "Presentation"},
                       "article": {"journal": "Journal of Volunteering", "volume": str(i % 40), "pages": "1--20"},
                       "book": {"publisher": "Example Press"}}[kind])
        fields["url"] = f"https://example.org/documents/{key}"
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        entries.append(f"@{kind}{{{key},\n{body}\n}}\n")
    (folder / "bibliography" / "library.bib").write_text("\n".join(entries), encoding="utf-8")

    chapters = max(1, n // 10)
    vocabulary = ["areas:"]
    for index, area in enumerate(AREAS):
        vocabulary += [f"  - id: {area}", f"    label: Area {area}", f"    chapter: chapters/c{index % chapters:04d}.md"]
    for kind, ids in (("levels", LEVELS), ("programmes", PROGRAMMES), ("document_types", TYPES),
                      ("directions", DIRECTIONS)):
        vocabulary.append(f"{kind}:")
        vocabulary += [line for id in ids for line in (f"  - id: {id}", f"    label: {id.replace('-', ' ').title()}")]
    used_countries = {list(COUNTRIES)[i % 11] for i in range(n) if i % 9}  # only what the records use
    vocabulary.append("countries:")
    vocabulary += [line for code, name in COUNTRIES.items() if code in used_countries
                   for line in (f"  - id: {code}", f"    label: {name}")]
    (folder / "data" / "vocabulary.yml").write_text("\n".join(vocabulary) + "\n", encoding="utf-8")

    records = []
    for i, key in enumerate(keys):
        records += [f"{key}:", f"  document_type: {TYPES[i % len(TYPES)]}",
                    f"  programmes: [{PROGRAMMES[i % 6]}, {PROGRAMMES[(i + 1) % 6]}]" if i % 7 else "  programmes: null",
                    f"  countries: [{list(COUNTRIES)[i % 11]}]" if i % 9 else "  countries: null",
                    "  period: 2006–2015" if i % 3 else "  period: null", f"  method: {sentence(rng, 10)}",
                    "  commissioner: null", f"  summary: {sentence(rng, 24)}", "  review_relation: in-scope",
                    "  provenance:", f"    - url: https://example.org/facts/{key}", "      facts: title, year"]
    (folder / "data" / "sources.yml").write_text("\n".join(records) + "\n", encoding="utf-8")

    for area in AREAS:
        lines = ["findings:"]
        for number in range(3 * n // len(AREAS)):
            refs = [rng.choice(keys) for _ in range(1 + number % 3)]
            lines += [f"  - id: {area}-{number:05d}", f"    statement: {sentence(rng, 18)}", f"    area: {area}",
                      f"    levels: [{LEVELS[number % 3]}]", f"    direction: {DIRECTIONS[number % 4]}",
                      f"    programmes: [{PROGRAMMES[number % 6]}]", "    sources:"]
            for ref in dict.fromkeys(refs):
                lines += [f"      - key: {ref}", f"        locator: p. {1 + number % 90}"]
        (folder / "data" / "findings" / f"{area}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    nav = ["nav:", "  - Home: index.md", "  - Chapters:"]
    for c in range(chapters):
        own = keys[c * 10:(c + 1) * 10] or [rng.choice(keys)]
        text = [f"# Chapter {c}", ""]
        for section in range(5):
            text += [f"## Section {section} {{#section-{section}}}", ""]
            for paragraph in range(3):
                for _ in range(6):
                    key = own[(paragraph + section) % len(own)] if rng.random() < 0.6 else rng.choice(keys)
                    form = rng.random()
                    cite = (f"[@{key}, p. {rng.randint(1, 99)}]" if form < 0.4 else
                            f"[see @{key}; @{rng.choice(keys)}]" if form < 0.6 else
                            f"@{key} [ch. {rng.randint(1, 9)}]" if form < 0.8 else
                            f'{{{{ cite("{key}", page="{rng.randint(1, 99)}") }}}}')
                    text.append(f"{sentence(rng, 14)[:-1]} {cite}.")
                text.append("")
        (folder / "docs" / "chapters" / f"c{c:04d}.md").write_text("\n".join(text), encoding="utf-8")
    group = 100  # chapters per navigation section
    for start in range(0, chapters, group):
        nav.append(f"      - Part {start // group + 1}:")
        nav += [f"          - Chapter {c}: chapters/c{c:04d}.md" for c in range(start, min(start + group, chapters))]
    views = {"map": "evidence_map", "findings": "findings_index", "sources": "sources_index",
             "timeline": "timeline", "bibliography": "bibliography", "downloads": "downloads"}
    nav.append("  - Evidence:")
    for name, macro in views.items():
        (folder / "docs" / "evidence" / f"{name}.md").write_text(f"# {name.title()}\n\n{{{{ {macro}() }}}}\n")
        nav.append(f"      - {name.title()}: evidence/{name}.md")
    (folder / "docs" / "index.md").write_text("# Synthetic review\n\nA benchmark review.\n", encoding="utf-8")
    config = BASE_CONFIG.format(n=n) + "\n".join(nav) + "\n"
    (folder / "floor.yml").write_text(config + "extra_css: [assets/review/review.css]\n"
                                      "extra_javascript: [assets/review/review.js]\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config + """plugins:
  - search
  - review:
      print_pages: [index.md]
  - macros:
      module_name: macros
      on_undefined: strict
      on_error_fail: true
      j2_comment_start_string: "{##"
      j2_comment_end_string: "##}"
""", encoding="utf-8")
    # The review's own macro module, as every review has one (it connects the generator to mkdocs-macros).
    (folder / "macros").mkdir(exist_ok=True)
    (folder / "macros" / "__init__.py").write_text(
        "from review_publisher.mkdocs.macros_module import connect\n\n\ndef define_env(env):\n    connect(env)\n",
        encoding="utf-8")
    return {"n": n, "chapters": chapters, "findings": 3 * n // len(AREAS) * len(AREAS)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", type=int, default=100)
    arguments = parser.parse_args()
    print(generate(arguments.folder, arguments.n))


if __name__ == "__main__":
    main()
