"""The review as a web of evidence: source pages, backlinks, map, metadata and downloads, checked against the
data read independently (plain PyYAML and pybtex), not through the generator's own loaders."""

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from pybtex.database import parse_file, parse_string

from harness import ROOT

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def site(real_review):
    return real_review


@pytest.fixture(scope="module")
def library():
    entries = {}
    for path in sorted((ROOT / "bibliography").glob("*.bib")):
        entries.update(parse_file(str(path), "bibtex").entries)
    return entries


@pytest.fixture(scope="module")
def findings():
    items = []
    for path in sorted((DATA / "findings").glob("*.yml")):
        items += yaml.safe_load(path.read_text(encoding="utf-8"))["findings"]
    return items


def page_of(site, url: str) -> Path:
    """The HTML file behind a site URL (relative to the site root)."""
    path = urlsplit(url).path
    return site.site_dir / (path + "index.html" if path.endswith("/") or path == "" else path)


def resolve(from_url: str, href: str) -> str:
    return urljoin("https://site.invalid/" + from_url, href)[len("https://site.invalid/"):]


def test_every_library_entry_has_exactly_one_page(site, library):
    pages = sorted(p.parent.name for p in (site.site_dir / "sources").glob("*/index.html"))
    assert pages == sorted(library)
    for key, entry in library.items():
        page = site.html(f"sources/{key}/index.html")
        assert page.select_one("h1").get_text(strip=True) == entry.fields["title"].replace("{", "").replace(
            "}", "").replace("\\&", "&").replace("--", "–")


def test_every_citation_links_to_an_existing_source_page(site, library):
    links = 0
    for html in site.site_dir.rglob("*.html"):
        if html.relative_to(site.site_dir).as_posix().startswith("print/"):
            continue  # the print version keeps its links inside itself
        url = html.relative_to(site.site_dir).as_posix().removesuffix("index.html")
        for link in site.html(html.relative_to(site.site_dir).as_posix()).select("a.review-cite__link"):
            target = resolve(url, link["href"])
            assert re.fullmatch(r"sources/[^/]+/", target), target
            assert page_of(site, target).is_file()
            assert target.split("/")[1] == link["data-key"] and link["data-key"] in library
            links += 1
    assert links > 30


def test_cited_in_lists_equal_the_citations_on_the_pages(site, library):
    """Read every citation anchor of every chapter, then compare with each source page's "Cited in" list."""
    expected: dict[str, set[str]] = {key: set() for key in library}
    for html in site.site_dir.rglob("*.html"):
        relative = html.relative_to(site.site_dir).as_posix()
        if relative.startswith(("sources/", "print/")):
            continue
        url = relative.removesuffix("index.html")
        for span in site.html(relative).select("span.review-cite[id]"):
            for link in span.select("a.review-cite__link"):
                expected[link["data-key"]].add(f"{url}#{span['id']}")
    for key in library:
        page = site.html(f"sources/{key}/index.html")
        listed = {resolve(f"sources/{key}/", a["href"]) for a in page.select("ul.review-source__cited-in a")}
        assert listed == expected[key], key
        for target in listed:
            path, anchor = target.split("#")
            assert site.html(page_of(site, path).relative_to(site.site_dir).as_posix()).find(id=anchor)


def test_findings_a_source_supports_are_listed_and_resolve(site, findings):
    supported = Counter(ref["key"] for finding in findings for ref in finding["sources"])
    for key, count in supported.items():
        links = site.html(f"sources/{key}/index.html").select("ul.review-source__findings a")
        assert len(links) == count
        for link in links:
            path, anchor = resolve(f"sources/{key}/", link["href"]).split("#")
            assert site.html(page_of(site, path).relative_to(site.site_dir).as_posix()).find(id=anchor)


def test_map_counts_equal_the_data(site, findings):
    vocabulary = yaml.safe_load((DATA / "vocabulary.yml").read_text(encoding="utf-8"))
    page = site.html("evidence/map/index.html")
    table = page.select_one("table.review-map")
    levels = [term["id"] for term in vocabulary["levels"]]
    shades: list[tuple[int, int]] = []
    for area, row in zip(vocabulary["areas"], table.select("tbody tr"), strict=True):
        assert row.th.get_text() == area["label"]
        for level, cell in zip(levels, row.select("td"), strict=True):
            chosen = [f for f in findings if f["area"] == area["id"] and level in f["levels"]]
            if not chosen:
                assert "review-map__gap" in cell["class"] and "No findings" in cell.get_text()
                continue
            sources = {ref["key"] for f in chosen for ref in f["sources"]}
            link = cell.select_one("a.review-map__open")
            assert link.select_one(".review-map__sources").get_text() == \
                f"{len(sources)} source" + ("s" if len(sources) != 1 else "")
            assert link.select_one(".review-map__findings").get_text() == \
                f"{len(chosen)} finding" + ("s" if len(chosen) != 1 else "")
            summary = link["data-summary"]
            assert summary.startswith(f"{len(chosen)} finding") and f"from {len(sources)} source" in summary
            for direction, count in Counter(f["direction"] for f in chosen).items():
                assert f"{direction.capitalize()} {count}" in summary, summary
                assert f"{direction.capitalize()} {count}" in link.select_one(".review-map__split").get_text()
            # The shade encodes the volume: more sources never gets a lighter shade.
            shade = int(next(c for c in cell["class"] if "--volume-" in c).rsplit("-", 1)[1])
            shades.append((len(sources), shade))
            # Without JavaScript the link leads to the area's list, where each of the cell's findings is once.
            listed = page.select_one(link["href"]).select(f"li[data-level~='{level}']")
            assert sorted(li["data-finding"] for li in listed) == sorted(f["id"] for f in chosen)
    assert sorted(shades) == sorted(shades, key=lambda pair: (pair[1], pair[0])), shades
    listed_once = [li["data-finding"] for li in page.select("section.review-map__area li")]
    assert sorted(listed_once) == sorted(f["id"] for f in findings), "each finding is listed once below the map"


