"""A realistic demo directory, and synthetic directories of any size for benchmarks.

Everything here is invented: groups, venues and street numbers in real towns, fictional
phone numbers (UK 01632 960xxx, US 555-01xx, Australia 02 5550 xxxx), example.org
addresses. Both builders are deterministic: the same seed gives the same slugs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

import click
from sqlalchemy import insert, select

from meetings.core import schedule
from meetings.core.database import db, refresh_statistics
from meetings.core.values import slugify
from meetings.directory import places
from meetings.directory.locations import Location, Region
from meetings.directory.models import Group, Meeting
from meetings.directory.occurrences import DateChange
from meetings.directory.weekly_slots import WeeklySlot

SEED = 12
DAY_NAMES = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")

#: top region slug: (name, {sub-region slug: name})
REGIONS = {
    "sussex": ("Sussex", {"brighton-and-hove": "Brighton & Hove", "lewes": "Lewes",
                          "eastbourne": "Eastbourne"}),
    "catalunya": ("Catalunya", {"barcelona": "Barcelona", "sitges": "Sitges",
                                "girona": "Girona"}),
    "berlin": ("Berlin", {"kreuzberg": "Friedrichshain-Kreuzberg", "pankow": "Pankow",
                          "charlottenburg": "Charlottenburg-Wilmersdorf"}),
    "online": ("Online", {"online-americas": "Online: Americas", "online-europe": "Online: Europe",
                          "online-asia-pacific": "Online: Asia Pacific"}),
}
ONLINE_REGIONS = REGIONS["online"][1]

#: town: (place as a map search reads it, sub-region, zone, latitude, longitude, language code)
TOWNS = {
    "brighton": ("Brighton, UK", "brighton-and-hove", "Europe/London", 50.8225, -0.1372, ""),
    "hove": ("Hove, UK", "brighton-and-hove", "Europe/London", 50.8279, -0.1688, ""),
    "lewes": ("Lewes, UK", "lewes", "Europe/London", 50.8739, 0.0088, ""),
    "eastbourne": ("Eastbourne, UK", "eastbourne", "Europe/London", 50.7684, 0.2903, ""),
    "barcelona": ("Barcelona, Spain", "barcelona", "Europe/Madrid", 41.3874, 2.1686, "S"),
    "sitges": ("Sitges, Spain", "sitges", "Europe/Madrid", 41.2372, 1.8059, "S"),
    "girona": ("Girona, Spain", "girona", "Europe/Madrid", 41.9794, 2.8214, "S"),
    "kreuzberg": ("Berlin-Kreuzberg, Germany", "kreuzberg", "Europe/Berlin", 52.4986, 13.4030,
                  "DE"),
    "prenzlauer-berg": ("Berlin-Prenzlauer Berg, Germany", "pankow", "Europe/Berlin", 52.5390,
                        13.4240, "DE"),
    "charlottenburg": ("Berlin-Charlottenburg, Germany", "charlottenburg", "Europe/Berlin",
                       52.5166, 13.3041, "DE"),
    "new-york": ("New York, NY, USA", "online-americas", "America/New_York", 40.7128, -74.0060,
                 ""),
    "los-angeles": ("Los Angeles, CA, USA", "online-americas", "America/Los_Angeles", 34.0522,
                    -118.2437, ""),
    "mexico-city": ("Ciudad de México, Mexico", "online-americas", "America/Mexico_City",
                    19.4326, -99.1332, "S"),
    "paris": ("Paris, France", "online-europe", "Europe/Paris", 48.8566, 2.3522, "FR"),
    "warsaw": ("Warszawa, Poland", "online-europe", "Europe/Warsaw", 52.2297, 21.0122, "POL"),
    "sydney": ("Sydney NSW, Australia", "online-asia-pacific", "Australia/Sydney", -33.8688,
               151.2093, ""),
    "mumbai": ("Mumbai, India", "online-asia-pacific", "Asia/Kolkata", 19.0760, 72.8777, "HI"),
}

#: venue: (name, address, town, latitude, longitude, step-free, notes)
VENUES = {
    "seafront-hall": ("Seafront Community Hall", "12 Madeira Drive, Brighton BN2 1PS, UK",
                      "brighton", 50.8190, -0.1295, True, "Step-free entrance on the seafront "
                      "side; accessible toilet. Pay-and-display parking along Madeira Drive."),
    "north-laine": ("North Laine Meeting Rooms", "27 Gloucester Road, Brighton BN1 4AQ, UK",
                    "brighton", 50.8268, -0.1375, False, "First floor, no lift: ring the bell "
                    "marked Meeting Room. Five minutes from Brighton station; no parking."),
    "kemptown-hall": ("Kemptown Parish Hall", "4 St George's Road, Brighton BN2 1EB, UK",
                      "brighton", 50.8197, -0.1178, True, "Step-free entrance through the side "
                      "gate; hearing loop. Street parking, free after 8 pm."),
    "hove-room": ("Church Road Community Room", "41 Church Road, Hove BN3 2BE, UK", "hove",
                  50.8283, -0.1722, True, "Ramp at the front door and an accessible toilet. "
                  "Free parking behind the building after 6 pm."),
    "cliffe-room": ("Cliffe Community Room", "15 Cliffe High Street, Lewes BN7 2AH, UK",
                    "lewes", 50.8736, 0.0146, True, "Step-free from the street. Nearest "
                    "parking: Phoenix car park, five minutes' walk."),
    "grand-parade": ("Grand Parade Pavilion Room", "3 Grand Parade, Eastbourne BN21 3EH, UK",
                     "eastbourne", 50.7648, 0.2880, False, "Two steps at the entrance; knock "
                     "and someone will bring the portable ramp. Parking on the seafront."),
    "gracia-casal": ("Casal de Barri Vila de Gràcia", "Carrer de Verdi 42, 08012 Barcelona, "
                     "Spain", "barcelona", 41.4043, 2.1571, True, "Entrada sin escalones y "
                     "ascensor hasta la sala 2. Metro L3 Fontana."),
    "eixample-centre": ("Centre Cívic Eixample", "Carrer del Consell de Cent 310, 08007 "
                        "Barcelona, Spain", "barcelona", 41.3889, 2.1623, True, "Room 3, ground "
                        "floor, step-free. Public car park on Carrer d'Aribau."),
    "sitges-sala": ("Espai Sant Sebastià", "Carrer de Sant Sebastià 9, 08870 Sitges, Spain",
                    "sitges", 41.2367, 1.8110, False, "One small step at the door. Paid "
                    "parking at the beach car park."),
    "girona-centre": ("Centre Cívic del Barri Vell", "Carrer de la Força 18, 17004 Girona, "
                      "Spain", "girona", 41.9867, 2.8255, True, "Acceso sin escalones por la "
                      "plaza. Aparcamiento público en la Devesa."),
    "wrangelkiez": ("Nachbarschaftsraum Wrangelkiez", "Wrangelstraße 25, 10997 Berlin, Germany",
                    "kreuzberg", 52.5013, 13.4388, True, "Stufenloser Eingang im Hof, "
                    "barrierefreies WC. U1 Görlitzer Bahnhof."),
    "bergmannkiez": ("Bergmannkiez Community Room", "Bergmannstraße 61, 10961 Berlin, Germany",
                     "kreuzberg", 52.4893, 13.3935, False, "Back building, second floor, no "
                     "lift. Bicycle parking in the courtyard."),
    "kollwitzkiez": ("Gemeinderaum Kollwitzkiez", "Knaackstraße 40, 10435 Berlin, Germany",
                     "prenzlauer-berg", 52.5366, 13.4170, True, "Stufenloser Zugang über die "
                     "Rampe links vom Eingang."),
    "wilmersdorfer": ("Stadtteilzentrum Charlottenburg", "Wilmersdorfer Straße 98, 10629 "
                       "Berlin, Germany", "charlottenburg", 52.5070, 13.3060, True, "Lift to the "
                       "first floor; accessible toilet. Parking garage next door."),
}


class M(NamedTuple):
    """A demo meeting. days "12345" is one meeting a day (as most feeds list them); a tuple
    (1, 3, 5) is one meeting held on several weekdays. Attendance defaults to the group's."""

    name: str
    days: str | tuple[int, ...]
    start: str
    end: str
    types: str
    attendance: str | None = None
    notes: str | None = None


