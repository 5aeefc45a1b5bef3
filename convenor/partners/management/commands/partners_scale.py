from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from convenor.partners.scale import build_scale_workspace


class Command(BaseCommand):
    help = (
        "Build a seeded workspace with 5,000 people, 2,000 organisations and 50,000 touches "
        "(by default) to measure the partner pages at scale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True, help="e-mail of the user who owns it")
        parser.add_argument("--name", default="Scale Test Workforce Board")
        parser.add_argument("--people", type=int, default=5000)
        parser.add_argument("--organisations", type=int, default=2000)
        parser.add_argument("--touches", type=int, default=50000)
        parser.add_argument("--seed", type=int, default=1, help="same seed, same workspace")

    def handle(self, *args, owner, name, people, organisations, touches, seed, **options):
        user = get_user_model().objects.filter(email__iexact=owner).first()
        if user is None:
            raise CommandError(f"No user {owner}; create one with `convenor createuser`.")
        start = time.perf_counter()
        built = build_scale_workspace(
            owner=user,
            name=name,
            people=people,
            organisations=organisations,
            touches=touches,
            seed=seed,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {built.workspace.name} (/w/{built.workspace.slug}/) in "
                f"{time.perf_counter() - start:.1f}s: {people} people, {organisations} "
                f"organisations, {touches} touches."
            )
        )
