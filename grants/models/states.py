"""Moved to ``grants.states`` (so ``grants.rules`` can import the states without running the
models package: that was an import loop). Kept only for grants/importing.py and
grants/resources.py, which are being rewritten in another branch; delete this module once they
import ``grants.states``."""

from ..states import COMMITTED_STATES, OrganisationType, State  # noqa: F401
