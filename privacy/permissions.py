"""Who may delete their own account here: initiators and other residents. An account that
enters the admin (officials, editors, administrators) is removed by an administrator: it holds
decisions and edits made for the municipality, and its access must be withdrawn on purpose."""

from security.policy import requires_second_factor


def may_delete_own_account(user):
    return user.is_authenticated and not requires_second_factor(user)
