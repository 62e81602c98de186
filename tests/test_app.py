"""The app runs headless (AppTest) and its map loads nothing from outside the app."""

from __future__ import annotations

from geodata.dataset import default_dataset
from tests.apphelpers import ROOT, layer_config, map_payloads, outside_urls, run_app


def test_app_starts_and_shows_the_map_offline():
    at = run_app()
    assert not at.exception, at.exception
    payloads = map_payloads(at)
    assert payloads, "no map on the page"
    payload = payloads[0]
    # The data prefetch first, then Leaflet, then the map's own code and styles: every file from the app's own
    # static folder.
    assert payload["js_links"][0].startswith("/app/static/map/prefetch.js?v=")
    assert payload["js_links"][1] == "/app/static/leaflet/leaflet.js"
    assert payload["css_links"][0] == "/app/static/leaflet/leaflet.css"
    for link in payload["js_links"] + payload["css_links"]:
        assert link.startswith("/app/static/")
        assert (ROOT / link.removeprefix("/app/").split("?")[0]).is_file(), link
    assert outside_urls(payload) == []
    # The 27 regions are drawn, from data the app serves itself.
    config = layer_config(payload)
    assert {part_id.split("/")[0] for part_id in config["statuses"]} == set(default_dataset().regions().index)
    for url in (config["snapshot_url"], config["places_url"]):
        assert url.startswith("/app/static/data/")
        assert (ROOT / url.removeprefix("/app/")).is_file()


def test_the_map_prefetches_the_data_files_of_the_view_it_draws():
    """The prefetch script's address names exactly the data files the view draws, in the order the map asks for
    them, and the scripts and styles loaded after it; after a toggle to another date, the files of that date (for an
    iframe built then, such as presentation view's)."""
    from urllib.parse import parse_qs, urlsplit

    at = run_app({"scenario": "status-quo"})
    payload = map_payloads(at)[0]
    config = layer_config(payload)
    prefetched = parse_qs(urlsplit(payload["js_links"][0]).query)["u"]
    assert prefetched[:3] == ["/app/static/data/context.json", config["snapshot_url"], config["places_url"]]
    # Then every script and style sheet streamlit-folium loads after the prefetch, one after another.
    assert prefetched[3:] == payload["js_links"][1:] + payload["css_links"]
    for url in prefetched:
        assert (ROOT / url.removeprefix("/app/").split("?")[0]).is_file(), url
    dates = at.radio(key="control").options
    other = next(d for d in dates if d not in config["snapshot_url"])
    at.radio(key="control").set_value(other).run()
    after = map_payloads(at)[0]
    assert layer_config(after)["snapshot_url"].endswith(f"snapshot-{other}.json")
    assert parse_qs(urlsplit(after["js_links"][0]).query)["u"][1] == layer_config(after)["snapshot_url"]
