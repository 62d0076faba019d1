"""Demo content for the site pages. Filled in by the home app (issue #2)."""


def load(command):
    raise NotImplementedError


def load_navigation(command, home_page):
    raise NotImplementedError


def ensure_demo_users(command):
    raise NotImplementedError
