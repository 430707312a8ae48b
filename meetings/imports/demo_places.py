"""The demo's regions, towns and venues: invented venues and street numbers in real towns.

Online groups are listed approximately at a town, so that they reach other time zones.
"""

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
