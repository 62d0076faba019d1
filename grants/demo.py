"""Demo content for schemes, villages, categories and applications (issue #3)."""


def load(command, home_page):
    raise NotImplementedError
