"""Sign-in limits slow attackers down without locking the owner out (issue 16, section 6)."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from convenor.accounts import throttle
from tests.conftest import PASSWORD


def attempt(email: str, password: str, *, ip: str = "10.0.0.1", forwarded: str = ""):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    client = Client(REMOTE_ADDR=ip, headers=headers)
    return client, client.post("/accounts/signin/", {"email": email, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@override_settings(SIGNIN_MAX_FAILURES=3)
def test_the_owner_gets_in_from_elsewhere_while_her_account_is_attacked(alice):
    for n in range(12):  # three attackers, four failures each
        attempt(alice.email, "guess", ip=f"203.0.113.{n % 3}")
    client, response = attempt(alice.email, PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302
    assert signed_in(client)


@override_settings(SIGNIN_MAX_FAILURES=3)
def test_the_client_that_failed_is_held_back_and_told_how_long(alice):
    for _ in range(3):
        attempt(alice.email, "guess", ip="203.0.113.9")
    client, response = attempt(alice.email, PASSWORD, ip="203.0.113.9")
    assert response.status_code == 429
    assert not signed_in(client)
    wait = int(response["Retry-After"])
    assert 0 < wait <= 15 * 60
    assert b"Wait" in response.content


@override_settings(SIGNIN_MAX_FAILURES=3, SIGNIN_MAX_DELAY=60)
def test_failures_on_one_account_from_many_clients_slow_each_failing_client_down(alice):
    for n in range(5):
        attempt(alice.email, "guess", ip=f"203.0.113.{n}")
    # A client that failed once must wait after its failure, longer as failures mount...
    now = timezone.now()
    verdict = throttle.signin_verdict(email=alice.email, client="203.0.113.4", now=now)
    assert not verdict.allowed and 0 < verdict.wait <= 60
    later = now + dt.timedelta(seconds=verdict.wait + 1)
    assert throttle.signin_verdict(email=alice.email, client="203.0.113.4", now=later).allowed
    # ... while a client that never failed on it is not held back.
    assert throttle.signin_verdict(email=alice.email, client="198.51.100.1", now=now).allowed


@override_settings(SIGNIN_CLIENT_MAX_FAILURES=4, SIGNIN_MAX_DELAY=30)
def test_one_client_trying_many_accounts_is_slowed_down_not_locked_out(alice, sam):
    for n in range(6):
        attempt(f"someone{n}@acme.example", "guess", ip="203.0.113.50")
    _, response = attempt(sam.email, PASSWORD, ip="203.0.113.50")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 30
    # The delay ends: it is a slow-down, not a lock.
    later = timezone.now() + dt.timedelta(seconds=31)
    assert throttle.signin_verdict(email=sam.email, client="203.0.113.50", now=later).allowed
    # Other clients are not affected.
    _, response = attempt(alice.email, PASSWORD, ip="198.51.100.8")
    assert response.status_code == 302


@override_settings(SIGNIN_CLIENT_MAX_FAILURES=4)
def test_without_a_trusted_proxy_x_forwarded_for_is_not_believed(alice):
    for n in range(6):  # the attacker writes a new X-Forwarded-For each time
        attempt(f"someone{n}@acme.example", "guess", ip="203.0.113.60", forwarded=f"1.2.3.{n}")
    _, response = attempt(alice.email, PASSWORD, ip="203.0.113.60", forwarded="9.9.9.9")
    assert response.status_code == 429


@override_settings(SIGNIN_CLIENT_MAX_FAILURES=4, TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_each_forwarded_client_counts_on_its_own(alice):
    for n in range(6):
        attempt(f"someone{n}@acme.example", "guess", ip="127.0.0.1", forwarded="203.0.113.70")
    _, response = attempt(alice.email, PASSWORD, ip="127.0.0.1", forwarded="203.0.113.70")
    assert response.status_code == 429
    # Everyone else behind the same proxy signs in.
    client, response = attempt(alice.email, PASSWORD, ip="127.0.0.1", forwarded="198.51.100.9")
    assert response.status_code == 302
    assert signed_in(client)


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_the_client_is_the_nearest_forwarded_address_that_is_not_a_trusted_proxy(db):
    factory = RequestFactory()
    spoofed = factory.get(
        "/", REMOTE_ADDR="10.0.0.2", headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.3, 10.1.1.1"}
    )
    assert throttle.client_address(spoofed) == "198.51.100.3"
    direct = factory.get("/", REMOTE_ADDR="198.51.100.4", headers={"X-Forwarded-For": "6.6.6.6"})
    assert throttle.client_address(direct) == "198.51.100.4"


@override_settings(PASSWORD_RESET_MAX=3)
def test_password_reset_e_mails_are_limited_per_address_with_the_same_answer(alice, sam):
    answers = [
        Client(REMOTE_ADDR=f"203.0.113.{n}").post(
            "/accounts/password-reset/", {"email": alice.email}
        )
        for n in range(10)
    ]
    assert {a.status_code for a in answers} == {302}
    assert {a["Location"] for a in answers} == {"/accounts/password-reset/sent/"}
    assert [m.to for m in mail.outbox] == [[alice.email]] * 3
    # Another address still gets its e-mail.
    Client(REMOTE_ADDR="203.0.113.1").post("/accounts/password-reset/", {"email": sam.email})
    assert mail.outbox[-1].to == [sam.email]


@override_settings(PASSWORD_RESET_MAX=2)
def test_one_client_cannot_flood_many_addresses_with_reset_e_mails(db):
    from tests.conftest import make_user

    users = [make_user(f"u{n}@acme.example") for n in range(12)]
    for user in users:
        Client(REMOTE_ADDR="203.0.113.77").post("/accounts/password-reset/", {"email": user.email})
    assert len(mail.outbox) == 8  # four times the per-address limit
