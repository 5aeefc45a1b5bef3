from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from convenor.accounts import services, throttle
from convenor.accounts.forms import DigestForm, SigninForm, SignupForm, TokenForm
from convenor.accounts.models import ApiToken, User
from convenor.workspaces import services as workspace_services
from convenor.workspaces.access import PUBLIC, SIGNED_IN, route


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@route(get=PUBLIC, post=PUBLIC)
def signin(request: HttpRequest) -> HttpResponse:
    form = SigninForm(request.POST or None)
    status = 200
    wait = 0
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        client = throttle.client_address(request)
        verdict = throttle.signin_verdict(email=email, client=client)
        if not verdict.allowed:
            wait = verdict.wait
            form.add_error(
                None,
                f"{verdict.reason} Wait {throttle.wait_text(wait)} and try again, "
                "or reset your password.",
            )
            status = 429
        else:
            user = authenticate(request, email=email, password=form.cleaned_data["password"])
            if user is None:
                throttle.signin_failed(email=email, client=client)
                form.add_error(None, "That e-mail address and password do not match an account.")
                status = 401
            else:
                throttle.signin_succeeded(email=email, client=client)
                login(request, user)
                return redirect(_next_url(request) or "home")
    elif request.method == "POST":
        status = 422
    response = render(
        request, "accounts/signin.html", {"form": form, "next": _next_url(request)}, status=status
    )
    if wait:
        response["Retry-After"] = str(wait)
    return response


@route(get=PUBLIC, post=PUBLIC)
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    form = SignupForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_create(
            email=data["email"], password=data["password"], name=data["name"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if data["organisation"]:
            workspace = workspace_services.workspace_create(actor=user, name=data["organisation"])
            request.session["workspace_id"] = workspace.pk
            messages.success(request, f"Welcome. Your workspace “{workspace}” is ready.")
            return redirect(next_url or workspace.get_absolute_url())
        return redirect(next_url or "workspaces:create")
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "next": next_url},
        status=422 if form.errors else 200,
    )


@route(post=PUBLIC)
def signout(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect("accounts:signin")


@route(get=SIGNED_IN, post=SIGNED_IN)
def tokens(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # the route lets only the signed-in through
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and "digest" in request.POST:
        digest = DigestForm(request.POST)
        if digest.is_valid():
            user.daily_digest = digest.cleaned_data["daily_digest"]
            user.save(update_fields=["daily_digest"])
            messages.success(request, "Your reminder e-mail setting is saved.")
        return redirect("accounts:tokens")
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = request.POST["revoke"]
            token = (
                ApiToken.objects.filter(user=user, pk=int(revoke)).first()
                if revoke.isdigit()
                else None
            )
            if token:
                services.token_revoke(user=user, token=token)
                messages.success(request, f"Token “{token.name}” revoked.")
            return redirect("accounts:tokens")
        if form.is_valid():
            _, new_token = services.token_create(user=user, name=form.cleaned_data["name"])
            form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=user),
            "digest_form": DigestForm(initial={"daily_digest": user.daily_digest}),
        },
        status=422 if form.errors else 200,
    )


class _InvalidIs422:
    """Django's auth views answer an invalid form with 200; we say 422 like every form."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)  # type: ignore[misc]  # a mixin
        response.status_code = 422
        return response


class PasswordResetView(_InvalidIs422, auth_views.PasswordResetView):
    """Sends the reset e-mail unless this address (or client) had enough of them lately;
    either way the next page is the same, so it reveals nothing."""

    def form_valid(self, form: Any) -> HttpResponse:
        allowed = throttle.password_reset_allowed(
            email=form.cleaned_data["email"], client=throttle.client_address(self.request)
        )
        if allowed:
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(_InvalidIs422, auth_views.PasswordResetConfirmView):
    pass


_reset_kwargs = {"extra_email_context": {"site_url": settings.SITE_URL}}
password_reset = route(get=PUBLIC, post=PUBLIC)(
    PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password-reset-done"),
        **_reset_kwargs,
    )
)
password_reset_done = route(get=PUBLIC)(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = route(get=PUBLIC, post=PUBLIC)(
    PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password-reset-complete"),
    )
)
password_reset_complete = route(get=PUBLIC)(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)
