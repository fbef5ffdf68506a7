"""Helpers the view tests share: an app's URLs, GOV.UK date input data, a refused or a done form, the messages."""

import csv
import io
from datetime import date
from html.parser import HTMLParser

from django.urls import reverse

ERROR_SUMMARY = 'class="govuk-error-summary"'


def app_url(namespace: str):
    """An app's URLs by their names in the app: `url = app_url("funding")`, then `url("schedule_detail", pk)`."""

    def url(name: str, *args) -> str:
        return reverse(f"{namespace}:{name}", args=args)

    return url


def when(name: str, day: date) -> dict:
    """A GOV.UK date input's three boxes."""
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def refused(response, rule: str) -> str:
    """The page came back (200) with the error summary citing `rule`; returns the page for more checks."""
    page = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert ERROR_SUMMARY in page
    # in the message ("… (REF-2)"), or as the small detail of a hint ("Rule REF-1")
    assert f"({rule})" in page or f'<span class="app-rule">Rule {rule}</span>' in page, f"{rule} not on the page"
    return page


def done(response, landed_on: str) -> str:
    """A followed POST that succeeded: it redirected to `landed_on` and shows the success banner."""
    assert response.redirect_chain, f"no redirect: {response.status_code}"
    assert response.redirect_chain[-1][0] == landed_on, response.redirect_chain
    page = response.content.decode()
    assert "govuk-notification-banner--success" in page
    return page


def message(response) -> str:
    """The messages the response carries (the banners on the page), joined."""
    return " ".join(str(m) for m in response.context["messages"])


def fees(client, placement, start: str, end: str) -> dict:
    """The placement's Fees tab: its totals by element for the dates."""
    response = client.get(reverse("funding:placement_fees", args=[placement.pk]), {"start": start, "end": end})
    return dict(response.context["totals"])


def csv_rows(response) -> list[list[str]]:
    """A streamed CSV download, read as a spreadsheet would read it."""
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


class _Page(HTMLParser):
    """The text and links of a page, as a reader sees them (tags gone, entities decoded, spaces collapsed)."""

    _SKIP = {"script", "style"}
    _BLOCK = {
        "br",
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "tr",
        "td",
        "th",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "table",
        "caption",
        "nav",
    }
    _VOID = {"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, within: str | None):
        super().__init__()
        self.within, self.depth, self.skip = within, 0 if within else 1, 0
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.current_items: list[str] = []
        self._link: list | None = None
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.within and (tag == self.within or attrs.get("id") == self.within) and not self.depth:
            self.depth = 1
            self._stack = []
        elif self.depth and tag not in self._VOID:
            self._stack.append(tag)
        if tag in self._SKIP:
            self.skip += 1
        if self.depth and tag == "a" and attrs.get("href"):
            self._link = [attrs["href"], []]
            if attrs.get("aria-current"):
                self.current_items.append(attrs["href"])
        if tag in self._BLOCK:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self.skip -= 1
        if tag == "a" and self._link is not None:
            href, words = self._link
            self.links.append((" ".join("".join(words).split()), href))
            self._link = None
        if self.depth and self.within and tag not in self._VOID:
            if self._stack:
                self._stack.pop()
            elif self.depth:
                self.depth = 0
        if tag in self._BLOCK:
            self.parts.append(" ")

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)
            if self._link is not None:
                self._link[1].append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def parsed(response_or_html, within: str | None = "main") -> _Page:
    """The page parsed: `.text` (visible words), `.links` [(text, href)], `.current_items` (hrefs with aria-current).

    `within` is a tag name or an element id ("main", "history"); None for the whole page.
    """
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    page = _Page(within)
    page.feed(html)
    return page
