"""/d/<district>/student-data/: the kinds of student data, and the words on the public pages, in plain words."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vetted.catalog.models import DataElement
from vetted.districts.access import public_district

from ..glossary import all_terms


def student_data(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = public_district(district_slug)
    elements = DataElement.objects.order_by("position")
    categories = [(category, list(group)) for category, group in groupby(elements, key=lambda e: e.category)]
    return render(
        request,
        "site/pages/student_data.html",
        {"district": district, "categories": categories, "terms": all_terms()},
    )
