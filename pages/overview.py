"""Overview page (placeholder until its issue lands)."""

from anning import ui

fr = ui.frame("overview")
ui.title(fr, "page.overview")
ui.placeholder(fr)
