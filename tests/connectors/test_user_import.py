"""The import core as a function (`import_user_values`, shared by `atlas import` and the upload
page), and the reader's API for the page: column inspection, explicit columns only, structured
reject reasons."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest

from atlas.connectors.user_import import (
    ImportFailed,
    ReadOptions,
    UserIndicatorSpec,
    import_user_values,
    indicator_to_entry,
    indicators_toml,
    read_for_import,
    resolve_target,
    user_entries,
)
from atlas.connectors.userdata import (
    REJECT_KINDS,
    UserDataError,
    inspect_user_file,
    read_user_table,
)
from atlas.registry import registry

FILE = (
    "Kommune;År;Ventetid (dage)\n"
    "Københavns Kommune;2024;31,5\n"
    "Kobenhavn;2023;30\n"
    "københavn;2022;29\n"
    "Aarhus;2024;..\n"
    "0147;2024;28\n"
    "Odens;2024;12\n"
).encode("utf-8")
SPEC = UserIndicatorSpec(label_da="Ventetid til psykolog", label_en="Waiting time",
                         unit_da="dage", unit_en="days", direction="higher_worse")


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_new_indicator_from_bytes(base: Path, tmp_path: Path) -> None:
    target = tmp_path / "sources"
    result = import_user_values(FILE, file_name="Ventetid 2024.csv", indicator_id="psych_wait",
                                sources_dir=target, base_dir=base, new_indicator=SPEC)
    assert result.written and result.created and not result.registered
    assert (result.matched, result.rejected, result.suppressed) == (5, 1, 1)
    assert result.periods == ["2022", "2023", "2024"]
    assert result.source == "user_ventetid_2024" and result.sources_dir == target
    imported = {(r["kommune_kode"], r["period"]): r["value"]
                for r in rows(target / "observations.csv") if r["indicator"] == "psych_wait"}
    # three spellings of København, a zero-padded code, and a suppressed value kept empty
    assert imported == {("101", "2024"): "31.5", ("101", "2023"): "30", ("101", "2022"): "29",
                        ("751", "2024"): "", ("147", "2024"): "28"}
    with open(target / "user_indicators.toml", "rb") as handle:
        (entry,) = tomllib.load(handle)["indicator"]
    assert (entry["origin"], entry["direction"], entry["label_en"]) == (
        "user", "higher_worse", "Waiting time")
    source = next(r for r in rows(target / "sources.csv") if r["source"] == result.source)
    assert source["publisher"] == "Brugerens egen fil (user-supplied)"


def test_a_table_read_first_then_imported_and_dry_run(base: Path, tmp_path: Path) -> None:
    target = resolve_target(tmp_path / "sources", base)
    assert target.creates and target.start_from == base
    table = read_for_import(FILE, target, ReadOptions(), file_name="v.csv")
    notes: list[str] = []
    dry = import_user_values(table, indicator_id="psych_wait", target=target,
                             new_indicator=SPEC, dry_run=True, note=notes.append)
    assert dry.dry_run and not dry.written and dry.matched == 5
    assert not (tmp_path / "sources").exists()
    assert dry.summary()["sources_dir"] == str(tmp_path / "sources")
    import_user_values(table, indicator_id="psych_wait", target=target, new_indicator=SPEC)
    # afterwards the target is its own starting point
    assert resolve_target(tmp_path / "sources", base).start_from == tmp_path / "sources"


def test_refusals_carry_a_kind_and_write_nothing(base: Path, tmp_path: Path) -> None:
    target = tmp_path / "sources"
    with pytest.raises(ImportFailed) as undescribed:
        import_user_values(FILE, file_name="v.csv", indicator_id="psych_wait",
                           sources_dir=target, base_dir=base,
                           new_indicator=UserIndicatorSpec(label_da="x", unit_da="d"))
    assert undescribed.value.kind == "undescribed"
    assert undescribed.value.detail["missing"] == ["label_en", "unit"]
    with pytest.raises(ImportFailed) as bad_id:
        import_user_values(FILE, file_name="v.csv", indicator_id="Bad Id", sources_dir=target,
                           base_dir=base, new_indicator=SPEC)
    assert bad_id.value.kind == "bad_id"
    with pytest.raises(ImportFailed) as strict:
        import_user_values(FILE, file_name="v.csv", indicator_id="psych_wait",
                           sources_dir=target, base_dir=base, new_indicator=SPEC, strict=True)
    assert strict.value.kind == "strict" and strict.value.detail["rejected"] == 1
    with pytest.raises(ImportFailed) as unreadable:
        import_user_values(b"foo;bar\n1;2\n", file_name="x.csv", indicator_id="psych_wait",
                           sources_dir=target, base_dir=base, new_indicator=SPEC)
    assert unreadable.value.kind == "unreadable"
    with pytest.raises(ImportFailed) as choice:
        UserIndicatorSpec(direction="upwards")
    assert choice.value.kind == "bad_choice"
    assert not target.exists()


def test_registered_indicator_range_clash_and_replace(base: Path, tmp_path: Path) -> None:
    target = tmp_path / "sources"
    data = "kode;andel\n101;45,2\n147;48\n".encode()
    first = import_user_values(data, file_name="doedssted.csv",
                               indicator_id="hospital_death_share", sources_dir=target,
                               base_dir=base, period="2023")
    assert first.registered and first.entry is None
    assert not (target / "user_indicators.toml").exists()

    with pytest.raises(ImportFailed) as outside:
        import_user_values("kode;andel\n101;452\n".encode(), file_name="d.csv",
                           indicator_id="hospital_death_share", sources_dir=target,
                           period="2022")
    assert outside.value.kind == "outside_range"
    assert (outside.value.detail["low"], outside.value.detail["high"]) == (0, 100)
    assert outside.value.detail["lines"] == [(2, 452.0)]

    before = (target / "observations.csv").read_bytes()
    with pytest.raises(ImportFailed) as clash:
        import_user_values("kode;andel\n101;40\n".encode(), file_name="d2.csv",
                           indicator_id="hospital_death_share", sources_dir=target,
                           period="2023")
    assert clash.value.kind == "clash"
    assert clash.value.detail["periods"] == ["2023"]
    assert clash.value.detail["sources"] == ["user_doedssted"]
    assert (target / "observations.csv").read_bytes() == before

    again = import_user_values("kode;andel\n101;40\n".encode(), file_name="d2.csv",
                               indicator_id="hospital_death_share", sources_dir=target,
                               period="2023", replace=True)
    assert again.replaced == 2
    values = {r["kommune_kode"]: r["value"] for r in rows(target / "observations.csv")
              if r["indicator"] == "hospital_death_share"}
    assert values == {"101": "40"}


def test_a_user_indicator_is_reimported_without_describing_it_again(base: Path,
                                                                    tmp_path: Path) -> None:
    target = tmp_path / "sources"
    import_user_values(FILE, file_name="v.csv", indicator_id="psych_wait", sources_dir=target,
                       base_dir=base, new_indicator=SPEC)
    later = "Kommune;År;Ventetid\nFrederiksberg;2025;27\n".encode()
    result = import_user_values(later, file_name="v2025.csv", indicator_id="psych_wait",
                                sources_dir=target)
    assert result.entry["label_en"] == "Waiting time"      # kept from the first import
    periods = {r["period"] for r in rows(target / "observations.csv")
               if r["indicator"] == "psych_wait"}
    assert periods == {"2022", "2023", "2024", "2025"}


def test_a_table_read_against_other_municipalities_is_refused(base: Path,
                                                              tmp_path: Path) -> None:
    table = read_user_table("kode;værdi\n461;3\n".encode(), file_name="x.csv", period="2024")
    with pytest.raises(ImportFailed) as outside:
        import_user_values(table, indicator_id="psych_wait", sources_dir=tmp_path / "s",
                           base_dir=base, new_indicator=SPEC)
    assert outside.value.kind == "outside_snapshot" and outside.value.detail["codes"] == [461]


def test_the_offline_snapshot_is_refused_as_a_target() -> None:
    from atlas.paths import PROJECT_ROOT

    with pytest.raises(ImportFailed) as protected:
        resolve_target(PROJECT_ROOT.parent / "shared" / "data" / "sources")
    assert protected.value.kind == "protected"


# --- the reader's API for the upload page -------------------------------------------------

def test_inspect_guesses_columns_without_raising() -> None:
    layout = inspect_user_file(FILE, file_name="v.csv")
    assert layout.header == ["Kommune", "År", "Ventetid (dage)"]
    assert (layout.name_column, layout.period_column, layout.value_column) == (
        "Kommune", "År", "Ventetid (dage)")
    assert layout.code_column is None and layout.data_rows == 6 and not layout.problems

    several = inspect_user_file(b"a,b,c\n101,3.5,4\n147,4.25,5\n", file_name="x.csv")
    assert several.code_column == "a" and several.value_column is None
    assert several.value_candidates == ["b", "c"]
    assert "several columns" in several.problems[0]

    nothing = inspect_user_file(b"x;y\nfoo;bar\n", file_name="x.csv")
    assert nothing.code_column is None and nothing.name_column is None
    with pytest.raises(UserDataError, match="empty"):
        inspect_user_file(b"  ", file_name="x.csv")


def test_inspect_lists_the_sheets_of_a_workbook(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Noter"
    workbook.active.append(["Se næste ark"])
    data = workbook.create_sheet("Data")
    data.append(["kommunekode", "værdi"])
    data.append([101, 1.5])
    workbook.save(tmp_path / "w.xlsx")
    layout = inspect_user_file(tmp_path / "w.xlsx", sheet="Data")
    assert layout.sheets == ["Noter", "Data"] and layout.sheet == "Data"
    assert (layout.code_column, layout.value_column) == ("kommunekode", "værdi")


def test_detect_off_uses_only_the_named_columns() -> None:
    text = "Kommune;År;Værdi;Andet\nAarhus;2024;3;9\n".encode()
    table = read_user_table(text, file_name="x.csv", name_column="Kommune",
                            value_column="Andet", period="2023", detect=False)
    # the "År" column is not picked up: the person chose a fixed period instead
    assert table.period_column is None
    assert [(r.kommune_kode, r.period, r.value) for r in table.rows] == [(751, "2023", 9.0)]
    with pytest.raises(UserDataError, match="municipality column"):
        read_user_table(text, file_name="x.csv", value_column="Værdi", period="2024",
                        detect=False)


def test_a_name_column_may_hold_codes_and_rejects_say_why() -> None:
    text = ("Kommune;År;Værdi\n0751;2024;1\nCopenhagen;2024;2\nHele landet;2024;3\n"
            "Odens;2024;x\n101;2024;4\n0411;2024;5\n").encode()
    table = read_user_table(text, file_name="x.csv")
    assert [(r.kommune_kode, r.value) for r in table.rows] == [(751, 1.0), (101, 2.0)]
    kinds = [(r.line, r.kind) for r in table.rejected]
    assert kinds == [(4, "aggregate_name"), (5, "unknown_name"), (6, "duplicate"),
                     (7, "christiansoe")]
    duplicate = table.rejected[2]
    assert duplicate.detail == {"municipality": "København", "period": "2024",
                                "first_line": "3"}
    for row in table.rejected:
        assert row.kind in REJECT_KINDS
        assert set(row.detail) == set(REJECT_KINDS[row.kind])


def test_user_indicators_toml_round_trips_awkward_text(tmp_path: Path) -> None:
    """What indicators_toml writes reads back as the same entries, through tomllib and through
    the registry loader the build uses, even with quotes, backslashes, newlines and æøå."""
    awkward = indicator_to_entry(registry()["life_expectancy"]) | {
        "id": "user_awkward", "origin": "user", "source": "user_awkward", "decimals": 2,
        "label_da": 'Ventetid "akut" på Ærø\\Fanø', "label_en": "Wait\ttime\nsecond line",
        "plausible": [-0.5, 1e6], "caveats_en": "'''single''' and \"\"\"triple\"\"\"",
    }
    entries = [awkward, indicator_to_entry(registry()["daily_smoking_share"]) | {"origin": "user"}]
    text = indicators_toml(entries)

    assert tomllib.loads(text)["indicator"] == entries
    (tmp_path / "user_indicators.toml").write_text(text, encoding="utf-8")
    assert list(user_entries(tmp_path).values()) == entries
