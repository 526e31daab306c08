"""Closed-class words the entity and event finders stop at or look for.

These are grammar, not knowledge of the world: prepositions, particles, pronouns and the
heads of organisation names. Open-class knowledge (names, titles, triggers) lives in
``kg/data``.
"""

from __future__ import annotations

import re

from kg.arabic.normalise import normalise

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


def light(word: str) -> str:
    """Diacritics and tatweel removed, alef forms unified, but ى kept apart from ي, so that the
    preposition على is not the name علي."""
    return re.sub("[أإآٱ]", "ا", _DIACRITICS.sub("", word))


def _set(words: str) -> frozenset[str]:
    return frozenset(normalise(w) for w in words.split())


def _light_set(words: str) -> frozenset[str]:
    return frozenset(light(w) for w in words.split())


# Words that end a name: prepositions, particles, relatives, demonstratives, time words.
STOP = _light_set(
    "في على من إلى الى عن مع أن ان إن لأن بأن بان وأن وإن أنه انه إنه بأنه الذي التي الذين اللذين "
    "اللتين الذى خلال أمام امام بعد قبل منذ حتى حول ضد لدى عند بين تحت فوق دون غير سوى ثم أو او "
    "لا لم لن ما هل قد كان كانت وكان يكون هذا هذه ذلك تلك هناك هنا اليوم أمس امس غدا غداً "
    "التابع التابعة الموالي الموالية المدعوم المدعومة "
    "يوم الأسبوع الشهر العام عام وقال قال قالت أكد اكد وأكد مؤكدا مشيرا قائلا مضيفا وأضاف أضاف "
    "حيث كما أيضا أيضاً نحو إثر اثر عبر وفق وفقا وفقاً بحسب حسب لكن لكنه بل إذ إذا اذا لو "
    "الذي الى وهو وهي هو هي هم نحن أنا كل بعض جميع أي اي مساء صباح ظهر"
)
# Verbs and nouns opening a reported clause after the speaker.
CLAUSE_OPENERS = _set("أن ان إن بأن وأن إنه أنه انه بانه بأنه إنها أنها انها بأنها إنهم أنهم :")
# Heads of organisation and armed-group names.
ORG_HEADS = _set(
    "وزارة مجلس حزب منظمة وكالة جبهة تنظيم حركة هيئة جماعة جمعية اتحاد الاتحاد لجنة رئاسة "
    "حكومة الحكومة برلمان البرلمان مكتب جامعة مركز مؤسسة شركة المرصد ائتلاف تحالف التحالف "
    "الجامعة المجلس الوزارة الحزب المنظمة الوكالة الجبهة الحركة الهيئة الجماعة اللجنة"
)
FORCE_HEADS = _set(
    "قوات القوات جيش الجيش الدبابات المدفعية الطائرات الطيران المقاتلات البحرية ميليشيات "
    "ميليشيا المليشيات مليشيات الميليشيات فصائل الفصائل مسلحو مسلحي عناصر كتائب"
)
# Counterpart and party references that name no one by themselves.
COUNTERPART = _set("نظيره نظيرته نظيريه نظرائه ونظيره ونظيرته")
BOTH_PARTIES = _set(
    "الطرفان الطرفين الرئيسان الرئيسين الجانبان الجانبين البلدان البلدين الوزيران الوزيرين الزعيمان الزعيمين"
)
# Unnamed sources: statements by them are not attributed to anyone.
ANONYMOUS = _set(
    "مصادر مصدر مسؤول مسؤولون مسؤولين مراقبون محللون محللين شهود ناشطون ناشطين دبلوماسي دبلوماسيون "
    "دبلوماسيين خبراء خبير الخبراء المصادر مصادرنا المسؤول المسؤولون المراقبون المحللون العديد بعض "
    "سكان مواطنون شهود عيان متحدث مراسل مراسلنا وسائل تقارير قيادات قياديون قياديين قادة أعضاء اعضاء"
)
# Impersonal speech forms: 'يذكر أن' (it is worth mentioning), 'يشار إلى'.
IMPERSONAL = _set("يذكر يشار يقال يلاحظ يجدر")
# Words between a title and the name that qualify the title: 'نائب الرئيس السوري السابق'.
TITLE_MODIFIERS = _set(
    "السابق السابقة الأسبق الاسبق الحالي الجديد الجديدة المنشق المستقيل المكلف "
    "المؤقت الراحل حاليا حالياً سابقا سابقاً"
)
# 'بلاده', 'بلادنا': the country of the person speaking or spoken of.
OWN_COUNTRY = _set("بلاده بلادها بلادنا بلادهم")
# Weapons that tell a strike's finer class when its trigger does not ('قصفت مدفعية…').
INSTRUMENTS = {
    **dict.fromkeys(
        _set("مدفعيه المدفعيه قذائف القذائف مدفعي المدفعي هاون الهاون دبابات الدبابات"), "Shelling"
    ),
    **dict.fromkeys(_set("طائرات الطائرات مقاتلات المقاتلات جويه الجويه الطيران طيران حربيه"), "AirStrike"),
    **dict.fromkeys(_set("صواريخ الصواريخ صاروخ الصاروخ صاروخيه الصاروخيه باليستي"), "MissileAttack"),
    **dict.fromkeys(_set("مسيره المسيره مسيرات المسيرات درون"), "DroneAttack"),
    **dict.fromkeys(_set("انتحاري الانتحاري مفخخه المفخخه ناسفه الناسفه عبوه العبوه"), "Bombing"),
}
