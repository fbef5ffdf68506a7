"""The one XLSX writer every Excel download uses: one sheet per table, headings in bold, numbers as numbers, dates
as dates; written with xlsxwriter's constant_memory mode to a temporary file, which is served as it is read."""

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import xlsxwriter
from django.http import FileResponse

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    headings: list[str]
    rows: Iterable[list]
    lines_above: tuple[list, ...] = ()  # written under the title, before the headings ("Period", …)


def sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, no apostrophe at either end, unique in the workbook."""
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip(" '") or "Sheet"
    base, number = name, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)].rstrip(" '") + suffix, number + 1
    used.add(name.lower())
    return name


def _write(sheet, number: int, row: list, as_date) -> None:
    for column, value in enumerate(row):
        if isinstance(value, date):
            sheet.write_datetime(number, column, value, as_date)
        elif value is None:
            sheet.write_blank(number, column, None)
        elif isinstance(value, bool):
            sheet.write_string(number, column, "yes" if value else "no")
        elif isinstance(value, (int, float)) or hasattr(value, "as_tuple"):  # Decimal
            sheet.write_number(number, column, float(value))
        else:
            sheet.write_string(number, column, str(value))


def xlsx_response(filename: str, sheets: list[Sheet], *, empty_title: str = "No figures") -> FileResponse:
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it, and so removes it
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False})
    bold = workbook.add_format({"bold": True})
    as_date = workbook.add_format({"num_format": "d mmm yyyy"})
    used: set[str] = set()
    for table in sheets:
        sheet = workbook.add_worksheet(sheet_name(table.title, used))
        sheet.write_row(0, 0, [table.title], bold)  # constant_memory: rows written in order, top to bottom
        number = 1
        for line in table.lines_above:
            sheet.write_row(number, 0, line)
            number += 1
        sheet.write_row(number, 0, table.headings, bold)
        for at, row in enumerate(table.rows, start=number + 1):
            _write(sheet, at, row, as_date)
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, max(len(table.headings) - 1, 1), 16)
    if not sheets:
        workbook.add_worksheet(sheet_name(empty_title, used)).write_string(0, 0, empty_title, bold)
    workbook.close()
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
