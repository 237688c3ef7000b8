"""Numbers as people read them in a language: "0,42" in French, "0.42" in English.

The decimal symbol comes from the language's CLDR data (Babel), not from a list of languages;
an unknown code (a pseudo-locale) is written the English way. The digits are Python's own
(``f"{value:.2f}"``): only the decimal symbol changes, never the rounding.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol


@cache
def decimal_symbol(lang: str) -> str:
    """The decimal symbol of ``lang`` ("," for fr, "." for en)."""
    try:
        return str(get_decimal_symbol(Locale.parse(lang)))
    except (UnknownLocaleError, ValueError):
        return "."


def decimal(value: float, digits: int, lang: str) -> str:
    """``value`` with ``digits`` decimals, written with ``lang``'s decimal symbol."""
    return f"{value:.{digits}f}".replace(".", decimal_symbol(lang))


def localised(text: str, lang: str) -> str:
    """A number already written the English way (a chart's tick) in ``lang``'s way."""
    return text.replace(".", decimal_symbol(lang))
