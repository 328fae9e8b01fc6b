import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

EDITOR_PASSWORD = "a-long-editor-passphrase-57"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; these tests log in and create users often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    call_command("setup_roles", verbosity=0)
    user = User.objects.create_user("editor", "editor@example.org", EDITOR_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return user


@pytest.fixture
def editor_client(client, editor):
    # The site's default language is Vietnamese; these tests read the English messages.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(editor)
    return client
