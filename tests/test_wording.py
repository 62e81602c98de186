"""The one catalogue of words (English and Ukrainian) and the one way numbers are written (Babel)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from geodata.dataset import default_dataset
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
    from geodata.export import DISCLAIMER

    assert word("disclaimer", "en") == DISCLAIMER
    assert "not endorsements" in DISCLAIMER


def test_one_path_to_a_word_no_alias_and_no_renamed_key():
    """``geodata.wording.word`` is the only way to a word: the old accessors are gone."""
    import importlib.util

    import geodata.mapconfig as mapconfig
    import geodata.pack as pack
    import geodata.wording as wording

    assert not hasattr(wording, "WORDING")
    assert importlib.util.find_spec("components.i18n") is None
    assert importlib.util.find_spec("geodata.figures.wording") is None
    assert getattr(pack, "word", word) is word and not hasattr(pack, "CATALOGUE_KEYS") and not hasattr(mapconfig, "MAP_WORDS")
    # The map's and the pack's words are catalogue ids, as they are.
    assert set(mapconfig.MAP_WORD_KEYS) <= set(CATALOGUE) and set(pack.PACK_WORD_KEYS) <= set(CATALOGUE)
    words = mapconfig.map_words("uk", "2025-11-20")
    assert all(words[key] == word(key, "uk") for key in mapconfig.MAP_WORD_KEYS)


def test_babel_numbers_in_both_languages():
    assert format_number(116746, "en") == "116,746"
    assert format_number(116746, "uk") == "116\u00a0746"
    assert format_number(34277030, "en") == "34,277,030"
    assert format_percent(0.807, "en") == "80.7%"
    assert format_percent(0.807, "uk") == "80,7\u00a0%"
    assert format_area(486794.4, "en") == "486,794 km²"
    assert format_area(486794.4, "uk") == "486\u00a0794 км²"
    assert (
        format_signed(-1234.4, "en") == "\u22121,234"
        and format_signed(1234.6, "uk") == "+1\u00a0235"
        and format_signed(0.2, "en") == "0"
    )
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


# --- Text shown to people is built from the catalogue, never from English literals --------------------------

#: The Streamlit calls that show text, and the keywords whose value they show.
CALLS_THAT_SHOW = {
    "metric",
    "caption",
    "markdown",
    "subheader",
    "title",
    "warning",
    "info",
    "error",
    "selectbox",
    "radio",
    "checkbox",
    "toggle",
    "multiselect",
    "select_slider",
    "button",
    "success",
    "header",
    "text",
    "write",
    "expander",
    "download_button",
    "text_input",
    "text_area",
    "date_input",
    "file_uploader",
    "number_input",
    "slider",
    "toast",
    "popover",
    "tabs",
    "set_page_config",
    "link_button",
    "exception",
}
SHOWN_KEYWORDS = {"label", "help", "placeholder", "page_title", "caption", "body", "value"}
#: Calls whose string arguments are ids or formats, not words (a catalogue key, a number, a file name).
NOT_WORDS = {
    "word",
    "status_label",
    "part_label",
    "layer_label",
    "country_name",
    "format_date",
    "get",
    "startswith",
    "text",
    "replace",
}
LOG_CALLS = {"debug", "info", "warning", "error", "exception"}
#: Receivers whose calls write to logs, not to people.
LOGS = {"logger", "logging", "log", "stderr", "stdout"}
#: Two words or more: what reads as prose (an id, a file name, a CSS class or a format is one token).
PROSE = re.compile(r"[^\W\d_]{2,},? [^\W\d_]{2,}")
FSTRING_PROSE = re.compile(r"(?:^|\s)[^\W\d_]{3,}(?:\s|$)")
#: components/upload.py is the import helper's (issue 24), moved onto ``word`` there.
COMPONENTS = [
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "components").glob("*.py") if p.name != "upload.py"),
    "app.py",
]
#: The parts of the domain whose texts reach people as they are (the map, the pack, figures, ages of lines).
DOMAIN_SHOWN = [
    "geodata/mapconfig.py",
    "geodata/pack.py",
    "geodata/dating.py",
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "geodata" / "figures").glob("*.py")),
]
#: Literals allowed, each with its reason (keep this short).
ALLOWED = {
    "DejaVu Sans",  # a font's name
}


def _literals(node: ast.AST):
    """The string literals an expression builds text from (f-string parts included), skipping ids given to NOT_WORDS."""
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in NOT_WORDS:
            return
        if isinstance(node.func, ast.Attribute):  # "…".format(…) / "…".join(…): the string is shown
            yield from _literals(node.func.value)
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            yield from _literals(arg)
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
        return
    if isinstance(node, ast.Subscript):  # a lookup's key is an id
        yield from _literals(node.value)
        return
    for child in ast.iter_child_nodes(node):
        yield from _literals(child)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                ids.add(id(first.value))
    return ids


def _english_shown_by_streamlit(source: str) -> list[tuple[int, str]]:
    offenders = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CALLS_THAT_SHOW:
            receiver = node.func.value
            owner = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
            if owner in LOGS or (node.func.attr == "text" and owner != "st"):  # scenario.text(key, lang) reads a text
                continue
            shown = [*node.args, *(k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS)]
            for arg in shown:
                for literal in _literals(arg):
                    text = literal.value
                    if sum(c.isalpha() for c in text) > 1 and not text.lstrip().startswith("<style") and text not in ALLOWED:
                        offenders.append((literal.lineno, text))
    return offenders


def _english_prose_built(source: str) -> list[tuple[int, str]]:
    """Prose literals (two words or more) outside docstrings, errors raised, log lines, comparisons with data and
    options of a call (``loc="upper left"``): what is left is text put together for people."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg not in SHOWN_KEYWORDS and isinstance(keyword.value, ast.Constant):
                    skip.add(id(keyword.value))
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in NOT_WORDS:
                skip.update(id(n) for n in ast.walk(node))
        if isinstance(node, (ast.Raise, ast.Assert, ast.Compare)) or (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LOG_CALLS
        ):
            skip.update(id(n) for n in ast.walk(node))
    # Inside an f-string, one word beside a space is already prose (f"{n} people").
    in_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    offenders = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            rule = FSTRING_PROSE if id(node) in in_fstrings else PROSE
            if rule.search(node.value) and node.value not in ALLOWED:
                offenders.append((node.lineno, node.value))
    return offenders


