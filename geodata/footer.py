"""The text of a figure's or a slide's footer: each source named short, still saying who reported it and when,
and sentences joined with one full stop each.

The full sources are in the dashboard's method section, the briefing pack and the slides' speaker notes; the short
form is what a screenshot or a slide carries, so it must be enough to find the source: a title is cut, never the
publisher or the date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["full_stop", "sentences", "short_source", "short_sources", "source_attribution"]

#: A year as sources write dates ("2025-12-23", "April 2025", "(2016)").
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _split_top(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` where it stands outside any parenthesis or bracket."""
    parts, depth, start, index = [], 0, 0, 0
    while index < len(text):
        char = text[index]
        depth += (char in "([") - (char in ")]")
        if depth <= 0 and text.startswith(separator, index):
            parts.append(text[start:index])
            start = index = index + len(separator)
            continue
        index += 1
    return [*parts, text[start:]]


def source_attribution(text: str) -> str:
    """Where a source's text writes who and when: its closing parenthesis ("… (General Staff via UNN)"), else the
    text after its last comma outside parentheses ("…, 2025-12-24"), else "".

    Parameters
    ----------
    text : str
        A source, or the part of it :func:`short_source` keeps.

    Returns
    -------
    str
        The attribution as the data writes it.
    """
    if text.endswith(")"):
        depth = 0
        for index in range(len(text) - 1, -1, -1):
            depth += (text[index] == ")") - (text[index] == "(")
            if depth == 0:
                return text[index:]
    clauses = _split_top(text, ", ")
    return clauses[-1] if len(clauses) > 1 else ""


#: Words that join two names: an end that starts with one runs back to the name before it.
_JOINING = frozenset({"and", "or", "&", "і", "й", "та", "або"})


def short_source(source: str, limit: int = 60) -> str:
    """Who reported a source and when, in about ``limit`` characters (what a slide or a figure's footer names).

    Sources write "Publisher, date: what was reported", or "Place: what happened (who reported it, when); next
    place: …". The short form keeps the publisher and the date: a title is cut, never who reported it.

    Parameters
    ----------
    source : str
        A source line as recorded.
    limit : int
        The length aimed at, in characters (exceeded only where the publisher and date need more).

    Returns
    -------
    str
        The first item (before a "; " outside parentheses) of a source longer than ``limit``, through the first
        that names a date where it does not; of it, the part
        before the first colon outside parentheses where that part names a date or an attribution in
        parentheses, else the whole item. Longer than ``limit``: its leading clauses where they end with a date
        ("Reuters, 2025-08-21, …"; up to half as long again as ``limit`` when the date's clause needs it), else
        its first clause, " … ", and its end from the attribution back (:func:`source_attribution`), cut at
        words outside parentheses.
    """
    items = [source] if len(source) <= limit else _split_top(source, "; ")
    # The first item, through the first that names a date where it does not ("WSJ via …; Reuters via … (2025-11-25)").
    dated_item = next((i for i, text in enumerate(items) if _YEAR.search(text)), 0)
    item = "; ".join(items[: dated_item + 1]) if len("; ".join(items[: dated_item + 1])) <= limit * 3 // 2 else items[0]
    head = _split_top(item, ": ")[0]
    named = bool(_YEAR.search(head) or "(" in head)  # "Publisher, date: …", not "Place: … (who, when)"
    key = head if named else item
    if len(key) <= limit:
        return key
    clauses = _split_top(key, ", ")
    dated = next((i for i, clause in enumerate(clauses) if _YEAR.search(clause)), len(clauses))
    lead = ", ".join(clauses[: dated + 1])
    if named and dated <= 1 and len(lead) > limit and len(lead) <= limit * 3 // 2:
        return lead  # "Publisher, date (attribution)" whole: a little long rather than without who or when
    if named and dated <= 1 and len(lead) <= limit:
        kept = dated + 1
        while kept < len(clauses) and len(", ".join(clauses[: kept + 1])) <= limit:
            kept += 1
        return ", ".join(clauses[:kept])
    # The first clause (the publisher), the place a note is about ("Siversk:"), or the title's first three words.
    place = _split_top(key, ": ")
    first = _split_top(clauses[0], " ")
    if len(clauses) == 1 or len(clauses[0]) > limit // 2:
        first = _split_top(place[0] + ":", " ") if len(place) > 1 and len(place[0]) <= limit // 3 else first[:3]
    words = _split_top(key, " ")
    # The start runs on to a date written near it ("DeepStateMap figures for 2023-01-01").
    near = next((i for i, w in enumerate(words) if _YEAR.search(w) and len(" ".join(words[: i + 1])) <= limit * 2 // 3), -1)
    first = words[: near + 1] if near >= len(first) else first
    start = " ".join(first).rstrip(",;")
    end = source_attribution(key) or words[-1]
    for count in range(len(words) - len(first), 0, -1):
        tail = " ".join(words[-count:])
        if len(tail) <= limit - len(start) - 3 and tail.endswith(end):
            end = tail
            break
    # The end never starts with a joining word ("… and The Telegraph"): it runs back over it to the word before it
    # ("… Axios and The Telegraph"), up to half as long again as ``limit``; who is joined is not left out.
    tail_words = _split_top(end, " ")
    while tail_words and tail_words[0].lower() in _JOINING and len(tail_words) < len(words) - len(first):
        longer = words[-(len(tail_words) + 1) :]
        if len(start) + 3 + len(" ".join(longer)) > limit * 3 // 2:
            break
        tail_words = longer
    end = " ".join(tail_words)
    if not _YEAR.search(start + end):
        # Neither names a date: the end runs back to the last one where that fits ("… 2022-11-15 (point 5 of …)").
        dated_words = [i for i, w in enumerate(words) if _YEAR.search(w) and i >= len(first)]
        back = " ".join(words[dated_words[-1] :]) if dated_words else end
        end = back if len(back) <= limit else end
    # Nothing left out between them: the words as written.
    return key if len(_split_top(end, " ")) + len(first) >= len(words) else f"{start} … {end}"


def short_sources(sources: Iterable[str], limit: int = 60) -> list[str]:
    """Each source shortened (:func:`short_source`), in order, each short form once (two sources may shorten alike).

    Parameters
    ----------
    sources : iterable of str
        Source lines as recorded (plain text).
    limit : int
        The length aimed at for each, in characters.

    Returns
    -------
    list of str
        The short forms, without repeats.
    """
    return list(dict.fromkeys(short_source(source, limit) for source in sources))


def full_stop(text: str) -> str:
    """``text`` ending with a full stop: one added only where it does not already end with one ("… ± 1.3 в. п.").

    Parameters
    ----------
    text : str
        A sentence, or the last words of one.

    Returns
    -------
    str
        ``text``, with "." added unless it ends with ".", "!" or "?".
    """
    return text if text.rstrip().endswith((".", "!", "?")) else text + "."


def sentences(*parts: str) -> str:
    """The parts as sentences of one paragraph: each ended by :func:`full_stop`, joined by a space (empty parts left
    out), so a part that ends with an abbreviation's full stop never gets a second one.

    Parameters
    ----------
    *parts : str
        The sentences, in order.

    Returns
    -------
    str
        One paragraph of plain text.
    """
    return " ".join(full_stop(part) for part in parts if part)
