"""What a scenario file may say: the TOML schema as pydantic models, and its errors as one line.

A file is validated against :class:`ScenarioFile` with the region ids and the control snapshot dates given
as the validation context (parsing never reads the disk). The first mistake is reported with its path in the
file, e.g. ``plan-x.toml: regions.UA-14.russian_held: 'thawed' is not one of occupied, de_jure_russia, …``.
:func:`markdown_reference` renders the field tables of ``docs/scenarios.md`` from the models' JSON schema.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from geodata.scenarios.model import LANGUAGES, PART_STATUSES, REQUIRED_TEXTS
from geodata.vocabulary import PARTS, Status

#: A scenario id: lower-case letters, digits and hyphens, at most 64; the file is named ``<id>.toml``.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
#: The date of a proposal: YYYY-MM or YYYY-MM-DD.
DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"
#: ``control = "latest"`` in a file: the newest control snapshot when the scenarios are loaded.
CONTROL_LATEST = "latest"
CONTROL_PATTERN = rf"^(\d{{4}}-\d{{2}}-\d{{2}}|{CONTROL_LATEST})$"
#: Suffix of a part's note in ``[regions]``: ``russian_held_note``, ``russian_held_note_uk``, ...
NOTE_SUFFIX = "_note"
#: What a value matching each pattern looks like, for the error message.
_PATTERN_HINTS = {
    ID_PATTERN: "lower-case letters, digits and hyphens (at most 64)",
    DATE_PATTERN: "a date YYYY-MM or YYYY-MM-DD",
    CONTROL_PATTERN: f"a snapshot date YYYY-MM-DD or {CONTROL_LATEST!r}",
}


def _fail(kind: str, message: str) -> PydanticCustomError:
    """A validation error whose message is ``message`` as it is (braces in a quoted value stay as they are)."""
    return PydanticCustomError(kind, "{message}", {"message": message})


def _non_blank(value: str) -> str:
    if not value.strip():
        raise _fail("blank", "must be a non-empty string")
    return value


#: A text shown to people: a non-empty string.
Text = Annotated[str, Field(min_length=1), AfterValidator(_non_blank)]


def _status_field(part: str, description: str) -> Any:
    allowed: list[JsonValue] = [s.value for s in Status if s in PART_STATUSES[part]]
    return Field(description=description, json_schema_extra={"enum": allowed})


def _check_status(value: str, part: str) -> str:
    allowed = [s.value for s in Status if s in PART_STATUSES[part]]
    if value not in allowed:
        raise _fail("status", f"{value!r} is not one of {', '.join(allowed)}")
    return value


class RegionEntry(BaseModel):
    """One region in ``[regions]``: the status of each part, and optionally a note on a part in both languages."""

    model_config = ConfigDict(extra="forbid", strict=True)

    russian_held: str = _status_field("russian_held", "Status of the part Russia holds on the control date.")
    ukrainian_held: str = _status_field("ukrainian_held", "Status of the part Ukraine holds on the control date.")
    russian_held_note: Text | None = Field(
        None, description="How the scenario qualifies the Russian-held part's status, in its own terms (English)."
    )
    russian_held_note_uk: Text | None = Field(None, description="The same note in Ukrainian; required with `russian_held_note`.")
    ukrainian_held_note: Text | None = Field(
        None, description="How the scenario qualifies the Ukrainian-held part's status (English)."
    )
    ukrainian_held_note_uk: Text | None = Field(
        None, description="The same note in Ukrainian; required with `ukrainian_held_note`."
    )

    @field_validator("russian_held", "ukrainian_held")
    @classmethod
    def _known_status(cls, value: str, info: ValidationInfo) -> str:
        return _check_status(value, str(info.field_name))

    @model_validator(mode="after")
    def _notes_in_both_languages(self) -> RegionEntry:
        for part in PARTS:
            english, ukrainian = f"{part}{NOTE_SUFFIX}", f"{part}{NOTE_SUFFIX}_uk"
            if (getattr(self, english) is None) != (getattr(self, ukrainian) is None):
                missing = english if getattr(self, english) is None else ukrainian
                raise _fail("missing_pair", f"missing key {missing!r}")
        return self


class ScenarioFile(BaseModel):
    """A scenario file, ``geodata/data/scenarios/<id>.toml``, as written by its author.

    Validated with the context ``{"region_ids": ..., "snapshot_dates": ...}``: the regions a file must list
    (every one, no other) and the control snapshots it may name.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(
        pattern=ID_PATTERN, description="Lower-case letters, digits and hyphens; equals the file name without `.toml`."
    )
    title: Text = Field(description="The scenario's name (English).")
    title_uk: Text = Field(description="The same in Ukrainian.")
    date: str = Field(pattern=DATE_PATTERN, description="When it was proposed or reported: YYYY-MM or YYYY-MM-DD.")
    summary: Text = Field(description="What it does to the land, in its own words; 'As reported' where the text was not seen.")
    summary_uk: Text = Field(description="The same in Ukrainian.")
    sources: list[Text] = Field(min_length=1, description="Who published or reported it, with dates (at least one).")
    as_reported: bool = Field(description="`true` where the primary text was not published: the map says 'as reported'.")
    own_date: bool = Field(
        True,
        description=(
            "`false` for a standing position with no date of its own (the status quo): every heading names it "
            "by its line only, never by `date` (which then only orders the list)."
        ),
    )
    control: str | None = Field(
        None,
        pattern=CONTROL_PATTERN,
        description='The control snapshot (YYYY-MM-DD) it is shown against by default, or `"latest"` for the newest one.',
    )
    proposed_by: Text = Field(description="Who proposed it (English).")
    proposed_by_uk: Text = Field(description="The same in Ukrainian.")
    accepted_by: Text = Field(description="Who accepted it (English).")
    accepted_by_uk: Text = Field(description="The same in Ukrainian.")
    talks_status: Text = Field(description="Where it stands in the talks (English).")
    talks_status_uk: Text = Field(description="The same in Ukrainian.")
    notes: list[Text] = Field([], description="How gaps and qualifications in the text are shown (English).")
    notes_uk: list[Text] = Field([], description="The same notes in Ukrainian, in the same order.")
    status_notes: dict[str, Text] = Field(
        {},
        description=(
            "`[status_notes]`: a legend qualifier per status (`<status>` and `<status>_uk`), only for statuses the file uses."
        ),
    )
    regions: dict[str, RegionEntry] = Field(
        description="`[regions]`: every one of the 27 regions by ISO 3166-2:UA code, no other."
    )

    @field_validator("control")
    @classmethod
    def _known_snapshot(cls, value: str | None, info: ValidationInfo) -> str | None:
        dates = _context(info, "snapshot_dates")
        if value is None or value == CONTROL_LATEST:
            return value
        if value not in dates:
            raise _fail("snapshot", f"{value!r} is not a control snapshot (known: {', '.join(sorted(dates))})")
        return value

    @field_validator("regions")
    @classmethod
    def _every_region_once(cls, value: dict[str, RegionEntry], info: ValidationInfo) -> dict[str, RegionEntry]:
        known = _context(info, "region_ids")
        unknown = sorted(set(value) - set(known))
        if unknown:
            raise _fail("region", f"unknown region {unknown[0]!r}")
        missing = sorted(set(known) - set(value))
        if missing:
            raise _fail("region", f"region {missing[0]!r} is missing")
        return value

    @model_validator(mode="after")
    def _cross_checks(self) -> ScenarioFile:
        if len(self.notes_uk) != len(self.notes):
            raise _fail("notes", f"notes_uk must give each of the {len(self.notes)} notes in Ukrainian, in order")
        used = {getattr(entry, part) for entry in self.regions.values() for part in PARTS}
        for key in sorted(self.status_notes):
            base = key.removesuffix("_uk")
            if base not in {s.value for s in Status}:
                allowed = ", ".join(s.value for s in Status)
                raise _fail("status", f"status_notes.{key}: unknown status {base!r} (allowed: {allowed})")
            if base not in used:
                raise _fail("status", f"status_notes.{key}: no part of any region is {base!r} here")
            for needed in (base, f"{base}_uk"):
                if needed not in self.status_notes:
                    raise _fail("missing_pair", f"status_notes: missing key {needed!r}")
        return self


