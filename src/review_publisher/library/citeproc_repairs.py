"""Repairs to citeproc-py (0.11), the CSL processor that formats references, each where it departs from the
CSL 1.0.2 specification in a way readers would see. Each is small, applied once, and tested against pandoc's
citeproc (``tests/test_csl_agreement.py``); when citeproc-py fixes one upstream, its repair can go.

1. Substitution (CSL 1.0.2, "Substitute"): "Substituted variables are suppressed in the rest of the output".
   citeproc-py suppresses a variable only when the substitute names it directly, not when a macro renders it or
   when it is a name variable, so a work without an author printed its title twice ("*Title*. (1997). *Title*.")
   and an edited book its editors twice.
2. Text case of terms (CSL "text-case"): citeproc-py applies title case only to text whose language it knows,
   and a label has none, so APA's "(Ed.)" came out as "(ed.)". The style's default locale is used instead.
3. Title case (CSL 1.0.2, "Title case conversion"): stop words are lower case except as the first or last word
   and after a colon; every part of a hyphenated compound is capitalised; a word that begins with a digit is
   left alone. citeproc-py wrote "19Th", "Human-computer" and "Symposium on".

4. Group suppression (CSL 1.0.2, "Group"): a group that calls variables is left out when none of them is
   printed. citeproc-py counted a ``cs:choose`` as printing a variable whenever its branch printed anything, so
   a branch that prints only a term or a value kept the group: "(Publication)" on every thesis.

5. Initials (CSL 1.0.2, "initialize"): ``initialize="false"`` keeps given names whole (Chicago's bibliography);
   citeproc-py ignored it. A particle after the given names ("Rossouw von") got a stray full stop ("R. von .").

Output repairs that need no change to citeproc-py (punctuation inside quotation marks, doubled punctuation) are
made on the formatted text, in :mod:`citation_style`.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator

from citeproc import model

# Per formatting run (see :func:`formatting`): id of a citeproc item -> [substitute depth, substituted names].
_RUN: contextvars.ContextVar[dict[int, list]] = contextvars.ContextVar("citeproc_repairs_run")



def apply() -> None:
    """Install the repairs (once per process; a second call does nothing)."""
    _install_once()


@contextlib.contextmanager
def formatting() -> Iterator[None]:
    """One formatting run: what substitutes printed is remembered per item for the run's length only."""
    apply()
    token = _RUN.set({})
    try:
        yield
    finally:
        _RUN.reset(token)


def _state(item) -> list:
    return _RUN.get({}).setdefault(id(item), [0, set()])


@functools.cache
def _install_once() -> bool:
    model.Substitute.add_to_repressed_list = _repress_everything_rendered
    model.Substitute.render = _substitute
    original_process = model.Names.process

    def process(self, item, names_context=None, context=None, **kwargs):
        depth, substituted = _state(item)
        inside_substitute = depth > 0
        roles = self.get("variable", "").split()
        shown = roles if inside_substitute else [role for role in roles if role not in substituted]
        if roles and not shown:
            return None
        if shown == roles:
            return original_process(self, item, names_context=names_context, context=context, **kwargs)
        self.set("variable", " ".join(shown))  # the other roles of the list are still printed
        try:
            return original_process(self, item, names_context=names_context, context=context, **kwargs)
        finally:
            self.set("variable", " ".join(roles))

    model.Names.process = process
    original_case = model.TextCased.case

    def case(self, text, language=None):
        if language is None:
            language = (self.get_root().get("default-locale") or "en")[:2]
        if self.get("text-case") == "title" and language == "en":
            words = list(text.words())
            return " ".join(title_case_word(str(word), index, len(words), str(words[index - 1]) if index else "")
                            for index, word in enumerate(words))
        return original_case(self, text, language)

    model.TextCased.case = case
    model.Group.process = _group
    model.Name.initialize = _initialize
    return True


def _initialize(self, given, mark, context):
    """Given names as initials with the style's mark ("Jean Paul" -> "J. P."); small-letter particles stay."""
    if self.get("initialize") == "false":
        return given
    hyphenated = self.get_option("initialize-with-hyphen", context)
    chunks = given.split("-") if hyphenated else [given.replace("-", " ")]
    initialised = []
    for chunk in chunks:
        words = chunk.replace(".", " ").split()
        initialised.append("".join(word[0] + mark if word[0].isupper() else word + " " for word in words).strip())
    return "-".join(initialised)