class G(NamedTuple):
    """A demo group meeting at a venue, or online from a town (listed approximately there)."""

    slug: str
    name: str
    home: str
    languages: str
    #: language type code added to every meeting that names none itself
    language_code: str
    description: str
    contact: dict
    meetings: tuple[M, ...]


GROUPS = (
    G("brighton-early-birds", "Brighton Early Birds", "seafront-hall", "English", "",
      "An open discussion meeting before work, every day of the week. The kettle is on from "
      "6:45 and newcomers are always welcome.",
      {"email": "earlybirds@example.org", "paypal": "BrightonEarlyBirds"},
      (M("Early Birds", "12345", "07:00", "08:00", "O D", "hybrid"),
       M("Weekend Early Birds", "06", "08:30", "09:30", "O D BRK"))),
    G("kemptown-lunch-bunch", "Kemptown Lunch Bunch", "kemptown-hall", "English", "",
      "Bring your lunch: a short open meeting in the middle of the working day.",
      {"email": "lunchbunch@example.org", "paypal": "KemptownLunchBunch"},
      (M("Lunch Bunch", "1245", "12:30", "13:30", "O D"),
       M("Lunch Bunch Step Study", "3", "12:30", "13:30", "C ST"))),
    G("hove-womens-group", "Hove Women's Group", "hove-room", "English", "",
      "A women's group meeting in Hove and online. Our closed meetings are for women who have "
      "a desire to stop drinking.",
      {"email": "hove-women@example.org"},
      (M("Women's Big Book Study", "2", "19:00", "20:30", "C W B"),
       M("Women's Speaker Meeting", "5", "19:30", "21:00", "O W SP", "hybrid"),
       M("Women's Morning Reflections", (1, 3, 5), "09:30", "10:30", "C W DR", "online"))),
    G("lewes-serenity-group", "Lewes Serenity Group", "cliffe-room", "English", "",
      "Speaker meeting on Sundays, discussion midweek. Group conscience after the meeting on "
      "the first Sunday of the month.",
      {"contribution_url": "https://example.org/lewes-serenity/contribute"},
      (M("Serenity Sunday Speaker", "0", "18:00", "19:30", "O SP"),
       M("Beginners' Meeting", "2", "19:30", "20:30", "O BE"),
       M("Came to Believe", "3", "19:30", "20:30", "O D"),
       M("Twelve and Twelve", "5", "19:30", "20:30", "C 12x12"))),
    G("brighton-late-night-group", "Brighton Late Night Group", "north-laine", "English", "",
      "Late meetings for anyone who needs one at the end of the day, or the start of a long "
      "night.",
      {},
      (M("Late Nighters", "45", "22:30", "23:45", "O D"),
       M("Midnight Madness", "6", "23:30", "00:30", "O D", notes="Runs past midnight. The "
         "front door is locked at 23:45: ring the bell."))),
    G("eastbourne-seafront-group", "Eastbourne Seafront Group", "grand-parade", "English", "",
      "A friendly seafront group with a strong tradition of welcoming newcomers.",
      {"paypal": "EastbourneSeafrontAA"},
      (M("Living Sober", "1", "19:30", "20:30", "O LS"),
       M("Keep It Simple", "2", "12:00", "13:00", "O D"),
       M("Back to Basics", "4", "19:30", "21:00", "O B BE"),
       M("Saturday Morning Step Study", "6", "10:00", "11:00", "C ST"),
       M("Sunday Tradition Study", "0", "17:00", "18:00", "C TR TC", "inactive",
         "Temporarily closed while the pavilion room is repaired; our other meetings go on."))),
    G("sussex-young-people", "Sussex Young People in AA", "north-laine", "English", "",
      "Meetings run by and for young people in recovery. All ages welcome at open meetings.",
      {"email": "sypaa@example.org"},
      (M("Young People's Meeting", "3", "19:30", "20:30", "O D Y", "hybrid"),
       M("YP Speaker Night", "5", "20:00", "21:30", "O SP Y"))),
    G("brighton-rainbow-group", "Brighton Rainbow Group", "kemptown-hall", "English", "",
      "An LGBTQ+ group. Everyone is welcome at our open meetings.",
      {"paypal": "BrightonRainbowAA"},
      (M("Rainbow Group", "24", "20:00", "21:00", "O D LGBTQ"),
       M("Rainbow Step Study", "0", "16:00", "17:00", "C ST LGBTQ"))),
    G("hove-mens-group", "Hove Men's Group", "hove-room", "English", "",
      "A men's group that works through the Big Book together.",
      {},
      (M("Men's Stag", "1", "20:00", "21:00", "C M D"),
       M("Men's Big Book", "4", "07:00", "08:00", "C M B"))),
    G("brighton-eleventh-step", "Brighton Eleventh Step Group", "seafront-hall", "English", "",
      "Prayer and meditation in the spirit of the Eleventh Step, guided and in silence.",
      {},
      (M("Eleventh Step Meditation", (1, 3, 5), "18:00", "19:00", "O 11 MED", "hybrid"),
       M("Sunday Candlelight Meditation", "0", "21:00", "22:00", "O 11 CAN"))),
    G("sussex-online", "Sussex Online Group", "brighton", "English", "",
      "The Sussex fellowship's daily online meeting, open to anyone anywhere.",
      {"paypal": "SussexOnlineAA"},
      (M("Daily Reflections", "0123456", "07:30", "08:15", "O DR"),)),
    G("grupo-gracia", "Grupo Gràcia", "gracia-casal", "Spanish", "S",
      "Grupo de habla hispana en el barrio de Gràcia. Las reuniones abiertas son para "
      "cualquier persona interesada.",
      {"email": "grupogracia@example.org"},
      (M("Solo por Hoy", "0123456", "20:00", "21:30", "O D"),
       M("Reunión de Oradores", "6", "12:00", "13:30", "O SP"))),
    G("grupo-amanecer", "Grupo Amanecer", "eixample-centre", "Spanish", "S",
      "Reuniones a primera hora, antes del trabajo. Café y literatura en la entrada.",
      {},
      (M("Amanecer", "12345", "07:30", "08:30", "O D"),
       M("Estudio de Pasos", "2", "19:00", "20:30", "C ST"),
       M("Estudio de Tradiciones", "4", "19:00", "20:30", "C TR"))),
    G("barcelona-english-speaking", "Barcelona English-Speaking Group", "eixample-centre",
      "English", "EN",
      "English-speaking meetings for residents of and visitors to Barcelona. Most are hybrid "
      "so travellers can keep in touch.",
      {"email": "bcn-english@example.org", "paypal": "BarcelonaEnglishAA"},
      (M("Happy Hour", "12345", "18:00", "19:00", "O D", "hybrid"),
       M("Sunday Big Book", "0", "11:00", "12:30", "O B"),
       M("Newcomers' Meeting", "3", "20:00", "21:00", "O BE"))),
    G("sitges-beach-group", "Sitges Beach Group", "sitges-sala", "English, Spanish", "EN",
      "A bilingual group by the sea: shares in English and Spanish are both welcome.",
      {},
      (M("Sunset Meeting", "0135", "19:30", "20:30", "O D"),
       M("Sábado Bilingüe", "6", "11:00", "12:00", "O D EN S"))),
    G("grup-girona-barri-vell", "Grup Girona Barri Vell", "girona-centre", "Spanish", "S",
      "Grupo del casco antiguo de Girona.",
      {},
      (M("Vivir Sobrio", "135", "19:30", "20:30", "O LS"),
       M("Despertar Espiritual", (2, 4), "08:00", "09:00", "O 11 MED"))),
    G("aa-gruppe-kreuzberg", "AA-Gruppe Kreuzberg", "wrangelkiez", "German", "DE",
      "Deutschsprachige Meetings jeden Abend im Wrangelkiez. Offene Meetings stehen allen "
      "Interessierten offen.",
      {"contribution_url": "https://example.org/aa-gruppe-kreuzberg/spenden"},
      (M("Nur für heute", "0123456", "19:00", "20:30", "O D"),
       M("Mittagsmeeting", "12345", "12:30", "13:30", "O D"),
       M("Frühstücksmeeting", "0", "10:00", "11:00", "O D BRK"))),
    G("berlin-english-speaking", "Berlin English Speaking Group", "bergmannkiez", "English",
      "EN", "English-speaking AA in Berlin for expats, visitors and Berliners alike.",
      {"email": "berlin-english@example.org", "paypal": "BerlinEnglishAA"},
      (M("Lunch Break", "12345", "13:00", "14:00", "O D"),
       M("Friday Night Speaker", "5", "20:00", "21:30", "O SP", "hybrid"),
       M("Saturday Step Study", "6", "11:00", "12:30", "C ST"))),
    G("grupa-polska-berlin", "Grupa Polska Berlin", "wilmersdorfer", "Polish", "POL",
      "Polskojęzyczna grupa AA w Berlinie. Mityngi otwarte dla wszystkich zainteresowanych.",
      {},
      (M("Mityng otwarty", (2, 5), "19:00", "20:30", "O D"),
       M("Mityng z Wielką Księgą", "0", "17:00", "18:30", "C B"))),
    G("gruppe-prenzlauer-berg", "Gruppe Prenzlauer Berg", "kollwitzkiez", "German", "DE",
      "Schritte, Meditation und ein Frauenmeeting im Kollwitzkiez.",
      {"contribution_url": "https://example.org/gruppe-prenzlauer-berg/7-tradition"},
      (M("Morgenmeditation", "123456", "07:00", "07:45", "O 11 MED"),
       M("Schritte-Meeting", "1", "19:30", "21:00", "C ST"),
       M("Frauenmeeting", "3", "19:30", "21:00", "C W"))),
    G("gruppe-charlottenburg", "Gruppe Charlottenburg", "wilmersdorfer", "German", "DE",
      "Mittags- und Wochenendmeetings nahe der Wilmersdorfer Straße.",
      {},
      (M("Am Mittag", "135", "12:00", "13:00", "O D", "hybrid"),
       M("Traditionsmeeting", "2", "19:00", "20:30", "C TR"),
       M("Wochenendmeeting", "6", "18:00", "19:30", "O D"),
       M("Sonntagsmeeting", "0", "11:00", "12:00", "O D TC", "inactive",
         "Vorübergehend geschlossen: der Raum wird renoviert."))),
    G("night-owls-online", "Night Owls Online", "los-angeles", "English", "",
      "An online group for the small hours: a meeting every night, wherever you are.",
      {"email": "nightowls@example.org", "venmo": "@NightOwlsOnline",
       "square": "$NightOwlsOnline"},
      (M("Night Owls", "0123456", "23:00", "00:15", "O D"),
       M("After Midnight", "56", "00:30", "01:30", "O D"))),
    G("midtown-midday-online", "Midtown Midday Online", "new-york", "English", "",
      "A lunchtime meditation every weekday and literature meetings in the evening, online "
      "from New York.",
      {"venmo": "@MidtownMidday", "square": "$MidtownMidday"},
      (M("Midday Meditation", "12345", "12:00", "12:30", "O 11 MED"),
       M("Big Book Study", "2", "19:00", "20:00", "O B"),
       M("Women's Step Study", "3", "18:30", "19:30", "C W ST"),
       M("Grapevine Meeting", "4", "19:00", "20:00", "O GR"),
       M("Sunday Speaker", "0", "17:00", "18:00", "O SP"))),
    G("sydney-sunrise-online", "Sydney Sunrise Online", "sydney", "English", "",
      "Start the day with a meeting: online every morning, Sydney time.",
      {"contribution_url": "https://example.org/sydney-sunrise/7th-tradition"},
      (M("Sunrise Meeting", "0123456", "06:30", "07:30", "O D"),
       M("Friday Speaker", "5", "19:30", "20:30", "O SP"),
       M("Saturday Big Book", "6", "16:00", "17:00", "O B"))),
    G("mumbai-online-fellowship", "Mumbai Online Fellowship", "mumbai", "English, Hindi", "EN",
      "Online meetings in English and Hindi.",
      {},
      (M("Evening Sharing", "12345", "20:00", "21:00", "O D"),
       M("Morning Meditation", "246", "06:30", "07:15", "O 11 MED"),
       M("Hindi Meeting", "0", "11:00", "12:00", "O D HI"))),
    G("groupe-francophone-en-ligne", "Groupe francophone en ligne", "paris", "French", "FR",
      "Réunions en ligne en français, ouvertes à toutes et à tous.",
      {},
      (M("Un jour à la fois", "135", "20:30", "21:30", "O D"),
       M("Réunion des nouveaux", "0", "18:00", "19:00", "O BE"))),
    G("grupa-online-warszawa", "Grupa Online Warszawa", "warsaw", "Polish", "POL",
      "Mityngi online po polsku.",
      {},
      (M("Tylko dzisiaj", "0246", "21:00", "22:00", "O D"),)),
    G("grupo-en-linea-serenidad", "Grupo en Línea Serenidad", "mexico-city", "Spanish", "S",
      "Reuniones en línea todas las mañanas.",
      {},
      (M("Serenidad", "0123456", "08:00", "09:00", "O D"),
       M("Reunión de Mujeres", "3", "19:00", "20:00", "C W"))),
)
LANGUAGE_CODES = {"EN", "S", "FR", "DE", "POL", "HI"}

