"""What each page shows and what each role may do, in one place (docs/architecture.md, "Page composition").

The domain apps keep their one-way imports (sharedlives <- carers <- placements <- funding <- safeguarding <- reviews); this module
sits above them all and may import any of them, so nothing below has to know what pages it appears on. It holds:

- ROLE_PERMISSIONS: each role's permissions (docs/roles.md is the readable copy; applied after every migrate);
- HOMES: the page each role lands on;
- NAVIGATION: the service navigation, each entry shown by permission;
- SECTIONS: the sections one app adds to another app's page (the household page, the placement page).

The registries that earn their keep stay with the apps: approvals (each app's pending decisions), occupancy (who is
in a household on a day), demo data and periodic jobs.
"""

from funding import sections as funding_sections
from funding.views import finance_home
from placements import queries as placement_queries
from placements.views_referrals import ReferralBoardView
from reviews import sections as review_sections
from reviews.views_work import my_work, overview
from safeguarding import sections as safeguarding_sections
from safeguarding.sections_complaints import person_complaint_links, placement_cqc_section
from sharedlives import navigation, roles, sections, views
from sharedlives.navigation import NavigationEntry
from sharedlives.sections import Section


def _each(app: str, models: list[str], actions: list[str]) -> list[str]:
    return [f"{app}.{action}_{model}" for model in models for action in actions]


