"""A bounded table of values converted from the JSON text they came from."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Memo"]


class Memo:
    """Converted values by their JSON text: ``memo[text]`` converts once, then looks up.

    Twilio repeats a few strings across a page (statuses, prices, segment counts, the day of
    a timestamp), so a repeated one costs one dict lookup. A key seen for the first time goes
    through ``convert``; once ``size`` of them are held the table starts again from its
    ``seed`` entries. ``convert`` raising leaves the table as it was. A key that is not a
    string and not seeded raises ``KeyError``: the table converts text only.

    ``table`` is the plain dict behind it, for code that looks keys up itself (a plain dict
    is the fastest to subscript) and turns to ``memo[key]`` on a ``KeyError``. It is always
    the same dict object.
    """

    __slots__ = ("_convert", "_seed", "_size", "table")

    def __init__(
        self, convert: Callable[[Any], Any], size: int = 1024, seed: Mapping[Any, Any] = {}
    ) -> None:
        self.table: dict[Any, Any] = dict(seed)
        self._convert = convert
        self._seed = dict(seed)
        self._size = size + len(seed)

    def __getitem__(self, key: Any) -> Any:
        table = self.table
        try:
            return table[key]
        except KeyError:
            pass
        if type(key) is not str:
            raise KeyError(key)
        value = self._convert(key)
        if len(table) >= self._size:
            table.clear()
            table.update(self._seed)
        table[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        return key in self.table

    def __len__(self) -> int:
        return len(self.table)
