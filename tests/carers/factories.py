"""Carer household factories: minimal valid rows. Approval goes through the service (approved_household)."""

from datetime import date

import factory

from carers import services
from carers.models import Carer, CarerHousehold, CarerRole, SupportCarer, TrainingCourse
from tests.factories import UserFactory


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarerHousehold
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"SL-T{n:04d}")
    name = factory.Sequence(lambda n: f"The Test family {n}")
    address_line_1 = factory.Sequence(lambda n: f"{n + 1} Station Road")
    town = "Winchester"
    postcode = factory.Sequence(lambda n: f"SO{20 + n % 30} {n % 9}AB")
    area = "Winchester"
    offers_live_in = True
    approved_places = 3


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    household = factory.SubFactory(HouseholdFactory)
    role = CarerRole.MAIN
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(1970, 5, 17)


class SupportCarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportCarer

    household = factory.SubFactory(HouseholdFactory)
    first_name = "Sam"
    last_name = factory.Faker("last_name", locale="en_GB")
    relationship = "Sister"


def approved_household(*, officer=None, approved_on: date = date(2025, 1, 6), by=None, **fields) -> CarerHousehold:
    """An approved household with a main carer, made through the approval service (CAR-2, CAR-3)."""
    household = HouseholdFactory(**fields)
    CarerFactory(household=household)
    officer = officer or UserFactory(role="Shared Lives officer")
    return services.approve_household(household, approved_on=approved_on, officer=officer, by=by or officer)


def course(name: str = "First aid") -> TrainingCourse:
    return TrainingCourse.objects.get(name=name)
