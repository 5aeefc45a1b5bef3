"""An update (a draft) and an input link in each partnership, and the signed tokens of
the pages that need no sign-in (an unsubscribe, an input link: a ballot of the round)."""

from __future__ import annotations

from convenor.comms import services
from convenor.comms.models import InputLink
from convenor.partners.models import Category

ORDER = 80  # after meetings (60) and planning (70): the meeting and the round exist


def build(world, partnership) -> None:
    person = world.objects["person"]
    update = services.update_create(
        actor=world.owner,
        partnership=partnership,
        subject="Progress on the apprenticeship",
        body="The work group met; **three employers** signed on.",
        categories=[Category.EMPLOYER],
    )
    link = services.input_link_create(
        actor=world.owner,
        partnership=partnership,
        person=person,
        purpose=InputLink.Purpose.BALLOT,
        round=world.objects_for(partnership)["planning"]["round"],
    )
    world.kwargs_for(partnership).update(
        update_id=update.pk,
        input_link_id=link.pk,
        input_token=services.input_link_token(link),
        unsubscribe_token=services.unsubscribe_url(world.workspace.pk, person.email)
        .rstrip("/")
        .rsplit("/", 1)[-1],
    )
