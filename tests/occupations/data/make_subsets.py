"""Rebuild the copies in this folder from the originals (run by hand, never by the tests).

    .venv/bin/python tests/occupations/data/make_subsets.py /path/to/shared/data/labour

Whole files are copied byte for byte; the two kinds of cut are made so that
every row kept is byte-identical to the original's:

* ``oews/natsector_M2024_dl.sectors-31-33-54-62.xlsx``: the BLS workbook with
  the data sheet's ``<row>`` elements of other sectors removed and the kept
  rows renumbered (cells, the sheet's dimension and sort range follow); every
  other part of the zip (shared strings, styles, the other sheets, BLS's
  document properties) is copied unchanged;
* ``acs/*/ACSDT5Y2024.*-Data.subset.csv``: the two header lines, the lines of
  Ohio's counties (``0500000US39...``) and the lines of any county whose
  margins hold Census's ``*****`` (a controlled estimate; no Ohio county has
  one), unchanged and in the original order.

Text files too big to keep plain are gzipped (``gzip -9 -n``: no name, no
timestamp), so they decompress to the original bytes.
"""

from __future__ import annotations

import gzip
import re
import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
SECTORS = {"31-33", "54", "62"}

WHOLE = [
    "oews/national_M2025_dl.xlsx",
    "oews/derived/oe.occupation.subset.tsv",
    "oews/derived/oe.area.subset.tsv",
    "oews/derived/oe.datatype.tsv",
    "oews/derived/oe.footnote.tsv",
    "ep/2024-34/occupation.xlsx",
    "ep/2019-29/occupation.xlsx",
    "cip/CIP2020_SOC2018_Crosswalk.xlsx",
    "acs/ACSDT5Y2024.B15003/ACSDT5Y2024.B15003-Column-Metadata.csv",
    "acs/ACSDT5Y2024.B15003/ACSDT5Y2024.B15003-Table-Notes.txt",
    "acs/ACSDT5Y2024.B23025/ACSDT5Y2024.B23025-Column-Metadata.csv",
    "acs/ACSDT5Y2024.B23025/ACSDT5Y2024.B23025-Table-Notes.txt",
]
GZIPPED = [
    "oews/derived/oe.data.M2025.columbus_ohio_us.tsv",
    "cip/CIPCode2020.csv",
]
OHIO_ONLY = [
    "acs/ACSDT5Y2024.B15003/ACSDT5Y2024.B15003-Data.csv",
    "acs/ACSDT5Y2024.B23025/ACSDT5Y2024.B23025-Data.csv",
]


def copy_whole(src: Path, rel: str) -> None:
    target = HERE / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src / rel, target)


def gzip_copy(src: Path, rel: str) -> None:
    target = HERE / (rel + ".gz")
    target.parent.mkdir(parents=True, exist_ok=True)
    data = (src / rel).read_bytes()
    with (
        open(target, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as out,
    ):
        out.write(data)


def ohio_lines(src: Path, rel: str) -> None:
    target = HERE / rel.replace("-Data.csv", "-Data.subset.csv")
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = (src / rel).read_bytes().splitlines(keepends=True)
    kept = lines[:2] + [
        line for line in lines[2:] if line.startswith(b'"0500000US39') or b'"*****"' in line
    ]
    target.write_bytes(b"".join(kept))


def trim_natsector(src: Path) -> None:
    rel = "oews/natsector_M2024_dl.xlsx"
    target = HERE / "oews" / "natsector_M2024_dl.sectors-31-33-54-62.xlsx"
    book = openpyxl.load_workbook(src / rel, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    keep = {1}
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > 1 and row[4] in SECTORS:
            keep.add(number)
    book.close()
    with zipfile.ZipFile(src / rel) as bundle:
        xml = bundle.read("xl/worksheets/sheet1.xml").decode("utf-8")
        head, rest = xml.split("<sheetData>", 1)
        body, tail = rest.split("</sheetData>", 1)
        rows = re.findall(r"<row r=\"(\d+)\".*?</row>", body, flags=re.S)
        chunks = re.findall(r"<row r=\"\d+\".*?</row>", body, flags=re.S)
        assert len(rows) == len(chunks)
        out_rows = []
        new = 0
        for old, chunk in zip(rows, chunks, strict=True):
            if int(old) not in keep:
                continue
            new += 1
            chunk = re.sub(r"<row r=\"\d+\"", f'<row r="{new}"', chunk, count=1)
            chunk = re.sub(r" r=\"([A-Z]+)\d+\"", lambda m, n=new: f' r="{m.group(1)}{n}"', chunk)
            out_rows.append(chunk)
        last = new
        head = re.sub(r'<dimension ref="A1:AF\d+"/>', f'<dimension ref="A1:AF{last}"/>', head)
        tail = re.sub(r"([A-Z]+)2:([A-Z]+)\d+", lambda m: f"{m.group(1)}2:{m.group(2)}{last}", tail)
        new_xml = head + "<sheetData>" + "".join(out_rows) + "</sheetData>" + tail
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
            for info in bundle.infolist():
                data = bundle.read(info.filename)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = new_xml.encode("utf-8")
                clone = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                clone.compress_type = zipfile.ZIP_DEFLATED
                clone.external_attr = info.external_attr
                out.writestr(clone, data, compresslevel=9)


def main(src: Path) -> None:
    for rel in WHOLE:
        copy_whole(src, rel)
    for rel in GZIPPED:
        gzip_copy(src, rel)
    for rel in OHIO_ONLY:
        ohio_lines(src, rel)
    trim_natsector(src)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/labour"))
