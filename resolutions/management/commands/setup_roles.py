from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

EDITOR_GROUP = "editor"
EDITOR_ACTIONS = ("add", "change", "view")


def editor_permissions():
    """Add, change and view on every tracker model; view on their history. Never delete, never
    anything of django.contrib.auth: only superusers delete records or manage users."""
    app_config = apps.get_app_config("resolutions")
    create_permissions(app_config, verbosity=0)  # in case migrate has not run post_migrate yet
    codenames = []
    for model in app_config.get_models():
        actions = ("view",) if model.__name__.startswith("Historical") else EDITOR_ACTIONS
        codenames += [f"{action}_{model._meta.model_name}" for action in actions]
    permissions = Permission.objects.filter(content_type__app_label="resolutions", codename__in=codenames)
    found = set(permissions.values_list("codename", flat=True))
    missing = sorted(set(codenames) - found)
    if missing:
        raise CommandError(f"Permissions missing (run `manage.py migrate` first): {', '.join(missing)}")
    return permissions


def check_username(User, username):
    if not username:
        raise CommandError("--editor needs a user name.")
    try:
        User._meta.get_field(User.USERNAME_FIELD).run_validators(username)
    except ValidationError as error:
        with translation.override("en"):  # as the command's other messages
            reason = " ".join(error.messages)
        raise CommandError(f"“{username}” is not a valid user name. {reason}") from error


class Command(BaseCommand):
    help = (
        "Create or update the `editor` group: it may add, change and view tracker data and view its "
        "history, but delete nothing and manage no users. Safe to run again. With --editor USERNAME, "
        "also make that user a staff member of the group (created without a usable password if new)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--editor",
            action="append",
            default=[],
            metavar="USERNAME",
            help="A user to put in the editor group; repeat for several.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        say = self.stdout.write if options["verbosity"] >= 1 else lambda message: None
        User = get_user_model()
        usernames = [username.strip() for username in options["editor"]]
        for username in usernames:
            check_username(User, username)
        group, created = Group.objects.get_or_create(name=EDITOR_GROUP)
        permissions = editor_permissions()
        group.permissions.set(permissions)
        verb = "Created" if created else "Updated"
        say(f"{verb} group “{EDITOR_GROUP}” with {len(permissions)} permissions.")

        for username in usernames:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username)
                user.set_unusable_password()
                say(f"Created user “{username}”; set a password with: manage.py changepassword {username}")
            user.is_staff = True
            user.save()
            user.groups.add(group)
            say(f"“{username}” is a staff member of “{EDITOR_GROUP}”.")
