"""The 98 municipalities, and matching of municipality names and codes as people write them.

Official files join on names (RUKS has no codes) and users type names in every spelling:
"Københavns Kommune", "Kobenhavn", "københavn", "Århus", "Høje Taastrup", "Bornholms
Regionskommune". Matching is exact on a folded key, never fuzzy: a name that does not fold to
a known municipality is reported as unmatched (with a suggestion), never guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

CHRISTIANSOE = 411
NATIONAL_CODE = 0

# (kommune_kode, DST name, region_code) — DST spelling as in the snapshot's municipalities.csv.
_MUNICIPALITIES = (
    (101, "København", 1084), (147, "Frederiksberg", 1084), (151, "Ballerup", 1084),
    (153, "Brøndby", 1084), (155, "Dragør", 1084), (157, "Gentofte", 1084),
    (159, "Gladsaxe", 1084), (161, "Glostrup", 1084), (163, "Herlev", 1084),
    (165, "Albertslund", 1084), (167, "Hvidovre", 1084), (169, "Høje-Taastrup", 1084),
    (173, "Lyngby-Taarbæk", 1084), (175, "Rødovre", 1084), (183, "Ishøj", 1084),
    (185, "Tårnby", 1084), (187, "Vallensbæk", 1084), (190, "Furesø", 1084),
    (201, "Allerød", 1084), (210, "Fredensborg", 1084), (217, "Helsingør", 1084),
    (219, "Hillerød", 1084), (223, "Hørsholm", 1084), (230, "Rudersdal", 1084),
    (240, "Egedal", 1084), (250, "Frederikssund", 1084), (253, "Greve", 1085),
    (259, "Køge", 1085), (260, "Halsnæs", 1084), (265, "Roskilde", 1085), (269, "Solrød", 1085),
    (270, "Gribskov", 1084), (306, "Odsherred", 1085), (316, "Holbæk", 1085),
    (320, "Faxe", 1085), (326, "Kalundborg", 1085), (329, "Ringsted", 1085),
    (330, "Slagelse", 1085), (336, "Stevns", 1085), (340, "Sorø", 1085), (350, "Lejre", 1085),
    (360, "Lolland", 1085), (370, "Næstved", 1085), (376, "Guldborgsund", 1085),
    (390, "Vordingborg", 1085), (400, "Bornholm", 1084), (410, "Middelfart", 1083),
    (420, "Assens", 1083), (430, "Faaborg-Midtfyn", 1083), (440, "Kerteminde", 1083),
    (450, "Nyborg", 1083), (461, "Odense", 1083), (479, "Svendborg", 1083),
    (480, "Nordfyns", 1083), (482, "Langeland", 1083), (492, "Ærø", 1083),
    (510, "Haderslev", 1083), (530, "Billund", 1083), (540, "Sønderborg", 1083),
    (550, "Tønder", 1083), (561, "Esbjerg", 1083), (563, "Fanø", 1083), (573, "Varde", 1083),
    (575, "Vejen", 1083), (580, "Aabenraa", 1083), (607, "Fredericia", 1083),
    (615, "Horsens", 1082), (621, "Kolding", 1083), (630, "Vejle", 1083), (657, "Herning", 1082),
    (661, "Holstebro", 1082), (665, "Lemvig", 1082), (671, "Struer", 1082),
    (706, "Syddjurs", 1082), (707, "Norddjurs", 1082), (710, "Favrskov", 1082),
    (727, "Odder", 1082), (730, "Randers", 1082), (740, "Silkeborg", 1082), (741, "Samsø", 1082),
    (746, "Skanderborg", 1082), (751, "Aarhus", 1082), (756, "Ikast-Brande", 1082),
    (760, "Ringkøbing-Skjern", 1082), (766, "Hedensted", 1082), (773, "Morsø", 1081),
    (779, "Skive", 1082), (787, "Thisted", 1081), (791, "Viborg", 1082),
    (810, "Brønderslev", 1081), (813, "Frederikshavn", 1081), (820, "Vesthimmerlands", 1081),
    (825, "Læsø", 1081), (840, "Rebild", 1081), (846, "Mariagerfjord", 1081),
    (849, "Jammerbugt", 1081), (851, "Aalborg", 1081), (860, "Hjørring", 1081),
)

# Other spellings in real use: old names, English names, forms without the genitive -s.
_ALIASES = {
    "Copenhagen": 101, "Kbh": 101, "Nordfyn": 480, "Vesthimmerland": 820,
    "Brønderslev-Dronninglund": 810, "Elsinore": 217, "Bornholms Regionskommune": 400,
}

# Aggregates that legitimately appear beside municipalities in official and user tables.
REGION_CODES = {1081: "Region Nordjylland", 1082: "Region Midtjylland",
                1083: "Region Syddanmark", 1084: "Region Hovedstaden", 1085: "Region Sjælland"}
_AGGREGATE_KEYS = {"helelandet", "ialt", "total", "danmark", "denmark", "landet", "allekommuner",
                   "wholecountry", "christianso", "christiansoe"}

_SUFFIXES = ("regionskommune", "kommunes", "kommune", "municipality")
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue",
                       "é": "e", "è": "e"})


@dataclass(frozen=True)
class Municipality:
    code: int
    name: str
    region_code: int


MUNICIPALITIES: tuple[Municipality, ...] = tuple(Municipality(*row) for row in _MUNICIPALITIES)
CODES: frozenset[int] = frozenset(m.code for m in MUNICIPALITIES)
_BY_CODE = {m.code: m for m in MUNICIPALITIES}


def municipality_name(code: int) -> str:
    """DST spelling of a municipality's name; KeyError for codes that are not municipalities."""
    return _BY_CODE[code].name


