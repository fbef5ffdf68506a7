"""The managed list of training courses (CAR-7), as schemes commonly require. Admins edit it in the admin."""

from django.db import migrations


def add_courses(apps, schema_editor):
    from carers.reference import ensure_training_courses

    ensure_training_courses(apps.get_model("carers", "TrainingCourse"))


class Migration(migrations.Migration):
    dependencies = [("carers", "0001_initial")]

    operations = [migrations.RunPython(add_courses, migrations.RunPython.noop)]
