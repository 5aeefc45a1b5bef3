"""Events of the partner registry, for apps that keep data derived from it.

The registry does not know who derives what from it: outreach, for one, indexes
which employers raised each challenge by the people's employers and the
organisations' categories. Such an app connects a receiver in its
``AppConfig.ready``; ``convenor.partners.services`` sends the event inside the
write's transaction, so a receiver that fails undoes the write. Partners imports
no app that listens.

    from convenor.partners import hooks

    hooks.on_person_employer_changed.connect(my_receiver, dispatch_uid="myapp.employer")
"""

from __future__ import annotations

from django.dispatch import Signal

# A person now works for another organisation (or none).
# Arguments: ``person`` (saved), ``previous_organisation_id`` (int | None).
on_person_employer_changed = Signal()

# An organisation changed category (e.g. from employer to industry association).
# Arguments: ``organisation`` (saved), ``previous_category`` (str).
on_organisation_category_changed = Signal()

# A person was deleted; their links to other apps' rows went with them.
# Arguments: ``person_id`` (int), ``workspace_id`` (int), ``organisation_id``
# (int | None: the employer they counted for).
on_person_deleted = Signal()
