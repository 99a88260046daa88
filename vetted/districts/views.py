"""Where staff land after signing in: their district's dashboard, or a chooser when they belong to several."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .access import user_districts


@login_required
def start(request: HttpRequest) -> HttpResponse:
    districts = user_districts(request.user)
    if len(districts) == 1:
        return redirect("staff-dashboard", districts[0].slug)
    return render(request, "districts/start.html", {"districts": districts})
