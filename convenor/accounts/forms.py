from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation

from convenor.accounts.models import User


class SigninForm(forms.Form):
    email = forms.EmailField(label="E-mail address", max_length=254)
    password = forms.CharField(label="Password", widget=forms.PasswordInput, max_length=4096)


class SignupForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="E-mail address", max_length=254)
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput,
        max_length=4096,
        help_text="At least 10 characters, not a common password.",
    )
    organisation = forms.CharField(
        label="Your organisation",
        max_length=150,
        required=False,
        help_text="Creates a workspace for your convening organisation, with you as its owner. "
        "Leave empty if you are joining through an invitation.",
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail address exists; sign in instead."
            )
        return email

    def clean(self):
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            candidate = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What the token is for, e.g. 'nightly QCEW import'.",
    )


class DigestForm(forms.Form):
    daily_digest = forms.BooleanField(
        required=False,
        label="E-mail me each morning the follow-ups and action items due or overdue",
    )
