"""The forms that describe a meeting or an event: its days, time and zone, where it is held
or how to join it, and a change to one date."""

from datetime import datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields import SelectChoice as Choice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from meetings.core.values import identifier
from meetings.manage.forms import ChangeMixin, MultiCheckboxField, web_address
from meetings.web.fields import Number, sane_date, strip, strip_lines, type_codes
from meetings.web.formats import type_name, week_from_first_day, weekday_name
from meetings.web.zones import known_zones, zone_choices

#: types offered as tick boxes, most asked for first (a meeting's other codes are kept)
OFFERED_TYPES = ("O", "C", "D", "B", "SP", "ST", "TR", "BE", "W", "M", "Y", "LGBTQ", "X",
                 "ASL", "S", "EN")
NEW_PLACE = "new"


def time_zone(form, field):
    if field.data not in known_zones():
        raise ValidationError(
            _("“%(value)s” is not a time zone: use a name like Europe/London.", value=field.data)
        )


class ScheduleMixin:
    start_time = TimeField(_l("Start time"), validators=[DataRequired()])
    length = Number(
        _l("Length in minutes"), validators=[Optional(), NumberRange(min=5, max=720)]
    )
    timezone = SelectField(_l("Time zone"), choices=[], validate_choice=False,
                           validators=[DataRequired(), Length(max=64), time_zone])

    def end_time(self) -> time | None:
        if not self.length.data:
            return None
        start = datetime.combine(datetime(2000, 1, 1), self.start_time.data)
        return (start + timedelta(minutes=self.length.data)).time()

    def offer_zones(self) -> None:
        """The directory's zones first, then all; the meeting's own stays among them."""
        self.timezone.choices = zone_choices(self.timezone.data)


class PlaceMixin:
    attendance = RadioField(_l("How people attend"), default="in_person", choices=[
        Choice("in_person", _l("In person")), Choice("online", _l("Online")),
        Choice("hybrid", _l("Both: in person and online"))])
    place = SelectField(_l("Place"), default=NEW_PLACE,
                        choices=[Choice(NEW_PLACE, _l("A new place"))])
    location_name = StringField(_l("Name of the place"), filters=[strip],
                                description=_l("For example: St. Mary's Hall, back room."),
                                validators=[Optional(), Length(max=200)])
    address = StringField(_l("Address"), filters=[strip],
                          description=_l("Street, number, town: as a map search would read it."),
                          validators=[Optional(), Length(max=500)])
    conference_url = StringField(_l("Join link"), filters=[strip],
                                 description=_l("The Zoom, Jitsi or other link to join online."),
                                 validators=[Optional(), Length(max=500), web_address])
    #: "latitude,longitude" from "I am at the venue" (the browser's location), when tapped
    position = HiddenField(filters=[strip], validators=[Optional(), Length(max=60)])

    def offer_places(self, places) -> None:
        self.place.choices = [Choice(NEW_PLACE, _("A new place"))] + [
            Choice(str(place.id), ", ".join(part for part in (place.name, place.address) if part))
            for place in places
        ]

    def check_place(self) -> bool:
        ok = True
        in_person = self.attendance.data in ("in_person", "hybrid")
        if in_person and self.place.data == NEW_PLACE and not self.address.data:
            self.address.errors.append(_("Give the address: people come in person."))
            ok = False
        if self.attendance.data in ("online", "hybrid") and not self.conference_url.data:
            self.conference_url.errors.append(_("Give the join link: people join online."))
            ok = False
        return ok


class MeetingFields(ScheduleMixin, PlaceMixin):
    weekdays = MultiCheckboxField(_l("Days"), coerce=identifier, choices=[])
    types = MultiCheckboxField(_l("What kind of meeting"), choices=[], validate_choice=False,
                               validators=[type_codes])

    def offer_choices(self, extra_types=()) -> None:
        self.weekdays.choices = [Choice(day, weekday_name(day)) for day in week_from_first_day()]
        codes = list(OFFERED_TYPES) + [c for c in extra_types if c not in OFFERED_TYPES]
        self.types.choices = [Choice(code, type_name(code)) for code in codes if code != "TC"]
        self.offer_zones()

    def check_meeting(self) -> bool:
        ok = self.check_place()
        if not self.weekdays.data:
            self.weekdays.errors.append(_("Choose at least one day."))
            ok = False
        return ok


class NewGroupForm(FlaskForm, MeetingFields):
    group_name = StringField(_l("Name of the group"), filters=[strip],
                             validators=[DataRequired(), Length(max=200)])
    meeting_name = StringField(_l("Name of the meeting (optional)"), filters=[strip],
                               description=_l("Leave it empty to use the group's name."),
                               validators=[Optional(), Length(max=200)])

    def validate(self, extra_validators=None):
        return super().validate(extra_validators) & self.check_meeting()


class MeetingForm(FlaskForm, MeetingFields, ChangeMixin):
    name = StringField(_l("Name of the meeting"), filters=[strip],
                       validators=[DataRequired(), Length(max=200)])
    conference_phone = StringField(_l("Join by phone (optional)"), filters=[strip],
                                   validators=[Optional(), Length(max=100)])
    notes = TextAreaField(_l("Notes (optional)"), filters=[strip_lines],
                          validators=[Optional(), Length(max=2000)])

    def validate(self, extra_validators=None):
        return super().validate(extra_validators) & self.check_meeting()


class SuggestForm(MeetingForm):
    message = TextAreaField(_l("Anything else to tell the group (optional)"), filters=[strip_lines],
                            validators=[Optional(), Length(max=2000)])
    #: a trap for robots: hidden from people, and a filled one is silently dropped
    homepage = StringField(_l("Leave this empty"), validators=[Optional(), Length(max=500)])


class EventForm(FlaskForm, ScheduleMixin, PlaceMixin, ChangeMixin):
    title = StringField(_l("What"), filters=[strip], validators=[DataRequired(), Length(max=200)],
                        description=_l("For example: Business meeting, or Sam's 10th anniversary."))
    kind = RadioField(_l("Kind"), default="business", choices=[
        Choice("business", _l("Business meeting")), Choice("anniversary", _l("Anniversary")),
        Choice("other", _l("Other"))])
    date = DateField(_l("Date"), validators=[DataRequired(), sane_date])
    notes = TextAreaField(_l("Notes (optional)"), filters=[strip_lines],
                          validators=[Optional(), Length(max=2000)])

    def validate(self, extra_validators=None):
        return super().validate(extra_validators) & self.check_place()


class DateChangeForm(FlaskForm, ChangeMixin):
    date = DateField(_l("Which date"), validators=[DataRequired(), sane_date])
    # Nothing is chosen in advance: one tap on Save must never cancel a meeting.
    status = RadioField(_l("What happens that day"), validate_choice=False, choices=[
        Choice("cancelled", _l("Cancelled")), Choice("moved", _l("Moved to another time"))])
    new_date = DateField(_l("New date"), validators=[Optional(), sane_date],
                         description=_l("Leave it empty to keep the same day."))
    new_start = TimeField(_l("New start time"), validators=[Optional()])
    length = Number(_l("Length in minutes"),
                    validators=[Optional(), NumberRange(min=5, max=720)])
    note = StringField(_l("Note for visitors (optional)"), filters=[strip],
                       validators=[Optional(), Length(max=500)])

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.status.data not in ("cancelled", "moved"):
            self.status.errors.append(_("Choose what happens that day."))
            ok = False
        elif self.status.data == "moved" and not self.new_start.data:
            self.new_start.errors.append(_("Give the new start time."))
            ok = False
        return ok
