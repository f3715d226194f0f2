"""Frontline: war reporting -> places -> claims -> maps people can trust."""
from __future__ import annotations

__version__ = "0.1.0"
