"""Published records read back: one loader that checks a frozen record against its content hash.

A published list version and a published inventory are each one canonical JSON record with its SHA-256
(:mod:`anning.core.frozen`). Reading either back goes through :func:`verified`, so a record edited behind
the workflow's back is refused the same way everywhere.
"""

from __future__ import annotations

import json
from typing import Any

from anning.core import frozen
from anning.store.info import QuerySource


class WorkflowError(ValueError):
    """A step that cannot be taken in the current state, or a record that fails its check (a user error,
    shown as a message)."""


def verified(src: QuerySource, query: str, params: dict[str, Any], what: str) -> tuple[dict[str, Any], str]:
    """The record and content hash returned by ``query`` (columns ``record``, ``content_hash``), checked
    against each other. ``what`` names it in errors (``EXP-2024Q2 v2``). Raises :class:`WorkflowError` when
    there is no such record or it no longer matches its hash (it was tampered with)."""
    df = src.query(query, params)
    if df.empty:
        raise WorkflowError(f"no published {what}")
    rec = json.loads(df["record"].iloc[0])
    h = str(df["content_hash"].iloc[0])
    if frozen.content_hash(rec) != h:
        raise WorkflowError(f"{what}: the record does not match its content hash")
    return rec, h
