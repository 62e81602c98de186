"""The dashboard's access to the one catalogue of words, :mod:`geodata.wording` (kept so components read ``t(key, lang)``)."""

from __future__ import annotations

from typing import Mapping

from geodata.wording import CATALOGUE, LANGUAGE_NAMES, word

#: The interface's languages and their names, in themselves.
LANGUAGES: Mapping[str, str] = LANGUAGE_NAMES
#: The catalogue (every word, English and Ukrainian).
TEXT: Mapping[str, Mapping[str, str]] = CATALOGUE


def t(key: str, lang: str) -> str:
    """The catalogue's text ``key`` in ``lang`` (see :func:`geodata.wording.word`)."""
    return word(key, lang)
