from __future__ import annotations

from django import forms

from .models import Role


class AddMemberForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="E-mail address", max_length=254)
    position = forms.CharField(
        label="Position", max_length=120, required=False, help_text="For example: teacher"
    )
    role = forms.ChoiceField(choices=Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