#: (meeting slug, at least this many days ahead, note)
CANCELLATIONS = (
    ("lunch-bunch-monday", 7, "The hall is booked for the parish fair; see you the week after."),
    ("eleventh-step-meditation", 2, "No meeting this time: the hall is closed for maintenance."),
    ("solo-por-hoy-friday", 3, "Cancelada: el local cierra por las fiestas del barrio."),
    ("nur-fur-heute-wednesday", 10, "Fällt aus: der Raum ist an diesem Abend belegt."),
    ("night-owls-saturday", 1, "No Night Owls this week: join After Midnight instead."),
)
#: (meeting slug, at least this many days ahead, minutes later, venue or None, note)
MOVES = (
    ("serenity-sunday-speaker", 7, 0, "seafront-hall",
     "Anniversary meeting: this week at the Seafront Community Hall in Brighton."),
    ("happy-hour-friday", 7, 60, None, "Starts an hour later this week (fire drill)."),
)

#: fictional dial-in numbers: prefix and how many random digits follow
DIAL_IN = {"Europe/London": ("+44 1632 960", 3), "Australia/Sydney": ("+61 2 5550 ", 4)}
US_DIAL_IN = ("+1 212 555 01", 2)


def upcoming(weekdays: list[int], zone: str, now: datetime, at_least: int) -> date:
    """The first of these weekdays at least so many days after today in the zone."""
    day = now.astimezone(schedule.zone(zone)).date() + timedelta(days=at_least)
    while schedule.weekday(day) not in weekdays:
        day += timedelta(days=1)
    return day


