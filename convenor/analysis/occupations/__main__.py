"""``python -m convenor.analysis.occupations``: the occupation engine's command line."""

import sys

from convenor.analysis.occupations.cli import module_main

sys.exit(module_main())
