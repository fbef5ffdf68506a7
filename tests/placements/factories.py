"""Placements factories. States the rules produce (agreed funding, agreed match, a started placement) are
made by calling the services, never by setting a status field (STYLE 9)."""

from datetime import date

import factory

from placements import services
from placements.models import ArrangementKind, Person, SupportNeed
from tests.carers.factories import approved_household
from tests.factories import UserFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    cdir_reference = factory.Sequence(lambda n: f"CDIR{100000 + n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(1990, 3, 14)
    primary_support_need = SupportNeed.LEARNING_DISABILITY


def referral(*, kind=ArrangementKind.LIVE_IN, emergency=False, received_on=date(2026, 1, 5), person=None, by=None, **fields):
    by = by or UserFactory(role="Referrals officer")
    return services.create_referral(
        person=person or PersonFactory(), kind=kind, emergency=emergency, received_on=received_on,
        referrer_name="Sam Social-Worker", referrer_team="Winchester adult services", referrals_officer=by,
        by=by, **fields,
    )


def funded_referral(*, decided_on=date(2026, 1, 12), manager=None, **kwargs):
    """A referral with agreed funding (REF-2) and, for emergencies, the management discussion (REF-5)."""
    made = referral(**kwargs)
    by = made.referrals_officer
    services.record_funding_decision(referral=made, panel="SPOG", decided_on=decided_on, outcome="agreed", by=by)
    if made.emergency:
        manager = manager or UserFactory(role="Management team")
        services.record_emergency_discussion(
            referral=made, manager=manager, discussed_on=made.received_on, outcome="Agreed to seek an emergency carer", by=by
        )
    made.refresh_from_db()
    return made


def agreed_match(*, referral=None, household=None, agreed_on=date(2026, 1, 20), **kwargs):
    referral = referral or funded_referral(**kwargs)
    household = household or approved_household(emergency_approved=referral.emergency,
                                                emergency_trained_on=date(2025, 1, 1) if referral.emergency else None,
                                                offers_short_breaks=True, offers_day_support=True)
    by = referral.referrals_officer
    match = services.propose_match(referral=referral, household=household, proposed_on=agreed_on, by=by)
    return services.record_match_agreement(
        match=match, person_agreed_on=agreed_on, person_agreed_by="The person", carer_agreed_on=agreed_on, by=by
    )


def started_placement(*, starts_on=date(2026, 2, 2), household=None, known=False, **kwargs):
    match = agreed_match(household=household, **kwargs)
    return services.start_placement(
        referral=match.referral, match=match, starts_on=starts_on, person_known_to_carer=known,
        by=match.referral.referrals_officer,
    )