def conference(rng: random.Random, zone: str, attendance: str) -> dict:
    """Invented Zoom link and dial-in for online and hybrid meetings; None otherwise."""
    if attendance not in ("online", "hybrid"):
        return dict.fromkeys(("conference_url", "conference_url_notes", "conference_phone",
                              "conference_phone_notes"))
    meeting_id = str(rng.randrange(10**9, 10**11))
    prefix, digits = DIAL_IN.get(zone, US_DIAL_IN)
    return {
        "conference_url": f"https://zoom.us/j/{meeting_id}",
        "conference_url_notes": f"Passcode: {rng.randrange(100000, 1000000)}",
        "conference_phone": f"{prefix}{rng.randrange(10**digits):0{digits}d}",
        "conference_phone_notes": f"Meeting ID {meeting_id}, then #",
    }


def stamps(rng: random.Random, now: datetime) -> dict:
    updated = now - timedelta(days=rng.randrange(400), minutes=rng.randrange(1440))
    return {"created": updated - timedelta(days=rng.randrange(1500)), "updated": updated}


def ensure_regions() -> dict[str, Region]:
    """The demo regions and sub-regions by slug, created where missing."""
    found = {region.slug: region for region in db.session.scalars(select(Region))}
    for slug, (name, children) in REGIONS.items():
        if slug not in found:
            found[slug] = Region(slug=slug, name=name)
        for child, child_name in children.items():
            if child not in found:
                found[child] = Region(slug=child, name=child_name, parent=found[slug])
    db.session.add_all(found.values())
    db.session.flush()
    return found


