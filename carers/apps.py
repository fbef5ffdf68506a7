from django.apps import AppConfig


class CarersConfig(AppConfig):
    name = "carers"
    verbose_name = "Carer households"

    def ready(self):
        from carers.demo import build_demo
        from carers.queries import pending_extra_respite
        from sharedlives import roles
        from sharedlives.approvals import register_approval_source
        from sharedlives.demo import register_demo_builder
        from sharedlives.navigation import NavigationEntry, add_navigation

        register_approval_source("carers.extra_respite", pending_extra_respite)
        register_demo_builder(10, build_demo)
        add_navigation(NavigationEntry("Households", "carers:household_list", "carers.view_carerhousehold", 10))
        add_navigation(NavigationEntry("Caseloads", "carers:caseloads", "carers.view_caseloads", 80))

        everyone = ["carers.view_carerhousehold"]
        keeps_records = [
            "carers.add_carerhousehold",
            "carers.change_carerhousehold",
            "carers.add_carer",
            "carers.change_carer",
            "carers.add_supportcarer",
            "carers.change_supportcarer",
            "carers.add_trainingrecord",
            "carers.add_dbscheck",
            "carers.add_insurancepolicy",
            "carers.add_careragreement",
            "carers.add_carerbreak",
            "carers.change_carerbreak",
            "carers.export_households",
        ]
        roles.extend_role(roles.REFERRALS_OFFICER, everyone + ["carers.export_households"])
        roles.extend_role(roles.SHARED_LIVES_OFFICER, everyone + keeps_records)
        roles.extend_role(
            roles.MANAGEMENT_TEAM,
            everyone
            + keeps_records
            + [
                "carers.approve_household",
                "carers.allocate_officer",
                "carers.view_caseloads",
                "carers.decide_extra_respite",
            ],
        )
        roles.extend_role(roles.FINANCE_ADMIN, everyone + ["carers.export_households"])
