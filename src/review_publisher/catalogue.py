"""The catalogue of every diagnostic id: what it means and what a contributor should do about it.

The ids are a contract with contributors; the page *Build messages* is generated from this table, so an id can
never be used without being documented (a Diagnostic with an id not listed here cannot be made).
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # worth knowing, never a reason to stop a build (not even a strict one)


@dataclass(frozen=True)
class DiagnosticKind:
    """What an id means and what a contributor should do about it."""

    id: str
    severity: str
    summary: str
    fix: str


def _kinds(*kinds: DiagnosticKind) -> dict[str, DiagnosticKind]:
    return {kind.id: kind for kind in kinds}


CATALOGUE: dict[str, DiagnosticKind] = _kinds(
    DiagnosticKind(
        "config.invalid", ERROR,
        "A setting of the review in mkdocs.yml is missing or wrong.",
        "Correct the setting named in the message; the message lists the valid choices.",
    ),
    DiagnosticKind(
        "config.theme_without_head", WARNING,
        "The theme's templates have no closing </head>, which is where each page's scholarly metadata (citation "
        "tags for reference managers, Open Graph, JSON-LD) is written: the pages are published without it.",
        "Keep a literal </head> in the head of your theme's base template (a custom_dir override of base.html), "
        "or remove the override.",
    ),
    DiagnosticKind(
        "file.not_utf8", ERROR,
        "A Markdown, YAML or BibTeX file is not saved as UTF-8 text.",
        "Open the file in your editor and save it again with the encoding UTF-8.",
    ),
    DiagnosticKind(
        "file.control_character", ERROR,
        "A content file holds a control character (such as NUL) that cannot be shown: usually a broken copy, or "
        "a binary file saved under a text name.",
        "Delete the character at the line given, or replace the file with a clean copy.",
    ),
    DiagnosticKind(
        "file.too_large", ERROR,
        "A content file is larger than the limit the build accepts.",
        "Split the file into smaller ones; the message gives the size and the limit.",
    ),
    DiagnosticKind(
        "bib.syntax", ERROR,
        "A BibTeX entry cannot be read: usually an unbalanced brace or a missing comma between fields.",
        "Open the file at the entry named; check that every `{` has its `}` and that each field ends with a comma.",
    ),
    DiagnosticKind(
        "bib.duplicate_key", ERROR,
        "Two entries have the same key (keys are compared ignoring upper and lower case), in one file or two.",
        "Give one of them another key, following the cite-key rule in CONTRIBUTING, or delete the duplicate.",
    ),
    DiagnosticKind(
        "bib.unknown_type", NOTE,
        "An entry has a type that is neither BibTeX's nor one of biblatex's common ones; it is shown as @misc.",
        "Nothing has to be done. If a standard type fits the document better (see the list on *Publish your own "
        "review*), use it.",
    ),
    DiagnosticKind(
        "bib.missing_field", ERROR,
        "An entry has no `title`, so it cannot be shown or cited.",
        "Add the title the document shows. If it has none, describe it in square brackets, as APA does: "
        "`title = {[Map of the Nile delta]}`.",
    ),
    DiagnosticKind(
        "bib.latex", ERROR,
        "A field the site shows (a name, a title, a journal, ...) holds LaTeX that cannot be turned into text. "
        "Fields the site never shows (`file`, `abstract`, `annotation`, ...) are kept as written and never judged.",
        "Type the character itself (UTF-8 is fine: `ø`, `é`) or use a standard accent such as `{\\o}`.",
    ),
    DiagnosticKind(
        "bib.bad_url", ERROR,
        "An entry's `url` is not an `https://` or `http://` address, or its `doi` is not a DOI.",
        "Give the web address of the document, starting with `https://`. Put a DOI (`10.` followed by the rest) "
        "in the `doi` field, without a proxy or `info:doi/` in front.",
    ),
    DiagnosticKind(
        "bib.bad_date", NOTE,
        "An entry's `year` or `date` is not a date (such as `circa 2005`), or `date` and `year` disagree; the "
        "reference says \"n.d.\" or uses `date`.",
        "Write the year as four digits (`year = {2016}`) or a biblatex date (`date = {2016-03-14}`); leave it out "
        "if it is not known.",
    ),
    DiagnosticKind(
        "bib.crossref", ERROR,
        "An entry's `crossref` or `xdata` names an entry that is not in the library, or entries inherit from "
        "each other in a circle.",
        "Correct the key after `crossref =`, or add the parent entry (the book or proceedings) to the library.",
    ),
    DiagnosticKind(
        "bib.left_out", NOTE,
        "Library entries with problems are left out of the site because no page cites them and no record "
        "uses them; `review check` lists each problem with its place.",
        "Nothing has to be done for the site. Fix the entries when you want to cite them: citing one turns its "
        "problems into errors.",
    ),
    DiagnosticKind(
        "cite.unknown_key", ERROR,
        "A citation names a key that is not in the library.",
        "Correct the key (the message suggests the closest one), or add the document to the library first.",
    ),
    DiagnosticKind(
        "cite.syntax", ERROR,
        "A citation is malformed: an empty key, a locator without a key, or arguments that do not fit.",
        "Write `[@key]`, `[@key, p. 12]`, `[see @a; @b]`, or `{{ cite(\"key\", page=\"12\") }}`.",
    ),
    DiagnosticKind(
        "data.missing_file", ERROR,
        "The data folder lacks a file every review needs (`vocabulary.yml`, `sources.yml`).",
        "Create the file; CONTRIBUTING shows what goes in it.",
    ),
    DiagnosticKind(
        "data.yaml_syntax", ERROR,
        "A YAML file cannot be read: indentation, a missing colon or quote, a key that is not text, or a tag.",
        "Look at the line named and the one before it; quote values that contain a colon followed by a space.",
    ),
    DiagnosticKind(
        "data.yaml_tab", ERROR,
        "A YAML file contains a tab character.",
        "Replace the tab with spaces. YAML indentation must be spaces.",
    ),
    DiagnosticKind(
        "data.yaml_alias", ERROR,
        "A YAML file uses an anchor (`&name`) or an alias (`*name`).",
        "Write each value out in full. Aliases are refused because a few of them can blow a small file up "
        "to billions of values.",
    ),
    DiagnosticKind(
        "data.duplicate_key", ERROR,
        "The same key appears twice in one YAML mapping; one value would silently replace the other.",
        "Keep one of the two, with the right value.",
    ),
    DiagnosticKind(
        "data.schema", ERROR,
        "A YAML value does not have the form its schema (in `src/review_publisher/evidence/schemas/`) requires.",
        "Correct the value as the message says. `yes`/`no` are text here: write `true` or `false`.",
    ),
    DiagnosticKind(
        "data.unknown_source", ERROR,
        "A finding cites a key that is not in the library.",
        "Correct the key, or add the document to the library first.",
    ),
    DiagnosticKind(
        "data.missing_record", NOTE,
        "A library entry has no record in `sources.yml`: its page shows what the library knows and nothing more.",
        "Nothing has to be done. To show what the review knows of the document (its type, summary, provenance), "
        "add a record for the key to `data/sources.yml`.",
    ),
    DiagnosticKind(
        "data.record_without_entry", ERROR,
        "A record in `sources.yml` has no entry in the library.",
        "Add the BibTeX entry, or remove the record (check the spelling of the key first).",
    ),
    DiagnosticKind(
        "data.unknown_term", ERROR,
        "A record or finding uses an area, level, programme, type, direction or country not in the vocabulary.",
        "Use one of the ids the message lists, or add the term to `data/vocabulary.yml`.",
    ),
    DiagnosticKind(
        "data.duplicate_id", ERROR,
        "Two findings, or two vocabulary terms of one kind, have the same id.",
        "Give one of them another id. Ids are the addresses of findings: change them only with care.",
    ),
    DiagnosticKind(
        "data.missing_chapter", ERROR,
        "An area of the vocabulary names a chapter file that does not exist.",
        "Correct the `chapter` path: it is relative to the `docs` folder, for example `chapters/partners.md`.",
    ),
    DiagnosticKind(
        "data.unused_term", NOTE,
        "A vocabulary term is used by no record and no finding.",
        "Use it, or remove it from the vocabulary if it does not belong to this review.",
    ),
    DiagnosticKind(
        "data.unused_record", NOTE,
        "A source record is cited by no page and supports no finding.",
        "Cite the source where the review draws on it, or link it from a finding.",
    ),
    DiagnosticKind(
        "macro.bad_argument", ERROR,
        "A macro is called with an argument it does not take, or with a value that is not in the data.",
        "Use the arguments and values the message lists.",
    ),
    DiagnosticKind(
        "content.template_syntax", ERROR,
        "A page has macro brackets that do not form a valid macro call.",
        "Check that every `{{` has its `}}` and that quotes are closed. "
        "To show the brackets themselves to readers, see 'Showing macro syntax' in CONTRIBUTING.",
    ),
    DiagnosticKind(
        "content.undefined_name", ERROR,
        "A page uses a name between `{{ }}` that is not a macro of this site.",
        "Check the spelling against the list of macros in CONTRIBUTING, and call it with brackets, "
        "for example `{{ cite(\"allum2019\") }}`.",
    ),
    DiagnosticKind(
        "content.forbidden_template", ERROR,
        "A page uses template code other than a plain macro call. Pages are data, not programs, "
        "so the build refuses it.",
        "Write only macro calls with quoted values, for example `{{ cite(\"allum2019\", page=\"12\") }}`. "
        "Variables, filters, attribute access and `{% %}` statements are not allowed.",
    ),
    DiagnosticKind(
        "link.not_found", ERROR,
        "A link points to a page or file that the site does not have.",
        "Correct the link target; links between chapters use the Markdown file name, for example `[text](about.md)`.",
    ),
    DiagnosticKind(
        "link.anchor_not_found", ERROR,
        "A link points to a heading or anchor that does not exist on its target page.",
        "Correct the part after `#`, or give the heading that id with `{#id}` after its text.",
    ),
    DiagnosticKind(
        "html.leftover_template", ERROR,
        "The built page still contains `{{` or `{%`: something was not rendered.",
        "Look at the line named: a macro call is probably malformed or was escaped in the wrong way.",
    ),
    DiagnosticKind(
        "html.macro_error", ERROR,
        "The built page contains an error block from the macros plugin.",
        "Run `review check` and correct the macro call the message names.",
    ),
    DiagnosticKind(
        "html.event_attribute", ERROR,
        "The built page contains an `on…=` event attribute, which runs script in the reader's browser.",
        "Remove the attribute from the page or the data field; the site never needs inline event handlers.",
    ),
    DiagnosticKind(
        "html.javascript_url", ERROR,
        "The built page contains a `javascript:` URL.",
        "Use an `https:` link instead.",
    ),
    DiagnosticKind(
        "html.url_scheme", ERROR,
        "A link or embedded resource uses a scheme other than `https:`, `http:`, `mailto:` or `doi:` "
        "(for example `data:` or `file:`).",
        "Link to a web address starting with `https://`; put images in the docs folder and link them by name.",
    ),
    DiagnosticKind(
        "content.html_in_title", ERROR,
        "A page title (its first heading or its front-matter title) contains HTML.",
        "Write titles as plain text: they appear in the navigation, the browser tab and the search index.",
    ),
    DiagnosticKind(
        "html.inline_script", ERROR,
        "The built page contains an inline script that the theme did not put there.",
        "Remove the `<script>` element from the page or data; scripts belong in the theme, not in content.",
    ),
    DiagnosticKind(
        "cite.leftover", ERROR,
        "A citation was left as text in the built page, where readers would see `[@key]`: usually citation "
        "syntax inside raw HTML, which Markdown does not read.",
        "Write the citation in Markdown text (outside HTML elements), or show it as code with backticks.",
    ),
    DiagnosticKind(
        "html.not_allowed", ERROR,
        "A page holds HTML outside the allow-list: an element, an attribute, a style or a link scheme that pages "
        "may not use. It is removed from what is published.",
        "Write the content in Markdown, or use only the elements and attributes listed on *How content is kept "
        "safe*.",
    ),
    DiagnosticKind(
        "html.unsafe", ERROR,
        "The built site holds markup that could run script or load something from elsewhere: `<base>`, "
        "`<meta http-equiv>`, `<object>`, `<embed>`, a form, `srcdoc`, SVG animation, or a script from another "
        "site.",
        "Remove it from the page, the data or the theme override named in the message.",
    ),
    DiagnosticKind(
        "content.front_matter", ERROR,
        "A page's front matter (the block between `---` lines at its top) does not parse, or sets a key the site "
        "does not use, or gives a key a value of the wrong kind.",
        "Write `key: value` lines using only the keys the message lists; quote text that holds `:` or `#`.",
    ),
    DiagnosticKind(
        "content.file_name", ERROR,
        "A page's file name holds characters that would end up in its address or title: `<`, `>`, braces, `%`, "
        "quotes or control characters.",
        "Rename the file using letters, digits, `-` and `_`.",
    ),
    DiagnosticKind(
        "file.not_regular", ERROR,
        "Something below `docs/`, the library, the data or the theme overrides is a link or a special file. A "
        "link could publish a file from outside the repository.",
        "Replace the link with the file itself, or remove it.",
    ),
    DiagnosticKind(
        "source.address", ERROR,
        "A library key cannot become the address of its page: two keys would share one (keys differing only in "
        "`:`, `/` or similar), or the key is longer than an address may be.",
        "Give one of the entries another key, following the cite-key rule in CONTRIBUTING.",
    ),
    DiagnosticKind(
        "content.unclosed_fence", ERROR,
        "A code block opened with ``` or ~~~ never closes, so Markdown would show it as text (and thousands of "
        "them would take minutes to read).",
        "Add a line with exactly the same fence where the code ends, or remove the opening fence.",
    ),
    DiagnosticKind(
        "content.limit", ERROR,
        "A page goes beyond a limit the build sets to keep its work bounded, such as the number of citations "
        "in one paragraph.",
        "Split the paragraph (or the page) as the message says.",
    ),
    DiagnosticKind(
        "content.unexpected", ERROR,
        "The generator met input of a shape it does not handle, in the file named.",
        "Check the file at the line given against CONTRIBUTING; if it looks right, report it as a bug with the "
        "message.",
    ),
)

