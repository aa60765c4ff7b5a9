"""Small helpers shared by the okrtext tests."""

from mubiao.okrtext import read_key_result


def read(text: str, *fields: str, year: int | None = None) -> tuple:
    """The named fields of a reading, as a tuple."""
    reading = read_key_result(text, year=year)
    return tuple(getattr(reading, field) for field in fields)