_EVERYONE = ["sharedlives.view_schemepolicy", "carers.view_carerhousehold", "funding.view_ratecard"]
_HOUSEHOLD_RECORDS = [
    *_each("carers", ["carerhousehold", "carer", "householdmember", "supportcarer", "carerbreak"], ["add", "change"]),
    *_each("carers", ["trainingrecord", "dbscheck", "insurancepolicy", "careragreement"], ["add"]),
    "carers.add_checksoverride",
    "carers.export_households",
]
_REFERRAL_WORK = _each(
    "placements", ["person", "referral", "fundingdecision", "match", "introduction"], ["view", "add", "change"]
)
_PLACEMENT_RECORDS_SEEN = _each(
    "placements",
    [
        "person",
        "referral",
        "fundingdecision",
        "match",
        "introduction",
        "extraintroductionnights",
        "placement",
        "stay",
        "daysession",
        "provisionrequest",
        "notice",
        "adminpaymentrequest",
        "housingbenefitclaim",
    ],
    ["view"],
)
_PLACEMENT_RECORDS = [
    *_each(
        "placements", ["stay", "daysession", "provisionrequest", "notice", "housingbenefitclaim"], ["add", "change"]
    ),
    "placements.change_placement",
    "placements.add_adminpaymentrequest",
    "placements.start_placement",
    "placements.end_placement",
]
_CONTACTS_AND_REVIEWS = [
    *_each(
        "reviews", ["contact", "review", "reviewaction", "riskassessment", "changeofneeds"], ["view", "add", "change"]
    ),
    "reviews.add_additionalfundingrequest",
]
# SG-6: officers read the content of the records about their own households and those they raised
# (safeguarding/access.py); the management team reads all and reviews and closes; others see only that records exist.
_SAFEGUARDING_SEEN = ["safeguarding.view_safeguarding_summary"]
_SAFEGUARDING_RECORDS = [
    *_SAFEGUARDING_SEEN,
    *_each("safeguarding", ["safeguardingconcern", "incident"], ["view", "add", "change"]),
    *_each("safeguarding", ["incidentaction"], ["add", "change"]),
]
_SAFEGUARDING_MANAGEMENT = ["safeguarding.review_safeguardingconcern", "safeguarding.review_incident"]
_BANDING_AND_FEES = [
    "funding.view_fees",
    "funding.submit_banding",
    "funding.view_bandingassessment",
    "funding.view_carerinvoice",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.REFERRALS_OFFICER: [
        *_EVERYONE,
        "carers.export_households",
        *_REFERRAL_WORK,
        "placements.view_placement",
        "placements.start_placement",
        "reviews.view_contact",
        "reviews.view_review",
        *_SAFEGUARDING_SEEN,
    ],
    roles.SHARED_LIVES_OFFICER: [
        *_EVERYONE,
        *_HOUSEHOLD_RECORDS,
        *_PLACEMENT_RECORDS_SEEN,
        *_PLACEMENT_RECORDS,
        "placements.change_person",
        *_BANDING_AND_FEES,
        "funding.add_carerinvoice",
        *_CONTACTS_AND_REVIEWS,
        *_SAFEGUARDING_RECORDS,
    ],
    roles.MANAGEMENT_TEAM: [
        *_EVERYONE,
        "sharedlives.view_approvals",
        "sharedlives.view_scheme_overview",
        *_HOUSEHOLD_RECORDS,
        "carers.approve_household",
        "carers.allocate_officer",
        "carers.view_caseloads",
        "carers.decide_extra_respite",
        "carers.decide_checks_override",
        *_REFERRAL_WORK,
        *_PLACEMENT_RECORDS_SEEN,
        *_PLACEMENT_RECORDS,
        "placements.decide_extra_introduction_nights",
        "placements.decide_admin_payment",
        "placements.decide_emergency_referral",
        *_BANDING_AND_FEES,
        "funding.decide_banding",
        "funding.add_feeoverride",
        "funding.view_feeoverride",
        "funding.view_paymentschedule",
        "funding.approve_schedule",
        "funding.view_qualifyingcarereliefyear",
        "funding.view_tax_statement",
        *_CONTACTS_AND_REVIEWS,
        "reviews.decide_additional_funding",
        "reviews.view_overduesnapshot",
        *_SAFEGUARDING_RECORDS,
        *_SAFEGUARDING_MANAGEMENT,
    ],
    roles.FINANCE_ADMIN: [
        *_EVERYONE,
        "carers.export_households",
        "placements.view_person",
        "placements.view_placement",
        "funding.view_fees",
        "funding.view_bandingassessment",
        "funding.add_ratecard",
        "funding.change_ratecard",
        "funding.publish_ratecard",
        "funding.view_paymentschedule",
        "funding.add_paymentschedule",
        "funding.approve_schedule",
        "funding.export_schedule",
        "funding.add_carerinvoice",
        "funding.view_carerinvoice",
        "funding.view_qualifyingcarereliefyear",
        "funding.add_qualifyingcarereliefyear",
        "funding.change_qualifyingcarereliefyear",
        "funding.view_tax_statement",
        "funding.produce_tax_statements",
        *_SAFEGUARDING_SEEN,
    ],
}

HOMES = {
    roles.REFERRALS_OFFICER: ReferralBoardView.as_view(),  # the referrals board
    roles.SHARED_LIVES_OFFICER: my_work,  # overdue first, then due soon
    roles.MANAGEMENT_TEAM: overview,  # the Scheme overview
    roles.FINANCE_ADMIN: finance_home,  # rate cards and the schedules waiting
    roles.ADMINISTRATOR: views.admin_home,  # a superuser without a role: accounts, policy, rate cards, admin
}

# (label, page, permission that shows it, order). A referrals officer may view placements, so sees that entry too.
# No "Home" entry: each role's home is one of these pages (HOME_SECTIONS), and the service name in the header links home.
NAVIGATION = [
    NavigationEntry("My work", "reviews:my_work", "reviews.add_contact", 5),
    NavigationEntry("Overview", "reviews:overview", "sharedlives.view_scheme_overview", 6),
    NavigationEntry("Households", "carers:household_list", "carers.view_carerhousehold", 10),
    NavigationEntry("Referrals", "placements:referral_board", "placements.add_referral", 20),
    NavigationEntry("People", "placements:person_list", "placements.view_person", 30),
    NavigationEntry("Placements", "placements:placement_list", "placements.view_placement", 40),
    NavigationEntry("Rate cards", "funding:ratecard_list", "funding.view_ratecard", 60),
    NavigationEntry("Payments", "funding:schedule_list", "funding.view_paymentschedule", 70),
    NavigationEntry("Caseloads", "carers:caseloads", "carers.view_caseloads", 80),
    NavigationEntry("Approvals", "approvals", "sharedlives.view_approvals", 90),
]

