"""Errors: what the stages raise, so that the command line reports each with its own words and exit code 1."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DataError", "DataErrors", "HealthgraphError", "QueryError", "RemoteError", "StoreError"]


class HealthgraphError(Exception):
    """Anything the project refuses or cannot do, with a message for the user (never a traceback)."""


@dataclass(frozen=True)
class DataError:
    """One problem in a curated file: where it is, which field, which rule it breaks."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        """Render as ``file:line: field 'x': message``."""
        where = f"{self.path}:{self.line}"
        return f"{where}: field '{self.field}': {self.message}" if self.field else f"{where}: {self.message}"


class DataErrors(HealthgraphError):  # noqa: N818 (a collection of DataError, not one)
    """Raised when curated input breaks a rule; carries every problem found."""

    def __init__(self, errors: list[DataError]) -> None:
        """Keep the list of errors and build a readable message."""
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class QueryError(HealthgraphError):
    """A query could not be run: bad syntax, unknown query or parameter, or a name that matches nothing."""


class StoreError(HealthgraphError):
    """A store could not be opened, read or written (missing, corrupt, locked, refused a load)."""


class RemoteError(HealthgraphError):
    """A remote endpoint or triple store could not be reached or answered with an error."""
