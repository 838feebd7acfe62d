"""Decimal helpers every package shares: half-up rounding, score tolerance, compact display."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, getcontext
from functools import lru_cache

CENT = Decimal("0.01")
_SHOW = Decimal("0.0001")
ZERO = Decimal(0)
NO_SCORE = Decimal("0.00")  # a zero score, at score precision
HUNDRED = Decimal(100)
# Scores are stated to 0.01, so a smaller difference between two of them is rounding (domain.md §5.7).
SCORE_SLACK = CENT / 2


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Half up to `places` decimals (domain.md §1.6)."""
    return _quantize(value, Decimal(1).scaleb(-places))


def cut_to(value: Decimal, places: int) -> Decimal:
    """Cut off (towards zero) after `places` decimals: 86.26 → 86.2 at one place."""
    return _quantize(value, Decimal(1).scaleb(-places), ROUND_DOWN)


def round_score(value: Decimal) -> Decimal:
    """Half up to 0.01 (domain.md §1.6), from the full-precision value."""
    return _quantize(value, CENT)


def _quantize(value: Decimal, exponent: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Rounded to `exponent` (half up unless told). A value too large to carry those decimals within the context's precision
    (a report can print a 40-digit number) has none to round and is returned as it is; quantize would
    raise InvalidOperation."""
    if not value.is_finite() or value.adjusted() - exponent.as_tuple().exponent >= getcontext().prec:
        return value
    return value.quantize(exponent, rounding=rounding)


def clamp_score(value: Decimal, weight: Decimal) -> Decimal:
    """0 ≤ score ≤ weight (domain.md §2.0 clamp), then rounded."""
    return round_score(min(max(value, ZERO), weight))


def to_decimal(value: object) -> Decimal:
    """Numbers from YAML/JSON/xlsx: ints and floats go through str() so 0.3 stays 0.3."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or value is None:
        raise ValueError(f"不是数字：{value!r}")
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    return Decimal(str(value).strip())


@lru_cache(maxsize=8192)  # weights, targets and most figures repeat on every recompute
def fmt(value: Decimal) -> str:
    """At most 4 decimals, half up, no trailing zeros: 87.5, 88.3864, 3."""
    if not value.is_finite():
        return "∞" if value > 0 else "-∞"
    text = f"{_quantize(value, _SHOW):f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text
