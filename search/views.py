from django.shortcuts import render


def search(request):
    # Placeholder until the search issue: renders the query box only.
    return render(request, "search/search.html", {"query": request.GET.get("q", "")})
