"""Demo content for the knowledge bank and events. Filled in by the knowledge app (issue #2)."""


def load(command, home_page):
    raise NotImplementedError
