"""The evidence macros: ``findings``, ``finding`` and ``sources_table``, and the checks of their arguments.

Arguments are checked when the pages are scanned, before anything is rendered, so an unknown filter value is
a located error (page and line) with the valid choices, never an empty table.
"""

from __future__ import annotations

from review_publisher.content.context import MacroContext
from review_publisher.evidence.model import SINGULAR, Evidence
from review_publisher.page_macros.citation_macros import source_link
from review_publisher.render.evidence_tables import SourceLinks, finding_table, findings_table
from review_publisher.render.evidence_tables import sources_table as sources_table_html

# For each macro, which keyword filters it takes and which vocabulary their values come from.
FILTERS = {
    "findings": {"area": "areas", "level": "levels", "direction": "directions", "programme": "programmes"},
    "sources_table": {"type": "document_types", "programme": "programmes"},
}


def check_arguments(name: str, kwargs: dict, evidence: Evidence) -> list[str]:
    """Problems with the values given to an evidence macro, by argument name (names are checked elsewhere)."""
    problems = []
    if not evidence.present:
        return [f"{name}() needs the review's data folder, and this review has none"]
    for option, value in kwargs.items():
        kind = FILTERS.get(name, {}).get(option)
        if kind and not isinstance(value, str):
            problems.append(f"{name}({option}=...): give one {SINGULAR[kind]} as quoted text, such as "
                            f"{option}=\"{next(iter(sorted(evidence.vocabulary[kind])), 'an-id')}\"")
        elif kind and value not in evidence.vocabulary[kind]:
            choices = ", ".join(sorted(evidence.vocabulary[kind]))
            problems.append(f"{name}({option}={value!r}): no such {SINGULAR[kind]}; "
                            f"the choices are: {choices}")
    if name == "finding" and not isinstance(kwargs.get("id"), str):
        problems.append("finding(...): give the finding's id as quoted text, such as finding(\"an-id\")")
    elif name == "finding" and evidence.finding(str(kwargs["id"])) is None \
            and kwargs["id"] not in evidence.invalid_findings:
        problems.append(f"finding({kwargs['id']!r}): no finding has this id")
    return problems


def select_findings(evidence: Evidence, area=None, level=None, direction=None, programme=None) -> list:
    """The findings that match every filter given, in the order of the data."""
    return [f for f in evidence.findings
            if (area is None or f.area == area) and (level is None or level in f.levels)
            and (direction is None or f.direction == direction) and (programme is None or programme in f.programmes)]


def select_sources(evidence: Evidence, library_keys, type=None, programme=None) -> list[str]:
    """The keys of the source records that match every filter given."""
    return [key for key, record in evidence.records.items() if key in library_keys
            and (type is None or record.get("document_type") == type)
            and (programme is None or programme in (record.get("programmes") or []))]


def keys_shown(name: str, kwargs: dict, evidence: Evidence, library_keys) -> list[str]:
    """The source keys a table macro will show, known before rendering, so the page can list their references."""
    if name == "findings":
        return [ref.key for f in select_findings(evidence, **kwargs) for ref in f.sources]
    if name == "finding":
        found = evidence.finding(str(kwargs["id"]))
        return [ref.key for ref in found.sources] if found else []
    if name == "sources_table":
        return select_sources(evidence, library_keys, **kwargs)
    return []


def _links(context: MacroContext) -> SourceLinks:
    project = context.project
    return SourceLinks(project.formatted, project.facts, lambda key: source_link(context, key), context.unique_id,
                        context.card_for)


# How a table's caption says what it holds: "Findings on partner learning, coded barrier".
_PHRASES = {"area": "on {}", "level": "concerning the level “{}”", "direction": "coded “{}”",
            "programme": "in the programme “{}”", "type": "of the kind “{}”"}


def _describe(evidence: Evidence, filters: dict) -> str:
    """The filters of a table in words, for its caption."""
    kinds = FILTERS["findings"] | FILTERS["sources_table"]
    return ", ".join(_PHRASES[option].format(evidence.label(kinds[option], value)) for option, value in filters.items())


def findings(context: MacroContext, area: str | None = None, level: str | None = None,
             direction: str | None = None, programme: str | None = None) -> str:
    """A table of the findings that match every filter given."""
    evidence = context.project.evidence
    chosen = select_findings(evidence, area, level, direction, programme)
    filters = {k: v for k, v in dict(area=area, level=level, direction=direction, programme=programme).items() if v}
    caption = "Findings" + (f" {_describe(evidence, filters)}" if filters else "")
    return findings_table(chosen, evidence, _links(context), context.unique_id, caption, show_area=area is None)


def finding(context: MacroContext, id: str) -> str:
    """One finding, with its area, levels, direction and sources."""
    evidence = context.project.evidence
    return finding_table(evidence.finding(id), evidence, _links(context), context.unique_id)


def sources_table(context: MacroContext, type: str | None = None, programme: str | None = None) -> str:
    """A table of the sources that match every filter given."""
    project = context.project
    evidence = project.evidence
    keys = select_sources(evidence, project.formatted, type, programme)
    filters = {k: v for k, v in dict(type=type, programme=programme).items() if v}
    caption = "Sources" + (f" {_describe(evidence, filters)}" if filters else "")
    return sources_table_html(keys, evidence, project.formatted, _links(context), context.unique_id, caption)
