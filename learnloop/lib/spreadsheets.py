"""Spreadsheet helpers that know nothing of Django."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralize text a spreadsheet would run as a formula by prefixing an apostrophe.

    Numbers pass unchanged; only strings beginning with = + - @ (or a tab or carriage
    return, which some programs strip before the formula sign) are changed.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
