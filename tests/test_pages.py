"""Splitting scraped pages into articles, captions and left-out blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.documents import read_documents
from kg.model import BlockKind, Document, DocumentMeta
from kg.pages import split_page

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def _doc(text: str, title: str | None = None) -> Document:
    return Document(DocumentMeta("t", title=title), text)


PAGE = """عنوان الخبر الأول

صورة الرئيسين في القمة (رويترز)
صورة الرئيسين في القمة (رويترز)
TT

عنوان الخبر الأول

التقى الرئيس الروسي نظيره الإيراني في العاصمة، الجمعة، وبحثا العلاقات.

عنوان فرعي

وقال الرئيس إن العلاقات جيدة.

مقالات ذات صلة

خبر آخر عن روسيا
وقال الكرملين إن الضربة تحذير للغرب.

عنوان الخبر الثاني

تعليق على صورة الوزير (أ.ف.ب)
TT

عنوان الخبر الثاني

أعلن وزير الخارجية التركي أن بلاده لن تنسحب.
"""


def test_pages_split_into_titled_articles() -> None:
    articles = split_page(_doc(PAGE))
    assert [a.title.text for a in articles if a.title] == ["عنوان الخبر الأول", "عنوان الخبر الثاني"]


def test_pages_related_block_is_left_out_by_default() -> None:
    first = split_page(_doc(PAGE))[0]
    body = " ".join(b.span.text for b in first.text_blocks(BlockKind.BODY))
    assert "الكرملين" not in body
    related = " ".join(b.span.text for b in first.text_blocks(BlockKind.RELATED))
    assert "الكرملين" in related


def test_pages_related_block_kept_on_request() -> None:
    first = split_page(_doc(PAGE), keep_related=True)[0]
    assert "الكرملين" in " ".join(b.span.text for b in first.text_blocks(BlockKind.BODY))


def test_pages_captions_marker_and_heading_are_classified() -> None:
    first = split_page(_doc(PAGE))[0]
    kinds = {b.span.text: b.kind for b in first.blocks}
    assert kinds["صورة الرئيسين في القمة (رويترز)"] is BlockKind.CAPTION
    assert kinds["TT"] is BlockKind.BOILERPLATE
    assert kinds["عنوان فرعي"] is BlockKind.HEADING
    assert kinds["وقال الرئيس إن العلاقات جيدة."] is BlockKind.BODY


def test_pages_every_block_points_into_the_text() -> None:
    doc = _doc(PAGE)
    for article in split_page(doc):
        for block in article.blocks:
            assert doc.text[block.span.begin : block.span.end] == block.span.text


def test_pages_plain_article_has_title_and_dateline() -> None:
    text = "عنوان قصير للخبر\n\nوكالات - طهران\nدافع وزير الخارجية الإيراني عن الاتفاق أمس.\n"
    (article,) = split_page(_doc(text))
    assert article.title is not None and article.title.text == "عنوان قصير للخبر"
    assert [b.kind for b in article.blocks] == [BlockKind.TITLE, BlockKind.DATELINE, BlockKind.BODY]


@pytest.mark.skipif(not (EXAMPLES / "asharq-page.txt").exists(), reason="example page not present")
def test_pages_seed_page_splits_into_its_two_articles() -> None:
    (doc,) = [d for d in read_documents([EXAMPLES / "asharq-page.txt"]) if isinstance(d, Document)]
    articles = split_page(doc)
    assert [a.title.text for a in articles if a.title] == [
        "تقارب روسي إيراني في «السياسة الدولية»",
        "أنقرة: الأسد لا يريد عودة السلام في سوريا",
    ]
    teasers = [b for b in articles[0].blocks if b.kind is BlockKind.RELATED]
    assert teasers and "بايدن" in teasers[1].span.text
