"""Language rules kept by libraries, not by hand (issue 21): Danish collation (ICU), plural
forms (CLDR via Babel) and the sources' own texts in English."""

from __future__ import annotations

import pytest

from atlas.i18n import SOURCE_TEXTS_EN, plural, sort_key, sorted_names, source_wording

NAMES = ["Aarhus", "Ærø", "Odense", "Aabenraa", "Ålborg test", "Billund", "Aalborg",
         "Østerbro", "Vallensbæk", "Zealand"]


def test_danish_collation_puts_aa_with_aa_ring_after_ae_oe():
    ordered = sorted(NAMES, key=lambda name: sort_key(name, "da"))
    assert ordered == ["Billund", "Odense", "Vallensbæk", "Zealand", "Ærø", "Østerbro",
                       "Aabenraa", "Aalborg", "Ålborg test", "Aarhus"]


def test_english_keeps_its_own_order():
    ordered = sorted(NAMES, key=lambda name: sort_key(name, "en"))
    assert ordered[:4] == ["Aabenraa", "Aalborg", "Aarhus", "Ærø"]


def test_sorted_names_keeps_the_keys():
    assert list(sorted_names({851: "Aalborg", 461: "Odense"}, "da")) == [461, 851]
    assert list(sorted_names({851: "Aalborg", 461: "Odense"}, "en")) == [851, 461]


TABLE = {"added.one": ("{n} nyt", "{n} new"), "added.other": ("{n} nye", "{n} new")}


@pytest.mark.parametrize("n,da,en", [(0, "0 nye", "0 new"), (1, "1 nyt", "1 new"),
                                     (2, "2 nye", "2 new"), (1200, "1.200 nye", "1,200 new")])
def test_plural_forms_follow_the_language_rule(n, da, en):
    assert plural(TABLE, "added", n, "da") == da
    assert plural(TABLE, "added", n, "en") == en


def test_source_texts_have_english_wording_and_no_danish_left():
    for danish, english in SOURCE_TEXTS_EN.items():
        assert source_wording(danish, "da") == danish
        assert source_wording(danish, "en") == english
        for word in ("kildeangivelse", "beregnet", "Befolkningsvægtet", "regionerne", " og "):
            assert word not in english
    assert source_wording("HISBK", "en") == "HISBK"          # a table code stays as written


def test_hospital_qualifiers_in_the_page_language():
    from atlas.i18n import site_name

    name = "Nordsjællands Hospital Hillerød (current site)"
    assert site_name(name, "da") == "Nordsjællands Hospital Hillerød (nuværende placering)"
    assert site_name(name, "en") == name
    assert site_name("Kolding Sygehus (Sygehus Lillebælt)", "da") == \
        "Kolding Sygehus (Sygehus Lillebælt)"                 # a proper name stays


def test_the_client_side_danish_is_one_table_and_a_script():
    from atlas import streamlit_danish

    da, en = streamlit_danish.script("da"), streamlit_danish.script("en")
    assert '"lang": "da"' in da and '"lang": "en"' in en
    assert "Skip to main content" in da and "Spring til hovedindholdet" in da
    assert "</script>" not in da[da.index("var rules"):da.rindex("</script>")]
    for marker in streamlit_danish.ENGLISH_MARKERS:
        assert any(marker.strip() in english for english in streamlit_danish.EXACT) or any(
            marker.split()[0] in pattern for pattern, _ in streamlit_danish.PATTERNS), marker


@pytest.mark.parametrize("english, danish", [
    ("File must be 10.0MB or smaller.", "Filen må højst fylde 10 MB."),
    ("File must be 2.5 MB or smaller.", "Filen må højst fylde 2,5 MB."),
    ("File type not allowed.", "Filtypen er ikke tilladt."),
    ("application/pdf files are not allowed.", "Filer af typen application/pdf er ikke tilladt."),
    ("200MB per file • CSV, XLSX", "200 MB pr. fil • CSV, XLSX"),
])
def test_the_uploaders_refusals_read_danish(english, danish):
    """The script's first matching rule, applied as the browser does (JavaScript's `$1` is
    Python's `\\1`): the uploader's English refusal of a too large or wrongly typed file."""
    import re

    from atlas import streamlit_danish

    if english in streamlit_danish.EXACT:
        assert streamlit_danish.EXACT[english] == danish
        return
    for pattern, replacement in streamlit_danish.PATTERNS:
        if re.search(pattern, english):
            assert re.sub(pattern, re.sub(r"\$(\d)", r"\\\1", replacement), english) == danish
            return
    pytest.fail(f"no rule for {english!r}")
