"""Forecast page (placeholder until its issue lands)."""

from anning import ui

fr = ui.frame("forecast")
ui.title(fr, "page.forecast")
ui.placeholder(fr)