def fold(text: str) -> str:
    """Lower-case ASCII key: 'Høje-Taastrup' -> 'hoejetaastrup', 'Århus' -> 'aarhus'."""
    text = unicodedata.normalize("NFKC", str(text)).casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text)


def _loose(key: str) -> str:
    """Key for names typed without Danish letters: 'kobenhavn' and 'koebenhavn' agree."""
    return key.replace("aa", "a").replace("ae", "a").replace("oe", "o")


def _strip_suffix(key: str) -> str:
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            return key[: -len(suffix)]
    return key


def _build_index() -> tuple[dict[str, int], dict[str, int]]:
    exact: dict[str, int] = {}
    loose: dict[str, int] = {}
    names = [(m.name, m.code) for m in MUNICIPALITIES] + list(_ALIASES.items())
    for name, code in names:
        key = fold(name)
        for variant in (key, _strip_suffix(key)):
            exact.setdefault(variant, code)
            loose.setdefault(_loose(variant), code)
    return exact, loose


_EXACT, _LOOSE = _build_index()


def normalise_code(raw: object) -> int | None:
    """'0101', '101', 101, 101.0 -> 101. None when the value is not a whole number.

    The result may still be a non-municipality (0, 411, a region code): check against CODES.
    """
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    text = str(raw).strip()
    if re.fullmatch(r"\d{1,4}", text):
        return int(text)
    if re.fullmatch(r"\d{1,4}[.,]0+", text):
        return int(re.split(r"[.,]", text)[0])
    return None


def match_name(name: object) -> int | None:
    """The municipality code for a name as people write it, or None."""
    if name is None:
        return None
    key = fold(str(name))
    if not key:
        return None
    candidates = [key, _strip_suffix(key)]
    # A genitive -s ("Københavns Kommune") is only tried after the exact forms.
    candidates += [c[:-1] for c in candidates if c.endswith("s")]
    for candidate in candidates:
        if candidate in _EXACT:
            return _EXACT[candidate]
    for candidate in candidates:
        if _loose(candidate) in _LOOSE:
            return _LOOSE[_loose(candidate)]
    return None


def is_aggregate_name(name: object) -> bool:
    """'Hele landet', 'I alt', 'Region Hovedstaden', 'Christiansø': not a municipality."""
    key = fold(str(name or ""))
    if key in _AGGREGATE_KEYS:
        return True
    return key.startswith("region") and match_name(name) is None


def suggest(name: object) -> str | None:
    """The closest municipality name, for 'did you mean …?' messages. Never applied silently."""
    key = _loose(_strip_suffix(fold(str(name or ""))))
    if not key:
        return None
    choices = {_loose(fold(m.name)): m.name for m in MUNICIPALITIES}
    close = difflib.get_close_matches(key, list(choices), n=1, cutoff=0.75)
    return choices[close[0]] if close else None
