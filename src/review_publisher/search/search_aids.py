"""Search that forgives accents and knows the review's words.

Material's search (Lunr) matches words as written: "Tjonneland" finds nothing on a site that writes "Tjønneland",
and "retention" nothing on one that says "retaining". Its query pipeline cannot be extended from a site, so the
generator adds, after the theme has written ``search/search_index.json``, the missing spellings to each section
that needs them, in a hidden span: the folded form of every accented word (Tjønneland → tjonneland), the accented
forms of every folded word the site also writes accented, and the other words of each synonym group the review
declares in its vocabulary (``synonyms:``). Readers never see the span; result snippets stay the site's text."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from review_publisher.cache.disk_cache import Verdicts
from review_publisher.search.index_file import rewrite, sections

# Letters that Unicode does not decompose into a base letter and a mark.
_OWN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th", "ı": "i"})
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_TAG = re.compile(r"<[^>]*>")
PLURAL_ENDINGS = 2  # a synonym matches its word with up to two more letters: participant(s), volunteer(s)
SHORTEST = 3  # shorter words ("é" in "e.g.") are left alone: folding them finds noise


def fold(word: str) -> str:
    """A word without accents, in small letters.

    >>> fold("Tjønneland"), fold("Ålesund"), fold("Ngăn")
    ('tjonneland', 'alesund', 'ngan')
    """
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_OWN_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words_of(text: str) -> set[str]:
    """The words of a search entry's HTML, in small letters."""
    return {word.casefold() for word in _WORD.findall(html.unescape(_TAG.sub(" ", text)))}


def _matches(word: str, group_word: str) -> bool:
    return word == group_word or (word.startswith(group_word) and len(word) - len(group_word) <= PLURAL_ENDINGS)


def extra_words(words: set[str], accented: dict[str, set[str]], synonyms: list[list[str]],
                folded_forms: dict[str, str] | None = None) -> set[str]:
    """The spellings and synonyms a section's words lack.

    >>> sorted(extra_words({"tjønneland", "retaining"}, {}, [["retention", "retaining", "keeping"]]))
    ['keeping', 'retention', 'tjonneland']
    >>> sorted(extra_words({"tjonneland"}, {"tjonneland": {"tjønneland"}}, []))
    ['tjønneland']
    """
    extra: set[str] = set()
    for word in words:
        if len(word) < SHORTEST:
            continue
        folded = folded_forms[word] if folded_forms is not None else fold(word)
        if folded != word:
            extra.add(folded)
        extra |= accented.get(word, set())
        for group in synonyms:
            if any(_matches(word, other) for other in group):
                extra.update(group)
    return extra - words


def add_search_aids(index_file: Path, synonyms: Iterable[Iterable[str]],
                    known_words: dict[str, set[str]] | None = None, earlier: Verdicts | None = None) -> int:
    """Add the hidden spellings and synonyms to the theme's search index; the number of sections changed.

    ``known_words`` keeps the words of each section's text between the builds of one preview (most sections do
    not change from one save to the next); ``earlier`` the words added to an index in earlier builds, under the
    index and the synonyms they were made for."""
    if not index_file.is_file():
        return 0  # the site has no search (the plugin is not enabled)
    # The index is the whole site's text (25 MB at 3,000 sources): it is known by its digest and read and written
    # back one section at a time (index_file), so that neither its text nor its sections are ever in memory whole.
    with index_file.open("rb") as file:
        digest = hashlib.file_digest(file, "sha256").hexdigest()
    groups = [[word.casefold() for word in group] for group in synonyms]
    key = earlier.key(json.dumps(groups) + "\0" + digest) if earlier is not None else ""
    added = _stored_additions(earlier.table.get(key)) if earlier is not None else None
    if added is not None and _rewrite(index_file, added):
        return len(added)
    added = _additions(sections(index_file), groups, known_words)
    if earlier is not None:
        earlier.table.put(key, added)
    _rewrite(index_file, added)
    return len(added)


def _rewrite(index_file: Path, added: list[list[int | str]]) -> bool:
    """Write the index with the hidden words added to their sections; False, and the index left as it was, if a
    section was not there (the additions were made for another index)."""
    words_at = {int(position): str(words) for position, words in added}

    def with_words(position: int, section: dict) -> dict:
        words = words_at.pop(position, None)
        if words is not None:
            section["text"] = section.get("text", "") + f' <span hidden>{html.escape(words)}</span>'
        return section

    changed = index_file.with_name(index_file.name + ".aided")
    try:
        rewrite(index_file, changed, with_words)
        if not words_at:
            os.replace(changed, index_file)
    finally:
        changed.unlink(missing_ok=True)
    return not words_at


def _additions(docs: Iterable[dict], groups: list[list[str]],
               known_words: dict[str, set[str]] | None) -> list[list[int | str]]:
    """[position of a section, the words it lacks (separated by spaces)] for each section that lacks some."""
    texts = (doc.get("title", "") + " " + doc.get("text", "") for doc in docs)
    if known_words is None:
        words = [words_of(text) for text in texts]
    else:
        earlier_words, words = dict(known_words), []
        known_words.clear()
        for text in texts:
            known_words[text] = earlier_words[text] if text in earlier_words else words_of(text)
            words.append(known_words[text])
    folded_forms = {word: fold(word) for word in set().union(*words)}  # each word is folded once, not per section
    accented: dict[str, set[str]] = defaultdict(set)
    for word, folded in folded_forms.items():
        if len(word) >= SHORTEST and folded != word:
            accented[folded].add(word)
    added: list[list[int | str]] = []
    for position, section in enumerate(words):
        extra = extra_words(section, accented, groups, folded_forms)
        if extra:
            added.append([position, " ".join(sorted(extra))])
    return added


def _stored_additions(stored: object) -> list[list[int | str]] | None:
    """What an earlier build stored, if it has the shape ``_additions`` gives (else the words are found again)."""
    if not isinstance(stored, list):
        return None
    for item in stored:
        if not (isinstance(item, list) and len(item) == 2 and type(item[0]) is int and 0 <= item[0]
                and isinstance(item[1], str)):
            return None
    return stored
