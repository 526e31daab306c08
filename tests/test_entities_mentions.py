"""Entity mentions and in-document coreference (kg/entities/mentions.py)."""

from __future__ import annotations

import pytest
from extraction_helpers import bug, labels, mention, mentions_of, name

from kg.model import EntityKind

RUSSIA, TURKEY, IRAN, SYRIA, LIBYA, LEBANON, GERMANY, ISRAEL, SUDAN, TUNISIA = (
    "Q159", "Q43", "Q794", "Q858", "Q1016", "Q822", "Q183", "Q801", "Q1049", "Q948",
)  # fmt: skip


# --- titles and roles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "person", "title", "country"),
    [
        pytest.param(
            "قال الرئيس الروسي فلاديمير بوتين إن موسكو مستعدة للحوار.",
            "الرئيس الروسي فلاديمير بوتين",
            "Vladimir Putin",
            "الرئيس",
            RUSSIA,
            id="title-nisba-name",
        ),
        pytest.param(
            "أكد وزير الخارجية التركي، هاكان فيدان، أن أنقرة لن تقبل بذلك.",
            "وزير الخارجية التركي، هاكان فيدان",
            "Hakan Fidan",
            "وزير الخارجية",
            TURKEY,
            id="title-comma-name",
        ),
        pytest.param(
            "وصل المبعوث الخاص للرئيس الروسي إلى سوريا، ألكسندر لافرنتييف، إلى دمشق.",
            "المبعوث الخاص للرئيس الروسي إلى سوريا، ألكسندر لافرنتييف",
            "Alexander Lavrentiev",
            "المبعوث الخاص",
            RUSSIA,
            id="chained-title",
        ),
        pytest.param(
            "قال وزير الخارجية الليبي الطاهر الباعور إن طرابلس ترفض التدخل.",
            "وزير الخارجية الليبي الطاهر الباعور",
            "الطاهر الباعور",
            "وزير الخارجية",
            LIBYA,
            id="unknown-name",
        ),
        pytest.param(
            "قال وزير الدفاع السوداني ياسين إبراهيم ياسين إن الجيش يتقدم.",
            "وزير الدفاع السوداني ياسين إبراهيم ياسين",
            "ياسين إبراهيم ياسين",
            "وزير الدفاع",
            SUDAN,
            id="unknown-three-word-name",
        ),
    ],
)
def test_mentions_title_gives_person_role_and_country(
    text: str, surface: str, person: str, title: str, country: str
) -> None:
    found = mention(text, surface.split()[0])
    assert found.span.text == surface
    assert found.entity.kind is EntityKind.PERSON
    assert name(found.entity) == person
    assert found.role_title == title
    assert found.entity.country == country


GABRIEL = "قال زوجمار جابريل نائب المستشارة الألمانية إن برلين تدعم الاتفاق."


def test_mentions_name_followed_by_its_title_is_a_person() -> None:
    found = mention(GABRIEL, "زوجمار")
    assert found.span.text == "زوجمار جابريل"
    assert found.entity.kind is EntityKind.PERSON
    assert found.resolved_by == "name+title"
    assert (found.role_title or "").startswith("نائب")


@bug(
    "name-then-title stops at the title 'نائب' and never reads 'المستشارة الألمانية': "
    "زوجمار جابريل gets country None (expected Germany, Q183)"
)
def test_mentions_name_followed_by_its_title_takes_the_title_country() -> None:
    assert mention(GABRIEL, "زوجمار").entity.country == GERMANY


# --- acronyms, organisations and forces ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        pytest.param("هاجمت «قسد» مواقع في ريف حلب.", "قسد", "Syrian Democratic Forces", id="qasad"),
        pytest.param("وتبنى «داعش» الهجوم على الحاجز.", "داعش", "Islamic State", id="daesh"),
    ],
)
def test_mentions_quoted_acronym_names_the_group(text: str, surface: str, expected: str) -> None:
    found = mention(text, surface)
    assert found.span.text == surface
    assert found.entity.kind is EntityKind.ARMED_GROUP
    assert name(found.entity) == expected