# The entry that names each role's home, current on "/" (finance's and the administrator's homes have no entry).
HOME_SECTIONS = {
    roles.REFERRALS_OFFICER: "placements:referral_board",
    roles.SHARED_LIVES_OFFICER: "reviews:my_work",
    roles.MANAGEMENT_TEAM: "reviews:overview",
}

SECTIONS = [
    Section("household", 10, "placements/_household_placements.html", placement_queries.household_placements),
    Section("household", 20, "reviews/_section.html", review_sections.household_section),
    Section("household", 30, "funding/_household_section.html", funding_sections.household_section),
    Section("placement", 10, "funding/_placement_section.html", funding_sections.placement_section),
    Section("household", 25, "safeguarding/_section.html", safeguarding_sections.household_section),
    Section("placement", 20, "reviews/_section.html", review_sections.placement_section),
    Section("placement", 25, "safeguarding/_section.html", safeguarding_sections.placement_section),
    Section("placement", 5, "safeguarding/_cqc_ending_prompt.html", placement_cqc_section),
    Section("person", 10, "safeguarding/_section.html", safeguarding_sections.person_section),
    Section("person", 11, "safeguarding/_complaints_links.html", person_complaint_links),
]


# Complaints, concerns and compliments (SG-3) and CQC notifications (SG-4): written by any officer (read per SG-6,
# safeguarding/access.py); answered, reviewed, closed and sent by the management team, which alone sees the Quality
# and safety page (SG-6).
_COMPLAINTS_AND_NOTIFICATIONS = [
    *_each("safeguarding", ["complaint"], ["view", "add", "change"]),
    *_each("safeguarding", ["statutorynotification"], ["view", "add"]),
]
ROLE_PERMISSIONS[roles.SHARED_LIVES_OFFICER] += _COMPLAINTS_AND_NOTIFICATIONS
ROLE_PERMISSIONS[roles.MANAGEMENT_TEAM] += [
    *_COMPLAINTS_AND_NOTIFICATIONS,
    "safeguarding.review_complaint",
    "safeguarding.send_statutorynotification",
    "safeguarding.view_quality",
]
# The Reports area (issue 16): the management team, and finance admins, who send the figures on.
ROLE_PERMISSIONS[roles.MANAGEMENT_TEAM].append("reports.view_reports")
ROLE_PERMISSIONS[roles.FINANCE_ADMIN].append("reports.view_reports")

# Unit costs and the business case (RPT-5, RPT-6): the management team and finance read them and keep the
# alternative settings' weekly costs (never deleted: set aside as no longer used).
_UNIT_COSTS = ["funding.view_unit_costs", *_each("funding", ["alternativesettingcost"], ["view", "add", "change"])]
ROLE_PERMISSIONS[roles.MANAGEMENT_TEAM] += _UNIT_COSTS
ROLE_PERMISSIONS[roles.FINANCE_ADMIN] += _UNIT_COSTS


def compose() -> None:
    """Install the tables above into the core's registries (called once, when the apps are ready)."""
    for role, permissions in ROLE_PERMISSIONS.items():
        roles.extend_role(role, permissions)
    for role, home in HOMES.items():
        views.register_home(role, home)
    for entry in NAVIGATION:
        navigation.add_navigation(entry)
    for role, url_name in HOME_SECTIONS.items():
        navigation.set_home_section(role, url_name)
    for section in SECTIONS:
        sections.register_section(section)