def _context(info: ValidationInfo, key: str) -> Collection[str]:
    context = info.context
    if not isinstance(context, Mapping) or key not in context:
        raise TypeError(f"validate a scenario file with the context key {key!r}")
    return context[key]  # type: ignore[no-any-return]


def describe_error(error: ValidationError, name: str) -> str:
    """The first mistake of a failed validation, as one line: ``<name>: <path in the file>: <what is wrong>``.

    Parameters
    ----------
    error : pydantic.ValidationError
        From validating a :class:`ScenarioFile`.
    name : str
        The file name, first in the message.

    Returns
    -------
    str
        For example ``plan-x.toml: regions.UA-14.russian_held: 'thawed' is not one of occupied, …``;
        ``(and N more)`` is added when there are other mistakes.
    """
    errors = error.errors(include_url=False)
    first = errors[0]
    loc = [str(part) for part in first["loc"]]
    kind, value = first["type"], first.get("input")
    if kind == "missing":
        loc, message = loc[:-1], f"missing key {loc[-1]!r}"
    elif kind == "extra_forbidden":
        loc, message = loc[:-1], f"unknown key {loc[-1]!r}"
    elif kind == "string_too_short":
        message = "must be a non-empty string"
    elif kind == "string_pattern_mismatch":
        pattern = str(first.get("ctx", {}).get("pattern", ""))
        message = f"{value!r} must be {_PATTERN_HINTS.get(pattern, pattern)}"
    elif kind == "bool_type":
        message = f"must be true or false, not {value!r}"
    elif kind == "string_type":
        message = f"must be a quoted string, not {value!r}"
    elif kind in ("list_type", "too_short") and loc and loc[-1] in ("sources", "notes", "notes_uk"):
        message = "must be a non-empty list of strings" if loc[-1] == "sources" else "must be a list of strings"
    elif kind in ("dict_type", "model_type"):
        message = "must be a table"
    else:
        message = first["msg"]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return ": ".join([name, *([".".join(loc)] if loc else []), message]) + more


