"""A lexical look at SPARQL text: the few things the protocol needs before Oxigraph parses it.

pyoxigraph takes a query's dataset as arguments but not an update's, so the protocol's
``using-graph-uri``/``using-named-graph-uri`` become ``USING`` clauses written into the
update text, as SPARQL 1.1 Protocol §2.2.3 defines them. Only top-level tokens matter
(dataset clauses and the ``WHERE`` of each DELETE/INSERT operation never sit inside braces),
so a tokenizer that skips strings, IRIs and comments and counts braces is enough; Oxigraph
still parses the result and rejects anything malformed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[^\W\d][\w\-.]*(?::[\w\-.:%\\]*)?|:[\w\-.:%\\]*")
_VARIABLE = re.compile(r"[?$]\w+")
_LONG_QUOTES = ('"""', "'''")


class DatasetConflict(ValueError):
    """The protocol names a dataset and the operation names one too (USING, WITH)."""


@dataclass(frozen=True, slots=True)
class Token:
    """A top-level-relevant piece of SPARQL text."""

    kind: str  # "word", "iri", "variable", "open", "close", "other"
    text: str
    start: int
    end: int
    depth: int  # brace depth before the token

    @property
    def keyword(self) -> str | None:
        """The upper-cased keyword, if the token is a bare word (not a prefixed name)."""
        if self.kind != "word" or ":" in self.text:
            return None
        return self.text.rstrip(".").upper()


def _string_end(text: str, start: int) -> int:
    """Index just past the string literal that starts at ``start``."""
    for quotes in _LONG_QUOTES:
        if text.startswith(quotes, start):
            end = start + 3
            while end < len(text):
                if text[end] == "\\":
                    end += 2
                elif text.startswith(quotes, end):
                    return end + 3
                else:
                    end += 1
            return len(text)
    quote = text[start]
    end = start + 1
    while end < len(text) and text[end] not in (quote, "\n"):
        end += 2 if text[end] == "\\" else 1
    return min(end + 1, len(text))


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text`` that matter here; strings and comments are skipped."""
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline + 1
        elif char in "\"'":
            i = _string_end(text, i)
        elif char == "<" and (match := _IRI.match(text, i)):
            yield Token("iri", match.group(), i, match.end(), depth)
            i = match.end()
        elif char in "?$" and (match := _VARIABLE.match(text, i)):
            yield Token("variable", match.group()[1:], i, match.end(), depth)
            i = match.end()
        elif char == "{":
            yield Token("open", char, i, i + 1, depth)
            depth += 1
            i += 1
        elif char == "}":
            depth = max(depth - 1, 0)
            yield Token("close", char, i, i + 1, depth)
            i += 1
        elif match := _WORD.match(text, i):
            yield Token("word", match.group(), i, match.end(), depth)
            i = match.end()
        else:
            yield Token("other", char, i, i + 1, depth)
            i += 1


# Clients send the same query text again and again (dashboards, paging, the examples): what
# these scans find is kept per text, so a repeated query is not tokenized in Python again.
_SCANS_KEPT = 1024


@functools.lru_cache(maxsize=_SCANS_KEPT)
def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset (``FROM`` or ``FROM NAMED``)."""
    return any(t.depth == 0 and t.keyword == "FROM" for t in tokens(query))


def star_variable_order(query: str) -> list[str] | None:
    """For ``SELECT *``, the variables in the order the query first writes them; else None.

    SPARQL leaves the column order of ``SELECT *`` open; the order of the text is what
    people expect (and what the W3C result-format tests show).
    """
    found = _star_variables(query)
    return None if found is None else list(found)


@functools.lru_cache(maxsize=_SCANS_KEPT)
def _star_variables(query: str) -> tuple[str, ...] | None:
    if "*" not in query:
        return None
    found = [t for t in tokens(query) if t.kind != "open" or t.depth == 0]
    for index, token in enumerate(found):
        if token.depth == 0 and token.keyword == "SELECT":
            rest = found[index + 1 :]
            while rest and rest[0].keyword in ("DISTINCT", "REDUCED"):
                rest = rest[1:]
            if not (rest and rest[0].text == "*"):
                return None
            return tuple(dict.fromkeys(t.text for t in found if t.kind == "variable"))
    return None


def _using_clauses(default: Sequence[str], named: Sequence[str]) -> str:
    parts = [f"USING <{iri}>" for iri in default] + [f"USING NAMED <{iri}>" for iri in named]
    return " ".join(parts)


def add_using(update: str, default: Sequence[str], named: Sequence[str]) -> str:
    """The update with the protocol's dataset as ``USING`` clauses on every DELETE/INSERT … WHERE.

    ``DELETE WHERE {P}`` (which admits no ``USING``) becomes the equivalent
    ``DELETE {P} USING … WHERE {P}``. Raises :class:`DatasetConflict` when the update has
    its own ``USING`` or ``WITH``, which the protocol forbids together with the parameters.
    """
    if not default and not named:
        return update
    for iri in (*default, *named):
        if not _IRI.fullmatch(f"<{iri}>"):
            raise ValueError(f"not an IRI: {iri!r}")
    found = list(tokens(update))
    for token in found:
        if token.depth == 0 and token.keyword in ("USING", "WITH"):
            raise DatasetConflict(
                f"the update has its own {token.keyword} clause and the request gives "
                "using-graph-uri/using-named-graph-uri: use one or the other"
            )
    using = _using_clauses(default, named)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), in text order
    for index, token in enumerate(found):
        if token.depth != 0 or token.keyword != "WHERE":
            continue
        previous = found[index - 1] if index else None
        if previous is not None and previous.keyword == "DELETE":
            pattern = _block_after(found, index, update)
            if pattern is None:
                continue  # malformed: leave it to Oxigraph's parser to report
            start, end = pattern
            block = update[start:end]
            edits.append((previous.start, end, f"DELETE {block} {using} WHERE {block}"))
        else:
            edits.append((token.start, token.start, using + " "))
    for start, end, replacement in reversed(edits):
        update = update[:start] + replacement + update[end:]
    return update


def _block_after(found: list[Token], index: int, text: str) -> tuple[int, int] | None:
    """The span of the ``{…}`` block that opens right after token ``index``."""
    if index + 1 >= len(found) or found[index + 1].kind != "open":
        return None
    start = found[index + 1].start
    for token in found[index + 2 :]:
        if token.kind == "close" and token.depth == 0:
            return start, token.end
    return None
