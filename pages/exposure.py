"""Exposure page (placeholder until its issue lands)."""

from anning import ui

fr = ui.frame("exposure")
ui.title(fr, "page.exposure")
ui.placeholder(fr)
