"""A report's tables as CSV (sharedlives.csvexport.csv_response) or XLSX (`?format=csv|xlsx`).

The CSV stacks the tables one after another (its title, its headings, its rows, a blank line), as the page shows
them. The XLSX has one sheet per table (sharedlives.xlsxexport: headings in bold, numbers as numbers, dates as dates).
"""

from django.http import FileResponse

from reports.tables import Table
from sharedlives.csvexport import csv_response
from sharedlives.period import Period
from sharedlives.xlsxexport import Sheet, xlsx_response

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


def xlsx_export(slug: str, title: str, period: Period, tables: list[Table]) -> FileResponse:
    sheets = [Sheet(t.title, t.headings, t.rows, lines_above=(["Period", period.label],)) for t in tables]
    filename = f"{slug}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.xlsx"
    return xlsx_response(filename, sheets, empty_title=title)


def export(kind: str, slug: str, title: str, period: Period, tables: list[Table]):
    return (csv_export if kind == "csv" else xlsx_export)(slug, title, period, tables)
