from django.apps import AppConfig


class DistrictAdminConfig(AppConfig):
    """A district admin's own pages: who has access with which role (invitations), and the
    district's public details, time zone and policy packs."""

    name = "vetted.district_admin"
    label = "district_admin"
