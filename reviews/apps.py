from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Contacts and reviews"

    def ready(self):
        from reviews import sections
        from reviews.demo import build_demo
        from reviews.tasks import send_weekly_digests, take_overdue_snapshot
        from reviews.views_records import pending_additional_funding
        from reviews.views_work import my_work, overview
        from sharedlives import roles
        from sharedlives.approvals import register_approval_source
        from sharedlives.demo import register_demo_builder
        from sharedlives.jobs import daily_at, register_periodic, weekly_at
        from sharedlives.navigation import NavigationEntry, add_navigation
        from sharedlives.sections import Section, register_section
        from sharedlives.views import register_home

        register_section(Section("household", 20, "reviews/_section.html", sections.household_section))
        register_section(Section("placement", 20, "reviews/_section.html", sections.placement_section))

        # The officers' home is My work; the management team's is the Scheme overview.
        register_home(roles.SHARED_LIVES_OFFICER, my_work)
        register_home(roles.MANAGEMENT_TEAM, overview)
        register_approval_source("reviews.additional_funding", pending_additional_funding)
        register_demo_builder(40, build_demo)
        register_periodic(send_weekly_digests, weekly_at(0, 7), "the officers' weekly digests (Mondays 07:00)")
        register_periodic(take_overdue_snapshot, daily_at(6), "the daily overdue count (06:00)")
        add_navigation(NavigationEntry("My work", "reviews:my_work", "reviews.add_contact", 5))
        add_navigation(NavigationEntry("Overview", "reviews:overview", "sharedlives.view_scheme_overview", 6))

        records = [
            f"reviews.{action}_{model}"
            for model in ("contact", "review", "reviewaction", "riskassessment", "changeofneeds")
            for action in ("view", "add", "change")
        ] + ["reviews.add_additionalfundingrequest"]
        roles.extend_role(roles.SHARED_LIVES_OFFICER, records)
        roles.extend_role(
            roles.MANAGEMENT_TEAM,
            records + ["reviews.decide_additional_funding", "reviews.view_overduesnapshot"],
        )
        roles.extend_role(roles.REFERRALS_OFFICER, ["reviews.view_contact", "reviews.view_review"])