@pytest.mark.parametrize(
    ("text", "surface", "kind", "country"),
    [
        pytest.param(
            "وقالت وزارة الزراعة السورية إن المحصول تضرر.",
            "وزارة الزراعة السورية",
            EntityKind.ORGANISATION,
            SYRIA,
            id="wizara",
        ),
        pytest.param(
            "وقالت وزارة الصحة اللبنانية إن الحصيلة ارتفعت.",
            "وزارة الصحة اللبنانية",
            EntityKind.ORGANISATION,
            LEBANON,
            id="wizara-lebanon",
        ),
        pytest.param(
            "وقال مجلس تل أبيض العسكري إن الوضع مستقر.",
            "مجلس تل أبيض العسكري",
            EntityKind.ORGANISATION,
            None,
            id="majlis",
        ),
        pytest.param(
            "وأعلن مجلس دير الزور العسكري سيطرته على القرية.",
            "مجلس دير الزور العسكري",
            EntityKind.ORGANISATION,
            None,
            id="majlis-before-object",
        ),
        pytest.param(
            "وقالت وكالة الأنباء الألمانية إن الوضع متوتر.",
            "وكالة الأنباء الألمانية",
            EntityKind.ORGANISATION,
            GERMANY,
            id="wakala",
        ),
        pytest.param(
            "وقالت جبهة التحرير الوطني إن الاتفاق انهار.",
            "جبهة التحرير الوطني",
            EntityKind.ORGANISATION,
            None,
            id="jabha",
        ),
        pytest.param(
            "وقال تنظيم حراس الدين إن مقاتليه نفذوا الهجوم.",
            "تنظيم حراس الدين",
            EntityKind.ORGANISATION,
            None,
            id="tanzim",
        ),
        pytest.param(
            "وقالت قوات الأمن الداخلي إنها اعتقلت خلية.",
            "قوات الأمن الداخلي",
            EntityKind.ARMED_GROUP,
            None,
            id="quwwat",
        ),
        pytest.param(
            "وقال جيش العزة إن مقاتليه صدوا الهجوم.", "جيش العزة", EntityKind.ARMED_GROUP, None, id="jaysh"
        ),
    ],
)
def test_mentions_organisation_named_by_its_head_word(
    text: str, surface: str, kind: EntityKind, country: str | None
) -> None:
    found = mention(text, surface.split()[0])
    assert found.span.text == surface
    assert found.entity.kind is kind
    assert found.entity.label_ar == surface
    assert found.entity.country == country


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        pytest.param("قصفت القوات التركية قرى في ريف منبج.", "القوات التركية", TURKEY, id="quwwat"),
        pytest.param("وقال الجيش الإسرائيلي إن طائراته أغارت.", "الجيش الإسرائيلي", ISRAEL, id="jaysh"),
        pytest.param("وقصفت المدفعية التركية مواقع في تل رفعت.", "المدفعية التركية", TURKEY, id="artillery"),
        pytest.param("شنت الطائرات الروسية غارات على إدلب.", "الطائرات الروسية", RUSSIA, id="aircraft"),
    ],
)
def test_mentions_state_forces_are_an_armed_group_of_that_state(
    text: str, surface: str, country: str
) -> None:
    found = mention(text, surface)
    assert found.span.text == surface
    assert found.entity.kind is EntityKind.ARMED_GROUP
    assert found.entity.country == country


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "قصفت القوات التركية قرى. وردت «قسد» على مواقع القوات التركية والجيش التركي.", id="army"
        ),
        pytest.param("قصفت القوات التركية قرى. واشتبكت «قسد» مع الدبابات والقوات التركية.", id="wa-forces"),
    ],
)
def test_mentions_state_forces_are_one_entity_however_introduced(text: str) -> None:
    forces = [m.entity for s in mentions_of(text) for m in s if m.entity.country == TURKEY]
    assert len(forces) >= 2
    assert len({e.key for e in forces}) == 1


def test_mentions_known_name_stops_before_counterpart() -> None:
    text = "التقى وزير الخارجية الروسي سيرغي لافروف نظيره التركي هاكان فيدان."
    assert [name(m.entity) for m in mentions_of(text)[0]] == ["Sergey Lavrov", "Hakan Fidan"]


@bug(
    "an unknown name runs on into 'نظيره': the person is 'الطاهر الباعور نظيره', and the "
    "counterpart becomes the gazetteer's 'محمد علي' (Muhammad Ali) with no country"
)
def test_mentions_unknown_name_stops_before_counterpart() -> None:
    text = "التقى وزير الخارجية الليبي الطاهر الباعور نظيره التونسي محمد علي النفطي في تونس."
    first, second = mentions_of(text)[0][:2]
    assert first.span.text == "وزير الخارجية الليبي الطاهر الباعور"
    assert second.entity.country == TUNISIA


