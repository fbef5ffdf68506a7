"""Reference data the funding app starts with: a banding tool (BAN-1), eight domains of four levels each.

Used by the data migration and by the test suite (a transactional test's flush empties every table).
Schemes set their own descriptors and thresholds in the admin; an assessment keeps the version it used.
"""

DOMAINS = [
    ("Personal care", ["Independent", "Prompting", "Some hands-on help", "Full support with all personal care"]),
    (
        "Health and medication",
        ["Manages own", "Prompting and checks", "Administered daily", "Complex or PRN regimes, health needs"],
    ),
    (
        "Behaviour and emotional support",
        [
            "Rarely needs support",
            "Occasional reassurance",
            "Regular planned support",
            "Daily positive behaviour support",
        ],
    ),
    (
        "Communication",
        [
            "Communicates clearly",
            "Some support to be understood",
            "Needs aids or interpretation",
            "Non-verbal; relies on carer",
        ],
    ),
    ("Mobility", ["Fully mobile", "Some help outdoors", "Walking aid or help indoors", "Wheelchair user; transfers"]),
    ("Night-time support", ["None", "Occasionally wakes", "Regular check at night", "Waking support most nights"]),
    ("Daily living skills", ["Independent", "Prompting", "Support with most tasks", "Carer does all tasks"]),
    (
        "Community access",
        ["Independent", "Support to new places", "Support on every outing", "Two-to-one or specialist support"],
    ),
]
THRESHOLDS = [("band_1", 0), ("band_2", 7), ("band_3", 13), ("band_4", 19)]


def ensure_banding_tool(Tool, Domain, Level, Threshold) -> None:
    if Tool.objects.exists():
        return
    tool = Tool.objects.create(name="Shared Lives banding tool", version=1, active=True)
    for order, (name, descriptors) in enumerate(DOMAINS):
        domain = Domain.objects.create(tool=tool, name=name, order=order)
        for score, descriptor in enumerate(descriptors):
            Level.objects.create(domain=domain, score=score, descriptor=descriptor)
    for band, minimum in THRESHOLDS:
        Threshold.objects.create(tool=tool, band=band, minimum_score=minimum)
