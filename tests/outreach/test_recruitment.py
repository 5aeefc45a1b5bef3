"""Printable recruitment material per category and per partner, edited per partnership."""

from __future__ import annotations

import datetime as dt

from django.utils.html import escape

from convenor.outreach import services
from convenor.outreach.models import Method, RecruitmentMaterial
from convenor.outreach.recruitment import DEFAULT_BENEFITS, material_for
from convenor.partners.models import Category


def test_the_employer_handout_is_built_from_the_partnerships_data(
    vic, alice, partnership, ada, ada_member, client_for
):
    services.touch_create(
        actor=alice,
        partnership=partnership,
        occurred_on=dt.date(2026, 1, 5),
        method=Method.ONE_ON_ONE,
        people=[ada],
        challenges=["skills_gap"],
    )
    response = client_for(vic).get(f"/p/{partnership.pk}/recruitment/employer/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Healthcare Careers Council brings together employers in health care" in content
    assert "Franklin County, OH" in content
    # The life cycle, with the partnership's own stage marked.
    assert "Regional needs assessment</strong> (we are here)" in content
    assert "Convening</strong>:" in content
    assert escape(DEFAULT_BENEFITS[Category.EMPLOYER][0]) in content
    assert "Chart the direction" in content
    assert "Skills gap between applicants and critical occupations: raised by 1 employer" in content
    assert "1 employer and their partners have committed: Acme Machining" in content
    assert "Acme Workforce Board convenes the partnership" in content


def test_every_category_has_a_handout_with_its_own_benefits(vic, partnership, client_for):
    client = client_for(vic)
    for category in [*Category.values, "all"]:
        response = client.get(f"/p/{partnership.pk}/recruitment/{category}/")
        assert response.status_code == 200, category
    labor = client.get(f"/p/{partnership.pk}/recruitment/labor/").content.decode()
    assert escape(DEFAULT_BENEFITS[Category.LABOR][0]) in labor
    assert "Participate, and listen carefully to what employers are saying." in labor


def test_an_unknown_category_is_not_found(vic, partnership, client_for):
    assert client_for(vic).get(f"/p/{partnership.pk}/recruitment/wizards/").status_code == 404


def test_staff_write_the_partnerships_own_text(sam, vic, partnership, client_for):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/recruitment/employer/edit/",
        {
            "purpose": "Fill 400 nursing assistant jobs a year.",
            "benefits": "- Shorter time to hire\n- Training on your schedule",
            "roles": "",
            "contact": "Sam, 614-555-0100",
        },
    )
    assert response.status_code == 302
    stored = RecruitmentMaterial.objects.get(partnership=partnership, category="employer")
    assert stored.benefits.startswith("- Shorter")
    content = client_for(vic).get(f"/p/{partnership.pk}/recruitment/employer/").content.decode()
    assert "Fill 400 nursing assistant jobs a year." in content
    assert "<li>Shorter time to hire</li>" in content
    assert "Sam, 614-555-0100" in content


def test_the_general_text_applies_to_categories_without_their_own(alice, partnership):
    services.recruitment_save(
        actor=alice, partnership=partnership, category="", purpose="Our general purpose."
    )
    services.recruitment_save(
        actor=alice, partnership=partnership, category="education", purpose="For colleges."
    )
    assert material_for(partnership, "labor").purpose == "Our general purpose."
    assert material_for(partnership, "education").purpose == "For colleges."


def test_two_editors_of_the_same_text_do_not_overwrite_each_other(
    alice, sam, partnership, client_for
):
    material = services.recruitment_save(
        actor=alice, partnership=partnership, category="employer", purpose="v1"
    )
    form = {"purpose": "", "benefits": "", "roles": "", "contact": "", "version": material.version}
    client_for(alice).post(
        f"/p/{partnership.pk}/recruitment/employer/edit/", {**form, "purpose": "alice"}
    )
    response = client_for(sam).post(
        f"/p/{partnership.pk}/recruitment/employer/edit/", {**form, "purpose": "sam"}
    )
    assert response.status_code == 409
    material.refresh_from_db()
    assert material.purpose == "alice"


def test_a_handout_per_partner_is_addressed_to_them(vic, partnership, ada_member, client_for):
    response = client_for(vic).get(f"/p/{partnership.pk}/recruitment/partner/{ada_member.pk}/")
    content = response.content.decode()
    assert "Prepared for Ada Lovelace (Acme Machining)" in content
    assert "What the partnership can do for Acme Machining" in content


def test_a_partner_may_print_the_handouts_to_enlist_peers(pat, partnership, client_for):
    client = client_for(pat)
    assert client.get(f"/p/{partnership.pk}/recruitment/").status_code == 200
    assert client.get(f"/p/{partnership.pk}/recruitment/employer/").status_code == 200
    assert client.get(f"/p/{partnership.pk}/recruitment/employer/edit/").status_code == 403


def test_a_viewer_cannot_edit_the_texts(vic, partnership, client_for):
    response = client_for(vic).post(
        f"/p/{partnership.pk}/recruitment/employer/edit/", {"purpose": "x"}
    )
    assert response.status_code == 403
