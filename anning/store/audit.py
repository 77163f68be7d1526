"""The audit log, read: who loaded, published, approved, exported or failed to sign in, and when.

Entries are written with :func:`anning.store.db.audit` into the workflow file; a store that has
never had one written has no ``audit_log`` table yet, which reads as an empty log.
"""

from __future__ import annotations

import pandas as pd

from anning.store import info
from anning.store.info import QuerySource

COLUMNS = ["ts", "user_name", "action", "detail"]


def recent(src: QuerySource, limit: int = 200) -> pd.DataFrame:
    """The latest ``limit`` entries, newest first (columns :data:`COLUMNS`)."""
    # No workflow file or table yet: nothing was ever audited.
    return info.query_if_table(src, "audit_recent", "audit_log", {"limit": int(limit)})
