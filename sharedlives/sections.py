"""Sections one app adds to another app's page, without the page's app importing it.

The household page (carers) shows placements and contacts; the placement page (placements) shows fees and
contacts. Each contributing app registers a Section in its AppConfig.ready(); the page renders every section
for its record in order. A section's context function must run a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    page: str  # "household", "placement" or "person"
    order: int
    template: str
    context: Callable  # (record, request) -> dict, or None to leave the section out


_sections: list[Section] = []


def register_section(section: Section) -> None:
    if section not in _sections:
        _sections.append(section)


def sections_for(page: str, record, request) -> list[dict]:
    rendered = []
    for section in sorted((s for s in _sections if s.page == page), key=lambda s: s.order):
        context = section.context(record, request)
        if context is not None:
            rendered.append({"template": section.template, "context": context})
    return rendered
