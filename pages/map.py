"""Map page (placeholder until its issue lands)."""

from anning import ui

fr = ui.frame("map")
ui.title(fr, "page.map")
ui.placeholder(fr)
