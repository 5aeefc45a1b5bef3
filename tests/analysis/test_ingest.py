"""Ingest: every BLS layout, idempotence, replacement, and rejected files."""

from __future__ import annotations

import gzip
import json
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest

from convenor.analysis.errors import IngestError
from convenor.analysis.ingest import ingest
from convenor.analysis.store import read_manifest, read_titles
from tests.analysis.helpers import (
    by_area,
    disclosed,
    ohio_file,
    open_data,
    read_rows,
    renamed,
    singlefile,
    write_rows,
)

KEY = ("area_fips", "own_code", "industry_code", "agglvl_code", "period")


def stored(root: Path) -> dict[tuple, dict]:
    """Every stored row by key, read straight from the manifest's Parquet files."""
    files = [str(root / p.file) for p in read_manifest(root).parts]
    if not files:
        return {}
    rel = duckdb.connect().read_parquet(files)
    names = rel.columns
    out = {}
    for values in rel.fetchall():
        row = dict(zip(names, values, strict=True))
        key = tuple(row[k] for k in KEY)
        assert key not in out, f"row stored twice: {key}"
        out[key] = row
    return out


def key_of(row: dict[str, str], period: str) -> tuple:
    return (
        row["area_fips"].zfill(5),
        int(row["own_code"]),
        row["industry_code"],
        int(row["agglvl_code"]),
        period,
    )


def snapshot(root: Path) -> tuple[str, list[tuple[str, int]]]:
    manifest = (root / "manifest.json").read_text()
    files = sorted((p.name, p.stat().st_mtime_ns) for p in (root / "parts").iterdir())
    return manifest, files


@pytest.mark.parametrize(
    ("period", "area"),
    [("a", "39049"), ("a", "39073"), ("1", "39049"), ("4", "39141")],
)
def test_every_disclosed_cell_is_stored_exactly(ohio_store, period, area):
    rows = stored(ohio_store)
    source = read_rows(ohio_file(period, area))
    assert source
    for row in source:
        got = rows[key_of(row, period)]
        assert got["establishments"] == int(row.get("annual_avg_estabs") or row["qtrly_estabs"])
        if not disclosed(row):
            continue
        if period == "a":
            assert got["employment"] == int(row["annual_avg_emplvl"])
            assert got["total_wages"] == int(row["total_annual_wages"])
            assert got["avg_annual_pay"] == int(row["avg_annual_pay"])
        else:
            for month in (1, 2, 3):
                assert got[f"month{month}_employment"] == int(row[f"month{month}_emplvl"])
            assert got["employment"] == int(row["month3_emplvl"])
            assert got["total_wages"] == int(row["total_qtrly_wages"])
            assert got["avg_weekly_wage"] == int(row["avg_wkly_wage"])


def test_suppressed_cells_are_stored_as_null_never_zero(ohio_store):
    rows = stored(ohio_store)
    source = [r for r in read_rows(ohio_file("a", "39073")) if r["disclosure_code"] == "N"]
    assert source, "Hocking's annual file has suppressed cells"
    for row in source:
        got = rows[key_of(row, "a")]
        assert row["annual_avg_emplvl"] == "0"  # what BLS prints
        assert got["employment"] is None
        assert got["total_wages"] is None
        assert got["disclosure_code"] == "N"
        assert got["establishments"] == int(row["annual_avg_estabs"])


def test_reingesting_the_same_file_changes_nothing(store_dir):
    path = ohio_file("a", "39049")
    first = ingest([path], store_dir)
    before = snapshot(store_dir)
    again = ingest([path], store_dir)
    assert first[0].status == "added"
    assert again[0].status == "unchanged"
    assert snapshot(store_dir) == before


def test_a_newer_file_for_the_same_area_and_period_replaces_the_old_one(store_dir, tmp_path):
    original = ohio_file("a", "39049")
    ingest([original], store_dir)
    rows = read_rows(original)
    target = next(r for r in rows if disclosed(r) and r["industry_code"] == "62")
    target["annual_avg_emplvl"] = str(int(target["annual_avg_emplvl"]) + 7)
    newer = write_rows(tmp_path / "revised.csv", rows, list(rows[0]))
    result = ingest([newer], store_dir)
    assert result[0].status == "replaced"
    assert result[0].replaced == [original.name]
    now = stored(store_dir)
    assert len(now) == len(rows)
    assert now[key_of(target, "a")]["employment"] == int(target["annual_avg_emplvl"])
    assert len(read_manifest(store_dir).parts) == 1


