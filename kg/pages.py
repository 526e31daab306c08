"""A scraped news page → its articles, each a sequence of typed blocks.

Scraped pages are messy: a page can hold several stories, each announced by its title, a
``TT`` marker and the title again; captions are written twice; a ``مقالات ذات صلة`` block
of teasers for other stories sits between them. Lines are classified, never rewritten, so
every block's span still points into the text exactly as read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.arabic.normalise import normalise
from kg.model import Article, Block, BlockKind, Document, Span

# Page furniture that sites print between the headline and the story.
_MARKER = re.compile(r"^(?:TT|T|play-circle.*|\d{1,2}:\d{2})$")
# Furniture lines: a link back to the story, share and print buttons.
_FURNITURE = re.compile(r"^(?:رابط الخبر.*|رابط المقال.*|شارك(?: الخبر)?|طباعة|مشاركة)$")
_RELATED = re.compile(
    r"^(?:مقالات ذات صلة|أخبار ذات صلة|اخبار ذات صلة|اقرأ أيضاً?|اقرأ ايضا|"
    r"إقرأ أيضاً?|المزيد من الأخبار|قد يهمك أيضاً?|مواضيع ذات صلة)\s*:?$"
)
# A photo credit closing a caption: "(رويترز)", "(إعلام روسي)", "(أ.ف.ب)".
_CREDIT = re.compile(r"\([^()]{1,40}\)\s*$")
_SENTENCE_END = re.compile(r"[.!?؟…»\"]\s*$")
_DATELINE_SEP = re.compile(r"\s[-–—]\s|:\s*|:$")
MAX_HEADING_WORDS = 9
MAX_DATELINE_WORDS = 7
MAX_TITLE_WORDS = 30


@dataclass(frozen=True, slots=True)
class _Line:
    index: int
    span: Span

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def words(self) -> int:
        return len(self.text.split())


def _lines(text: str) -> list[_Line]:
    """Non-empty lines of ``text``, each trimmed of surrounding white space."""
    out: list[_Line] = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        begin = match.start() + (len(raw) - len(raw.lstrip()))
        out.append(_Line(len(out), Span(begin, begin + len(stripped), stripped)))
    return out


def _key(line: _Line) -> str:
    return normalise(line.text)


def _is_caption(lines: Sequence[_Line], i: int) -> bool:
    """A line written twice in a row, or one closing with a photo credit and no full stop."""
    here = _key(lines[i])
    if i + 1 < len(lines) and _key(lines[i + 1]) == here:
        return True
    if i > 0 and _key(lines[i - 1]) == here:
        return True
    text = lines[i].text
    return (
        bool(_CREDIT.search(text))
        and not re.search(r"[.!?؟]\s*\([^()]*\)\s*$", text)
        and lines[i].words <= 30
    )


def _is_dateline(line: _Line) -> bool:
    """'وكالات - طهران', 'جدة - واس', 'لندن: «الشرق الأوسط أونلاين»', 'الوئام - ا ف ب:'."""
    return (
        line.words <= MAX_DATELINE_WORDS
        and bool(_DATELINE_SEP.search(line.text))
        and not re.search(r"[.!?؟]\s*$", line.text)
    )


def _is_heading(line: _Line) -> bool:
    return line.words <= MAX_HEADING_WORDS and not _SENTENCE_END.search(line.text.rstrip("»"))


def _article_starts(lines: Sequence[_Line]) -> list[tuple[int, int]]:
    """(first line, title line) of each story announced by a ``TT`` marker and its title twice."""
    starts: list[tuple[int, int]] = []
    floor = 0
    for i, line in enumerate(lines):
        if not _MARKER.fullmatch(line.text) or line.text.startswith("play"):
            continue
        after = next((j for j in range(i + 1, len(lines)) if not _is_caption(lines, j)), None)
        if after is None:
            continue
        title_key = _key(lines[after])
        before = next((j for j in range(floor, i) if _key(lines[j]) == title_key), None)
        if before is None:
            continue
        starts.append((before, before))
        floor = after + 1
    return starts


def _classify(lines: Sequence[_Line], begin: int, end: int, title: int | None) -> list[Block]:
    """Blocks of one article's lines ``[begin, end)``; teasers after a related-stories head."""
    blocks: list[Block] = []
    title_key = _key(lines[title]) if title is not None else None
    in_related = False
    seen_body = False
    # Lines between the headline and a TT marker are the page header: a subtitle and captions.
    marker = next((i for i in range(begin, end) if _MARKER.fullmatch(lines[i].text)), None)
    for i in range(begin, end):
        line = lines[i]
        if i == title:
            kind = BlockKind.TITLE
        elif in_related or _RELATED.fullmatch(line.text):
            in_related = True
            kind = BlockKind.RELATED
        elif (
            _MARKER.fullmatch(line.text)
            or _FURNITURE.fullmatch(line.text)
            or (title_key is not None and _key(line) == title_key)
        ):
            kind = BlockKind.BOILERPLATE
        elif _is_caption(lines, i):
            kind = BlockKind.CAPTION
        elif not seen_body and i <= (title if title is not None else begin) + 2 and _is_dateline(line):
            kind = BlockKind.DATELINE
        elif _is_heading(line) or (marker is not None and i < marker):
            kind = BlockKind.HEADING
        else:
            kind = BlockKind.BODY
            seen_body = True
        blocks.append(Block(kind, line.span))
    return blocks


def _looks_like_title(line: _Line, meta_title: str | None) -> bool:
    if meta_title and normalise(meta_title) == _key(line):
        return True
    return line.words <= MAX_TITLE_WORDS and not re.search(r"[.!?؟]\s*$", line.text)


def split_page(document: Document, *, keep_related: bool = False) -> tuple[Article, ...]:
    """The articles of ``document``: one unless the page announces several (``TT`` markers).

    With ``keep_related`` the teasers of other stories stay in as their own articles' text.
    """
    lines = _lines(document.text)
    if not lines:
        return ()
    starts = _article_starts(lines)
    if not starts or starts[0][0] > 0:
        first_title = 0 if _looks_like_title(lines[0], document.meta.title) else None
        starts.insert(0, (0, first_title if first_title is not None else -1))
    articles: list[Article] = []
    for n, (begin, title) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        title_line = title if title >= 0 else None
        blocks = _classify(lines, begin, end, title_line)
        if keep_related:
            blocks = [Block(BlockKind.BODY, b.span) if b.kind is BlockKind.RELATED else b for b in blocks]
        if not any(b.kind in (BlockKind.BODY, BlockKind.TITLE) for b in blocks):
            continue
        articles.append(
            Article(
                document=document.meta,
                index=len(articles),
                title=lines[title_line].span if title_line is not None else None,
                blocks=tuple(blocks),
            )
        )
    return tuple(articles)
