"""Roles and what each may see and do. Pure: no Streamlit here (the sign-in UI is ``anning/ui/auth.py``).

Four roles:

* **analyst**: loads data, builds inventories and candidate lists, prepares referrals;
* **approver**: approves and publishes lists, but never one they prepared;
* **press**: sees and exports published lists and the published inventory only;
* **leadership**: reads every analysis page but changes nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

ROLES = ("analyst", "approver", "press", "leadership")

_ANALYSIS = {"overview", "map", "company", "forecast", "enforcement", "handling"}

# Page key -> roles that may open it. A page not listed is refused to everyone (fail closed).
PAGE_ACCESS: dict[str, frozenset[str]] = {
    **{p: frozenset({"analyst", "approver", "leadership"}) for p in _ANALYSIS},
    # The press reads the rankings as published in an inventory (its frozen tables), nothing live.
    "rankings": frozenset({"analyst", "approver", "leadership", "press"}),
    "inventory": frozenset({"analyst", "approver", "leadership", "press"}),
    "exposure": frozenset({"analyst", "approver", "leadership", "press"}),
    "referrals": frozenset({"analyst", "approver", "leadership"}),
    # Leadership reads analyses, not load logs: their menu has no Data page (issue 16).
    "data": frozenset({"analyst"}),
    # What every figure counts: for every role, the press included.
    "methodology": frozenset(ROLES),
}

# Actions that change something or let data leave the building.
ACTIONS: dict[str, frozenset[str]] = {
    "load": frozenset({"analyst"}),
    "build_inventory": frozenset({"analyst"}),
    "prepare_list": frozenset({"analyst"}),
    "prepare_referral": frozenset({"analyst"}),
    "approve": frozenset({"approver"}),
    "publish": frozenset({"approver"}),
    "export_analysis": frozenset({"analyst", "approver"}),
    "export_published": frozenset({"analyst", "approver", "press", "leadership"}),
    # The one-page brief is an internal reading aid, made for leadership.
    "export_brief": frozenset({"analyst", "approver", "leadership"}),
    "see_unpublished": frozenset({"analyst", "approver", "leadership"}),
}


def user_key(name: object) -> str:
    """A user name as it is stored and compared: NFKC, stripped, case-folded.

    "ANA2", "Ana2" and "ana2 " are one user, so neither the users file nor separation of duties
    (an approver may not approve their own draft) can be dodged by case or spaces.
    """
    return unicodedata.normalize("NFKC", str(name or "")).strip().casefold()


def same_user(a: object, b: object) -> bool:
    """Whether two recorded user names name the same person (older records may differ in case)."""
    return bool(user_key(a)) and user_key(a) == user_key(b)


@dataclass(frozen=True)
class User:
    """A signed-in user; the name is normalised by :func:`user_key` whoever builds it.

    ``via`` says how the session got its user: ``"password"`` or ``"cookie"`` (the users file, so the
    session follows that file: a removal or role change applies on the next interaction), ``"sso"``
    (recomputed from the provider's identity on every run), ``"demo"``, or ``""`` (built in code or tests).
    """

    name: str
    role: str
    display: str = ""
    demo: bool = False
    via: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", user_key(self.name))


def can_open(role: str | None, page_key: str) -> bool:
    """May this role open this page? Unknown pages and roles are refused."""
    return role in PAGE_ACCESS.get(page_key, frozenset())


def can(role: str | None, action: str) -> bool:
    """May this role perform this action?"""
    return role in ACTIONS.get(action, frozenset())


def home_page(role: str | None, pages: Sequence[str]) -> str | None:
    """The page a role starts on, of ``pages`` (in menu order, already those it may open).

    The first page, except for a role that sees only what is published (the press): it starts on the
    inventory, what the ministry has published, rather than the live rankings.
    """
    if not pages:
        return None
    if role is not None and not can(role, "see_unpublished") and "inventory" in pages:
        return "inventory"
    return pages[0]
