from .support import applications_provider  # noqa: F401