# The demo directory


def load(now: datetime | None = None) -> int:
    """Load the demo directory and return how many meetings it has."""
    now = now or datetime.now(UTC)
    if db.session.scalar(select(Group.id).where(Group.slug == GROUPS[0].slug)):
        raise click.ClickException("The demo directory is already loaded.")
    taken = {*db.session.scalars(select(Meeting.slug)), *db.session.scalars(select(Group.slug))}
    meetings = build(now, ensure_regions(), taken)
    db.session.add_all(meetings)
    db.session.commit()
    places.settle_unsettled()
    refresh_statistics()
    return len(meetings)


def build(now: datetime, regions: dict[str, Region], taken: set[str]) -> list[Meeting]:
    """The demo meetings, with their groups, locations and date changes attached.

    Slugs already `taken` (by meetings or groups) get a number added.
    """
    rng = random.Random(SEED)
    places = _Places(regions)
    meetings = []
    for spec in GROUPS:
        group = Group(slug=_unique(spec.slug, taken), name=spec.name,
                      description=spec.description, languages=spec.languages, **spec.contact,
                      **stamps(rng, now))
        for plan in spec.meetings:
            meetings += _meetings(group, spec, plan, places, rng, now)
    by_plan = {meeting.slug: meeting for meeting in meetings}
    for meeting in meetings:
        meeting.slug = _unique(meeting.slug, taken)
    _date_changes(by_plan, places, now)
    return meetings


