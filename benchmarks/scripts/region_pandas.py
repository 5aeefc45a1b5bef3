"""The pandas baseline of ``convenor analyze`` as a whole process: read, compute, write CSV.

``python benchmarks/scripts/region_pandas.py PART.parquet YEAR AREA,AREA,... OUT.csv``
runs :func:`benchmarks.baselines.pandas_region_analysis` (private, NAICS sectors, LQ,
change and shift-share from the over-the-year columns) and writes its rows.
"""

import sys
from pathlib import Path

from benchmarks.baselines import pandas_region_analysis

rows = pandas_region_analysis(
    Path(sys.argv[1]), sys.argv[3].split(","), int(sys.argv[2]), out=Path(sys.argv[4])
)
print(rows)
