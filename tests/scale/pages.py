"""What a user sees on a page, as comparable data: every text element, metric, table, chart and map spec."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def snapshot(page: str, lang: str, widgets: dict[str, tuple[str, Any]] | None = None) -> dict[str, Any]:
    """Open ``pages/<page>.py`` on the store ANNING_DB names, set widgets (key -> (kind, value)), and capture it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["frame_lang"] = lang
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    for key, (kind, value) in (widgets or {}).items():
        getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]
    return {
        "text": [
            (e.type, str(e.value))
            for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info", "error", "success")
            for e in getattr(at, kind)
        ],
        "metrics": [(m.label, m.value, m.delta) for m in at.metric],
        # Empty cells as None: NaN never equals NaN, and a blank cell is what the user sees.
        "tables": [d.value.astype(object).where(d.value.notna(), None).to_dict("split") for d in at.dataframe],
        "charts": [json.loads(c.proto.spec) for c in at.get("plotly_chart")],
        "maps": [json.loads(c.proto.json) for c in at.get("deck_gl_json_chart")],
    }


# The pages the issue names, with the settings that exercise them (rankings by each dimension, the map's measures).
VIEWS: list[tuple[str, str, dict[str, tuple[str, Any]]]] = [
    ("overview", "en", {}),
    ("overview", "zh", {}),
    ("rankings", "en", {"rankings_by": ("radio", "industry")}),
    ("rankings", "zh", {"rankings_by": ("radio", "company")}),
    ("rankings", "en", {"rankings_by": ("radio", "port_company")}),
    ("rankings", "en", {"rankings_by": ("radio", "operator")}),
    ("rankings", "en", {"rankings_by": ("radio", "province")}),
    ("rankings", "zh", {"rankings_by": ("radio", "number_range")}),
    ("map", "en", {}),
    ("map", "zh", {"map_metric": ("radio", "rate")}),
]