class _Places:
    """Demo locations, made once each: venues, and towns for online meetings."""

    def __init__(self, regions: dict[str, Region]):
        self.regions, self.made = regions, {}

    def venue(self, key: str) -> Location:
        if key not in self.made:
            name, address, town, latitude, longitude, step_free, notes = VENUES[key]
            self.made[key] = Location(
                name=name, address=address, latitude=latitude, longitude=longitude,
                region=self.regions[TOWNS[town][1]], timezone=TOWNS[town][2], notes=notes)
        return self.made[key]

    def town(self, key: str) -> Location:
        if key not in self.made:
            address, region, zone, latitude, longitude, _ = TOWNS[key]
            self.made[key] = Location(
                address=address, latitude=latitude, longitude=longitude, approximate=True,
                region=self.regions[region], timezone=zone)
        return self.made[key]

    def for_meeting(self, home: str, attendance: str) -> Location:
        if home in TOWNS:
            return self.town(home)
        return self.town(VENUES[home][2]) if attendance == "online" else self.venue(home)


def _meetings(group, spec: G, plan: M, places: _Places, rng, now) -> list[Meeting]:
    attendance = plan.attendance or ("online" if spec.home in TOWNS else "in_person")
    location = places.for_meeting(spec.home, attendance)
    codes = plan.types.split()
    if spec.language_code and not LANGUAGE_CODES & set(codes):
        codes.append(spec.language_code)
    step_free = spec.home in VENUES and VENUES[spec.home][5]
    if step_free and attendance in ("in_person", "hybrid"):
        codes.append("X")
    if isinstance(plan.days, str) and len(plan.days) > 1:
        day_sets = [((int(d),), f"{plan.name} {DAY_NAMES[int(d)]}") for d in plan.days]
    else:
        day_sets = [(tuple(map(int, plan.days)), plan.name)]
    found = []
    for days, slug_text in day_sets:
        meeting = Meeting(
            slug=slugify(slug_text), name=plan.name, group=group, location=location,
            start_time=time.fromisoformat(plan.start), end_time=time.fromisoformat(plan.end),
            timezone=location.timezone, types=" ".join(codes), attendance=attendance,
            notes=plan.notes, **conference(rng, location.timezone, attendance),
            **stamps(rng, now))
        meeting.weekdays = days
        found.append(meeting)
    return found


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate


def _date_changes(meetings: dict[str, Meeting], places: _Places, now: datetime) -> None:
    for slug, at_least, note in CANCELLATIONS:
        meeting = meetings[slug]
        due = upcoming(meeting.weekdays, meeting.timezone, now, at_least)
        DateChange(meeting=meeting, date=due, status="cancelled", note=note, updated=now)
    for slug, at_least, later, venue, note in MOVES:
        meeting = meetings[slug]
        due = upcoming(meeting.weekdays, meeting.timezone, now, at_least)
        start = datetime.combine(due, meeting.start_time) + timedelta(minutes=later)
        DateChange(meeting=meeting, date=due, status="moved", note=note, updated=now,
                   moved_start=start, moved_end=start + meeting.length,
                   moved_location=places.venue(venue) if venue else None)


