"""Form pieces that bound what people type: cleaned text, whole numbers, dates, type codes."""

from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _
from wtforms import IntegerField
from wtforms.validators import ValidationError

from meetings.core.values import (
    FIRST_DAY,
    LAST_DAY,
    clean_text,
    integer,
    is_type_code,
    sane_day,
    typed_digits,
)

#: what the database keeps of a web address, and of a meeting's type codes together
URL_LENGTH = 500
TYPES_LENGTH = 500


def strip(value):
    """One line of text, trimmed, without controls or bidi overrides; None when empty."""
    return clean_text(value).strip() or None if isinstance(value, str) else value


def strip_lines(value):
    """Several lines of text, trimmed, without controls or bidi overrides; None when empty."""
    return clean_text(value, multiline=True).strip() or None if isinstance(value, str) else value


class Number(IntegerField):
    """A whole number in ASCII digits within the database's range (not `int()`'s any digits)."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = integer(typed_digits(valuelist[0]))
            if self.data is None:
                raise ValueError(_("Give a whole number, written with the digits 0 to 9."))


def sane_date(form, field):
    day = field.data.date() if isinstance(field.data, datetime) else field.data
    if day and not sane_day(day):
        raise ValidationError(_("Give a date between %(first)s and %(last)s.",
                                first=format_date(FIRST_DAY, "long"),
                                last=format_date(LAST_DAY, "long")))


def type_codes(form, field):
    field.data = list(dict.fromkeys(code for code in field.data or () if is_type_code(code)))
    if len(" ".join(field.data)) > TYPES_LENGTH:
        raise ValidationError(_("Choose fewer kinds of meeting."))
