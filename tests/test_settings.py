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
