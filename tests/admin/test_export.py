"""The round trip: export, flush, load, export gives identical files; reloads keep editors' work."""

import datetime as dt

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from resolutions.deadlines import DatePrecision
from resolutions.management.commands import load_curated
from resolutions.models import Agency, Citation, Figure, FigureUnit, LawReviewList, Meeting, Task
from tests.admin.formdata import add_inline_row, form_data
from tests.factories import make_agency, make_citation, make_document, make_law, make_report, make_source, make_task


def export(directory):
    call_command("export_curated", str(directory), verbosity=0)
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.yaml"))}


def load(directory):
    call_command("loaddata", *sorted(str(path) for path in directory.glob("*.yaml")), verbosity=0)


def make_varied_data():
    """One of everything, with Vietnamese text, self references and many-to-many values."""
    parent = make_agency(slug="chinh-phu", name="Government", name_vi="Chính phủ")
    ministry = make_agency(
        slug="bo-khcn", name="Ministry of Science", name_vi="Bộ Khoa học và Công nghệ", parent=parent
    )
    resolution = make_document(slug="nq-57", code="57-NQ/TW", title="Nghị quyết 57", issued_on=None)
    decree = make_document(
        slug="nd-1",
        code="01/NĐ-CP",
        code_variants="1/ND-CP",
        title="Nghị định về thử nghiệm",
        implements=resolution,
        issuing_agency=parent,
        issued_on=dt.date(2025, 6, 30),
        issued_on_precision=DatePrecision.QUARTER,
    )
    laws = [make_law(slug="luat-b", name="Luật B"), make_law(slug="luat-a", name="Luật A")]
    review_list = LawReviewList.objects.create(slug="28-laws", name="28 luật", document=decree, declared_count=28)
    review_list.laws.set(laws)
    meeting = Meeting.objects.create(
        slug="phien-hop", name="Phiên họp thứ hai", convened_by=parent, concerns=resolution
    )
    figure = Figure.objects.create(slug="so-luat", label="Luật đã thông qua", value=27, unit=FigureUnit.LAWS)
    task = make_task(
        slug="sua-luat",
        title="Sửa đổi Luật Khoa học",
        deadline=dt.date(2025, 6, 30),
        precision=DatePrecision.QUARTER,
        deadline_as_stated="trong quý II năm 2025",
        lead_agency=ministry,
        document=decree,
        meeting=meeting,
    )
    task.coordinating_agencies.set([parent, ministry])
    task.laws.set(laws)
    report = make_report(task, completed_on=dt.date(2025, 6, 15), statement="Đã hoàn thành.")
    source = make_source(
        slug="bao-chinh-phu", publisher="Báo Chính phủ", title="Tin tức", url="https://baochinhphu.vn/a"
    )
    for subject in [{"task": task}, {"report": report}, {"figure": figure}, {"agency": ministry}]:
        make_citation(source, excerpt="“Đúng hạn” — trích dẫn nguyên văn.", **subject)


# flush needs a real transaction: PostgreSQL refuses to TRUNCATE with deferred checks pending.
def test_export_flush_load_export_gives_identical_files(transactional_db, tmp_path):
    make_varied_data()
    first = export(tmp_path / "first")

    call_command("flush", interactive=False, verbosity=0)
    assert not Task.objects.exists()
    load(tmp_path / "first")
    second = export(tmp_path / "second")

    assert list(first) == list(second)
    for name in first:
        assert first[name] == second[name], name
    task = Task.objects.get(slug="sua-luat")
    assert {agency.slug for agency in task.coordinating_agencies.all()} == {"chinh-phu", "bo-khcn"}
    assert task.search_text  # derived fields are not exported but recomputed on load


def test_export_is_utf8_with_natural_keys_sorted_and_no_database_ids(db, tmp_path):
    make_varied_data()
    files = export(tmp_path)

    tasks_file = files["08-task.yaml"].decode("utf-8")
    assert "Sửa đổi Luật Khoa học" in tasks_file  # not \\u escapes
    records = yaml.safe_load(files["04-law.yaml"])
    assert [record["fields"]["slug"] for record in records] == ["luat-a", "luat-b"]
    assert all("pk" not in record for record in yaml.safe_load(files["10-citation.yaml"]))
    task_fields = yaml.safe_load(tasks_file)[0]["fields"]
    assert task_fields["lead_agency"] == ["bo-khcn"]
    assert task_fields["laws"] == [["luat-a"], ["luat-b"]]
    assert "search_text" not in task_fields


