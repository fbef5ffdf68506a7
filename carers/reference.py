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
