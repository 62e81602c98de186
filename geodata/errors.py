"""Every error the domain raises for a request it cannot serve, in one place.

Each message is one line of plain text written for the person who made the
request: it names the value and what is allowed or what to do. The command line
(:func:`geodata.cli.main`) and the dashboard catch :class:`ClaimsMapError` and show
``str(error)`` as it is, escaped where shown, without a traceback. Being a
:class:`ValueError`, each is also caught where a bad value is expected.

An unexpected exception inside the domain is not one of these: it is logged
with its traceback for the operator (``logging``), and the user is told in one
line that something went wrong inside the tool. Where a module must still turn
it into one of these (the importer and the downloader never let a hostile file
or server raise anything else), ``internal=True`` marks it.
"""

from __future__ import annotations

import re

#: Control characters and line separators: a message is one line of printable text.
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
#: The longest message shown: longer text (a quoted file or feature name) is shortened.
MAX_MESSAGE_CHARS = 400


def one_line(text: object, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` on one line: control characters and line breaks become spaces, shortened to ``limit`` characters.

    Parameters
    ----------
    text : object
        Anything; its ``str()`` is used.
    limit : int
        The most characters kept (an ellipsis ends a shortened text).

    Returns
    -------
    str
        Plain text without line breaks or control characters.
    """
    flat = CONTROL_CHARS.sub(" ", str(text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class ClaimsMapError(ValueError):
    """A request the domain cannot serve; the message names the value and what is allowed.

    Attributes
    ----------
    message : str
        The one-line message (also ``str(error)``).
    internal : bool
        True when the error stands in for an unexpected exception (a bug, not a fault of the input),
        which was logged with its traceback; the tests fail on it.
    """

    def __init__(self, message: object = "", *, internal: bool = False) -> None:
        self.message = one_line(message)
        self.internal = internal
        super().__init__(self.message)


class ScenarioError(ClaimsMapError):
    """A scenario file or id is wrong; the message names the file and the key."""


class SnapshotError(ClaimsMapError):
    """An unknown or malformed control snapshot."""


class ExportError(ClaimsMapError):
    """An export that cannot be written (unknown format or suffix, a format the file name contradicts)."""


class RenderError(ClaimsMapError):
    """A figure that cannot be drawn as asked (unknown size, format, language or layer)."""


class BuildError(ClaimsMapError):
    """A build input is missing, has the wrong edition or does not validate."""


class ControlFileError(ClaimsMapError):
    """A control file that cannot be used; the message is one line of plain text saying why.

    The message may quote the file name or a feature name (shortened, without control
    characters): it is plain text, to be escaped where it is shown.
    """


class ImportWriteError(ClaimsMapError):
    """An imported snapshot cannot be written where or as asked (bad date, would overwrite bundled data)."""


class PackError(ClaimsMapError):
    """A briefing pack that cannot be built as asked (no scenario, unknown language, title too long, too big)."""


class FetchError(ClaimsMapError):
    """A fetch that failed; the message says what happened and what to do."""
