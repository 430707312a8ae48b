# Copy to instance/config.py and adjust. Every setting is optional.
SITE_NAME = "Meetings"
# DEFAULT_TIMEZONE = "Europe/London"  # unset: the zone most of the directory's meetings keep
DEFAULT_LOCALE = "en"
LOCALES = ["en", "es", "fr"]
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://user:password@localhost/meetings"
# Request logs show no client address unless this is True (e.g. to block an abuser).
# LOG_CLIENT_ADDRESSES = False