# Synthetic directories for benchmarks

#: (meeting name, type codes it implies)
NAMES = (
    ("Early Birds", "D"), ("Lunch Bunch", "D"), ("Happy Hour", "D"), ("Keep It Simple", "D"),
    ("Came to Believe", "D"), ("Living Sober", "LS"), ("Back to Basics", "B BE"),
    ("Just for Today", "D"), ("Serenity Sunday Speaker", "SP"),
    ("Women's Big Book Study", "W B"), ("Men's Stag", "M D"), ("Night Owls", "D"),
    ("Step Study", "ST"), ("Tradition Study", "TR"), ("Daily Reflections", "DR"),
    ("Eleventh Step Meditation", "11 MED"), ("Newcomers' Meeting", "BE"),
    ("Grapevine Meeting", "GR"), ("Candlelight Meeting", "CAN"), ("Big Book Study", "B"),
    ("Primary Purpose", "D"), ("Easy Does It", "D"), ("Friday Night Speaker", "SP"),
    ("Attitude of Gratitude", "D"), ("Design for Living", "LIT"), ("Young People's Meeting", "Y D"),
)
GROUP_WORDS = ("Serenity", "Hope", "Freedom", "New Beginnings", "Primary Purpose", "Unity",
               "Happy Destiny", "Sunlight", "Fellowship", "Keep Coming Back")
VENUE_KINDS = ("Community Centre", "Church Hall", "Library Room", "Friends Meeting House",
               "Recovery Café", "Neighbourhood House", "Health Centre")
#: street names by the town's language code (venues are only in the in-person towns)
STREETS = {
    "": ("Station Road", "High Street", "Church Lane", "Market Street", "Mill Road"),
    "S": ("Carrer Major", "Carrer Nou", "Passeig del Mar", "Carrer de Sant Pere"),
    "DE": ("Hauptstraße", "Bahnhofstraße", "Kirchstraße", "Schillerstraße"),
}
START_TIMES = ("06:30 07:00 07:00 07:30 08:00 09:00 10:00 10:30 11:00 12:00 12:00 12:30 13:00 "
               "15:00 17:30 18:00 18:00 18:30 19:00 19:00 19:00 19:30 19:30 20:00 20:00 20:30 "
               "21:00 21:30 22:00 23:00").split()
LENGTHS = (60, 60, 60, 75, 90)
DAY_SETS = ((1, 2, 3, 4, 5), (1, 3, 5), (2, 4), (0, 6), (0, 1, 2, 3, 4, 5, 6))
EXTRA_CODES = ("BE", "LIT", "XT", "CF", "ABSI", "SP", "TR", "ST", "DB", "12x12")
AUDIENCES = ("W", "M", "Y", "LGBTQ", "SEN", "POC")
#: at venues; groups in the online towns meet online only
ATTENDANCE = ("in_person",) * 65 + ("hybrid",) * 15 + ("online",) * 18 + ("inactive",) * 2
#: in-person towns three times as likely as online ones
HOME_TOWNS = [
    town for town, row in TOWNS.items() for _ in range(1 if row[1] in ONLINE_REGIONS else 3)
]


@dataclass
class Synthetic:
    """Rows for bulk insertion. group_id, location_id, region_id and meeting_id hold the
    index of the row referred to (region_id: its slug) until inserted."""

    locations: list[dict] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    meetings: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)


def generate(count: int, seed: int = 1, now: datetime | None = None) -> int:
    """Add `count` synthetic meetings in bulk and return how many; slugs depend on the seed."""
    data = synthetic(count, seed, now or datetime.now(UTC))
    first = data.meetings[0]["slug"] if data.meetings else None
    if db.session.scalar(select(Meeting.id).where(Meeting.slug == first)):
        raise ValueError(f"meetings generated with seed {seed} are already listed")
    region_ids = {slug: region.id for slug, region in ensure_regions().items()}
    location_ids = _insert(Location, data.locations, region_id=region_ids)
    group_ids = _insert(Group, data.groups)
    meeting_ids = _insert(Meeting, data.meetings, group_id=group_ids, location_id=location_ids)
    _insert(DateChange, data.changes, meeting_id=meeting_ids)
    WeeklySlot.rebuild(meeting_ids)
    db.session.commit()
    places.settle_unsettled()
    refresh_statistics()
    return len(meeting_ids)


def _insert(model, rows: list[dict], **references) -> list[int]:
    """Insert rows in bulk, resolving references; return the new ids in order."""
    if not rows:
        return []
    resolved = [
        {**row, **{key: ids[row[key]] for key, ids in references.items()
                   if row[key] is not None}}
        for row in rows
    ]
    # Core rather than ORM bulk insert: the ORM splits rows into a batch per run of rows
    # with the same NULL columns, which is quadratic here.
    table = model.__table__
    query = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(db.session.connection().scalars(query, resolved))


