"""The data layer: named SQL from `sql/queries/` run on the read-only atlas database.

Functions here return plain records, dataclasses of numbers or DataFrames: no HTML, no
translated text, no imports from `atlas.maps`, `atlas.views` or `atlas.i18n` (a test enforces
this). Results that depend only on the build are cached per build (`atlas.db.per_build`).
"""
