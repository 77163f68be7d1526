"""The exposure-list workflow rules as pure functions: the status x role matrix of steps, and decisions read
back from the review table by codes (never by translated labels)."""

from __future__ import annotations

import pandas as pd
import pytest

from anning.publish import lists


def offered(status: str, role: str, **kw: object) -> dict[str, tuple[bool, str | None]]:
    args = {"own": False, "changed": False, "problems": 0, **kw}
    return {k: (s.enabled, s.why) for k, s in lists.steps(status, role, **args).items()}  # type: ignore[arg-type]


def test_analyst_on_a_draft() -> None:
    assert offered("draft", "analyst") == {
        "save": (False, "pub.page.nothing_to_save"),
        "submit": (True, None),
        "discard": (True, None),
    }
    got = offered("draft", "analyst", changed=True)
    assert got["save"] == (True, None) and got["submit"] == (False, "pub.page.save_first")
    assert offered("draft", "analyst", problems=2)["submit"] == (False, "pub.page.problems_first")
    assert lists.editable("draft", "analyst") and not lists.editable("submitted", "analyst")


def test_approver_four_eyes() -> None:
    assert offered("submitted", "approver") == {"approve": (True, None), "return": (True, None)}
    assert offered("submitted", "approver", own=True)["approve"] == (False, "pub.page.self_approval")
    assert offered("approved", "approver") == {"return": (True, None), "publish": (True, None)}
    assert offered("approved", "approver", own=True)["publish"] == (False, "pub.page.self_approval")
    assert not lists.editable("draft", "approver")


@pytest.mark.parametrize("role", ["press", "leadership", None])
@pytest.mark.parametrize("status", ["draft", "submitted", "approved", "published", "discarded"])
def test_roles_that_change_nothing_are_offered_nothing(role: str | None, status: str) -> None:
    assert lists.steps(status, role, own=False, changed=False, problems=0) == {}


def test_closed_drafts_offer_nothing() -> None:
    for role in ("analyst", "approver"):
        assert offered("published", role) == {} and offered("discarded", role) == {}
    assert list(offered("submitted", "analyst")) == ["discard"]  # the preparer may still withdraw it


def test_decisions_read_by_codes() -> None:
    edited = pd.DataFrame(
        {
            "include": [True, False, False],
            "reason": ["appeal", "other", None],  # an included row's stale reason is dropped
            "note": [None, "  说\x1b明\u202e  ", float("nan")],  # kept as visible text, trimmed
        },
        index=["k1", "k2", "k3"],
    )
    got = lists.decisions_from(edited.to_dict("index"))
    assert got == {
        "k1": lists.Decision(True, "", ""),
        "k2": lists.Decision(False, "other", "说明"),
        "k3": lists.Decision(False, "", ""),
    }
    assert got["k3"].problem() == "pub.err.reason_required" and got["k2"].problem() is None
