from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Referrals and placements"

    def ready(self):
        from carers.capacity import register_occupancy_source
        from placements import queries
        from placements.demo import build_demo
        from sharedlives import roles
        from sharedlives.approvals import register_approval_source
        from sharedlives.demo import register_demo_builder
        from sharedlives.navigation import NavigationEntry, add_navigation

        register_occupancy_source("placements", queries.occupancy_source)
        register_approval_source("placements.extra_introduction_nights", queries.pending_extra_introduction_nights)
        register_approval_source("placements.admin_payments", queries.pending_admin_payments)
        register_demo_builder(20, build_demo)

        # A referrals officer's home is the referrals board.
        from placements.views_referrals import ReferralBoardView
        from sharedlives.views import register_home

        register_home(roles.REFERRALS_OFFICER, ReferralBoardView.as_view())

        from sharedlives.sections import Section, register_section

        register_section(Section("household", 10, "placements/_household_placements.html", queries.household_placements))

        # Referrals officers and the management team work the board; everyone sees people; the list of
        # placements for officers, management and finance (a navigation entry takes one permission, so
        # referrals officers, who may view placements, see it too).
        add_navigation(NavigationEntry("Referrals", "placements:referral_board", "placements.add_referral", 20))
        add_navigation(NavigationEntry("People", "placements:person_list", "placements.view_person", 30))
        add_navigation(NavigationEntry("Placements", "placements:placement_list", "placements.view_placement", 40))

        referral_work = [
            f"placements.{action}_{model}"
            for model in ("person", "referral", "fundingdecision", "match", "introduction")
            for action in ("view", "add", "change")
        ]
        view_all = [
            f"placements.view_{model}"
            for model in (
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
            )
        ]
        placement_records = [
            f"placements.{action}_{model}"
            for model in ("stay", "daysession", "provisionrequest", "notice", "housingbenefitclaim")
            for action in ("add", "change")
        ] + ["placements.change_placement", "placements.add_adminpaymentrequest"]
        roles.extend_role(
            roles.REFERRALS_OFFICER,
            referral_work + ["placements.view_placement", "placements.start_placement"],
        )
        roles.extend_role(
            roles.SHARED_LIVES_OFFICER,
            view_all
            + placement_records
            + ["placements.start_placement", "placements.end_placement", "placements.change_person"],
        )
        roles.extend_role(
            roles.MANAGEMENT_TEAM,
            referral_work
            + view_all
            + placement_records
            + [
                "placements.start_placement",
                "placements.end_placement",
                "placements.decide_extra_introduction_nights",
                "placements.decide_admin_payment",
                "placements.decide_emergency_referral",
            ],
        )
        roles.extend_role(roles.FINANCE_ADMIN, ["placements.view_person", "placements.view_placement"])
