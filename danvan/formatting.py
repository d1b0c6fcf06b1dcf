"""How values read in text the code writes (history rows, messages), the same as templates
show them with the "vi" formats: scores "86,00", counts "1.234.567", dates "01/07/2025"."""

from decimal import Decimal


def score(value):
    """A score out of 100 with two decimals and a decimal comma: Decimal("86") -> "86,00"."""
    return f"{Decimal(value):.2f}".replace(".", ",")


def count(value):
    """A whole number with dots between thousands: 3600000000 -> "3.600.000.000"."""
    return f"{int(value):,}".replace(",", ".")