def test_an_area_file_trims_its_area_out_of_an_older_singlefile(store_dir, tmp_path):
    franklin, delaware = ohio_file("a", "39049"), ohio_file("a", "39041")
    single = singlefile([franklin, delaware], tmp_path / "2020.annual.singlefile.csv")
    ingest([single], store_dir)
    result = ingest([franklin], store_dir)
    assert result[0].status == "replaced"
    parts = read_manifest(store_dir).parts
    assert len(parts) == 2
    trimmed = next(p for p in parts if p.trimmed)
    assert trimmed.coverage == {"2020-a": ["39041"]}
    assert trimmed.rows == len(read_rows(delaware))
    assert len(stored(store_dir)) == len(read_rows(franklin)) + len(read_rows(delaware))


def test_a_singlefile_replaces_the_area_files_it_covers(store_dir, tmp_path):
    franklin, delaware = ohio_file("a", "39049"), ohio_file("a", "39041")
    ingest([franklin, delaware, ohio_file("a", "39045")], store_dir)
    single = singlefile([franklin, delaware], tmp_path / "2020.annual.singlefile.csv")
    result = ingest([single], store_dir)
    assert sorted(result[0].replaced) == sorted([franklin.name, delaware.name])
    sources = sorted(p.source for p in read_manifest(store_dir).parts)
    assert sources == ["2020.annual.singlefile.csv", "morpc-qcew-2020-a-39045.csv"]


def test_the_store_names_its_sources_without_the_server_folder(store_dir, tmp_path):
    # Files, a folder and an archive: the manifest (which `qcew list`, pages and the API
    # read) names each by itself, its folder or its archive, never the path it came from.
    folder = tmp_path / "srv" / "qcew" / "2020.annual.by_area"
    folder.mkdir(parents=True)
    shutil.copy(ohio_file("a", "39041"), folder)
    archive = tmp_path / "srv" / "uploads" / "franklin.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(ohio_file("a", "39049"), "by_area/franklin.csv")
    ingest([folder, archive, ohio_file("a", "39045")], store_dir)
    sources = sorted(p.source for p in read_manifest(store_dir).parts)
    assert sources == [
        "2020.annual.by_area/morpc-qcew-2020-a-39041.csv",
        "franklin.zip/by_area/franklin.csv",
        "morpc-qcew-2020-a-39045.csv",
    ]
    assert not any(str(tmp_path) in s for s in sources)


@pytest.mark.parametrize("period", ["a", "1"])
@pytest.mark.parametrize("layout", ["open_data", "by_area", "old_names", "singlefile", "gzip"])
def test_every_bls_layout_stores_the_same_figures(ohio_store, tmp_path, layout, period):
    src = ohio_file(period, "39049")
    dst = tmp_path / f"{layout}.csv"
    if layout == "open_data":
        open_data(src, dst)
    elif layout == "by_area":
        by_area(src, dst, {})
    elif layout == "old_names":
        renamed(src, dst)
    elif layout == "singlefile":
        singlefile([src, ohio_file(period, "39041")], dst)
    else:
        dst = tmp_path / "slice.csv.gz"
        with open(src, "rb") as raw, gzip.open(dst, "wb") as packed:
            shutil.copyfileobj(raw, packed)
    root = tmp_path / "store"
    ingest([dst], root)
    expected = {k: v for k, v in stored(ohio_store).items() if k[4] == period}
    got = stored(root)
    assert got
    for key, row in got.items():
        assert row == expected[key]


def test_archives_and_folders_are_ingested(tmp_path, store_dir):
    archive = tmp_path / "2020_annual_by_area.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(ohio_file("a", "39049"), "2020.annual.by_area/39049.csv")
        bundle.write(ohio_file("a", "39041"), "2020.annual.by_area/39041.csv")
    folder = tmp_path / "quarters"
    folder.mkdir()
    shutil.copy(ohio_file("1", "39049"), folder)
    results = ingest([archive, folder], store_dir)
    assert [r.status for r in results] == ["added"] * 3
    assert results[0].source.endswith("2020_annual_by_area.zip/2020.annual.by_area/39049.csv")
    assert sorted(read_manifest(store_dir).coverage()) == [(2020, "1"), (2020, "a")]
    assert not list((store_dir / "tmp").iterdir()), "extracted members are cleaned up"


def test_titles_in_by_area_files_are_kept_for_codes_not_in_naics_2022(tmp_path, store_dir):
    path = by_area(
        ohio_file("a", "39049"), tmp_path / "by_area.csv", {"443142": "Electronics stores"}
    )
    ingest([path], store_dir)
    titles = read_titles(store_dir)
    assert titles["industry"]["443142"] == "Electronics stores"
    assert titles["area"]["39049"] == "Area 39049"


def test_progress_is_reported_up_to_the_whole_file(store_dir):
    seen: list[float] = []
    ingest([ohio_file("a", "39049")], store_dir, progress=lambda name, done: seen.append(done))
    assert seen[0] == 0.0
    assert seen[-1] == 1.0
    assert seen == sorted(seen)


