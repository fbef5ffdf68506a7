"""The header search's results page (placements/search.py does the reading)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from placements import search


def search_results(request):
    """GET ?q=: at most 20 people, households and carers, exact reference first. Any text is safe to send."""
    if not search.may_search(request.user):
        raise PermissionDenied("Searching needs a role that may see people or households.")
    text = search.clean_text(request.GET.get("q"))
    too_short = len(text) < search.MIN_LENGTH
    results = [] if too_short else search.search(request.user, text)
    return render(
        request,
        "placements/search.html",
        {"q": text, "too_short": too_short, "results": results, "min_length": search.MIN_LENGTH},
    )
