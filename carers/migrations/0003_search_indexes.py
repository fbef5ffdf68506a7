from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models
from django.db.models.functions import Upper


class Migration(migrations.Migration):
    """Fast name and postcode search (pg_trgm on UPPER(col), which is what icontains compares)."""

    dependencies = [
        ("carers", "0002_training_courses"),
        ("sharedlives", "0003_postgres_extensions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="carerhousehold",
            index=GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="household_name_trgm"),
        ),
        migrations.AddIndex(
            model_name="carerhousehold",
            index=GinIndex(OpClass(Upper("postcode"), name="gin_trgm_ops"), name="household_postcode_trgm"),
        ),
        migrations.AddIndex(
            model_name="carerhousehold",
            index=models.Index(fields=["status", "allocated_officer"], name="household_status_officer"),
        ),
    ]
