"""allauth's account forms with the portal's length limits (``core.limits``): every text field
has a maximum, shown as "Hoogstens N tekens." and enforced. Wired in ``ACCOUNT_FORMS``."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from allauth.account import forms as allauth_forms

from core.limits import TextLimitsMixin

allauths_gettext = gettext


class SamePasswordTwiceMixin:
    """allauth's Dutch for two different passwords says "Je moet ..."; the portal says "u"."""

    def clean(self):
        cleaned_data = super().clean()
        errors = self.errors.get("password2")
        if errors:
            # allauth's own catalogue gives the message as allauth added it; called through a
            # name makemessages does not know, so allauth's English stays out of ours.
            theirs = allauths_gettext("You must type the same password each time.")
            ours = gettext(
                "U heeft twee verschillende wachtwoorden ingevuld. Vul twee keer hetzelfde in."
            )
            self.errors["password2"] = self.error_class(
                [ours if message == theirs else message for message in errors]
            )
        return cleaned_data


class LoginForm(TextLimitsMixin, allauth_forms.LoginForm):
    pass


class SignupForm(SamePasswordTwiceMixin, TextLimitsMixin, allauth_forms.SignupForm):
    pass


class ResetPasswordForm(TextLimitsMixin, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(
    SamePasswordTwiceMixin, TextLimitsMixin, allauth_forms.ResetPasswordKeyForm
):
    pass


class ChangePasswordForm(SamePasswordTwiceMixin, TextLimitsMixin, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(SamePasswordTwiceMixin, TextLimitsMixin, allauth_forms.SetPasswordForm):
    pass


class AddEmailForm(TextLimitsMixin, allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Nieuw e-mailadres")
        self.fields["email"].widget.attrs.pop("placeholder", None)
