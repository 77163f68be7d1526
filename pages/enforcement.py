"""Enforcement page (placeholder until its issue lands)."""

from anning import ui

fr = ui.frame("enforcement")
ui.title(fr, "page.enforcement")
ui.placeholder(fr)
