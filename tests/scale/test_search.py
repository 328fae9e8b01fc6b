"""Search on the stored folded columns: ranked, the same on SQLite and PostgreSQL, indexed on
PostgreSQL, and kept current when a record a row is found through changes."""

import re

import pytest
from django.db import connection

from resolutions.models import Agency, Document, Law, Task
from resolutions.search import ranked_search, search_queryset, search_terms
from tests.factories import make_agency, make_document, make_task

# Queries whose results do not depend on the database's matching (every word begins a word of
# the record wherever it appears): the same slugs on SQLite and PostgreSQL.
QUERIES = [
    "57-NQ/TW",
    "57/NQ-TW",
    "quốc hội",
    "Quoc Hoi",
    "khoa học công nghệ",
    "chuyển đổi số",
    "Data Law",
    "nghị quyết",
    # Beginnings of words.
    "kh h",
    "chuy đ s",
    "ngh quy",
    "57/N",
]


def slugs(queryset):
    return sorted(queryset.values_list("slug", flat=True))


def words_begin(term_words, text):
    record_words = re.findall(r"[^\W_]+", text)
    return all(any(word.startswith(query_word) for word in record_words) for query_word in term_words)


def reference_match(record, text):
    """The rule in Python: each term's words each begin a word of the record's folded text, or
    its letters and digits run together begin one (a code)."""
    for term in search_terms(text):
        words = re.findall(r"[^\W_]+", term)
        code = "".join(words)
        if not (words_begin(words, record.search_text) or words_begin([code], record.search_text)):
            return False
    return True


def test_curated_search_finds_what_the_rule_says(curated):
    # The same rule, so the same results, on SQLite (LIKE) and PostgreSQL (full text).
    found = 0
    for model in [Task, Document, Agency, Law]:
        for text in QUERIES:
            expected = sorted(record.slug for record in model.objects.all() if reference_match(record, text))
            assert slugs(search_queryset(model.objects.all(), text)) == expected, (model, text)
            found += len(expected)
    assert found > 20


def test_searching_a_code_shows_its_document_first(curated):
    for text in ["57/NQ-TW", "57-NQ/TW", "57nqtw"]:
        documents = list(ranked_search(Document.objects.all(), text))
        assert documents[0].code == "57-NQ/TW", text
        assert documents[0].search_rank == 0


def test_exact_titles_then_titles_then_the_rest(db):
    make_task(slug="exact", title="Chuyển đổi số")
    make_task(slug="in-title", title="Chuyển đổi số quốc gia")
    make_task(slug="in-text", title="Another task", description="Về chuyển đổi số.")
    make_task(slug="unrelated", title="Train officials")

    ranked = list(ranked_search(Task.objects.all(), "chuyen doi so"))

    assert [task.slug for task in ranked] == ["exact", "in-title", "in-text"]
    assert [task.search_rank for task in ranked] == [0, 1, 2]


def test_ranked_search_keeps_the_queryset_order_within_a_rank(db):
    for n in range(3):
        make_task(slug=f"task-{n}", title=f"Report {n}", description="cybersecurity")
    ranked = ranked_search(Task.objects.order_by("-slug"), "cybersecurity")
    assert [task.slug for task in ranked] == ["task-2", "task-1", "task-0"]


def test_a_renamed_agency_moves_its_tasks_in_search(db):
    agency = make_agency(name="Ministry of Science", name_vi="Bộ Khoa học")
    task = make_task(title="Amend the law", lead_agency=agency)
    document = make_document(code="01/KH-BKHCN", title="Plan")
    task.document = document
    task.save()
    assert slugs(search_queryset(Task.objects.all(), "bo khoa hoc")) == [task.slug]

    agency.name_vi = "Bộ Tài chính"
    agency.save()
    document.code = "02/KH-BTC"
    document.save()

    assert slugs(search_queryset(Task.objects.all(), "bo khoa hoc")) == []
    assert slugs(search_queryset(Task.objects.all(), "bo tai chinh")) == [task.slug]
    assert slugs(search_queryset(Task.objects.all(), "02/KH-BTC")) == [task.slug]
    assert slugs(search_queryset(Task.objects.all(), "01/KH-BKHCN")) == []


def test_search_columns_are_folded_and_hold_titles_one_per_line(db):
    task = make_task(title="Sửa đổi Luật Khoa học", title_vi="Đổi mới sáng tạo")
    assert task.search_title == "\nsua doi luat khoa hoc\ndoi moi sang tao\n"
    assert "doi moi sang tao" in task.search_text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
@pytest.mark.parametrize("model", [Task, Document, Agency, Law])
def test_postgresql_search_uses_the_gin_index(db, model):
    query = search_queryset(model.objects.all(), "chuyen doi so").order_by()
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"{model._meta.model_name}_search_vector_gin" in plan
    # The stored vector, not the vector computed again from the text (migration 0013).
    assert "search_vector @@" in plan and "to_tsvector" not in plan


def stored_vector_is_the_texts(task):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector IS NOT NULL AND search_vector = to_tsvector('simple', search_text) "
            "FROM resolutions_task WHERE id = %s",
            [task.pk],
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's")
def test_the_stored_vector_follows_every_write_of_the_search_text(db):
    task = make_task(title="Chuyển đổi số quốc gia")
    assert stored_vector_is_the_texts(task)
    assert slugs(search_queryset(Task.objects.all(), "chuyen doi")) == [task.slug]

    task.title = "Khoa học công nghệ"  # save(): Django writes NULL, the database the vector
    task.save()
    assert stored_vector_is_the_texts(task)
    Task.objects.filter(pk=task.pk).update(search_text="du lieu mo")  # update() and bulk_update
    assert stored_vector_is_the_texts(task)
    assert slugs(search_queryset(Task.objects.all(), "du lieu")) == [task.slug]
    assert slugs(search_queryset(Task.objects.all(), "khoa hoc")) == []
    Task.objects.filter(pk=task.pk).update(search_vector="khoa hoc")  # a vector of other words
    assert stored_vector_is_the_texts(task)


def test_the_edit_history_does_not_copy_the_vector(db):
    for model in (Task, Document, Agency, Law):
        assert "search_vector" in {field.name for field in model._meta.fields}
        assert "search_vector" not in {field.name for field in model.history.model._meta.fields}
