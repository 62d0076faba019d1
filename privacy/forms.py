from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit

from core.limits import TextLimitsMixin


class DeleteAccountForm(TextLimitsMixin, forms.Form):
    """Deleting the account asks for the password again (a borrowed, unlocked laptop is not
    enough), with allauth's limit on re-authentication attempts."""

    without_length_hint = ("password",)

    password = forms.CharField(
        label=gettext_lazy("Uw wachtwoord"),
        help_text=gettext_lazy("Ter controle dat u het zelf bent."),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        self.user = request.user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError(
                _(
                    "U heeft te vaak een verkeerd wachtwoord ingevuld. Probeer het over een minuut opnieuw."
                )
            )
        if not get_adapter().reauthenticate(self.user, password):
            raise forms.ValidationError(
                _("Dit wachtwoord klopt niet. Vul het wachtwoord in waarmee u inlogt.")
            )
        return password
