"""Reference data the carers app starts with: the managed list of training courses (CAR-7).

Used by the data migration and by the test suite (a transactional test's flush empties every table).
"""

COURSES = [
    # name, mandatory, renewal months (None: done once)
    ("Core Shared Lives carer training", True, None),
    ("Learning disability and autism (Oliver McGowan)", True, 36),
    ("Safeguarding adults", True, 36),
    ("First aid", True, 36),
    ("Health and safety", True, 36),
    ("Medication competence", True, 12),
    ("Moving and handling", False, 36),
    ("Food hygiene", False, 36),
    ("Positive behaviour support", False, None),
    ("Emergency placements", False, 24),
]


def ensure_training_courses(TrainingCourse) -> None:
    """Create any missing course; never changes one an admin has edited. Takes the model (or a historical one)."""
    for name, mandatory, months in COURSES:
        TrainingCourse.objects.get_or_create(name=name, defaults={"mandatory": mandatory, "renewal_months": months})


# SAFE-1: the guidance's requirement set. label, who, what, course name, insurance kind, renewal months,
# arrangement kind, rule. DBS: 36 months unless on the update service (then its recorded status check date).
REQUIREMENTS = [
    ("Enhanced DBS check with the adults' barred list", "carer", "dbs", None, "", 36, "", "CAR-6"),
    ("Enhanced DBS check (household member 16 or over)", "member", "dbs", None, "", 36, "", "SAFE-1"),
    ("Enhanced DBS check (support carer)", "support_carer", "dbs", None, "", 36, "", "CAR-6"),
    ("Scheme's prior agreement (support carer)", "support_carer", "agreement", None, "", None, "", "CAR-6"),
    *(
        (name, "carer", "training", name, "", None, "", "CAR-7")
        for name in [
            "Core Shared Lives carer training",
            "Learning disability and autism (Oliver McGowan)",
            "Safeguarding adults",
            "First aid",
            "Health and safety",
            "Medication competence",
        ]
    ),
    ("Emergency placements", "carer", "training", "Emergency placements", "", None, "emergency", "MAT-4"),
    ("Public liability insurance", "household", "insurance", None, "public_liability", None, "", "CAR-5"),
    ("Signed carer agreement", "household", "agreement", None, "", None, "", "CAR-8"),
    ("Property health and safety check", "household", "property_check", None, "", 12, "", "SAFE-1"),
]


def ensure_requirements(Requirement, TrainingCourse) -> None:
    """Create any missing requirement; never changes one an admin has edited (SAFE-1)."""
    courses = {c.name: c for c in TrainingCourse.objects.all()}
    for label, who, what, course, insurance_kind, months, arrangement, rule in REQUIREMENTS:
        Requirement.objects.get_or_create(
            label=label,
            arrangement_kind=arrangement,
            defaults={
                "who": who,
                "what": what,
                "course": courses.get(course) if course else None,
                "insurance_kind": insurance_kind,
                "renewal_months": months,
                "rule": rule,
            },
        )
