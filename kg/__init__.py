"""Hadath: a knowledge graph of the events Arabic news reports."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
