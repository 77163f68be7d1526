"""Rankings page (placeholder until its issue lands)."""

from anning import ui

fr = ui.frame("rankings")
ui.title(fr, "page.rankings")
ui.placeholder(fr)
