"""Reading articles: formats, sidecars and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.documents import Rejected, document_from_text, read_documents
from kg.model import Document

ARABIC = "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان في عشق آباد."


def _read(*paths: Path, published: dt.date | None = None) -> tuple[list[Document], list[Rejected]]:
    docs, rejected = [], []
    for item in read_documents(paths, published):
        (rejected if isinstance(item, Rejected) else docs).append(item)
    return docs, rejected


def test_documents_txt_keeps_text_exactly_as_read(tmp_path: Path) -> None:
    text = "\ufeff" + ARABIC + "\r\n\r\nوقال بوتين إن «العلاقات جيدة».\n"
    path = tmp_path / "a1.txt"
    path.write_bytes(text.encode("utf-8"))
    docs, rejected = _read(path)
    assert not rejected
    assert docs[0].text == path.read_text(encoding="utf-8")
    assert docs[0].id == "a1"


def test_documents_sidecar_gives_metadata(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.json").write_text(
        json.dumps(
            {
                "id": "x-1",
                "title": "عنوان",
                "published": "2024-10-11",
                "source": "Asharq",
                "url": "https://example.org/a",
            }
        )
    )
    docs, _ = _read(tmp_path / "a.txt")
    meta = docs[0].meta
    assert (meta.id, meta.title, meta.published, meta.source) == (
        "x-1",
        "عنوان",
        dt.date(2024, 10, 11),
        "Asharq",
    )


def test_documents_published_option_fills_missing_date(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    docs, _ = _read(tmp_path / "a.txt", published=dt.date(2015, 7, 1))
    assert docs[0].meta.published == dt.date(2015, 7, 1)


def test_documents_jsonl_records_and_truncated_line(tmp_path: Path) -> None:
    good = {"id": "r1", "title": "t", "published": "2015-07-25", "source": "s", "url": "u", "text": ARABIC}
    path = tmp_path / "batch.jsonl"
    path.write_text(
        json.dumps(good, ensure_ascii=False)
        + "\n"
        + '{"id": "r2", "text": "التقى'
        + "\n"
        + json.dumps({**good, "id": "r3"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    docs, rejected = _read(path)
    assert [d.id for d in docs] == ["r1", "r3"]
    assert len(rejected) == 1
    assert rejected[0].where == f"{path}:2"
    assert "malformed JSON" in rejected[0].reason


def test_documents_windows_1256_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cp.txt"
    path.write_bytes(ARABIC.encode("cp1256"))
    docs, rejected = _read(path)
    assert not rejected
    assert docs[0].text == ARABIC


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty text"),
        ("blank.txt", b"  \n\n ", "empty text"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("english.txt", b"The presidents met in Ashgabat on Friday to discuss trade.", "not Arabic"),
        ("latin1.txt", "Caf\u00e9 cr\u00e8me et g\u00e2teau".encode("latin-1"), "not UTF-8"),
    ],
)
def test_documents_bad_text_is_rejected_with_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARABIC, encoding="utf-8")
    docs, rejected = _read(path, good)
    assert [d.id for d in docs] == ["good"]
    assert rejected[0].where == str(path)
    assert reason in rejected[0].reason


def test_documents_sidecar_with_malformed_date_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"published": "11/10/2024"}))
    docs, rejected = _read(tmp_path / "a.txt")
    assert not docs
    assert "malformed published date" in rejected[0].reason
    assert "a.json" in rejected[0].reason


def test_documents_missing_path_is_reported(tmp_path: Path) -> None:
    _, rejected = _read(tmp_path / "nope.txt")
    assert rejected[0].reason == "no such file or folder"


def test_documents_folder_is_searched_and_sidecars_are_not_articles(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.txt").write_text(ARABIC, encoding="utf-8")
    (sub / "b.json").write_text("{}")
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    docs, rejected = _read(tmp_path)
    assert sorted(d.id for d in docs) == ["a", "b"]
    assert not rejected


def test_documents_html_gives_article_text_without_navigation(tmp_path: Path) -> None:
    html = (
        "<html><head><title>عنوان الصفحة</title><script>var x = 'قال';</script></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/w'>العالم</a></nav>"
        f"<article><h1>بوتين يلتقي بزشكيان</h1><p>{ARABIC}</p>"
        "<p>وقال <b>بوتين</b> إن العلاقات جيدة.</p></article>"
        "<footer>حقوق النشر محفوظة</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    docs, rejected = _read(path)
    assert not rejected
    text = docs[0].text
    assert "بوتين يلتقي بزشكيان" in text and ARABIC in text and "وقال بوتين إن العلاقات جيدة." in text
    assert "الرئيسية" not in text and "حقوق النشر" not in text and "var x" not in text
    assert docs[0].meta.title == "عنوان الصفحة"
    assert docs[0].media_type == "text/html"


def test_documents_from_text_rejects_bad_id() -> None:
    with pytest.raises(ValueError, match="id"):
        document_from_text(ARABIC, "a b/c")
