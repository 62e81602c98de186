"""The one catalogue of words (English and Ukrainian) and the one way numbers are written (Babel)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from geodata.vocabulary import Layer, Part, Status
from geodata.wording import (
    CATALOGUE,
    LANGUAGES,
    format_area,
    format_number,
    format_percent,
    format_signed,
    placeholders,
    public_text,
    status_label,
    word,
)
from geodata.dataset import default_dataset

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_word_exists_in_both_languages_with_the_same_placeholders(key):
    entry = CATALOGUE[key]
    assert set(entry) == set(LANGUAGES), key
    for lang in LANGUAGES:
        assert isinstance(entry[lang], str) and entry[lang].strip(), (key, lang)
    assert placeholders(entry["en"]) == placeholders(entry["uk"]), key


def test_a_word_in_one_language_only_is_caught(monkeypatch):
    import geodata.wording as wording

    broken = dict(CATALOGUE)
    broken["only_english"] = {"en": "Only English"}
    monkeypatch.setattr(wording, "CATALOGUE", broken)
    with pytest.raises(KeyError):
        wording.word("only_english", "uk")


def test_every_status_part_and_layer_has_words():
    for status in Status:
        assert status_label(status, "en") and status_label(status, "uk")
    for part in Part:
        assert word(f"part_{part.value}", "uk") and word(f"map_part_{part.value}", "uk", date="2025-11-20")
    for layer in Layer:
        assert word(f"layer_{layer.value}", "uk")
    assert status_label(Status.DE_FACTO_RUSSIA) == "Russian control accepted de facto, not recognised de jure (proposed)"
    assert word("annexation_claimed") == "annexation claimed by Russia (not recognised)"


def test_one_disclaimer_everywhere():
    from components.i18n import t
    from geodata.export import DISCLAIMER
    from geodata.figures.wording import TEXT

    assert DISCLAIMER == word("disclaimer", "en")
    assert TEXT["disclaimer"] is CATALOGUE["disclaimer"]
    assert t("disclaimer", "uk") == word("disclaimer", "uk")
    assert "not endorsements" in DISCLAIMER


def test_babel_numbers_in_both_languages():
    assert format_number(116746, "en") == "116,746"
    assert format_number(116746, "uk") == "116\u00a0746"
    assert format_number(34277030, "en") == "34,277,030"
    assert format_percent(0.807, "en") == "80.7%"
    assert format_percent(0.807, "uk") == "80,7\u00a0%"
    assert format_area(486794.4, "en") == "486,794 km²"
    assert format_area(486794.4, "uk") == "486\u00a0794 км²"
    assert format_signed(-1234.4, "en") == "\u22121,234" and format_signed(1234.6, "uk") == "+1\u00a0235" and format_signed(0.2, "en") == "0"
    assert format_percent(0.0003, "en") == "<0.1%" and format_percent(0.0003, "uk") == "<0,1\u00a0%"
    assert format_percent(0.0, "en") == "0.0%"


def test_a_share_is_rounded_once_half_up_as_the_browser_does():
    # Donetsk at 0.7725 read 77.2% in the table (round-half-even of 77.25) and 77.3% in the tooltip (Intl).
    assert format_percent(0.7725, "en") == "77.3%"
    assert format_percent(0.7725, "uk") == "77,3\u00a0%"
    assert format_number(20484.5, "en") == "20,485"  # Math.round in the browser


def test_source_lines_shown_to_people_carry_no_internal_terms():

    for as_of in default_dataset().snapshot_dates():
        snapshot = default_dataset().snapshot(as_of)
        for text in (snapshot.method, *snapshot.sources):
            shown = public_text(text)
            assert "clip_to" not in shown and "geodata/" not in shown and ".csv" not in shown, shown


# Files whose string literals reach people: each must come from the catalogue (or be data, format or markup).
SHOWN_BY = ["components/stats_panel.py", "components/sidebar.py", "components/map.py", "components/notices.py", "app.py",
            "geodata/figures/panels.py", "geodata/figures/figure.py", "geodata/figures/labels.py"]
CALLS_THAT_SHOW = {"metric", "caption", "markdown", "subheader", "title", "warning", "info", "error", "selectbox", "radio",
                   "checkbox", "toggle", "multiselect", "select_slider", "button", "success", "header"}


@pytest.mark.parametrize("path", SHOWN_BY)
def test_words_shown_by_the_interface_come_from_the_catalogue(path):
    """No prose literal is handed to a Streamlit call that shows text: words come from the catalogue."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    offenders = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CALLS_THAT_SHOW:
            for arg in node.args[:1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and any(c.isalpha() for c in arg.value):
                    if not arg.value.lstrip().startswith("<style"):
                        offenders.append((node.lineno, arg.value))
                if isinstance(arg, ast.JoinedStr):
                    for part in arg.values:
                        if isinstance(part, ast.Constant) and sum(c.isalpha() for c in part.value) > 2:
                            offenders.append((node.lineno, part.value))
    assert offenders == [], offenders
