"""Files and records → :class:`~kg.model.Document`, with the text exactly as read.

Supported inputs: ``.txt`` (UTF-8, or Windows-1256 Arabic), ``.html``/``.htm`` (the visible
article text), ``.jsonl`` (one ``{"id","title","published","source","url","text"}`` record a
line) and folders of these. ``NAME.json`` beside ``NAME.txt`` or ``NAME.html`` gives metadata.

Nothing here raises on bad input: each problem becomes a :class:`Rejected` naming where and
why, and reading goes on with the next file or record.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.html_text import html_to_text
from kg.model import Document, DocumentMeta

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
_ARABIC_LETTERS = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")  # below 32, except \t \n \v \f \r
MIN_ARABIC_SHARE = 0.5  # of the letters; news pages quote Latin names and acronyms
MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be read as an Arabic article, and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class InputError(ValueError):
    """A single input is unusable; the message says why."""


def parse_date(value: object, field: str = "published") -> dt.date | None:
    """A ``YYYY-MM-DD`` (or ISO date-time) value as a date; None for empty values."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"{field} must be a YYYY-MM-DD string, not {type(value).__name__}")
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InputError(f"malformed {field} date {value!r} (expected YYYY-MM-DD)") from None


def _count(runs: re.Pattern[str], text: str) -> int:
    """How many characters of ``text`` the runs of ``runs`` cover."""
    return sum(map(len, runs.findall(text)))


def check_arabic(text: str) -> None:
    """Raise :class:`InputError` unless ``text`` is a non-empty, mostly Arabic text."""
    if not text.strip():
        raise InputError("empty text")
    if len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise InputError("binary content, not text")
    letters = _count(_LETTERS, text)
    arabic = _count(_ARABIC_LETTERS, text)
    if not letters or arabic < MIN_ARABIC_SHARE * letters:
        raise InputError(f"not Arabic text ({arabic} of {letters} letters are Arabic)")


def universal_newlines(text: str) -> str:
    """Line ends as Python's text mode reads them (CRLF and CR become LF), so offsets agree
    with ``open(path, encoding="utf-8").read()``."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def decode(raw: bytes) -> str:
    """Bytes of a text file as a string: UTF-8 first, then Windows-1256 Arabic."""
    if b"\x00" in raw[:4096]:
        raise InputError("binary content, not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("cp1256")
        except UnicodeDecodeError:
            raise InputError(f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start})") from None
        if _count(_ARABIC_LETTERS, text) < 0.3 * max(_count(_LETTERS, text), 1):
            raise InputError(f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start})") from None
        return text


def meta_from_record(record: dict[str, Any], default_id: str, published: dt.date | None) -> DocumentMeta:
    """Metadata from a sidecar or a JSON-lines record; ``published`` fills a missing date."""
    doc_id = record.get("id") or default_id
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise InputError(f"id must be a non-empty string, not {doc_id!r}")
    if not re.fullmatch(r"[\w.\-~]+", doc_id):
        raise InputError(f"id {doc_id!r} may hold only letters, digits, '.', '-', '_' and '~'")
    date = parse_date(record.get("published")) or published

    def text_field(name: str) -> str | None:
        value = record.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise InputError(f"{name} must be a string, not {type(value).__name__}")
        return value.strip()

    return DocumentMeta(
        id=doc_id,
        title=text_field("title"),
        published=date,
        source=text_field("source"),
        url=text_field("url"),
    )


def read_sidecar(path: Path) -> dict[str, Any]:
    """The ``NAME.json`` beside an article, or an empty dict."""
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return {}
    try:
        record = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"unreadable sidecar {sidecar.name}: {err}") from None
    if not isinstance(record, dict):
        raise InputError(f"sidecar {sidecar.name} is not a JSON object")
    return record


def read_text_file(path: Path, published: dt.date | None = None) -> Document:
    """A ``.txt`` or ``.html`` article with its sidecar metadata."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"unreadable: {err.strerror or err}") from None
    text = universal_newlines(decode(raw))
    media_type = "text/plain"
    if path.suffix.lower() in (".html", ".htm"):
        text, html_title = html_to_text(text)
        media_type = "text/html"
    else:
        html_title = None
    check_arabic(text)
    record = read_sidecar(path)
    try:
        meta = meta_from_record(record, path.stem, published)
    except InputError as err:
        raise InputError(f"sidecar {path.with_suffix('.json').name}: {err}") from None
    if meta.title is None and html_title:
        meta = DocumentMeta(meta.id, html_title, meta.published, meta.source, meta.url)
    return Document(meta=meta, text=text, path=str(path), media_type=media_type)


def read_jsonl(path: Path, published: dt.date | None = None) -> Iterator[Document | Rejected]:
    """Each line of a JSON-lines file as a document, or the reason it is not one."""
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Rejected(str(path), f"unreadable: {err.strerror or err}")
        return
    with handle:
        for number, raw_line in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if not raw_line.strip():
                continue
            try:
                record = json.loads(decode(raw_line))
                if not isinstance(record, dict):
                    raise InputError("record is not a JSON object")
                text = record.get("text")
                if not isinstance(text, str):
                    raise InputError("record has no string 'text'")
                check_arabic(text)
                meta = meta_from_record(record, f"{path.stem}-{number}", published)
            except json.JSONDecodeError as err:
                yield Rejected(where, f"malformed JSON record ({err.msg} at column {err.colno})")
            except InputError as err:
                yield Rejected(where, str(err))
            else:
                yield Document(meta=meta, text=text, path=where, media_type="application/jsonl")


def discover(paths: Iterable[str | Path]) -> Iterator[Path | Rejected]:
    """Article files under the given paths (folders searched recursively, in name order)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                yield Rejected(str(path), "folder holds no .txt, .html or .jsonl article")
            yield from found
        elif path.is_file():
            yield path
        elif path.exists():
            yield Rejected(str(path), "not a regular file")
        else:
            yield Rejected(str(path), "no such file or folder")


def read_documents(
    paths: Iterable[str | Path], published: dt.date | None = None
) -> Iterator[Document | Rejected]:
    """Every document under ``paths``, or a :class:`Rejected` for each input that is not one."""
    for item in discover(paths):
        if isinstance(item, Rejected):
            yield item
        elif item.suffix.lower() == ".jsonl":
            yield from read_jsonl(item, published)
        elif item.suffix.lower() == ".json":
            continue
        else:
            try:
                yield read_text_file(item, published)
            except InputError as err:
                yield Rejected(str(item), str(err))


def document_from_text(
    text: str,
    doc_id: str,
    *,
    title: str | None = None,
    published: dt.date | str | None = None,
    source: str | None = None,
    url: str | None = None,
) -> Document:
    """A document from a string (the Python API and HTTP ingestion); raises :class:`InputError`."""
    check_arabic(text)
    date = parse_date(published) if isinstance(published, str) else published
    meta = meta_from_record({"id": doc_id}, doc_id, None)
    return Document(meta=DocumentMeta(meta.id, title, date, source, url), text=text, media_type="text/plain")
