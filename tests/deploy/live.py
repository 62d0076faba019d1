"""The portal as it runs in production, for the deployment tests: its own database on a real
PostgreSQL server, production settings, manage.py and gunicorn in processes of their own."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_from_env(name):
    return int(os.environ.get(name) or free_port())


def create_database(server_url, prefix):
    """A new, empty database on DATABASE_URL's server; returns its URL."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    base = server_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}", name


def drop_database(server_url, name):
    import psycopg

    base = server_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def portal_env(database_url, work, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private-media"),
        "PAGE_CACHE_DIR": str(work / "page-cache"),
        "EMAIL_URL": "dummy:",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env, *args, check=True):
    done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if check and done.returncode:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(env):
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo_content", "--skip-index")
    manage(env, "collectstatic", "--noinput", "-v", "0")


class Gunicorn:
    def __init__(self, env, port, log_path):
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "2",
        }
        self._log = log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{self.base}/", timeout=30).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"gunicorn did not come up: {log_path.read_text()}")
            time.sleep(0.5)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        self._log.close()
