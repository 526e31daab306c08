"""Tokens keep offsets into the original text; stems strip proclitics for look-ups."""

from __future__ import annotations

import pytest

from kg.arabic.tokens import stems, tokenise, without_article

SENTENCES = [
    "قال وزير الخارجية لـ«الشرق الأوسط» إن المحادثات ستُستأنف.",
    "ارتفعت النسبة إلى 11.5 في المئة عام 2024، مقابل ٣٫٥ في ٢٠٢٣.",
    'وصل الوفد (أ.ف.ب)... ثم غادر؛ وقال: "لا تعليق" - G20 Summit',
    "الاجتمـــاع المرتقب في 11/10/2024م بين الجانبين",
    "  مسافات\tو\nأسطر  ",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_tokens_offsets_index_the_text(text: str) -> None:
    for token in tokenise(text):
        assert text[token.begin : token.end] == token.text
        assert token.text.strip() == token.text != ""


@pytest.mark.parametrize("text", SENTENCES)
def test_tokens_cover_every_visible_character(text: str) -> None:
    covered = {i for t in tokenise(text) for i in range(t.begin, t.end)}
    assert covered == {i for i, c in enumerate(text) if not c.isspace()}


def test_tokens_within_a_stretch_keep_document_offsets() -> None:
    text = "مقدمة. التقى الوزيران أمس."
    begin = text.index("التقى")
    tokens = tokenise(text, begin, len(text) - 1)
    assert [t.text for t in tokens] == ["التقى", "الوزيران", "أمس"]
    assert tokens[0].begin == begin


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("لـ«الشرق", [("لـ", True), ("«", False), ("الشرق", True)]),
        ("11.5%", [("11.5", True), ("%", False)]),
        ("2015م،", [("2015", True), ("م", True), ("،", False)]),
        ("الـ29", [("الـ", True), ("29", True)]),
        ("٢٠٢٤", [("٢٠٢٤", True)]),
        ("(أ.ف.ب)...", [("(", False), ("أ", True), (".", False), ("ف", True), (".", False), ("ب", True),
                        (")", False), ("...", False)]),
        ("G20 Reuters", [("G20", True), ("Reuters", True)]),
        ("«قال»: نعم؛ لا؟", [("«", False), ("قال", True), ("»", False), (":", False), ("نعم", True),
                            ("؛", False), ("لا", True), ("؟", False)]),
    ],
)  # fmt: skip
def test_tokens_split_words_numbers_and_marks(text: str, expected: list[tuple[str, bool]]) -> None:
    assert [(t.text, t.is_word) for t in tokenise(text)] == expected


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("الاجتمـــاع", "الاجتماع"),
        ("أكّد", "اكد"),
        ("إيران", "ايران"),
        ("غداً", "غدا"),
        ("لـ", "ل"),
        ("Summit", "summit"),
    ],
)
def test_tokens_norm_drops_tatweel_and_diacritics(text: str, norm: str) -> None:
    (token,) = tokenise(text)
    assert token.text == text
    assert token.norm == norm


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("والتقي", ("والتقي", "التقي", "تقي")),
        ("بالرييس", ("بالرييس", "الرييس", "رييس")),
        ("للرييس", ("للرييس", "الرييس", "رييس", "لرييس")),
        ("وللرييس", ("وللرييس", "للرييس", "الرييس", "رييس", "لرييس")),
        ("وسيوقع", ("وسيوقع", "سيوقع", "يوقع")),
        ("فقال", ("فقال", "قال")),
        ("الروسي", ("الروسي", "روسي")),
        ("كالعاده", ("كالعاده", "العاده", "عاده")),
    ],
)
def test_tokens_stems_strip_proclitics_barest_last(word: str, expected: tuple[str, ...]) -> None:
    assert stems(word) == expected


def test_tokens_stems_reach_a_word_after_lil() -> None:
    assert "لبنان" in stems("للبنان")
    assert "لبنان" in stems("وللبنان")


@pytest.mark.parametrize("word", ["في", "من", "ال", "لل", "و", "بل", ""])
def test_tokens_stems_never_leave_fewer_than_two_letters(word: str) -> None:
    forms = stems(word)
    assert forms[0] == word
    assert all(len(form) >= 2 for form in forms[1:])


def test_tokens_stems_strip_future_sin_only_before_present_prefixes() -> None:
    assert "يوقع" in stems("سيوقع")
    assert "تعقد" in stems("ستعقد")
    assert stems("سلام") == ("سلام",)


@pytest.mark.parametrize(
    ("word", "bare"), [("الرييس", "رييس"), ("رييس", "رييس"), ("ال", "ال"), ("الي", "الي"), ("الاسد", "اسد")]
)
def test_tokens_without_article(word: str, bare: str) -> None:
    assert without_article(word) == bare
