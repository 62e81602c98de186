"""The domain's user-facing errors: a request it cannot serve, with a message written for the person who made it.

The command line and the dashboard can catch :class:`ClaimsMapError` and show ``str(error)``
as it is, without a traceback. Being a :class:`ValueError`, it is also caught where a bad value
is expected.
"""

from __future__ import annotations


class ClaimsMapError(ValueError):
    """A request the domain cannot serve; the message names the value and what is allowed."""
