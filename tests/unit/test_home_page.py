"""Where each role starts: the first page it may open, the press on the published inventory."""

from __future__ import annotations

from anning.core import auth
from anning.ui import frame

MENU = [url for pages in frame.PAGES.values() for _, _, url in pages]


def test_each_role_starts_on_a_page_it_may_open() -> None:
    for role in auth.ROLES:
        allowed = [u for u in MENU if auth.can_open(role, u)]
        assert auth.home_page(role, allowed) in allowed


def test_the_press_starts_on_the_inventory_others_on_the_first_page() -> None:
    press = [u for u in MENU if auth.can_open("press", u)]
    assert press[0] != "inventory"  # so the rule, not the order, puts the press there
    assert auth.home_page("press", press) == "inventory"
    analyst = [u for u in MENU if auth.can_open("analyst", u)]
    assert auth.home_page("analyst", analyst) == analyst[0] == "overview"
    assert auth.home_page("analyst", []) is None
