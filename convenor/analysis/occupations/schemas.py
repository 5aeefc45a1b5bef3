"""The stored datasets and their columns: one place for every reader and query.

Each ingested file becomes one Parquet *part* of one dataset; a dataset is
the union of its parts. Every part also carries ``_slice``, the key of what
the row describes (see :mod:`.store`): a newer file replaces the slices it
holds in older parts.

Markers are never numbers. A numeric column ``x`` that a file may replace
by a marker has a companion ``x_flag`` holding the marker as printed
(``**``, ``*``, ``#``, ``~``, ``—``, ``*****``, a QWI status...) with ``x``
null; a null ``x`` with a null flag means the file left the cell empty.
"""

from __future__ import annotations

from typing import Any

# OEWS measures, in BLS's column order, with their type.
OEWS_MEASURES: dict[str, str] = {
    "tot_emp": "int64",
    "emp_prse": "float64",
    "jobs_1000": "float64",
    "loc_quotient": "float64",
    "pct_total": "float64",
    "pct_rpt": "float64",
    "h_mean": "float64",
    "a_mean": "float64",
    "mean_prse": "float64",
    "h_pct10": "float64",
    "h_pct25": "float64",
    "h_median": "float64",
    "h_pct75": "float64",
    "h_pct90": "float64",
    "a_pct10": "float64",
    "a_pct25": "float64",
    "a_median": "float64",
    "a_pct75": "float64",
    "a_pct90": "float64",
}

# OEWS markers (the workbooks' Field Descriptions sheet).
MARKER_EMPLOYMENT_UNKNOWN = "**"
MARKER_WAGE_UNKNOWN = "*"
MARKER_TOP_CODED = "#"
MARKER_UNDER_HALF_PERCENT = "~"
OEWS_MARKERS = {
    MARKER_EMPLOYMENT_UNKNOWN: "employment not available",
    MARKER_WAGE_UNKNOWN: "wage not available",
    MARKER_TOP_CODED: "at or above the top-coded wage",
    MARKER_UNDER_HALF_PERCENT: "less than 0.5 percent of establishments reported",
}

CROSS_INDUSTRY = "000000"
NATIONAL = "US"

_OEWS: dict[str, str] = {
    "year": "int64",
    "area_type": "string",
    "area_code": "string",
    "area_title": "string",
    "prim_state": "string",
    "industry_code": "string",
    "industry_level": "string",
    "industry_title": "string",
    "own_code": "string",
    "soc_code": "string",
    "soc_title": "string",
    "o_group": "string",
    "broad_too": "boolean",
}
for _name, _type in OEWS_MEASURES.items():
    _OEWS[_name] = _type
    _OEWS[f"{_name}_flag"] = "string"
_OEWS["annual_only"] = "boolean"
_OEWS["hourly_only"] = "boolean"

DATASETS: dict[str, dict[str, str]] = {
    # OEWS estimates: workbooks and the time-series layout alike.
    "oews": _OEWS,
    # BLS's oe.occupation and oe.area (companions of the time-series layout).
    "oe_occupation": {
        "soc_code": "string",
        "soc_title": "string",
        "display_level": "int64",
    },
    "oe_area": {
        "area_type": "string",
        "area_code": "string",
        "area_title": "string",
    },
    # Employment Projections, one row per National Employment Matrix occupation.
    "ep": {
        "edition": "string",
        "base_year": "int64",
        "projected_year": "int64",
        "soc_code": "string",
        "soc_title": "string",
        "occupation_type": "string",
        "employment_base": "float64",
        "employment_projected": "float64",
        "change_numeric": "float64",
        "change_percent": "float64",
        "self_employed_percent": "float64",
        "openings": "float64",
        "median_wage": "float64",
        "median_wage_flag": "string",
        "entry_education": "string",
        "work_experience": "string",
        "on_the_job_training": "string",
        "labor_force_exit_rate": "float64",
        "occupational_transfer_rate": "float64",
        "separations_rate": "float64",
    },
    "cip_soc": {
        "cip_code": "string",
        "cip_title": "string",
        "soc_code": "string",
        "soc_title": "string",
    },
    "cip": {
        "cip_code": "string",
        "cip_title": "string",
        "cip_family": "string",
        "action": "string",
        "definition": "string",
    },
    # ACS detailed tables, long: one row per geography and variable.
    "acs": {
        "table_id": "string",
        "vintage": "string",
        "geo_id": "string",
        "sumlev": "string",
        "geo_code": "string",
        "geo_name": "string",
        "variable": "string",
        "label": "string",
        "estimate": "int64",
        "estimate_flag": "string",
        "moe": "int64",
        "moe_flag": "string",
    },
    # QWI, long: the LEHD identifiers, then one row per indicator.
    "qwi": {
        "periodicity": "string",
        "seasonadj": "string",
        "geo_level": "string",
        "geography": "string",
        "ind_level": "string",
        "industry": "string",
        "ownercode": "string",
        "sex": "string",
        "agegrp": "string",
        "race": "string",
        "ethnicity": "string",
        "education": "string",
        "firmage": "string",
        "firmsize": "string",
        "year": "int64",
        "quarter": "int64",
        "indicator": "string",
        "value": "float64",
        "status": "string",
    },
}
SLICE = "_slice"


def columns(dataset: str) -> dict[str, str]:
    """The stored columns of ``dataset`` (with ``_slice``), name -> type."""
    return {**DATASETS[dataset], SLICE: "string"}


def arrow_schema(dataset: str) -> Any:
    """The pyarrow schema a part of ``dataset`` is written with."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "boolean": pa.bool_(),
    }
    return pa.schema([(name, types[t]) for name, t in columns(dataset).items()])


def ibis_schema(dataset: str) -> Any:
    """The Ibis schema of ``dataset`` (for an empty table when nothing is stored)."""
    import ibis

    return ibis.schema(columns(dataset))