def synthetic(count: int, seed: int, now: datetime) -> Synthetic:
    """A directory of `count` meetings in count / 4 groups across the demo's towns."""
    rng = random.Random(seed)
    data = Synthetic(locations=[_town_row(town) for town in TOWNS])
    homes = []
    for index in range((count + 3) // 4):
        town = rng.choice(HOME_TOWNS)
        data.groups.append(_group_row(rng, index, seed, town, now))
        homes.append(_home(rng, town, data.locations))
    for index in range(count):
        group = index % len(homes)
        row = _meeting_row(rng, index, seed, homes[group], now)
        data.meetings.append({**row, "group_id": group})
        if rng.random() < 0.01:
            data.changes.append(_cancellation(rng, index, row, now))
    return data


def _town_row(town: str) -> dict:
    address, region, zone, latitude, longitude, _ = TOWNS[town]
    return {"name": None, "address": address, "latitude": latitude, "longitude": longitude,
            "approximate": True, "region_id": region, "timezone": zone, "notes": None}


class _Home(NamedTuple):
    town: str
    #: index of the town's approximate location, and of the group's venue if it has one
    town_location: int
    venue: int | None
    step_free: bool


def _home(rng: random.Random, town: str, locations: list[dict]) -> _Home:
    """Where a synthetic group meets: a new venue in its town, or online only."""
    address, region, zone, latitude, longitude, language = TOWNS[town]
    town_location = list(TOWNS).index(town)
    if region in ONLINE_REGIONS:
        return _Home(town, town_location, None, False)
    step_free = rng.random() < 0.6
    locations.append({
        "name": f"{address.split(',')[0]} {rng.choice(VENUE_KINDS)}",
        "address": _street_address(rng, language, address),
        "latitude": round(latitude + rng.uniform(-0.08, 0.08), 5),
        "longitude": round(longitude + rng.uniform(-0.12, 0.12), 5),
        "approximate": False, "region_id": region, "timezone": zone,
        "notes": "Step-free entrance." if step_free else "Steps at the entrance, no ramp.",
    })
    return _Home(town, town_location, len(locations) - 1, step_free)


def _street_address(rng: random.Random, language: str, town: str) -> str:
    street, number = rng.choice(STREETS[language]), rng.randrange(1, 200)
    return f"{number} {street}, {town}" if language == "" else f"{street} {number}, {town}"


def _group_row(rng: random.Random, index: int, seed: int, town: str, now: datetime) -> dict:
    name = f"{TOWNS[town][0].split(',')[0]} {rng.choice(GROUP_WORDS)} Group"
    slug = f"{slugify(name)}-{seed}-{index}"
    contact = {"email": f"{slug}@example.org"} if rng.random() < 0.5 else {"email": None}
    return {"slug": slug, "name": name, "description": "A synthetic group for benchmarks.",
            "languages": None, **contact, **stamps(rng, now)}


def _meeting_row(rng: random.Random, index: int, seed: int, home: _Home, now: datetime) -> dict:
    name, implied = rng.choice(NAMES)
    zone = TOWNS[home.town][2]
    attendance = rng.choice(ATTENDANCE) if home.venue is not None else "online"
    start = time.fromisoformat(rng.choice(START_TIMES))
    minutes = start.hour * 60 + start.minute + rng.choice(LENGTHS)
    days = rng.choice(DAY_SETS) if rng.random() < 0.15 else (rng.randrange(7),)
    return {
        "slug": f"{slugify(name)}-{seed}-{index}", "name": name, "days": schedule.day_mask(days),
        "start_time": start, "end_time": time(minutes // 60 % 24, minutes % 60),
        "timezone": zone, "types": _types(rng, implied, home, attendance),
        "attendance": attendance, "notes": None,
        "location_id": home.town_location if attendance == "online" else home.venue,
        **conference(rng, zone, attendance), **stamps(rng, now),
    }


def _types(rng: random.Random, implied: str, home: _Home, attendance: str) -> str:
    codes = ["C" if rng.random() < 0.3 else "O", *implied.split()]
    if rng.random() < 0.4:
        codes.append(rng.choice(EXTRA_CODES))
    if rng.random() < 0.08:
        codes.append(rng.choice(AUDIENCES))
    language = TOWNS[home.town][5]
    if language and rng.random() < 0.85:
        codes.append(language)
    elif rng.random() < 0.1:
        codes.append(rng.choice(sorted(LANGUAGE_CODES)))
    if attendance == "inactive":
        codes.append("TC")
    elif attendance != "online" and home.step_free:
        codes.append("X")
    return " ".join(dict.fromkeys(codes))


def _cancellation(rng: random.Random, index: int, row: dict, now: datetime) -> dict:
    due = upcoming(schedule.weekdays(row["days"]), row["timezone"], now, rng.randrange(1, 15))
    return {"meeting_id": index, "date": due, "status": "cancelled",
            "note": "No meeting this week.", "updated": now}