def test_downloads_parse_back_and_match_the_data(site, library, findings):
    downloads = site.site_dir / "downloads"
    bib = parse_string((downloads / "library.bib").read_text(encoding="utf-8"), "bibtex")
    assert set(bib.entries) == set(library)
    for key, entry in library.items():
        assert bib.entries[key].fields["title"] == entry.fields["title"]
        assert [str(p) for p in bib.entries[key].persons.get("author", [])] == \
               [str(p) for p in entry.persons.get("author", [])]
    csl = json.loads((downloads / "library.json").read_text(encoding="utf-8"))
    assert {item["id"] for item in csl} == set(library)
    tjonneland = next(item for item in csl if item["id"] == "tjonneland2016")
    assert tjonneland["author"][0] == {"family": "Tjønneland", "given": "Elling N."}
    assert tjonneland["issued"] == {"date-parts": [[2016, 1]]} and tjonneland["type"] == "report"
    ris = (downloads / "library.ris").read_text(encoding="utf-8")
    records = [r for r in ris.split("ER  - ") if r.strip()]
    assert len(records) == len(library)
    assert all(re.search(r"^TY  - \w+$", r, re.M) and re.search(r"^TI  - .+$", r, re.M) for r in records)
    exported = json.loads((downloads / "findings.json").read_text(encoding="utf-8"))
    assert [f["id"] for f in exported] == [f["id"] for f in findings]
    for mine, theirs in zip(exported, findings, strict=True):
        assert mine["statement"] == theirs["statement"] and mine["levels"] == theirs["levels"]
        assert [s["key"] for s in mine["sources"]] == [s["key"] for s in theirs["sources"]]
    rows = list(csv.DictReader(io.StringIO((downloads / "findings.csv").read_text(encoding="utf-8-sig"))))
    assert [row["id"] for row in rows] == [f["id"] for f in findings]
    records_data = yaml.safe_load((DATA / "sources.yml").read_text(encoding="utf-8"))
    sources = json.loads((downloads / "sources.json").read_text(encoding="utf-8"))
    assert [s["key"] for s in sources] == list(records_data)
    assert all(s["provenance"] == records_data[s["key"]]["provenance"] for s in sources)
    per_source = parse_string((site.site_dir / "sources/lough2016/lough2016.bib").read_text(), "bibtex")
    assert list(per_source.entries) == ["lough2016"]


def test_source_pages_carry_highwire_json_ld_and_coins(site, library):
    for key, entry in library.items():
        page = site.html(f"sources/{key}/index.html")
        meta = {}
        for tag in page.select("head meta[name^=citation_]"):
            meta.setdefault(tag["name"], []).append(tag["content"])
        assert meta["citation_title"] == [page.select_one("h1").get_text(strip=True)]
        assert len(meta.get("citation_author", [])) == len(entry.persons.get("author", []))
        assert meta.get("citation_publication_date") == ([entry.fields["year"]] if "year" in entry.fields else None)
        (ld,) = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
        assert ld["@context"] == "https://schema.org" and ld["name"] == meta["citation_title"][0]
        coins = page.select_one("span.Z3988")["title"]
        assert coins.startswith("ctx_ver=Z39.88-2004") and "rft.btitle=" in coins or "rft.atitle=" in coins


def test_chapters_carry_metadata_and_a_cite_this_page_block(site):
    page = site.html("review/partner-learning/index.html")
    assert page.select_one('meta[name="citation_title"]')["content"].startswith("Partner learning")
    (ld,) = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    assert ld["@type"] == "WebPage" and ld["about"]["@type"] == "Report"
    assert ld["about"]["author"] == [{"@type": "Person", "familyName": "Allum", "givenName": "Cliff",
                                      "name": "Cliff Allum"}]
    block = page.select_one("details.review-cite-page")
    assert "Partner learning" in block.select_one("p").get_text()
    bibtex = parse_string(block.select_one("pre code").get_text(), "bibtex")
    (entry,) = bibtex.entries.values()
    assert entry.type == "online" and entry.fields["title"].startswith("Partner learning")


def test_sources_index_timeline_and_findings_index_are_complete(site, library, findings):
    records = yaml.safe_load((DATA / "sources.yml").read_text(encoding="utf-8"))
    index = site.html("evidence/sources/index.html")
    rows = index.select("#review-sources-index tbody tr")
    assert sorted(row["id"].removeprefix("index-") for row in rows) == sorted(records)
    for row in rows:
        assert row["data-type"] == records[row["id"].removeprefix("index-")]["document_type"]
    assert index.select_one("div.review-filter").has_attr("hidden"), "filters only appear with JavaScript"
    timeline = site.html("evidence/timeline/index.html").select(".review-timeline a")
    assert sorted(resolve("evidence/timeline/", a["href"]).split("/")[1] for a in timeline) == sorted(library)
    anchors = {tr["id"] for tr in site.html("evidence/findings/index.html").select("tr[id^=finding-]")}
    assert anchors == {f"finding-{f['id']}" for f in findings}
