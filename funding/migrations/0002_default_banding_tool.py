"""A starting banding tool (BAN-1); see funding/reference.py."""

from django.db import migrations


def add_tool(apps, schema_editor):
    from funding.reference import ensure_banding_tool

    ensure_banding_tool(
        *(apps.get_model("funding", name) for name in ("BandingTool", "BandingDomain", "BandingLevel", "BandThreshold"))
    )


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(add_tool, migrations.RunPython.noop)]
