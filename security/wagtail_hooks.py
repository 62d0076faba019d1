from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import SecurityEvent
from .viewsets import SecurityEventViewSet, SuperusersMayReadPolicy

# Registered before the viewset asks for the policy (Wagtail requires that order).
register_permission_policy(SecurityEvent, SuperusersMayReadPolicy(SecurityEvent))


@hooks.register("register_admin_viewset")
def register_security_log():
    return SecurityEventViewSet("beveiligingslog")
