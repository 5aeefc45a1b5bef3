"""The plan: the chain issue -> problem statement (with its "why?" chain and solutions)
-> goal -> benchmark -> action step -> decision, the plan at a glance with its
findings, and the exports of the whole plan (PDF, DOCX, XLSX)."""
