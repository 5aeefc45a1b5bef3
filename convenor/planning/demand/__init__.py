"""Employer demand: hiring projections employers enter for critical jobs, pooled by
occupation under the disclosure rule (``disclosure.py``) so no employer can read
another's figures."""
