"""A report's tables as CSV (sharedlives.csvexport.csv_response) or XLSX (`?format=csv|xlsx`).

The CSV stacks the tables one after another (its title, its headings, its rows, a blank line), as the page shows
them. The XLSX has one sheet per table: headings in bold, numbers as numbers, dates as dates; written with
xlsxwriter's constant_memory mode to a temporary file, which is served as it is read.
"""

import re
import tempfile
from datetime import date

import xlsxwriter
from django.http import FileResponse

from reports.period import Period
from reports.tables import Table
from sharedlives.csvexport import csv_response

FORMATS = ("csv", "xlsx")


def _rows(title: str, period: Period, tables: list[Table]):
    yield ["Period", period.start, period.end]
    for table in tables:
        yield []
        yield [table.title]
        yield table.headings
        yield from table.rows


def csv_export(slug: str, title: str, period: Period, tables: list[Table]):
    return csv_response(
        f"{slug}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.csv", [title], _rows(title, period, tables)
    )


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, no apostrophe at either end, unique in the workbook."""
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip(" '") or "Sheet"
    base, number = name, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)].rstrip(" '") + suffix, number + 1
    used.add(name.lower())
    return name


def xlsx_export(slug: str, title: str, period: Period, tables: list[Table]) -> FileResponse:
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it, and so removes it
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False})
    bold = workbook.add_format({"bold": True})
    as_date = workbook.add_format({"num_format": "d mmm yyyy"})
    used: set[str] = set()
    for table in tables:
        sheet = workbook.add_worksheet(_sheet_name(table.title, used))
        sheet.write_row(0, 0, [table.title], bold)  # constant_memory: rows written in order, top to bottom
        sheet.write_row(1, 0, ["Period", period.label])
        sheet.write_row(2, 0, table.headings, bold)
        for number, row in enumerate(table.rows, start=3):
            for column, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(number, column, value, as_date)
                elif value is None:
                    sheet.write_blank(number, column, None)
                elif isinstance(value, (int, float)) or hasattr(value, "as_tuple"):
                    sheet.write_number(number, column, float(value))
                else:
                    sheet.write_string(number, column, str(value))
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, max(len(table.headings) - 1, 1), 16)
    if not tables:
        workbook.add_worksheet(_sheet_name(title, used)).write_string(0, 0, title, bold)
    workbook.close()
    handle.seek(0)
    filename = f"{slug}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.xlsx"
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export(kind: str, slug: str, title: str, period: Period, tables: list[Table]):
    return (csv_export if kind == "csv" else xlsx_export)(slug, title, period, tables)
