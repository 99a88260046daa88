from __future__ import annotations

from typing import Any

from django import forms

from vetted.signin.models import DistrictSignOn

SIGN_ON_FIELDS = [
    "kind", "label", "issuer", "client_id", "client_secret", "allowed_domain", "tenant_id", "tenant_claim",
    "saml_sso_url", "saml_certificate", "first_sign_in", "default_role", "enabled",
]  # fmt: skip


class SignOnForm(forms.ModelForm):
    """The client secret is never shown again; left empty when editing, the saved one is kept."""

    client_secret = forms.CharField(
        label="Client secret", max_length=255, required=False, widget=forms.PasswordInput(render_value=False)
    )

    class Meta:
        model = DistrictSignOn
        fields = SIGN_ON_FIELDS

    def clean_client_secret(self) -> str:
        secret: str = self.cleaned_data.get("client_secret") or ""
        if not secret and self.instance.pk:
            return self.instance.client_secret
        if not secret and self.data.get("kind") == "saml":
            return "-"  # SAML has no client secret: the IdP's signature is what is checked
        if not secret:
            raise forms.ValidationError("Enter the client secret the provider gave you.")
        return secret

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "default_role"
        ].help_text = "A first sign-in never gives more. Admins raise roles on People."
