"""What can go wrong in a harvest, named by the stage that failed.

Every message is one sentence naming the feed (its URL) and, for parse errors,
the line and column, so that a partner can find the problem in their file.
"""

from __future__ import annotations

from graph_service.errors import WijkWijzerError


class HarvestError(WijkWijzerError):
    """A harvest step failed; the feed's graph was left as it was."""

    stage = "harvest"


class FetchError(HarvestError):
    """The feed could not be fetched safely and completely."""

    stage = "fetch"


class BlockedAddressError(FetchError):
    """The feed (or a redirect) points at an address we may not contact."""


class ParseError(HarvestError):
    """The feed's bytes could not be read as the declared format."""

    stage = "parse"


class UnsafeInputError(ParseError):
    """The input was refused before parsing (DTD, entities, absurd nesting)."""


class MappingError(HarvestError):
    """The parsed records could not be mapped onto our vocabulary."""

    stage = "map"


class WriteError(HarvestError):
    """The store refused the new graph; the old one is intact."""

    stage = "write"