def _rejected(path: Path, store_dir: Path) -> IngestError:
    ingest([ohio_file("a", "39045")], store_dir)
    before = snapshot(store_dir)
    with pytest.raises(IngestError) as caught:
        ingest([path], store_dir)
    assert snapshot(store_dir) == before, "nothing of a rejected file is stored"
    assert not list((store_dir / "tmp").iterdir())
    return caught.value


def test_a_non_numeric_value_is_rejected_with_file_line_and_column(tmp_path, store_dir):
    rows = read_rows(ohio_file("a", "39049"))
    rows[1500]["total_annual_wages"] = "12,5OO"
    path = write_rows(tmp_path / "typo.csv", rows, list(rows[0]), quoted={"total_annual_wages"})
    error = _rejected(path, store_dir)
    assert error.line == 1502  # header is line 1, rows[0] is line 2
    assert error.column == "total_annual_wages"
    # Named as the file, not the folder it was read from (a server's upload folder).
    assert str(error).startswith(f"{path.name}, line 1502, column total_annual_wages: ")
    assert "12,5OO" in str(error)


def test_a_missing_column_is_rejected_and_named(tmp_path, store_dir):
    rows = read_rows(ohio_file("1", "39049"))
    fields = [f for f in rows[0] if f != "month2_emplvl"]
    path = write_rows(tmp_path / "cut.csv", rows, fields)
    error = _rejected(path, store_dir)
    assert (error.line, error.column) == (1, "month2_emplvl")
    assert "missing column month2_emplvl" in str(error)
    assert str(error).startswith(path.name) and str(path.parent) not in str(error)


def test_a_file_of_unknown_layout_is_rejected(tmp_path, store_dir):
    path = tmp_path / "people.csv"
    path.write_text("name,email\nAda,ada@example.org\n")
    error = _rejected(path, store_dir)
    assert error.line == 1
    assert "unknown layout" in str(error)


def test_a_row_with_missing_fields_is_rejected_with_its_line(tmp_path, store_dir):
    source = ohio_file("a", "39047").read_text().splitlines()
    source[10] = ",".join(source[10].split(",")[:20])
    path = tmp_path / "short.csv"
    path.write_text("\n".join(source) + "\n")
    error = _rejected(path, store_dir)
    assert error.line == 11
    assert "fields" in error.reason


def test_a_quarter_in_an_annual_file_is_rejected_with_its_line(tmp_path, store_dir):
    rows = read_rows(ohio_file("a", "39047"))
    rows[99]["qtr"] = "3"
    path = write_rows(tmp_path / "mixed.csv", rows, list(rows[0]))
    error = _rejected(path, store_dir)
    assert (error.line, error.column) == (101, "qtr")


def test_an_empty_file_or_a_header_alone_is_rejected(tmp_path, store_dir):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert "empty file" in str(_rejected(empty, store_dir))
    header = tmp_path / "header.csv"
    header.write_text(ohio_file("a", "39047").read_text().splitlines()[0] + "\n")
    assert "no data rows" in str(_rejected(header, store_dir))


def test_a_missing_path_is_named(store_dir):
    with pytest.raises(IngestError, match=r"nowhere\.csv: no such file"):
        ingest(["nowhere.csv"], store_dir)


def test_the_manifest_records_coverage_and_source(store_dir):
    ingest([ohio_file("4", "39159")], store_dir)
    manifest = json.loads((store_dir / "manifest.json").read_text())
    (part,) = manifest["parts"]
    assert part["coverage"] == {"2020-4": ["39159"]}
    assert part["layout"] == "quarterly"
    assert part["rows"] == len(read_rows(ohio_file("4", "39159")))


def test_a_file_holding_two_years_is_stored_with_both(tmp_path, store_dir):
    rows = read_rows(ohio_file("a", "39047"))
    earlier = [{**r, "year": "2019"} for r in rows]
    path = write_rows(tmp_path / "two-years.csv", rows + earlier, list(rows[0]))
    (result,) = ingest([path], store_dir)
    assert result.periods == ["2019-a", "2020-a"]
    assert read_manifest(store_dir).coverage() == {(2019, "a"): {"39047"}, (2020, "a"): {"39047"}}


def test_running_out_of_memory_is_not_called_a_bad_file(tmp_path, monkeypatch):
    """DuckDB's out-of-memory error says what happened (and is a MemoryError, which a
    job's memory budget reports as its own); nothing of the file is stored."""
    from convenor.analysis import ingest as ingest_module

    monkeypatch.setattr(ingest_module, "MEMORY_LIMIT", "1MB")
    with pytest.raises(IngestError) as raised:
        ingest([ohio_file("a", "39073")], tmp_path / "store")
    assert isinstance(raised.value, MemoryError)
    assert "morpc-qcew-2020-a-39073.csv: ran out of memory while reading it" in str(raised.value)
    assert "unreadable CSV" not in str(raised.value)
    assert read_manifest(tmp_path / "store").parts == []
