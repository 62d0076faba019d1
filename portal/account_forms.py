"""allauth's account forms with the portal's length limits (``core.limits``): every text field
has a maximum, shown as "Hoogstens N tekens." and enforced. Wired in ``ACCOUNT_FORMS``."""

from django.utils.translation import gettext_lazy as _

from allauth.account import forms as allauth_forms

from core.limits import TextLimitsMixin


class LoginForm(TextLimitsMixin, allauth_forms.LoginForm):
    pass


class SignupForm(TextLimitsMixin, allauth_forms.SignupForm):
    pass


class ResetPasswordForm(TextLimitsMixin, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(TextLimitsMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class ChangePasswordForm(TextLimitsMixin, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(TextLimitsMixin, allauth_forms.SetPasswordForm):
    pass


class AddEmailForm(TextLimitsMixin, allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Nieuw e-mailadres")
        self.fields["email"].widget.attrs.pop("placeholder", None)
