"""A bounded table of values converted from the JSON text they came from."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Memo"]


class Memo(dict[Any, Any]):
    """Converted values by their JSON text: ``memo[text]`` converts once, then looks up.

    Twilio repeats a few strings across a page (statuses, prices, segment counts, the day of
    a timestamp), so a repeated one costs one dict lookup. A key seen for the first time goes
    through ``convert``; once ``size`` of them are held the table starts again from its
    ``seed`` entries. ``convert`` raising leaves the table as it was. A key that is not a
    string and not seeded raises ``KeyError``: the table converts text only.
    """

    __slots__ = ("_convert", "_seed", "_size")

    def __init__(
        self, convert: Callable[[Any], Any], size: int = 1024, seed: Mapping[Any, Any] = {}
    ) -> None:
        super().__init__(seed)
        self._convert = convert
        self._seed = dict(seed)
        self._size = size + len(seed)

    def __missing__(self, key: Any) -> Any:
        if type(key) is not str:
            raise KeyError(key)
        value = self._convert(key)
        if len(self) >= self._size:
            self.clear()
            self.update(self._seed)
        self[key] = value
        return value
