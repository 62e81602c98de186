"""Settlement scenarios: the model, the file schema, loading, and the dashboard's options.

Presets are data files, ``geodata/data/scenarios/<id>.toml``, validated on load against the schema in
:mod:`geodata.scenarios.schema` (documented for authors in ``docs/scenarios.md``). Besides the statuses,
each says who proposed it, who accepted it and where it stands in the talks, and may qualify a status in its
own words: a note on one part of one region or on a status as a whole, for the legend.

- :mod:`geodata.scenarios.model`: :class:`Scenario`, :class:`RegionStatus`, the statuses each part may take.
- :mod:`geodata.scenarios.schema`: what a file may say (pydantic), errors as one line with their path.
- :mod:`geodata.scenarios.loading`: reading files, pure (region ids and snapshot dates are passed in).
- :mod:`geodata.scenarios.options`: the dashboard's toggles ↔ statuses, and the custom scenario.
"""

from geodata.errors import ScenarioError
from geodata.scenarios.loading import (
    parse_scenario,
    pick_scenario,
    read_scenario_file,
    read_scenarios,
)
from geodata.scenarios.model import (
    GIVEN_UP_STATUSES,
    LANGUAGES,
    PART_STATUSES,
    REQUIRED_TEXTS,
    RUSSIAN_HELD_STATUSES,
    UKRAINIAN_HELD_STATUSES,
    RegionStatus,
    Scenario,
)
from geodata.scenarios.options import (
    OUTSIDE_ANNEXED,
    OblastOption,
    Options,
    custom_scenario,
    options_from_statuses,
    options_to_statuses,
)
from geodata.scenarios.schema import CONTROL_LATEST, ScenarioFile
from geodata.vocabulary import PARTS, Status

__all__ = [
    "CONTROL_LATEST",
    "GIVEN_UP_STATUSES",
    "LANGUAGES",
    "OUTSIDE_ANNEXED",
    "PARTS",
    "PART_STATUSES",
    "REQUIRED_TEXTS",
    "RUSSIAN_HELD_STATUSES",
    "UKRAINIAN_HELD_STATUSES",
    "OblastOption",
    "Options",
    "RegionStatus",
    "Scenario",
    "ScenarioError",
    "ScenarioFile",
    "Status",
    "custom_scenario",
    "options_from_statuses",
    "options_to_statuses",
    "parse_scenario",
    "pick_scenario",
    "read_scenario_file",
    "read_scenarios",
]
