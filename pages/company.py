"""Company page (placeholder until its issue lands)."""

from anning import ui

fr = ui.frame("company")
ui.title(fr, "page.company")
ui.placeholder(fr)
