import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

EDITOR_PASSWORD = "a-long-editor-passphrase-57"


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
