"""SL-nnnn references come from a PostgreSQL sequence: four people adding households at once get four numbers."""

from django.db import migrations

CREATE = """
CREATE SEQUENCE IF NOT EXISTS carers_household_reference_seq START 1;
SELECT setval(
    'carers_household_reference_seq',
    GREATEST(1, COALESCE((
        SELECT MAX(substring(reference FROM 4)::bigint) FROM carers_carerhousehold WHERE reference ~ '^SL-[0-9]{1,15}$'
    ), 0)),
    EXISTS (SELECT 1 FROM carers_carerhousehold WHERE reference ~ '^SL-[0-9]{1,15}$')
);
"""


class Migration(migrations.Migration):
    dependencies = [("carers", "0003_search_indexes")]

    operations = [
        migrations.RunSQL(CREATE, "DROP SEQUENCE IF EXISTS carers_household_reference_seq;"),
    ]
