"""Placeholder views; the public website (issue 3) replaces them."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .models import Agency, Document, Law, LawReviewList, Source, Task


def home(request):
    return HttpResponse("Resolution 57 Tracker")


def task_list(request):
    return HttpResponse("\n".join(task.title for task in Task.objects.all()), content_type="text/plain")


def _detail(model):
    def view(request, slug):
        return HttpResponse(str(get_object_or_404(model, slug=slug)), content_type="text/plain")

    return view


task_detail = _detail(Task)
law_detail = _detail(Law)
review_list_detail = _detail(LawReviewList)
document_detail = _detail(Document)
agency_detail = _detail(Agency)
source_detail = _detail(Source)