@pytest.mark.parametrize("path", COMPONENTS)
def test_words_shown_by_the_interface_come_from_the_catalogue(path):
    """No literal with letters is handed to a Streamlit call that shows text (f-strings, joins and formats included)."""
    assert _english_shown_by_streamlit((ROOT / path).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", DOMAIN_SHOWN)
def test_texts_the_domain_hands_to_people_come_from_the_catalogue(path):
    """The map's configuration, the pack, the figures and the lines' ages build no prose from English literals."""
    assert _english_prose_built((ROOT / path).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        'st.caption("Download the file")',
        'st.markdown(f"**Sources:** {x}")',
        'col.button("Go " + name)',
        'st.selectbox(label="Pick one", options=o)',
        'st.warning("{n} features read".format(n=n))',
    ],
)
def test_the_scan_catches_english_handed_to_streamlit(source):
    assert _english_shown_by_streamlit(source)


@pytest.mark.parametrize(
    "source", ['def f(x):\n    return f"{x} features read"', 'LINE = "Line of contact as of"', 'x = f"about {n} people"']
)
def test_the_scan_catches_english_prose_in_the_domain(source):
    assert _english_prose_built(source)


def test_the_scan_lets_catalogue_ids_and_formats_through():
    assert _english_shown_by_streamlit('st.markdown(f"**{word(\'download_data\', lang)}**", key="x y")') == []
    assert _english_prose_built('raise ValueError("not a date")\nx = f"{a}/{b}"\ny = word("beyond_line", lang)') == []


@pytest.mark.parametrize("lang, written", [("en", "1,748"), ("uk", "1\u00a0748")])
def test_day_counts_and_other_whole_numbers_are_grouped_as_every_number(lang, written):
    """A whole number given to a word, and the line's age, are written as format_number writes them."""
    from datetime import date

    from geodata.dating import age_phrase

    assert written in word("trend_gap", lang, days=1748)
    assert written in age_phrase("2022-02-23", lang, date(2026, 12, 7))
    assert format_number(1748, lang) == written
