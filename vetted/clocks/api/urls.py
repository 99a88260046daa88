"""Routes under /api/v1/districts/<district_slug>/ (included by vetted/api_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("obligations", views.ObligationViewSet, basename="obligation")

urlpatterns = [path("clock/", views.ClockView.as_view(), name="api-clock"), *router.urls]