# --- The reference for authors ---------------------------------------------------------------------


def _type_of(prop: Mapping[str, Any]) -> str:
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "anyOf" in prop:
        return " or ".join(_type_of(p) for p in prop["anyOf"] if p.get("type") != "null")
    if "$ref" in prop:
        return "a table (below)"
    kind = prop.get("type", "")
    if kind == "array":
        least = prop.get("minItems", 0)
        return f"list of {_type_of(prop.get('items', {}))}" + (f" (at least {least})" if least else "")
    if kind == "object":
        return "table of " + _type_of(prop.get("additionalProperties", {}))
    pattern = f" matching `{prop['pattern']}`" if "pattern" in prop else ""
    name: str = {"string": "text", "boolean": "true or false"}.get(kind, kind)
    return name + pattern


def _table(schema: Mapping[str, Any]) -> list[str]:
    required = set(schema.get("required", ()))
    rows = ["| key | type | required | what it says |", "|---|---|---|---|"]
    for key, prop in schema["properties"].items():
        kind = _type_of(prop)
        cells = [f"`{key}`", kind, "yes" if key in required else "no", prop.get("description", "")]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return rows


def markdown_reference() -> str:
    """The field tables of ``docs/scenarios.md``, rendered from the models' JSON schema.

    Returns
    -------
    str
        Markdown: the top-level keys, then the keys of one region in ``[regions]``.
    """
    schema = ScenarioFile.model_json_schema()
    region = schema["$defs"]["RegionEntry"]
    texts = ", ".join(f"`{key}`" for key in REQUIRED_TEXTS)
    lines = [
        "### Top-level keys",
        "",
        *_table(schema),
        "",
        f"Texts in both languages ({', '.join(LANGUAGES)}): {texts}, each as `key` and `key_uk`.",
        "",
        "### One region in `[regions]`",
        "",
        *_table(region),
        "",
    ]
    return "\n".join(lines)


def rewrite_reference(page: Path) -> bool:
    """Put :func:`markdown_reference` between the ``<!-- schema:start -->`` and ``<!-- schema:end -->`` lines of a page.

    Parameters
    ----------
    page : Path
        The authors' page, ``docs/scenarios.md``.

    Returns
    -------
    bool
        True when the page changed.
    """
    text = page.read_text(encoding="utf-8")
    head, rest = text.split(_START, 1)
    _, tail = rest.split(_END, 1)
    new = f"{head}{_START}{markdown_reference()}{_END}{tail}"
    page.write_text(new, encoding="utf-8")
    return new != text


_START, _END = "<!-- schema:start -->\n", "<!-- schema:end -->"

if __name__ == "__main__":  # python -m geodata.scenarios.schema docs/scenarios.md
    import sys

    print("rewritten" if rewrite_reference(Path(sys.argv[1])) else "up to date")
