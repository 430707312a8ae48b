"""The forms about a group and its links (details, reports, links, undo, one-click actions),
and the pieces every change form shares. Each is a FlaskForm, so each has CSRF; a meeting's
and an event's forms are in meetingforms.py."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice as Choice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from meetings.core.values import email_address, http_url, identifier, payment_handle
from meetings.web.fields import URL_LENGTH, Number, sane_date, strip, strip_lines


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class HiddenIntegerField(Number):
    widget = HiddenInput()


def web_address(form, field):
    if field.data and not http_url(field.data):
        raise ValidationError(_("Use a web address that starts with https:// or http://."))
    field.data = http_url(field.data)
    if field.data and len(field.data) > URL_LENGTH:  # escaping made it longer than it looked
        raise ValidationError(_("This web address is too long: use at most %(count)d characters.",
                                count=URL_LENGTH))


class ChangeMixin:
    """What every change carries: the latest revision the user saw, and an optional reason."""

    revision = HiddenIntegerField(default=0, validators=[Optional()])
    reason = StringField(
        _l("Why (optional)"),
        description=_l("Shown in the history to the group's other link holders."),
        filters=[strip], validators=[Optional(), Length(max=500)],
    )


class ReportForm(FlaskForm):
    reason = RadioField(_l("What is wrong with this listing"), choices=[
        Choice("not_real", _l("It is not a real meeting (advertising, spam, a joke)")),
        Choice("wrong", _l("Its information is wrong (time, place, join link)"))],
        validators=[DataRequired(message=_l("Choose what is wrong."))])
    note = TextAreaField(_l("What you noticed (optional)"), filters=[strip_lines],
                         description=_l("No names, please. The group's members read this."),
                         validators=[Optional(), Length(max=300)])
    #: a trap for robots, as in SuggestForm
    homepage = StringField(_l("Leave this empty"), filters=[strip],
                           validators=[Optional(), Length(max=500)])


class GroupForm(FlaskForm, ChangeMixin):
    name = StringField(_l("Name of the group"), filters=[strip],
                       validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("About the group (optional)"), filters=[strip_lines],
                                validators=[Optional(), Length(max=2000)])
    languages = StringField(_l("Languages (optional)"), filters=[strip],
                            description=_l("For example: English, Spanish."),
                            validators=[Optional(), Length(max=200)])
    email = StringField(_l("Public email (optional)"), filters=[strip],
                        description=_l("Shown to everyone: use a group address, not a person's."),
                        validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Public phone (optional)"), filters=[strip],
                        validators=[Optional(), Length(max=100)])
    website = StringField(_l("Website (optional)"), filters=[strip],
                          validators=[Optional(), Length(max=500), web_address])
    venmo = StringField(_l("Venmo @handle (optional)"), filters=[strip],
                        validators=[Optional(), Length(max=40)])
    square = StringField(_l("Cash App $cashtag (optional)"), filters=[strip],
                         validators=[Optional(), Length(max=40)])
    paypal = StringField(_l("PayPal.me name (optional)"), filters=[strip],
                         validators=[Optional(), Length(max=60)])
    contribution_url = StringField(_l("Other contribution link (optional)"), filters=[strip],
                                   validators=[Optional(), Length(max=500), web_address])

    def validate_email(self, field):
        if field.data and not email_address(field.data):
            raise ValidationError(_("This is not an email address."))

    def validate_venmo(self, field):
        field.data = _handle(field.data, "venmo", _(
            "A Venmo handle is 5 to 30 letters, digits, - or _, like @Our-Group."))

    def validate_square(self, field):
        field.data = _handle(field.data, "square", _(
            "A Cash App $cashtag starts with a letter: up to 20 letters and digits."))

    def validate_paypal(self, field):
        field.data = _handle(field.data, "paypal", _(
            "A PayPal.me name is up to 20 letters and digits, as in paypal.me/OurGroup."))


def _handle(value, service, message):
    if not value:
        return None
    found = payment_handle(value, service)
    if found is None:
        raise ValidationError(message)
    return found


class LinkForm(FlaskForm):
    name = StringField(_l("Name of the new link"), filters=[strip],
                       description=_l("Who or what it is for: “home group”, “treasurer”."),
                       validators=[DataRequired(), Length(max=100)])


class RecoveryForm(FlaskForm):
    code = StringField(_l("Recovery code"), filters=[strip],
                       validators=[DataRequired(), Length(max=100)])


class UndoSinceForm(FlaskForm):
    link = SelectField(_l("Changes made through the link"), coerce=identifier, choices=[])
    since = DateTimeLocalField(_l("Since"), format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
                               validators=[DataRequired(), sane_date])
    retire = BooleanField(_l("Also retire this link"), default=True)
    reason = StringField(_l("Why (optional)"), filters=[strip],
                         validators=[Optional(), Length(max=500)])


class ActionForm(FlaskForm):
    """A one-click action (retire, revert, remove, apply...): CSRF, a reason, what was seen."""

    revision = HiddenIntegerField(default=0, validators=[Optional()])
    reason = StringField(_l("Why (optional)"), filters=[strip],
                         validators=[Optional(), Length(max=500)])
