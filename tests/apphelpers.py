"""Helpers for headless app tests: find the map element and read what it would send to the browser."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from components.first_view import PAINTED_KEY

ROOT = Path(__file__).resolve().parent.parent

URL_PATTERN = re.compile(r"""(?:https?:)?//[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}[^\s"'<>)]*""")


def run_app(
    query: dict[str, str] | None = None,
    timeout: float = 60,
    session_state: dict[str, object] | None = None,
    painted: bool = True,
) -> AppTest:
    """The dashboard run once with ``query`` in its link and ``session_state`` set before the run (a section
    opened, say).

    ``painted``: the session's map has already reported its first paint, as a browser's does before the user sees
    the sidebar (components/first_view.py), so the run draws the whole page; False: the session's first run, the map
    alone.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if painted:
        at.session_state[PAINTED_KEY] = True
    for key, value in (session_state or {}).items():
        at.session_state[key] = value
    return at.run()


def map_payloads(at: AppTest) -> list[dict[str, Any]]:
    """The JSON arguments of every st_folium element on the page."""
    payloads = []
    for element in at.get("component_instance"):
        proto = element.proto
        args = getattr(proto, "json_args", "")
        if args and '"script"' in args:
            payloads.append(json.loads(args))
    return payloads


def outside_urls(payload: dict[str, Any]) -> list[str]:
    """Every absolute URL the map would load or mention: none may point outside the app."""
    text = " ".join(str(payload.get(k, "")) for k in ("script", "header", "html", "feature_group", "layer_control"))
    links = list(payload.get("js_links", [])) + list(payload.get("css_links", []))
    found = [u for u in URL_PATTERN.findall(text)]
    found += [u for u in links if not u.startswith("/app/static/")]
    return found


GEOJSON_ADD = re.compile(r"_add\((\{.*?\})\);\s*\n", flags=re.S)


def geojson_layers(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """Every GeoJSON FeatureCollection embedded in the map's script and its swapped-in feature groups."""
    text = (payload.get("script") or "") + (payload.get("feature_group") or "")
    return [json.loads(block) for block in GEOJSON_ADD.findall(text)]


LAYER_CONFIG = re.compile(r"var cfg = (\{.*?\});\n")


def layer_config(payload: dict[str, Any]) -> dict[str, Any]:
    """The configuration a toggle sends to the map (statuses, labels, layers, data URLs)."""
    found = LAYER_CONFIG.findall(payload.get("feature_group") or "")
    assert len(found) == 1, "expected one layer configuration in the map's feature group"
    return json.loads(found[0])


def part_statuses(payload: dict[str, Any]) -> dict[str, str]:
    """Status of every region part drawn on the map, by part id (``UA-14/ukrainian_held``)."""
    return layer_config(payload)["statuses"]


def metric_values(at: AppTest) -> dict[str, str]:
    """The headline figures (label → value as shown): Markdown blocks of a label, then the value as a heading."""
    values = {}
    for block in at.markdown:
        match = re.fullmatch(r"(.+)\n\n### (.+)", block.value, flags=re.S)
        if match:
            label, value = (re.sub(r"\\(.)", r"\1", part) for part in match.groups())
            values[label] = value
    return values


def view_warnings(at: AppTest) -> list[str]:
    """Warnings about what the user asked for (bad link parameters and the like), leaving out the notice
    that the newest shipped line is old, which depends on today's date (tested on its own)."""
    return [w.value for w in at.warning if "fetch-control" not in w.value]
