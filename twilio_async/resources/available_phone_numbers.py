"""Numbers available to buy (2010 API): local and mobile numbers of a country."""

from __future__ import annotations

from typing import Any, Literal

from twilio_async._http.hosts import Product
from twilio_async._params import FormPairs, encode_pairs
from twilio_async.errors import InvalidRequestError
from twilio_async.models.phone_number import AvailablePhoneNumber
from twilio_async.pagination import Pager
from twilio_async.resources._base import Service
from twilio_async.resources._checks import check_country_code, check_int_range

__all__ = ["AvailablePhoneNumbersService"]

MAX_DISTANCE_MILES = 500
_KINDS = {"local": "Local", "mobile": "Mobile"}


def _lat_long(value: Any) -> str:
    if isinstance(value, str):
        parts = value.split(",")
        numbers: list[Any] = [part.strip() for part in parts]
    elif isinstance(value, tuple):
        numbers = list(value)
    else:
        numbers = []
    try:
        latitude, longitude = (float(number) for number in numbers)
    except (TypeError, ValueError):
        raise InvalidRequestError(
            "near_lat_long", f"must be 'lat,long' or a (lat, long) pair, got {value!r}"
        ) from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidRequestError("near_lat_long", f"is not on the globe: {value!r}")
    return value if isinstance(value, str) else f"{latitude},{longitude}"


def _area_code(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or len(text) != 3 or not text.isdigit():
        raise InvalidRequestError("area_code", f"must be a three-digit area code, got {value!r}")
    return text


class AvailablePhoneNumbersService(Service):
    """Search the numbers Twilio offers: ``client.available_phone_numbers``.

    Twilio answers a search with a single page; ``limit`` and ``page_size`` cap it.
    """

    __slots__ = ()

    def local(
        self,
        country_code: str,
        *,
        area_code: int | str | None = None,
        contains: str | None = None,
        sms_enabled: bool | None = None,
        mms_enabled: bool | None = None,
        voice_enabled: bool | None = None,
        fax_enabled: bool | None = None,
        exclude_all_address_required: bool | None = None,
        exclude_local_address_required: bool | None = None,
        exclude_foreign_address_required: bool | None = None,
        beta: bool | None = None,
        near_number: str | None = None,
        near_lat_long: str | tuple[float, float] | None = None,
        distance: int | None = None,
        in_postal_code: str | None = None,
        in_region: str | None = None,
        in_rate_center: str | None = None,
        in_lata: str | None = None,
        in_locality: str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Pager[AvailablePhoneNumber]:
        """Local numbers for sale in ``country_code`` (ISO, like ``"US"``) matching the filters.

        ``near_*``, ``distance`` (miles, up to 500), ``area_code``, ``in_lata`` and
        ``in_rate_center`` apply in the US and Canada only.

        >>> # async for number in client.available_phone_numbers.local("US", area_code=415): ...
        """
        params = _search_params(locals())
        return self._search("local", country_code, params, page_size, limit)

    def mobile(
        self,
        country_code: str,
        *,
        area_code: int | str | None = None,
        contains: str | None = None,
        sms_enabled: bool | None = None,
        mms_enabled: bool | None = None,
        voice_enabled: bool | None = None,
        fax_enabled: bool | None = None,
        exclude_all_address_required: bool | None = None,
        exclude_local_address_required: bool | None = None,
        exclude_foreign_address_required: bool | None = None,
        beta: bool | None = None,
        near_number: str | None = None,
        near_lat_long: str | tuple[float, float] | None = None,
        distance: int | None = None,
        in_postal_code: str | None = None,
        in_region: str | None = None,
        in_rate_center: str | None = None,
        in_lata: str | None = None,
        in_locality: str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Pager[AvailablePhoneNumber]:
        """Mobile numbers for sale in ``country_code`` (ISO, like ``"GB"``); filters as ``local``.

        >>> # async for number in client.available_phone_numbers.mobile("GB", sms_enabled=True): ...
        """
        params = _search_params(locals())
        return self._search("mobile", country_code, params, page_size, limit)

    def _search(
        self,
        kind: Literal["local", "mobile"],
        country_code: str,
        params: FormPairs,
        page_size: int | None,
        limit: int | None,
    ) -> Pager[AvailablePhoneNumber]:
        country = check_country_code("country_code", country_code)
        path = f"{self._account_path}/AvailablePhoneNumbers/{country}/{_KINDS[kind]}.json"
        return self._pager(
            AvailablePhoneNumber,
            Product.API,
            path,
            "available_phone_numbers",
            params=params,
            limit=limit,
            page_size=page_size,
            prefetch=False,
        )


_FILTERS = (
    ("area_code", "AreaCode"),
    ("contains", "Contains"),
    ("sms_enabled", "SmsEnabled"),
    ("mms_enabled", "MmsEnabled"),
    ("voice_enabled", "VoiceEnabled"),
    ("exclude_all_address_required", "ExcludeAllAddressRequired"),
    ("exclude_local_address_required", "ExcludeLocalAddressRequired"),
    ("exclude_foreign_address_required", "ExcludeForeignAddressRequired"),
    ("beta", "Beta"),
    ("near_number", "NearNumber"),
    ("near_lat_long", "NearLatLong"),
    ("distance", "Distance"),
    ("in_postal_code", "InPostalCode"),
    ("in_region", "InRegion"),
    ("in_rate_center", "InRateCenter"),
    ("in_lata", "InLata"),
    ("in_locality", "InLocality"),
    ("fax_enabled", "FaxEnabled"),
)


def _search_params(arguments: dict[str, Any]) -> FormPairs:
    """Check and encode the search filters among a search method's ``arguments``."""
    values = {name: arguments[name] for name, _ in _FILTERS}
    values["area_code"] = _area_code(values["area_code"])
    if values["near_lat_long"] is not None:
        values["near_lat_long"] = _lat_long(values["near_lat_long"])
    check_int_range("distance", values["distance"], 0, MAX_DISTANCE_MILES)
    contains = values["contains"]
    if contains is not None and (not isinstance(contains, str) or not 2 <= len(contains) <= 16):
        raise InvalidRequestError(
            "contains", f"must be a pattern of 2 to 16 characters, got {contains!r}"
        )
    return encode_pairs((name, key, values[name]) for name, key in _FILTERS)