def test_export_refuses_a_directory_holding_other_fixtures(db, tmp_path):
    (tmp_path / "01_sources.yaml").write_text("[]\n")

    with pytest.raises(CommandError, match="01_sources.yaml"):
        call_command("export_curated", str(tmp_path), verbosity=0)


@pytest.mark.parametrize("name", ["01-source.yml", "agencies.json", "notes.txt"])
def test_export_refuses_a_directory_holding_any_other_file(db, tmp_path, name):
    (tmp_path / "01-source.yaml").write_text("[]\n")
    (tmp_path / name).write_text("[]\n")

    with pytest.raises(CommandError, match=name):
        call_command("export_curated", str(tmp_path), verbosity=0)

    assert (tmp_path / "01-source.yaml").read_text() == "[]\n"


def test_export_replaces_its_own_previous_export(db, tmp_path):
    make_varied_data()
    first = export(tmp_path)
    Task.objects.update(title="Retitled")

    second = export(tmp_path)

    assert list(second) == list(first)
    assert b"Retitled" in second["08-task.yaml"]


def test_export_refuses_an_empty_path(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where an empty path would write

    with pytest.raises(CommandError, match="empty"):
        call_command("export_curated", "", verbosity=0)

    assert not list(tmp_path.iterdir())


def test_export_refuses_a_file_as_directory(db, tmp_path):
    path = tmp_path / "a-file"
    path.write_text("")

    with pytest.raises(CommandError, match="not a directory"):
        call_command("export_curated", str(path), verbosity=0)


def test_export_reports_a_directory_it_cannot_write(db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")

    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_curated", str(blocker / "inside"), verbosity=0)


def add_citation_in_admin(client, task, source, excerpt):
    url = reverse("admin:resolutions_task_change", args=[task.pk])
    data = add_inline_row(form_data(client.get(url)), "citations", source=source.pk, excerpt=excerpt)
    assert client.post(url, data).status_code == 302


def test_editors_additions_survive_a_reload_of_the_fixtures(editor_client, tmp_path, monkeypatch):
    make_varied_data()
    export(tmp_path)
    monkeypatch.setattr(load_curated, "FIXTURES_DIR", tmp_path)
    task = Task.objects.get(slug="sua-luat")
    add_citation_in_admin(editor_client, task, make_source(), "Thêm bởi biên tập viên.")
    response = editor_client.post(
        reverse("admin:resolutions_agency_add"),
        {"slug": "bo-moi", "name": "A new ministry", "kind": "ministry", "citations-TOTAL_FORMS": "0"}
        | {"citations-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302
    Agency.objects.filter(slug="chinh-phu").update(name="Edited by hand")

    call_command("load_curated", verbosity=0)

    assert Agency.objects.filter(slug="bo-moi").exists()
    assert Citation.objects.filter(task=task, excerpt="Thêm bởi biên tập viên.").exists()
    assert task.citations.count() == 2
    # A fixture record itself is put back as the fixture has it.
    assert Agency.objects.get(slug="chinh-phu").name == "Government"


def test_curated_data_round_trips(transactional_db, curated, tmp_path):
    first = export(tmp_path / "first")
    assert first["08-task.yaml"].count(b"model: resolutions.task") == Task.objects.count() > 0

    call_command("flush", interactive=False, verbosity=0)
    load(tmp_path / "first")

    assert export(tmp_path / "second") == first


def test_editors_additions_survive_a_reload_of_the_curated_fixtures(curated, editor_client):
    task = Task.objects.exclude(deadline=None).first()
    citations_before = task.citations.count()
    add_citation_in_admin(editor_client, task, make_source(), "Added by an editor.")

    call_command("load_curated", verbosity=0)

    assert task.citations.filter(excerpt="Added by an editor.").exists()
    assert task.citations.count() == citations_before + 1
