"""Frontline's exceptions: one root, a few leaves that are also builtins.

Library code raises these; only :mod:`geo.cli.base` turns them into messages and exit codes.
"""
from __future__ import annotations


class FrontlineError(Exception):
    """Root of every error Frontline raises on purpose."""


class BadArticle(FrontlineError, ValueError):
    """An input file or record cannot be read as an article (the message names it and says why)."""


class BadClaims(FrontlineError, ValueError):
    """A claims GeoJSON does not follow the Frontline schema."""


class GazetteerError(FrontlineError, RuntimeError):
    """The gazetteer cannot be built, loaded or queried."""


class GeocoderError(FrontlineError, RuntimeError):
    """The online geocoder failed after its retries."""


class LedgerError(FrontlineError, RuntimeError):
    """The claims ledger cannot be opened or written."""


class ExportError(FrontlineError, ValueError):
    """An export or render target cannot be written."""


class TooLarge(BadArticle):
    """An input is above a configured size limit (the message names the option that raises it)."""


class LanguageDataError(FrontlineError, ValueError):
    """A language data file (``geo/lang/<code>/*.toml``) is missing, malformed or off-schema."""
