"""Who may use the admin: the editor group, staff only, a rate-limited login, two languages."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from resolutions.models import Source
from tests.admin.conftest import EDITOR_PASSWORD
from tests.factories import make_source

LOGIN_URL = reverse("admin:login")


def editor_permissions():
    return set(Group.objects.get(name="editor").permissions.values_list("content_type__app_label", "codename"))


@pytest.mark.django_db
def test_setup_roles_creates_an_editor_group_that_adds_and_changes_but_never_deletes():
    call_command("setup_roles", verbosity=0)

    permissions = editor_permissions()
    codenames = {codename for _app, codename in permissions}
    assert {"add_task", "change_task", "view_task", "add_progressreport", "change_source"} <= codenames
    assert "view_historicaltask" in codenames
    assert "change_historicaltask" not in codenames
    assert not [codename for codename in codenames if codename.startswith("delete_")]
    assert {app for app, _codename in permissions} == {"resolutions"}


@pytest.mark.django_db
def test_setup_roles_is_idempotent():
    call_command("setup_roles", verbosity=0)
    first = editor_permissions()
    call_command("setup_roles", verbosity=0)

    assert editor_permissions() == first
    assert Group.objects.filter(name="editor").count() == 1


@pytest.mark.django_db
def test_setup_roles_makes_a_new_or_existing_user_an_editor(capsys):
    existing = User.objects.create_user("lan", password=EDITOR_PASSWORD)

    call_command("setup_roles", editor=["lan", "minh"])

    output = capsys.readouterr().out
    assert "manage.py changepassword minh" in output
    for username in ("lan", "minh"):
        user = User.objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert user.groups.filter(name="editor").exists()
        assert user.has_perm("resolutions.add_progressreport")
        assert not user.has_perm("resolutions.delete_source")
    existing.refresh_from_db()
    assert existing.check_password(EDITOR_PASSWORD)
    assert not User.objects.get(username="minh").has_usable_password()


@pytest.mark.django_db
def test_setup_roles_refuses_an_empty_user_name():
    with pytest.raises(CommandError, match="needs a user name"):
        call_command("setup_roles", editor=[" "], verbosity=0)


@pytest.mark.django_db
def test_setup_roles_refuses_an_invalid_user_name_and_changes_nothing():
    with pytest.raises(CommandError, match="“a b” is not a valid user name"):
        call_command("setup_roles", editor=["lan", "a b"], verbosity=0)

    assert not User.objects.exists()
    assert not Group.objects.exists()


def test_editor_may_add_a_source_but_not_delete_one(editor_client):
    source = make_source()

    assert editor_client.get(reverse("admin:resolutions_source_add")).status_code == 200
    delete_url = reverse("admin:resolutions_source_delete", args=[source.pk])
    assert editor_client.get(delete_url).status_code == 403
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Source.objects.filter(pk=source.pk).exists()


def test_editor_may_not_manage_users(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_only_a_superuser_deletes(admin_client):
    source = make_source()

    response = admin_client.post(reverse("admin:resolutions_source_delete", args=[source.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_the_login_page(client):
    url = reverse("admin:resolutions_task_changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={url}"


@pytest.mark.django_db
def test_non_staff_users_are_sent_to_the_login_page(client):
    client.force_login(User.objects.create_user("reader", password=EDITOR_PASSWORD))
    url = reverse("admin:resolutions_task_changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def log_in(client, password):
    data = {"username": "editor", "password": password, "next": "/admin/"}
    return client.post(LOGIN_URL, data, headers={"accept-language": "en"})


def test_an_editor_logs_in_with_the_right_password(client, editor):
    response = log_in(client, EDITOR_PASSWORD)

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_login_is_locked_after_five_wrong_passwords(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        assert log_in(client, "wrong-password").status_code == 200  # the form again, with its error

    fifth = log_in(client, "wrong-password")
    sixth = log_in(client, EDITOR_PASSWORD)

    assert fifth.status_code == 429
    assert sixth.status_code == 429
    assert "locked after 5 wrong passwords" in sixth.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="editor").exists()


def test_the_lockout_page_carries_the_site_header(client, editor):
    for _attempt in range(5):
        log_in(client, "wrong-password")

    page = log_in(client, EDITOR_PASSWORD).content.decode()

    assert "Resolution 57 Tracker: editors" in page
    assert "Django administration" not in page


def test_the_login_page_follows_the_language(client, db):
    vietnamese = client.get(LOGIN_URL, headers={"accept-language": "vi"}).content.decode()
    english = client.get(LOGIN_URL, headers={"accept-language": "en"}).content.decode()

    assert "Đăng nhập" in vietnamese
    assert "Log in" in english and "Đăng nhập" not in english


def test_the_language_switch_changes_the_admin_language(editor_client):
    editor_client.defaults.pop("HTTP_ACCEPT_LANGUAGE")
    index = reverse("admin:index")
    assert 'action="/i18n/setlang/"' in editor_client.get(index).content.decode()

    response = editor_client.post(reverse("set_language"), {"language": "en", "next": index}, follow=True)
    assert "Recent actions" in response.content.decode()
    response = editor_client.post(reverse("set_language"), {"language": "vi", "next": index}, follow=True)
    assert "Hoạt động gần đây" in response.content.decode()
    task_page = editor_client.get(reverse("admin:resolutions_task_add")).content.decode()
    assert 'lang="vi"' in task_page
    assert "Lưu lại" in task_page
