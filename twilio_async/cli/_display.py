"""Terminal rendering with rich (the ``cli`` extra): consoles, progress bars, tables."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

__all__ = ["ExportProgress", "SendProgress", "err_console", "out_console", "table"]


def out_console() -> Console:
    """The console for results (stdout); plain text when it is not a terminal."""
    return Console(highlight=False)


def err_console() -> Console:
    """The console for progress and notes (stderr)."""
    return Console(stderr=True, highlight=False)


def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Table:
    """A table with a title, the ``headers`` and one line per row (numbers right-aligned)."""
    grid = Table(title=title, title_justify="left")
    numeric = [
        all(isinstance(row[i], (int, float, Decimal)) for row in rows) for i in range(len(headers))
    ]
    for header, right in zip(headers, numeric, strict=True):
        grid.add_column(header, justify="right" if right and rows else "left")
    for row in rows:
        grid.add_row(*("" if cell is None else str(cell) for cell in row))
    return grid


class SendProgress:
    """A progress bar for a batch of known size, on stderr."""

    def __init__(self, total: int, description: str) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console(),
        )
        self._task = self._progress.add_task(description, total=total)

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more items done."""
        self._progress.advance(self._task, count)

    def __enter__(self) -> SendProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._progress.stop()


class ExportProgress:
    """A running count of exported messages on stderr (there is no total to show).

    Drawn only when stderr is a terminal: a log file gets the final count alone.
    """

    def __init__(self, *, enabled: bool) -> None:
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        console = err_console()
        if enabled and console.is_terminal:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("exporting: {task.completed} messages"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            self._task = self._progress.add_task("export", total=None)

    def advance(self, count: int) -> None:
        """Count ``count`` more messages written."""
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, count)

    def __enter__(self) -> ExportProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
