"""A fast way through large JSON control files: the coordinates are scanned as bytes, never parsed in Python.

A 17 MB DeepStateMap file holds 800,000 positions; ``json.loads`` turns each into a list of floats
(about 160 MB and most of the time of a check). GDAL reads the coordinates anyway: Python only needs to
know that every ring is a list of positions of numbers, how many vertices it has, and whether it is
closed. :func:`skeleton` finds the rings on the bytes with numpy (strings, brackets and their pairs,
vectorised), checks each ring's text against the JSON grammar of a list of positions with one regular
expression, and returns the document with every ring replaced by a short placeholder, which
``json.loads`` parses in milliseconds, plus each ring's vertex count and first and last positions.

Whenever the scan is not sure it sees what the full parse would (invalid JSON, a number that may
overflow, a placeholder-like string in the file, a ring whose text is not plain numbers), it returns
``None`` and the caller parses the whole text as before, so every message stays the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

#: Files smaller than this are parsed whole: the scan pays off only on large files.
FAST_MIN_BYTES = 1 << 20

#: The placeholder standing for ring ``k`` in the skeleton: a JSON string no parse of the file can give
#: (files holding ``\u0000`` are parsed whole).
PLACEHOLDER_PREFIX = "\x00"

# Possessive quantifiers (Python 3.11): the grammar never needs to backtrack, and without them ``re`` keeps
# state for every repetition (hundreds of MB for a ring of 200,000 positions).
_WS = rb"[ \t\n\r]*+"
#: A JSON number that is sure to fit a float: at most 200 digits before the point and an exponent of at
#: most two digits (below 1e301). Anything longer is left to the whole parse, which says whether it overflows.
_NUM = rb"-?+(?:0|[1-9][0-9]{0,199}+)(?:\.[0-9]++)?+(?:[eE][+-]?+[0-9]{1,2}+)?+"
_POSITION = rb"\[" + _WS + _NUM + _WS + rb"(?:," + _WS + _NUM + _WS + rb")++\]"
#: A ring as JSON: a non-empty list of positions of at least two numbers each.
_RING = re.compile(rb"\[" + _WS + _POSITION + _WS + rb"(?:," + _WS + _POSITION + _WS + rb")*+\]")
_FIRST_TWO = re.compile(rb"\[" + _WS + rb"(" + _NUM + rb")" + _WS + rb"," + _WS + rb"(" + _NUM + rb")")

_QUOTE, _OPEN_ARRAY, _CLOSE_ARRAY, _OPEN_OBJECT, _CLOSE_OBJECT = (ord(c) for c in '"[]{}')
_SIGNIFICANT = np.zeros(256, dtype=bool)
_SIGNIFICANT[[_QUOTE, _OPEN_ARRAY, _CLOSE_ARRAY, _OPEN_OBJECT, _CLOSE_OBJECT]] = True
_DELTA = np.zeros(256, dtype=np.int8)
_DELTA[[_OPEN_ARRAY, _OPEN_OBJECT]] = 1
_DELTA[[_CLOSE_ARRAY, _CLOSE_OBJECT]] = -1


@dataclass(frozen=True)
class RingStats:
    """What the walk needs of one ring found on the bytes.

    Attributes
    ----------
    vertices : int
        Positions in the ring.
    first, last : tuple of float
        Longitude and latitude of the first and the last position.
    """

    vertices: int
    first: tuple[float, float]
    last: tuple[float, float]


@dataclass(frozen=True)
class Skeleton:
    """A JSON text with its rings replaced by placeholders.

    Attributes
    ----------
    text : str
        The skeleton, valid JSON when the file is; ring ``k`` is the string ``"\\u0000k"``.
    rings : list of RingStats
        Each ring's vertex count and end positions, by placeholder number.
    map_span : tuple of int or None
        Where the value of the top-level ``map`` member (DeepStateMap's FeatureCollection) lies in the
        bytes, when there is exactly one such member holding an object.
    """

    text: str
    rings: list[RingStats]
    map_span: tuple[int, int] | None


def _number(token: bytes) -> float:
    """A JSON number as ``json.loads`` gives it: an int without a fraction or exponent, else a float."""
    return float(token) if token.strip(b"-0123456789") else int(token)


def _first_two(raw: bytes, start: int, end: int) -> tuple[float, float]:
    match = _FIRST_TWO.match(raw, start, end)
    assert match is not None  # the ring's text matched _RING already
    return _number(match.group(1)), _number(match.group(2))


def skeleton(raw: bytes) -> Skeleton | None:
    """The skeleton of a UTF-8 JSON text, or ``None`` where the whole text must be parsed instead.

    Parameters
    ----------
    raw : bytes
        The file as UTF-8, without a byte-order mark.

    Returns
    -------
    Skeleton or None
        ``None`` for anything the scan does not judge itself: unbalanced strings or brackets, a
        ``\\u0000`` escape, or a ring whose text is not a list of positions of JSON numbers that surely fit a float.
    """
    if b"\\u0000" in raw or len(raw) >= 1 << 31:  # positions are int32 below
        return None
    # Escaped backslashes and quotes are masked (same length, so positions hold) before the quotes are paired.
    masked = raw.replace(b"\\\\", b"__").replace(b'\\"', b"__") if b"\\" in raw else raw
    codes = np.frombuffer(masked, dtype=np.uint8)
    # Intermediates are dropped as soon as they are used (memory).
    position = np.flatnonzero(_SIGNIFICANT[codes]).astype(np.int32)
    char = codes[position]
    del codes, masked
    is_quote = char == _QUOTE
    inside = (np.cumsum(is_quote, dtype=np.int32) & 1).astype(bool)  # after an odd number of quotes
    if is_quote.size == 0 or inside[-1]:
        return None
    keep = is_quote | ~inside  # delimiters, and brackets outside strings
    del inside
    position, char, is_quote = position[keep], char[keep], is_quote[keep]
    del keep
    depth = np.cumsum(_DELTA[char], dtype=np.int32)
    if depth.size == 0 or depth.min() < 0 or depth[-1] != 0:
        return None
    bracket = np.flatnonzero(~is_quote).astype(np.int32)
    del is_quote
    level = depth[bracket] + (_DELTA[char[bracket]] < 0)  # an opener's depth after it, a closer's before it
    order = bracket[np.lexsort((bracket, level))]
    del bracket, level
    openers, closers = order[0::2], order[1::2]
    if openers.size != closers.size or not (_DELTA[char[openers]] > 0).all() or not (char[closers] == char[openers] + 2).all():
        return None
    match = np.full(char.size, -1, dtype=np.int32)
    match[openers] = closers
    del order, openers, closers
    leaf_open = char == _OPEN_ARRAY
    leaf_open[:-1] &= match[:-1] == np.arange(1, char.size, dtype=np.int32)
    leaf_open[-1] = False
    is_leaf = leaf_open.copy()
    is_leaf[1:] |= leaf_open[:-1]
    not_leaf_before = np.zeros(char.size + 1, dtype=np.int32)
    np.cumsum(~is_leaf, dtype=np.int32, out=not_leaf_before[1:])
    del is_leaf
    array_open = np.flatnonzero((char == _OPEN_ARRAY) & ~leaf_open).astype(np.int32)
    del leaf_open
    array_close = match[array_open]
    inner_not_leaf = not_leaf_before[array_close] - not_leaf_before[array_open + 1]
    ring_open = array_open[(array_close > array_open + 1) & (inner_not_leaf == 0)]
    ring_close = match[ring_open]
    del not_leaf_before, array_open, array_close, inner_not_leaf

    rings: list[RingStats] = []
    pieces: list[bytes] = []
    done = 0
    starts, ends = position[ring_open].tolist(), position[ring_close].tolist()
    first_leaf, last_leaf = position[ring_open + 1].tolist(), position[ring_close - 2].tolist()
    counts = ((ring_close - ring_open - 1) // 2).tolist()
    for k, (start, end) in enumerate(zip(starts, ends, strict=False)):
        if _RING.fullmatch(raw, start, end + 1) is None:
            return None
        rings.append(RingStats(counts[k], _first_two(raw, first_leaf[k], end), _first_two(raw, last_leaf[k], end)))
        pieces += (raw[done:start], b'"\\u0000%d"' % k)
        done = end + 1
    pieces.append(raw[done:])
    try:
        text = b"".join(pieces).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return Skeleton(text, rings, _map_span(raw, position, char, depth, match))


def _map_span(raw: bytes, position: np.ndarray, char: np.ndarray, depth: np.ndarray, match: np.ndarray) -> tuple[int, int] | None:
    """The bytes of the top-level ``map`` member's object, if there is exactly one, written plainly."""
    if char.size == 0 or char[0] != _OPEN_OBJECT:
        return None
    top_strings = np.flatnonzero((char == _QUOTE) & (depth == 1))
    spans: list[tuple[int, int]] = []
    for opening, closing in zip(top_strings[0::2].tolist(), top_strings[1::2].tolist(), strict=False):
        key = raw[position[opening] + 1 : position[closing]]
        after = raw[position[closing] + 1 : position[closing] + 64].lstrip(b" \t\r\n")
        if not after.startswith(b":"):
            continue  # a value, not a key
        if b"\\" in key:
            return None  # an escaped key might spell "map"
        if key == b"map":
            value = closing + 1
            if value >= char.size or char[value] != _OPEN_OBJECT:
                return None
            between = raw[position[closing] + 1 : position[value]].strip(b" \t\r\n")
            if between != b":":
                return None
            spans.append((int(position[value]), int(position[match[value]]) + 1))
    return spans[0] if len(spans) == 1 else None


def is_placeholder(value: object) -> bool:
    """Whether a value of the skeleton stands for a ring.

    Parameters
    ----------
    value : object
        A value of the parsed skeleton.

    Returns
    -------
    bool
        True for a text starting with :data:`PLACEHOLDER_PREFIX`.
    """
    return type(value) is str and value.startswith(PLACEHOLDER_PREFIX)


def ring_number(value: str) -> int:
    """The ring a placeholder stands for.

    Parameters
    ----------
    value : str
        A placeholder.

    Returns
    -------
    int
        The ring's number (0-based, in file order).
    """
    return int(value[len(PLACEHOLDER_PREFIX) :])


def holds_placeholder(value: object, depth: int = 0) -> bool:
    """Whether a placeholder is anywhere inside a parsed value (objects and lists searched).

    Parameters
    ----------
    value : object
        A parsed value.
    depth : int
        How deep this call is; beyond 80 levels the answer is True (the value is then parsed whole).

    Returns
    -------
    bool
        True when a placeholder is found (or the value is too deep to search).
    """
    if is_placeholder(value):
        return True
    if depth > 80:
        return True
    if type(value) is dict:
        return any(holds_placeholder(v, depth + 1) for v in value.values())
    if type(value) is list:
        return any(holds_placeholder(v, depth + 1) for v in value)
    return False
