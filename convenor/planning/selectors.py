"""The planning reads other apps use, in one namespace (assessment's self-check counts
the employers behind each issue with ``employer_counts``). Each lives in its subject's
``selectors.py``; code inside planning imports it from there."""

from convenor.planning.issues.selectors import employer_counts

__all__ = ["employer_counts"]
