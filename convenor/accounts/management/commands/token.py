from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from convenor.accounts.models import ApiToken, User
from convenor.accounts.services import token_create, token_revoke


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (Authorization: Bearer <token>)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = sub.add_parser("create", help="create a token for EMAIL and print it (shown once)")
        create.add_argument("email", help="the user the token acts as")
        create.add_argument("--name", default="command line", help="what the token is for")
        listing = sub.add_parser("list", help="list EMAIL's tokens")
        listing.add_argument("email")
        revoke = sub.add_parser("revoke", help="revoke EMAIL's token that starts with PREFIX")
        revoke.add_argument("email")
        revoke.add_argument("prefix", help="the first characters of the token, as listed")

    def handle(self, *args, action, email, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"no user with e-mail {email}")
        if action == "create":
            _, raw = token_create(user=user, name=options["name"])
            self.stdout.write(raw)
        elif action == "list":
            for token in ApiToken.objects.filter(user=user):
                state = "active" if token.is_active else f"revoked {token.revoked_at:%Y-%m-%d}"
                self.stdout.write(
                    f"{token.prefix}  {token.name}  {token.created_at:%Y-%m-%d}  {state}"
                )
        else:
            matches = [
                t
                for t in ApiToken.objects.filter(user=user)
                if t.prefix.startswith(options["prefix"])
            ]
            if len(matches) != 1:
                raise CommandError(
                    f"{len(matches)} tokens of {email} start with {options['prefix']!r}; "
                    "give a longer prefix"
                )
            token_revoke(user=user, token=matches[0])
            self.stdout.write(f"revoked {matches[0].prefix}…")
