"""Ulighedsatlas: geographic health inequality across Denmark's 98 municipalities."""

__version__ = "0.1.0"
