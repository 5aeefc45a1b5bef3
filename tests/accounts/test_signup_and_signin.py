from __future__ import annotations

from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings

from convenor.accounts.models import User
from convenor.workspaces.models import Membership, Role
from tests.conftest import PASSWORD


def signup(client: Client, **overrides):
    data = {
        "name": "Rosa Diaz",
        "email": "rosa@board.example",
        "password": PASSWORD,
        "organisation": "Lakeshore Workforce Board",
        **overrides,
    }
    return client.post("/accounts/signup/", data)


def test_signing_up_creates_the_account_and_a_workspace_owned_by_it(db):
    client = Client()
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="rosa@board.example")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER
    assert membership.workspace.name == "Lakeshore Workforce Board"
    assert response["Location"] == f"/w/{membership.workspace.slug}/"


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
def test_passwords_are_hashed_with_argon2(db):
    signup(Client())
    user = User.objects.get(email="rosa@board.example")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_a_weak_password_is_refused_with_a_message(db):
    response = signup(Client(), password="password")
    assert response.status_code == 422
    assert b"too common" in response.content
    assert not User.objects.exists()


def test_an_e_mail_already_used_is_refused(alice):
    response = signup(Client(), email=alice.email.upper())
    assert response.status_code == 422
    assert b"sign in instead" in response.content


def test_signing_in_with_the_right_password_lands_in_the_workspace(alice, workspace):
    client = Client()
    response = client.post("/accounts/signin/", {"email": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 302  # home -> workspace
    assert client.get(f"/w/{workspace.slug}/").status_code == 200


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(alice):
    response = Client().post("/accounts/signin/", {"email": alice.email, "password": "nope"})
    assert response.status_code == 401
    assert b"do not match an account" in response.content


@override_settings(SIGNIN_MAX_FAILURES=3)
def test_failed_sign_ins_are_rate_limited_even_with_the_right_password_afterwards(alice):
    client = Client()
    for _ in range(3):
        client.post("/accounts/signin/", {"email": alice.email, "password": "wrong"})
    response = client.post("/accounts/signin/", {"email": alice.email, "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    assert "_auth_user_id" not in client.session


@override_settings(SIGNIN_MAX_FAILURES=3)
def test_the_rate_limit_is_per_account_so_others_can_still_sign_in(alice, sam):
    client = Client()
    for _ in range(3):
        client.post("/accounts/signin/", {"email": alice.email, "password": "wrong"})
    response = client.post("/accounts/signin/", {"email": sam.email, "password": PASSWORD})
    assert response.status_code == 302


def test_signing_out_ends_the_session(alice, client_for):
    client = client_for(alice)
    assert client.post("/accounts/signout/").status_code == 302
    assert client.get("/w/anything/").status_code == 302


def test_a_next_url_on_another_host_is_ignored(alice):
    response = Client().post(
        "/accounts/signin/",
        {"email": alice.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"
