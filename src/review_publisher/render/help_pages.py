"""Macros for the contributors' pages, generated from the code so they can never fall out of date."""

from __future__ import annotations

from review_publisher.content.page_source import FRONT_MATTER_KEYS
from review_publisher.diagnostics import catalogue_rows
from review_publisher.gates.allow_list import (
    ALLOWED_TAGS,
    GENERIC_PREFIXES,
    GLOBAL_ATTRIBUTES,
    STYLE_PROPERTIES,
    TAG_ATTRIBUTES,
    URL_ATTRIBUTES,
    URL_SCHEMES,
)
from review_publisher.render.addresses import message_anchor
from review_publisher.render.html import block, element, escape, inline_code


def diagnostic_ids(context: object) -> str:
    """A table of every diagnostic id: what it means and what to do about it."""
    rows = []
    for id, severity, summary, fix in catalogue_rows():
        rows.append(element("tr",
                            element("th", element("code", escape(id)), scope="row", id=message_anchor(id))
                            + element("td", escape(severity))
                            + element("td", inline_code(summary))
                            + element("td", inline_code(fix))))
    head = element("tr", "".join(element("th", label, scope="col")
                                 for label in ("Id", "Severity", "What it means", "What to do")))
    table = element("table",
                    element("caption", "Every message the build and review check can give")
                    + element("thead", head, data_search_exclude="") + element("tbody", "".join(rows)),
                    class_="review-diagnostics")
    return block(table)


def macro_example(context: object, text: str, inline: bool = False, title: str | None = None) -> str:
    """Show macro syntax to readers without running it: ``{{ macro_example('{{ cite("a") }}') }}``.

    The braces are written as HTML entities, so the text is never a template again and the build's check for
    leftover ``{{`` stays meaningful.
    """
    code = element("code", escape(text))
    if inline:
        return code
    caption = element("p", element("strong", "File " + element("code", escape(title))), class_="review-file-name") \
        if title else ""
    return block(caption + element("pre", code, class_="review-macro-example"))


def allow_lists(context: object) -> str:
    """The allow-lists of HTML in pages and of front-matter keys, read from the code that enforces them."""
    def codes(names) -> str:
        return ", ".join(element("code", escape(name)) for name in sorted(names))

    per_tag = "".join(element("li", element("code", escape(f"<{tag}>")) + ": " + codes(names))
                      for tag, names in sorted(TAG_ATTRIBUTES.items()))
    items = [
        element("dt", "Elements") + element("dd", codes(ALLOWED_TAGS)),
        element("dt", "Attributes of any allowed element")
        + element("dd", codes(GLOBAL_ATTRIBUTES) + ", and any attribute starting with "
                  + codes(GENERIC_PREFIXES)),
        element("dt", "Attributes of some elements") + element("dd", element("ul", per_tag)),
        element("dt", "Address schemes in " + codes(URL_ATTRIBUTES))
        + element("dd", codes(URL_SCHEMES) + ", or a relative address"),
        element("dt", "Style properties") + element("dd", codes(STYLE_PROPERTIES)),
        element("dt", "Front-matter keys") + element("dd", codes(FRONT_MATTER_KEYS)),
    ]
    return block(element("dl", "".join(items), class_="review-allow-lists"))
