import subprocess
import sys

from django.conf import settings


def test_dutch_is_the_default_language_and_english_is_available():
    assert settings.LANGUAGE_CODE == "nl"
    assert dict(settings.LANGUAGES).keys() == {"nl", "en"}


def test_production_settings_refuse_to_start_without_a_real_secret_key():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
            "'portal.settings.production'; os.environ.pop('SECRET_KEY', None); django.setup()",
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "k3y-" + "".join(chr(97 + (i * 7) % 26) for i in range(60)),
        "ALLOWED_HOSTS": "dorpskracht.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def _settings_under(env, expression):
    """``expression`` evaluated on the production settings loaded with ``env``."""
    code = (
        "import django, os, json; os.environ['DJANGO_SETTINGS_MODULE']="
        "'portal.settings.production'; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}))"
    )
    base = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "k3y-" + "".join(chr(97 + (i * 7) % 26) for i in range(60)),
        "DATABASE_URL": "postgres://portal@127.0.0.1:6432/dorpskracht",
    }
    result = subprocess.run(  # noqa: S603 (our own code, fixed)
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**base, **env},
        check=True,
    )
    return result.stdout.strip()


def test_an_elasticsearch_cluster_is_several_urls_and_a_replica_count():
    backend = _settings_under(
        {
            "ELASTICSEARCH_URL": "http://es1:9200,http://es2:9200",
            "ELASTICSEARCH_REPLICAS": "1",
        },
        "settings.WAGTAILSEARCH_BACKENDS['default']",
    )
    assert '"URLS": ["http://es1:9200", "http://es2:9200"]' in backend
    assert '"number_of_replicas": 1' in backend


def test_behind_pgbouncer_in_transaction_mode_no_server_side_cursors():
    expression = "settings.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS', False)"
    assert _settings_under({}, expression) == "false"
    assert _settings_under({"DB_DISABLE_SERVER_SIDE_CURSORS": "true"}, expression) == "true"