@pytest.mark.parametrize(
    ("text", "persons"),
    [
        pytest.param(
            "والتقى بوتين وبزشكيان على هامش المنتدى.", ["Vladimir Putin", "Masoud Pezeshkian"], id="two"
        ),
        pytest.param("وحضر اللقاء لافروف وفيدان.", ["Sergey Lavrov", "Hakan Fidan"], id="after-verb"),
    ],
)
def test_mentions_coordinated_known_names(text: str, persons: list[str]) -> None:
    assert [name(m.entity) for m in mentions_of(text)[0]] == persons


# --- coreference inside a document -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "full"),
    [
        pytest.param(
            "قال المتحدث باسم قوات سوريا الديمقراطية فرهاد شامي إن الهجوم فشل. "
            "وأضاف شامي أن المقاتلين صامدون.",
            "فرهاد شامي",
            id="unknown-shami",
        ),
        pytest.param(
            "قال وزير الخارجية الليبي الطاهر الباعور إن طرابلس ترفض التدخل. وأكد الباعور أن الحوار هو الحل.",
            "الطاهر الباعور",
            id="unknown-al-baour",
        ),
        pytest.param(
            "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان. "
            "وقال بزشكيان إن العلاقات متينة.",
            "Masoud Pezeshkian",
            id="pezeshkian",
        ),
    ],
)
def test_mentions_surname_refers_to_the_person_named_in_full(text: str, full: str) -> None:
    first, second = mentions_of(text)[:2]
    later = second[0]
    assert len(later.span.text.split()) == 1
    assert name(later.entity) == full
    assert later.entity.key in {m.entity.key for m in first}


@pytest.mark.parametrize(
    ("text", "reference", "person"),
    [
        pytest.param(
            "التقى الرئيس الروسي فلاديمير بوتين الرئيس الإيراني مسعود بزشكيان. "
            "وقال نظيره الإيراني إن العلاقات متينة.",
            "نظيره الإيراني",
            "Masoud Pezeshkian",
            id="counterpart",
        ),
        pytest.param(
            "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان. "
            "وأكد الرئيس الإيراني أن طهران تريد السلام.",
            "الرئيس الإيراني",
            "Masoud Pezeshkian",
            id="the-iranian-president",
        ),
        pytest.param(
            "التقى وزير الخارجية الروسي سيرغي لافروف نظيره التركي هاكان فيدان. "
            "وقال الوزير الروسي إن المحادثات بناءة.",
            "الوزير الروسي",
            "Sergey Lavrov",
            id="the-russian-minister",
        ),
        pytest.param(
            "التقى وزير الخارجية الروسي سيرغي لافروف نظيره التركي هاكان فيدان. "
            "وقال الوزير التركي إن المحادثات بناءة.",
            "الوزير التركي",
            "Hakan Fidan",
            id="the-turkish-minister",
        ),
    ],
)
def test_mentions_title_or_counterpart_refers_back(text: str, reference: str, person: str) -> None:
    later = mentions_of(text)[1]
    assert later[0].span.text == reference
    assert name(later[0].entity) == person


def test_mentions_counterpart_with_its_name_takes_the_first_persons_title() -> None:
    found = mention("التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان.", "نظيره")
    assert name(found.entity) == "Masoud Pezeshkian"
    assert found.role_title == "الرئيس"
    assert found.resolved_by == "counterpart"


def test_mentions_counterpart_after_a_preposition() -> None:
    text = (
        "قال الرئيس الإيراني مسعود بزشكيان إن طهران مستعدة. "
        "واتصل الرئيس الروسي فلاديمير بوتين بنظيره الإيراني."
    )
    assert "Masoud Pezeshkian" in labels(m.entity for m in mentions_of(text)[1])


@pytest.mark.parametrize(
    ("text", "country"),
    [
        pytest.param("قال الرئيس الروسي فلاديمير بوتين إن بلاده مستعدة للحوار.", RUSSIA, id="russia"),
        pytest.param("قال الرئيس الإيراني مسعود بزشكيان إن بلاده لا تريد الحرب.", IRAN, id="iran"),
    ],
)
def test_mentions_own_country_is_the_speakers(text: str, country: str) -> None:
    assert mention(text, "بلاده").entity.key == country


def test_mentions_conjoined_preposition_is_not_a_place() -> None:
    found = mentions_of("وفي دمشق، قصفت الطائرات الإسرائيلية مواقع عسكرية.")[0]
    assert found[0].span.text == "دمشق"
