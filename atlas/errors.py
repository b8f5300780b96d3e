"""Errors that carry a message meant for a person, not a traceback."""

from __future__ import annotations


class AtlasError(Exception):
    """Base class: the CLI prints the message and exits non-zero, without a traceback."""


class SourceError(AtlasError):
    """A source file is missing, malformed or inconsistent.

    `file`, `line` and `column` locate the problem where known (line 1 is the header).
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: str | None = None) -> None:
        self.file, self.line, self.column = file, line, column
        where = ", ".join(
            part for part in (
                file,
                f"line {line}" if line is not None else None,
                f"column '{column}'" if column else None,
            ) if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class ModelError(AtlasError):
    """The sql/models files give no build order: a model names no inputs, an input that is
    neither a model nor a loaded table, or models that read each other in a circle."""


class CheckFailed(AtlasError):
    """A data-quality check in sql/checks returned offending rows."""


class DatabaseMissing(AtlasError):
    """The atlas database has not been built yet."""
