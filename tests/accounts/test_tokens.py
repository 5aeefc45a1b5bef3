from __future__ import annotations

from django.test import Client

from convenor.accounts.models import ApiToken
from convenor.accounts.services import token_create, token_revoke


def test_a_token_created_on_the_page_is_shown_once_and_stored_hashed(alice, client_for):
    client = client_for(alice)
    response = client.post("/accounts/tokens/", {"name": "nightly import"})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw.startswith("cvn_")
    token = ApiToken.objects.get(user=alice)
    assert raw not in token.key_hash
    assert raw not in client.get("/accounts/tokens/").content.decode()


def test_a_bearer_token_authenticates_api_calls(alice, workspace):
    _, raw = token_create(user=alice, name="script")
    response = Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json()["email"] == alice.email
    assert response.json()["memberships"][0]["workspace"] == workspace.slug


def test_a_revoked_token_no_longer_works(alice):
    token, raw = token_create(user=alice, name="script")
    token_revoke(user=alice, token=token)
    response = Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_revoking_on_the_page_affects_only_your_own_tokens(alice, olga, client_for):
    theirs, _ = token_create(user=olga, name="olga's")
    client_for(alice).post("/accounts/tokens/", {"revoke": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_api_without_credentials_answers_401(db):
    assert Client().get("/api/me").status_code == 401
