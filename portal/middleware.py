from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the visitor chose otherwise with the language switch (the cookie).

    The browser's Accept-Language is ignored on purpose: the content is written in Dutch, and an
    English interface around Dutch pages by accident helps nobody; English is one click away."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
