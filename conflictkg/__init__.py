"""conflictkg: news reports about military operations -> a validated, reasoned knowledge graph."""

from __future__ import annotations

__version__ = "0.1.0"
