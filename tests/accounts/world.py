from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

ORDER = 0


def build_workspace(world) -> None:
    world.kwargs["uidb64"] = urlsafe_base64_encode(force_bytes(world.owner.pk))
    world.kwargs["token"] = default_token_generator.make_token(world.owner)
