"""Recruitment handouts as PDF: downloaded from the handout page, naming the partnership's
current convener from the intermediary history (not the workspace) once one is recorded,
and the new one after the convener changes."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.utils import timezone

from convenor.intermediaries.services import convener_change
from convenor.partners import services as partners
from convenor.partners.models import Category


def _pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text as a reader sees it (poppler's pdftotext)."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: run scripts/debian-packages (make test does)")
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(out.stdout.split())


def _download(client, url: str):
    response = client.get(url, {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return response


@pytest.fixture
def college(workspace, alice):
    return partners.organisation_create(
        actor=alice,
        workspace=workspace,
        name="Columbus State Community College",
        category=Category.EDUCATION,
        education_type="college",
    )


@pytest.fixture
def board(workspace, alice):
    return partners.organisation_create(
        actor=alice,
        workspace=workspace,
        name="Central Ohio Manufacturers Council",
        category=Category.ASSOCIATION,
    )


def test_the_pdf_names_the_current_convener_after_a_change(
    alice, vic, partnership, college, board, client_for, tmp_path
):
    client = client_for(vic)
    url = f"/p/{partnership.pk}/recruitment/employer/"
    # No convener recorded yet: the workspace convenes.
    text = _pdf_text(_download(client, url).content, tmp_path)
    assert "Acme Workforce Board convenes the partnership" in text

    today = timezone.localdate()
    convener_change(
        actor=alice,
        partnership=partnership,
        convener=college,
        started_on=today - dt.timedelta(days=200),
        reason="",
    )
    convener_change(
        actor=alice,
        partnership=partnership,
        convener=board,
        started_on=today - dt.timedelta(days=10),
        reason="Employers asked for an industry-led convener.",
    )
    response = _download(client, url)
    assert response["Content-Disposition"] == (
        'attachment; filename="healthcare-careers-council-employers.pdf"'
    )
    text = _pdf_text(response.content, tmp_path)
    assert "Central Ohio Manufacturers Council convenes the partnership" in text
    assert "Contact: Central Ohio Manufacturers Council" in text
    assert "Columbus State" not in text and "Acme Workforce Board" not in text
    assert "Healthcare Careers Council" in text
    assert "(we are here)" in text
    # The page names the same convener and offers the download.
    page = client.get(url).content.decode()
    assert "Central Ohio Manufacturers Council convenes the partnership" in page
    assert f'href="{url}?format=pdf"' in page


def test_a_partners_own_handout_downloads_as_pdf(
    alice, sam, partnership, ada_member, college, client_for, tmp_path
):
    convener_change(
        actor=alice,
        partnership=partnership,
        convener=college,
        started_on=timezone.localdate() - dt.timedelta(days=5),
        reason="",
    )
    response = _download(
        client_for(sam), f"/p/{partnership.pk}/recruitment/partner/{ada_member.pk}/"
    )
    assert "ada-lovelace" in response["Content-Disposition"]
    text = _pdf_text(response.content, tmp_path)
    assert "Prepared for Ada Lovelace" in text
    assert "Columbus State Community College convenes the partnership" in text


def test_a_term_that_ended_leaves_the_workspace_named(
    alice, vic, partnership, college, client_for, tmp_path
):
    from convenor.intermediaries.models import ConvenerTerm

    convener_change(
        actor=alice,
        partnership=partnership,
        convener=college,
        started_on=timezone.localdate() - dt.timedelta(days=300),
        reason="",
    )
    ConvenerTerm.objects.filter(partnership=partnership).update(
        ended_on=timezone.localdate() - dt.timedelta(days=30)
    )
    text = _pdf_text(
        _download(client_for(vic), f"/p/{partnership.pk}/recruitment/employer/").content, tmp_path
    )
    assert "Acme Workforce Board convenes the partnership" in text
