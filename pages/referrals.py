"""Referrals page (placeholder until its issue lands)."""

from anning import ui

fr = ui.frame("referrals")
ui.title(fr, "page.referrals")
ui.placeholder(fr)
