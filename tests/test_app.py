"""The app runs headless (AppTest) and its map loads nothing from outside the app."""

from __future__ import annotations

from tests.apphelpers import map_payloads, outside_urls, run_app


def test_app_starts_and_shows_the_map_offline():
    at = run_app()
    assert not at.exception, at.exception
    payloads = map_payloads(at)
    assert payloads, "no map on the page"
    payload = payloads[0]
    assert payload["js_links"] == ["/app/static/leaflet/leaflet.js"]
    assert payload["css_links"] == ["/app/static/leaflet/leaflet.css"]
    assert outside_urls(payload) == []
    # The 27 regions are in the map's data.
    for region_id in ("UA-05", "UA-30", "UA-40", "UA-43", "UA-77"):
        assert f'"{region_id}"' in payload["script"] + (payload.get("feature_group") or "")
