"""The Content-Security-Policy per part of the site: django-csp's middleware, with the admin's
exceptions laid over the site-wide ``CONTENT_SECURITY_POLICY`` for paths under
``CONTENT_SECURITY_POLICY_ADMIN_PATHS`` (the settings say why)."""

from django.conf import settings

from csp.middleware import CSPMiddleware


def is_admin_path(path):
    return path.startswith(tuple(getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_PATHS", ())))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path_info):
            admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_REPLACE", {})
            parts.replace = {**admin, **(parts.replace or {})}
        return parts
