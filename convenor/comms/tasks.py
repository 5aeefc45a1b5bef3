"""Background sending of updates and input links, run by ``convenor worker``.

Each message is one recipient's (no one sees the others' addresses) and is part of
the record: an update's delivery is an outreach touch (method e-mail) on the person,
so the outreach log and "last contacted" stay true.
"""

from __future__ import annotations

from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from convenor.audit import services as audit
from convenor.audit.models import AuditEntry
from convenor.comms import selectors
from convenor.comms.mail import markdown_html, message
from convenor.comms.models import InputLink, Recipient, Update
from convenor.lib.words import counted
from convenor.outreach.models import Method
from convenor.outreach.services import touch_create


@task()
def send_update(update_id: int) -> int:
    """Send the queued recipients of an update; returns how many were sent.

    Unsubscribes are read again here: one that arrived after the update was queued is
    honoured. A recipient is marked sent right after its message, so a worker that
    stopped half-way resumes without sending twice.
    """
    from convenor.comms.services import unsubscribe_url

    update = Update.objects.select_related("partnership").filter(pk=update_id).first()
    if update is None:
        return 0
    rows = list(
        Recipient.objects.filter(update=update, status=Recipient.Status.QUEUED).select_related(
            "person"
        )
    )
    if not rows:
        return 0  # sent already (a second run of the same task sends nothing)
    html_body = markdown_html(update.body)
    sent = 0
    with get_connection() as connection:
        for row in rows:
            if selectors.is_unsubscribed(update.workspace_id, row.email):
                Recipient.objects.filter(pk=row.pk).update(status=Recipient.Status.UNSUBSCRIBED)
                continue
            message(
                to=row.email,
                subject=update.subject,
                template="comms/email/update",
                context={
                    "update": update,
                    "person": row.person,
                    "partnership": update.partnership,
                    "html_body": html_body,
                },
                connection=connection,
                unsubscribe_url=unsubscribe_url(update.workspace_id, row.email),
            ).send()
            touch = touch_create(
                actor=update.created_by,
                partnership=update.partnership,
                occurred_on=timezone.localdate(),
                method=Method.EMAIL,
                people=[row.person],
                purpose=f"Update: {update.subject}"[:300],
            )
            Recipient.objects.filter(pk=row.pk).update(
                status=Recipient.Status.SENT, sent_at=timezone.now(), touch=touch
            )
            sent += 1
    Update.objects.filter(pk=update.pk).update(status=Update.Status.SENT, sent_at=timezone.now())
    audit.record(
        actor=None,
        instance=update,
        action=AuditEntry.Action.EVENT,
        note=f"update e-mailed to {counted(sent, 'recipient')}",
    )
    return sent


@task()
def send_input_links(link_ids: list[int]) -> int:
    """E-mail each person their link (rate a round, enter projections, answer the pulse)."""
    from convenor.comms.services import input_link_url, unsubscribe_url

    links = list(
        InputLink.objects.filter(pk__in=link_ids, revoked_at__isnull=True)
        .exclude(person__email="")
        .select_related("partnership", "person", "round", "meeting")
    )
    sent = 0
    with get_connection() as connection:
        for link in links:
            message(
                to=link.person.email,
                subject=f"{link.partnership.name}: {link.get_purpose_display().lower()}",
                template="comms/email/input_link",
                context={"link": link, "url": input_link_url(link)},
                connection=connection,
                unsubscribe_url=unsubscribe_url(link.workspace_id, link.person.email),
            ).send()
            InputLink.objects.filter(pk=link.pk).update(sent_at=timezone.now())
            sent += 1
    return sent
