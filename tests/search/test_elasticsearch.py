"""Only on a real Elasticsearch node (ELASTICSEARCH_URL): the Dutch analysis the node got, and
an outage made by stopping the node itself (when .ci/elasticsearch.sh started it)."""

import io
import re
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Page

import pytest

from grants.models import Application
from search.models import PendingIndexUpdate
from tests.grants.factories import application_in_state
from tests.home.factories import StandardPageFactory, stream

pytestmark = pytest.mark.elasticsearch

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "elasticsearch.sh"


def titles(client, search_index, query):
    search_index.refresh()
    html = client.get(reverse("search:search"), {"q": query}).content.decode()
    return re.findall(r'class="search-result__title"><a href="[^"]*">([^<]*)</a>', html), html


def test_indexes_have_a_dutch_analyzer(search_index):
    tier = search_index.backend.analysis_tier(Page)
    assert tier in ("dutch", "hunspell"), f"no Dutch stemming on this node (tier {tier!r})"
    assert search_index.backend.analysis_tier(Application) == tier


def test_dutch_stemming_on_the_node(client, search_index, home_page):
    StandardPageFactory(parent=home_page, title="Initiatief van bewoners", body=stream("Samen."))
    found, _html = titles(client, search_index, "initiatieven")
    assert found == ["Initiatief van bewoners"]


def _script_runs_this_node():
    port = urlparse(settings.ELASTICSEARCH_URL).port
    pid_file = ROOT / ".ci-work" / "elasticsearch" / f"node-{port}" / "node.pid"
    return pid_file.exists(), port


def _script(*args, port):
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "ES_PORT": str(port)}
    subprocess.run(  # noqa: S603 - our own script, fixed arguments
        ["/bin/bash", str(SCRIPT), *args], check=True, env=env, capture_output=True, timeout=240
    )


def test_stopping_the_node_loses_nothing(client, search_index, showcase):
    started_by_script, port = _script_runs_this_node()
    if not started_by_script:
        pytest.skip("the node was not started by .ci/elasticsearch.sh: cannot stop it here")

    _script("stop", port=port)
    try:
        application = application_in_state("approved", title="Kabouterpad door het bos")
        page = StandardPageFactory(
            parent=showcase.get_parent(), title="Kabouterfeest", body=stream("Voor kinderen.")
        )
        assert Application.objects.filter(pk=application.pk, state="approved").exists()
        assert PendingIndexUpdate.objects.filter(object_id=str(application.pk)).exists()
        assert PendingIndexUpdate.objects.filter(object_id=str(page.pk)).exists()

        html = client.get(reverse("search:search"), {"q": "kabouterfeest"}).content.decode()
        assert "De zoekmachine is op dit moment niet bereikbaar" in html
        assert "Kabouterfeest" in html  # the simple fallback still finds titles
    finally:
        _script("resume", port=port)

    call_command("catch_up_index", stdout=io.StringIO(), stderr=io.StringIO())
    assert not PendingIndexUpdate.objects.exists()
    found, html = titles(client, search_index, "kabouter")
    assert sorted(found) == ["Kabouterfeest", "Kabouterpad door het bos"]
    assert "niet bereikbaar" not in html
