"""Plain text from a template: e-mail subjects and bodies are not HTML, so nothing is escaped
(an apostrophe stays an apostrophe, not '&#x27;') and a subject is one line."""

from __future__ import annotations

from typing import Any

from django.template import Context, engines


def render_text(template_name: str, context: dict[str, Any]) -> str:
    template = engines["django"].get_template(template_name).template  # type: ignore[attr-defined]
    return str(template.render(Context(context, autoescape=False)))


def render_subject(template_name: str, context: dict[str, Any]) -> str:
    return " ".join(render_text(template_name, context).split())
