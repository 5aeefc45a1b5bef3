"""Convenor: a workbench for convening industry sector partnerships."""