def _group(self, item, context=None, **kwargs):
    """A group's children joined, or nothing when it calls variables and prints none of them."""
    output = []
    variable_called = variable_rendered = False
    delimiter = self.get("delimiter", "")
    for child in self.iterchildren():
        # Of a choose, only the branch that applies counts (CSL: the variables a group *calls*).
        calls = _branch_calls_variable(child, item, context, delimiter, kwargs) \
            if isinstance(child, model.Choose) else child.calls_variable()
        variable_called = variable_called or calls
        try:
            if isinstance(child, model.Choose):
                text = child.render(item, context=context, delimiter=delimiter, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
            printed_variable = text is not None and calls
        except model.VariableError:
            continue
        if text is not None:
            output.append(text)
            variable_rendered = variable_rendered or printed_variable
    if output and (not variable_called or variable_rendered):
        return self.join(output)
    raise model.VariableError


def _branch_calls_variable(choose, item, context, delimiter, kwargs) -> bool:
    """Whether the branch of a choose that applies to the item calls a variable (not only terms and values).
    The branch is found by its condition alone: rendering it here would run its substitutes twice."""
    for branch in choose.getchildren():
        if _applies(branch, item, context):
            return any(child.calls_variable() for child in branch.getchildren())
    return False


_CONDITIONS = (("type", "_type"), ("variable", "_variable"), ("is-numeric", "_is_numeric"),
               ("is-uncertain-date", "_is_uncertain_date"), ("locator", "_locator"))


def _applies(branch, item, context) -> bool:
    """A choose branch's condition, tested as citeproc-py's ``If.render`` tests it."""
    if not isinstance(branch, model.If):  # cs:else
        return True
    results: list[bool] = []
    for attribute, test in _CONDITIONS:
        if attribute in branch.attrib:
            results += getattr(branch, test)(item)
    if "position" in branch.attrib:
        results += branch._position(item, context)
    match = branch.get("match")
    if match == "any":
        return any(results)
    if match == "none":
        return not any(results)
    return all(results)


def _substitute(self, item, context=None, **kwargs):
    """CSL's substitute: the first child that prints something; what it printed is suppressed afterwards."""
    state = _state(item)
    for child in self.getchildren():
        state[0] += 1
        try:
            if isinstance(child, model.Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except model.VariableError:
            continue
        finally:
            state[0] -= 1
        if text:
            self.add_to_repressed_list(child, context)
            state[1].update(variable for element in _rendered_elements(child, set())
                            if isinstance(element, model.Names)
                            for variable in element.get("variable", "").split())
            return text
    return None


STOP_WORDS = frozenset("a an and as at but by down for from in into nor of on onto or over so the till to up via "
                       "with yet".split())


def title_case_word(word: str, index: int, count: int, previous: str) -> str:
    """One word in CSL title case.

    >>> [title_case_word(w, i, 5, p) for w, i, p in (("the", 0, ""), ("human-computer", 1, "the"), ("19th", 2, ""),
    ...                                               ("of", 3, "19th"), ("on", 4, "of"))]
    ['The', 'Human-Computer', '19th', 'of', 'On']
    """
    if any(character.isupper() for character in word):
        return word
    edge = index == 0 or index == count - 1 or previous.endswith((":", "?", "!", "."))
    parts = word.split("-")
    return "-".join(_capitalised(part, edge or position > 0) for position, part in enumerate(parts))


def _capitalised(part: str, always: bool) -> str:
    core = part.strip("\"'\u201c\u2018([")
    if not core or not core[0].isalpha() or (core.rstrip(".,;:!?)]\u201d\u2019") in STOP_WORDS and not always):
        return part
    at = part.index(core[0])
    return part[:at] + part[at].upper() + part[at + 1:]


def _repress_everything_rendered(self, child, context) -> None:
    """Suppress the variable the substituted element renders, also when a macro renders it. Of a macro, only
    the title is taken: the other variables in its branches (a publisher, say) may never have been printed."""
    layout = context.get_layout()
    for element in _rendered_elements(child, set()):
        for variable in element.get("variable", "").split():
            if element is child or variable in ("title", "title-short"):
                layout.repressed.setdefault(element.tag, []).append(variable)


def _rendered_elements(element, seen: set[str]):
    yield element
    macro = element.get("macro")
    if macro and macro not in seen:
        seen.add(macro)
        yield from _rendered_elements(element.get_macro(macro), seen)
    for child in element.getchildren():
        yield from _rendered_elements(child, seen)
