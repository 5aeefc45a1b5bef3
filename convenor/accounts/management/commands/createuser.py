from __future__ import annotations

import getpass
import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from convenor.accounts.models import User
from convenor.accounts.services import user_create
from convenor.audit import services as audit
from convenor.workspaces import services as workspace_services
from convenor.workspaces.models import Membership, Role, Workspace


class Command(BaseCommand):
    help = "Create a user who signs in with EMAIL; optionally add them to a workspace with a role."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the e-mail address the user signs in with")
        parser.add_argument("--name", default="", help="the person's name")
        parser.add_argument(
            "--password",
            help="the password (default: ask, or generate one and print it when not on a terminal)",
        )
        parser.add_argument("--workspace", help="slug of a workspace to add the user to")
        parser.add_argument(
            "--role",
            choices=Role.values,
            default=Role.STAFF,
            help="role in --workspace (default staff)",
        )
        parser.add_argument(
            "--new-workspace",
            metavar="NAME",
            help="create a workspace of this name, owned by the user",
        )

    def handle(self, *args, email, name, password, workspace, role, new_workspace, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address") from None
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"a user with e-mail {email} already exists")
        target = None
        if workspace:
            target = Workspace.objects.filter(slug=workspace).first()
            if target is None:
                raise CommandError(f"no workspace with slug {workspace!r}")
        generated = False
        if password is None:
            if self.stdin_is_tty():
                password = getpass.getpass("Password: ")
            else:
                password, generated = secrets.token_urlsafe(12), True
        try:
            password_validation.validate_password(password, User(email=email, name=name))
        except ValidationError as exc:
            raise CommandError("password: " + " ".join(exc.messages)) from None
        user = user_create(email=email, password=password, name=name)
        self.stdout.write(f"Created user {user.email}")
        if generated:
            self.stdout.write(f"Password: {password}")
        if target is not None:
            audit.create(actor=None, instance=Membership(workspace=target, user=user, role=role))
            self.stdout.write(f"Added to {target.name} as {role}")
        if new_workspace:
            ws = workspace_services.workspace_create(actor=user, name=new_workspace)
            self.stdout.write(f"Created workspace {ws.name} ({ws.slug}), owned by {user.email}")

    @staticmethod
    def stdin_is_tty() -> bool:
        import sys

        return sys.stdin.isatty()
