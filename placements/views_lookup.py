"""The autocomplete's JSON lookups (sharedlives/lookup.py): GET ?q=, at most 10 matches, nothing written.

Each needs the permission of the pages that show the same records, as the header search does
(placements/search.py): households, their officers and areas with the households list's; people with the people
list's. Placements is the highest app that owns all of them, so the lookups live beside the header search.
"""

from carers import lookups as carer_lookups
from placements import lookups, search
from sharedlives.lookup import LookupView


class HouseholdLookupView(LookupView):
    permission_required = search.HOUSEHOLD_PERMISSION
    kind = carer_lookups.HOUSEHOLDS


class OfficerLookupView(LookupView):
    permission_required = search.HOUSEHOLD_PERMISSION  # the households list names each household's officer
    kind = carer_lookups.OFFICERS


class StaffLookupView(LookupView):
    """Officers and the management team: who may own a safeguarding follow-up action."""

    permission_required = search.HOUSEHOLD_PERMISSION
    kind = carer_lookups.STAFF


class PersonLookupView(LookupView):
    permission_required = search.PERSON_PERMISSION
    kind = lookups.PEOPLE


class AreaLookupView(LookupView):
    permission_required = search.HOUSEHOLD_PERMISSION

    def suggestions(self, text: str) -> list[dict]:
        return carer_lookups.area_suggestions(text)
