"""TAX-1: HMRC's published Qualifying Care Relief figures (docs/tax.md cites each source)."""

from decimal import Decimal

from django.db import migrations

BIM52765 = "https://www.gov.uk/hmrc-internal-manuals/business-income-manual/bim52765"
FIGURES = [
    (2023, "18140.00", "450.00", f"Finance (No. 2) Act 2023 s.28; HMRC BIM52765 {BIM52765}"),
    (2024, "19360.00", "485.00", f"SI 2024/423; HMRC BIM52765 {BIM52765}"),
    (
        2025,
        "19690.00",
        "495.00",
        "SI 2025/51, The Income Tax (Indexation of Qualifying Care Relief Amounts) Order 2025 "
        "https://www.legislation.gov.uk/uksi/2025/51",
    ),
]


def seed(apps, schema_editor):
    Year = apps.get_model("funding", "QualifyingCareReliefYear")
    for year, fixed, weekly, source in FIGURES:
        Year.objects.get_or_create(
            tax_year=year,
            defaults={"fixed_amount": Decimal(fixed), "weekly_amount_adult": Decimal(weekly), "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("funding", "0007_qualifying_care_relief")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
