"""The app runs headless (AppTest) and its map loads nothing from outside the app."""

from __future__ import annotations

from geodata.regions import load_regions
from tests.apphelpers import ROOT, layer_config, map_payloads, outside_urls, run_app


def test_app_starts_and_shows_the_map_offline():
    at = run_app()
    assert not at.exception, at.exception
    payloads = map_payloads(at)
    assert payloads, "no map on the page"
    payload = payloads[0]
    # Leaflet first, then the map's own code and styles: every file from the app's own static folder.
    assert payload["js_links"][0] == "/app/static/leaflet/leaflet.js"
    assert payload["css_links"][0] == "/app/static/leaflet/leaflet.css"
    for link in payload["js_links"] + payload["css_links"]:
        assert link.startswith("/app/static/")
        assert (ROOT / link.removeprefix("/app/").split("?")[0]).is_file(), link
    assert outside_urls(payload) == []
    # The 27 regions are drawn, from data the app serves itself.
    config = layer_config(payload)
    assert {part_id.split("/")[0] for part_id in config["statuses"]} == set(load_regions().index)
    for url in (config["snapshot_url"], config["places_url"]):
        assert url.startswith("/app/static/data/")
        assert (ROOT / url.removeprefix("/app/")).is_file()
