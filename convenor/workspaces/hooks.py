"""Events of workspaces, for apps that act on them.

Workspaces is the ground floor of tenancy and imports no other app: an app that
must act when something happens here connects a receiver in its
``AppConfig.ready``. The signal is sent inside the write's transaction, so a
receiver that fails undoes the write.

    from convenor.workspaces import hooks

    hooks.on_invitation_accepted.connect(my_receiver, dispatch_uid="myapp.accepted")
"""

from __future__ import annotations

from django.dispatch import Signal

# A signed-in user accepted an invitation (the partners app links her sign-in to
# her person in the registry).
# Arguments: ``invitation`` (accepted), ``membership``, ``user``.
on_invitation_accepted = Signal()
