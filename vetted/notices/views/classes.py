"""A teacher's classes and, per class, who has permission for each resource that needs it.

The only roster data a person who is not an admin sees in Vetted: their own classes (a roster
teacher with their e-mail address teaches them), and nothing else. Admins see every class. A class
one does not teach is 404, as is another district's. Every page is an audit event (record_read).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from vetted.audit.services import record_read
from vetted.districts.access import member_district
from vetted.districts.permissions import can
from vetted.kit.ids import parse_id
from vetted.rosters.models import SchoolClass

from .. import consent, policies


@login_required
def class_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "class.view_permissions")
    classes = list(
        policies.visible_classes(request.user, district).select_related("school").order_by("title", "pk")
    )
    record_read(district, "class.list_viewed", actor=request.user, details={"classes": len(classes)})
    return render(request, "notices/classes/list.html", {"district": district, "classes": classes})


@login_required
def class_detail(request: HttpRequest, district_slug: str, class_id: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "class.view_permissions")
    pk = parse_id(class_id)
    school_class = (
        SchoolClass.objects.select_related("school").filter(district=district, pk=pk).first()
        if pk is not None
        else None
    )
    if school_class is None or not can(request.user, "class.view_permissions", school_class):
        raise Http404("Not found.")
    rows = consent.class_permissions(district, school_class)
    record_read(district, "class.permissions_viewed", actor=request.user, subject=school_class,
                details={"resources": [r.resource.pk for r in rows],
                         "students": len({s.pk for r in rows for s, _ in r.students})})  # fmt: skip
    return render(request, "notices/classes/detail.html",
                  {"district": district, "school_class": school_class, "rows": rows})  # fmt: skip
