"""The demo's groups and their meetings, and the date changes the demo announces.

Everything is invented: the groups, their contacts (example.org addresses) and their notes.
"""

from __future__ import annotations

from typing import NamedTuple


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
