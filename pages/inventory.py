"""Inventory page (placeholder until its issue lands)."""

from anning import ui

fr = ui.frame("inventory")
ui.title(fr, "page.inventory")
ui.placeholder(fr)
