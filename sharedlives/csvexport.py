"""The one CSV writer every export uses: streamed row by row, and safe to open in a spreadsheet.

Text a spreadsheet would run as a formula (starting =, +, -, @, a tab or a carriage return) gets a leading
apostrophe, so "=HYPERLINK(...)" typed as a household's name shows as text instead of running. Numbers
(Decimal, int) and dates are written as they are: a negative amount stays a number the payments team can add up.
"""

import csv
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


_FORMULA_FIRST = frozenset(FORMULA_PREFIXES)  # each prefix is one character


def cell(value) -> str:
    """One value as CSV text: numbers and dates plain, text neutralised, nothing as an empty cell."""
    if type(value) is str:  # most cells: checked first, without the isinstance chain below
        text = value.replace("\x00", "") if "\x00" in value else value
        return f"'{text}" if text[:1] in _FORMULA_FIRST else text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (Decimal, int)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value).replace("\x00", "")
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


class _Line:
    """csv.writer writes to this and gets the line back, so rows can be streamed one at a time."""

    def write(self, line: str) -> str:
        return line


CHUNK_CHARACTERS = 64 * 1024  # rows are sent in chunks of about this size: one write per row cost more than the rows


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A streamed CSV download: the header at once, then the rows of `rows` (an iterator, read as it is sent) in
    chunks, so memory stays constant however many rows there are."""
    writer = csv.writer(_Line())

    def lines():
        yield writer.writerow(header)
        chunk, size = [], 0
        for row in rows:
            line = writer.writerow([cell(value) for value in row])
            chunk.append(line)
            size += len(line)
            if size >= CHUNK_CHARACTERS:
                yield "".join(chunk)
                chunk, size = [], 0
        if chunk:
            yield "".join(chunk)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
