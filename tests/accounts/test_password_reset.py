from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD


def test_a_reset_link_is_e_mailed_and_sets_a_new_password(alice):
    client = Client()
    response = client.post("/accounts/password-reset/", {"email": alice.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password-reset/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    form_page = client.get(path, follow=True)
    assert b"Choose a new password" in form_page.content
    new = "a brand new passphrase 42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    assert Client().login(email=alice.email, password=new)
    assert not Client().login(email=alice.email, password=PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(db):
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
