"""SAFE-1: seed the guidance's requirement set (carers/reference.py); never changes one an admin has edited."""

from django.db import migrations


def seed(apps, schema_editor):
    from carers.reference import ensure_requirements

    ensure_requirements(apps.get_model("carers", "Requirement"), apps.get_model("carers", "TrainingCourse"))


class Migration(migrations.Migration):
    dependencies = [("carers", "0007_safe_requirements")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
