"""The forms of the service roster: roles, volunteers, days away, taking and swapping terms.

Kept apart from forms.py (which other features share) and built from its pieces.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from meetings.core.values import identifier
from meetings.manage.forms import ChangeMixin, Choice, HiddenIntegerField, MultiCheckboxField
from meetings.web.fields import Number, sane_date, strip, strip_lines


class ReasonMixin:
    reason = StringField(_l("Why (optional)"), filters=[strip],
                         validators=[Optional(), Length(max=500)])


class RoleForm(FlaskForm, ChangeMixin):
    title = StringField(_l("Name of the role"), filters=[strip],
                        validators=[DataRequired(), Length(max=100)])
    duties = TextAreaField(_l("What it involves (optional)"), filters=[strip_lines],
                           validators=[Optional(), Length(max=2000)])
    term_unit = RadioField(_l("One term lasts"), default="month", choices=[
        Choice("meeting", _l("One meeting")), Choice("week", _l("Weeks")),
        Choice("month", _l("Months")), Choice("year", _l("Years"))])
    term_length = Number(_l("How many weeks, months or years"), default=1,
                         validators=[Optional(), NumberRange(min=1, max=104)])
    meeting = SelectField(_l("Which meeting"), choices=[], validate_choice=False,
                          description=_l("For a role taken one meeting at a time."))
    seats = Number(_l("How many people at a time"), default=1,
                   validators=[DataRequired(), NumberRange(min=1, max=20)])
    requirement = StringField(
        _l("Suggested requirement (optional)"), filters=[strip],
        validators=[Optional(), Length(max=200)],
        description=_l("In the group's words, e.g. “one year of sobriety suggested”. "
                       "Self-declared: nobody checks it or asks."))
    combinable = BooleanField(_l("Its holder may hold another role at the same time"),
                              default=True)
    starts_on = DateField(_l("The first term begins on"),
                          validators=[DataRequired(), sane_date])

    def offer_meetings(self, meetings) -> None:
        self.meeting.choices = [Choice("", _("—"))] + [
            Choice(str(m.id), _("%(name)s (temporarily closed)", name=m.name)
                   if m.attendance == "inactive" else m.name) for m in meetings]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.term_unit.data == "meeting":
            if self.meeting.data not in {str(c.value) for c in self.meeting.choices if c.value}:
                self.meeting.errors.append(_("Choose the meeting whose dates are the terms."))
                ok = False
        elif not self.term_length.data:
            self.term_length.errors.append(_("Say how many weeks, months or years."))
            ok = False
        return ok


class VolunteerForm(FlaskForm, ChangeMixin):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=60)],
                       description=_l("The name you go by in the group, like “Sam K.”. Only "
                                      "people holding the group link see it."))
    private_note = TextAreaField(_l("How to reach you (optional)"), filters=[strip_lines],
                                 validators=[Optional(), Length(max=500)],
                                 description=_l("Seen only by the group's link holders."))
    declined_roles = MultiCheckboxField(_l("Roles not to suggest you for (optional)"),
                                        coerce=identifier, choices=[])

    def offer_roles(self, roles) -> None:
        self.declined_roles.choices = [Choice(role.id, role.title) for role in roles]


class AwayForm(FlaskForm, ReasonMixin):
    first_day = DateField(_l("Away from"), validators=[DataRequired(), sane_date])
    last_day = DateField(_l("Back after"), validators=[DataRequired(), sane_date],
                         description=_l("The last day away."))
    anyway = BooleanField(_l("Save anyway: cover is arranged"))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if ok and self.last_day.data < self.first_day.data:
            self.last_day.errors.append(_("The last day comes before the first."))
            ok = False
        return ok


class TakeForm(FlaskForm, ReasonMixin):
    volunteer = SelectField(_l("Name"), coerce=identifier, choices=[], validate_choice=False)
    revision = HiddenIntegerField(default=0, validators=[Optional()])
    anyway = BooleanField(_l("Take it anyway"))
    this_is_me = BooleanField(_l("This is me: let this device remember it"), default=True)

    def offer_volunteers(self, volunteers) -> None:
        self.volunteer.choices = [Choice(0, _("Choose a name…"))] + [
            Choice(v.id, v.name) for v in volunteers]


class SwapForm(FlaskForm, ReasonMixin):
    other = RadioField(_l("Swap with"), coerce=identifier, choices=[], validate_choice=False,
                       validators=[DataRequired()])


class CalendarForm(FlaskForm):
    whose = SelectField(_l("A calendar of"), coerce=identifier, choices=[], validate_choice=False)

    def offer_volunteers(self, volunteers) -> None:
        self.whose.choices = [Choice(0, _("the whole group's service"))] + [
            Choice(v.id, _("%(name)s's service", name=v.name)) for v in volunteers]
