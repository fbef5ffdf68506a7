from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Funding, banding and fees"

    def ready(self):
        from funding import queries
        from funding.demo import build_demo
        from funding.views import finance_home
        from sharedlives import roles
        from sharedlives.approvals import register_approval_source
        from sharedlives.demo import register_demo_builder
        from sharedlives.navigation import NavigationEntry, add_navigation
        from sharedlives.views import register_home

        register_approval_source("funding.banding", queries.pending_bandings)
        register_demo_builder(30, build_demo)

        from funding import sections
        from sharedlives.sections import Section, register_section

        register_section(Section("placement", 10, "funding/_placement_section.html", sections.placement_section))

        everyone = ["funding.view_ratecard", "funding.view_fees"]
        roles.extend_role(roles.REFERRALS_OFFICER, ["funding.view_ratecard"])
        roles.extend_role(
            roles.SHARED_LIVES_OFFICER,
            everyone
            + [
                "funding.submit_banding",
                "funding.view_bandingassessment",
                "funding.add_carerinvoice",
                "funding.view_carerinvoice",
            ],
        )
        roles.extend_role(
            roles.MANAGEMENT_TEAM,
            everyone
            + [
                "funding.submit_banding",
                "funding.view_bandingassessment",
                "funding.decide_banding",
                "funding.add_feeoverride",
                "funding.view_feeoverride",
                "funding.view_paymentschedule",
                "funding.approve_schedule",
                "funding.view_carerinvoice",
            ],
        )
        roles.extend_role(
            roles.FINANCE_ADMIN,
            everyone
            + [
                "funding.add_ratecard",
                "funding.change_ratecard",
                "funding.publish_ratecard",
                "funding.view_paymentschedule",
                "funding.add_paymentschedule",
                "funding.approve_schedule",
                "funding.export_schedule",
                "funding.add_carerinvoice",
                "funding.view_carerinvoice",
                "funding.view_bandingassessment",
            ],
        )
        register_home(roles.FINANCE_ADMIN, finance_home)
        add_navigation(NavigationEntry("Rate cards", "funding:ratecard_list", "funding.view_ratecard", 60))
        add_navigation(NavigationEntry("Payments", "funding:schedule_list", "funding.view_paymentschedule", 70))
