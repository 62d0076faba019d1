"""The officials' views in the Wagtail admin: the application detail page with its forms,
permission-checked downloads, and the dashboard panel. Registered by ``grants.viewsets`` and
``grants.wagtail_hooks``; every action goes through ``grants.workflow``."""
