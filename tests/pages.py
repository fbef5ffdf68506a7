"""Helpers the view tests share: GOV.UK date input data and checking a refused form."""

import csv
import io
from datetime import date

ERROR_SUMMARY = 'class="govuk-error-summary"'


def when(name: str, day: date) -> dict:
    """A GOV.UK date input's three boxes."""
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def refused(response, rule: str) -> str:
    """The page came back (200) with the error summary citing `rule`; returns the page for more checks."""
    page = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert ERROR_SUMMARY in page
    assert f"({rule})" in page, f"{rule} not on the page"
    return page


def csv_rows(response) -> list[list[str]]:
    """A streamed CSV download, read as a spreadsheet would read it."""
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
