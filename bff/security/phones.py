"""Phone normalisation (E.164) and masking."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

# Digits and the separators people type; phonenumbers would otherwise read letters as keypad digits
# (139ABC45672 -> 13922245672) and drop an extension silently.
_TYPED = re.compile(r"\(?\+?[0-9 ()\-.]{5,32}")


class InvalidPhone(ValueError):
    pass


def normalise(raw: str, country_code: str | int | None = "86") -> str:
    """``+86 138-0013-8000``, ``13800138000`` and ``8613800138000`` all give ``+8613800138000``."""
    text = unicodedata.normalize("NFKC", raw).strip()  # full-width digits are digits
    if not _TYPED.fullmatch(text):
        raise InvalidPhone("only digits, spaces, + - ( ) . are allowed")
    region = None
    if not text.startswith("+"):
        cc = str(country_code or "86").lstrip("+")
        region = phonenumbers.region_code_for_country_code(int(cc)) if cc.isdigit() else "CN"
        if text.startswith(cc) and len(text) > 11 + len(cc) - 1 and cc == "86":
            text = "+" + text
            region = None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(str(exc)) from exc
    if number.extension or not phonenumbers.is_valid_number(number):
        raise InvalidPhone("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask(e164: str) -> str:
    """``+8613800138000`` -> ``138****8000``: lists never show full numbers."""
    if len(e164) == 14 and e164.startswith("+861") and e164.isascii() and e164[1:].isdigit():
        national = e164[3:]  # stored phones are E.164; a mainland mobile needs no parsing
    else:
        national = str(phonenumbers.parse(e164).national_number)
    if len(national) <= 7:
        return national[:2] + "*" * (len(national) - 4) + national[-2:]
    return national[:3] + "*" * (len(national) - 7) + national[-4:]
