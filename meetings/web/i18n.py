"""Languages: choosing the reader's locale and catalog, and giving templates their words."""

from functools import lru_cache
from urllib.parse import quote, urlencode

from babel import Locale
from flask import current_app, has_request_context, request
from flask_babel import Babel, get_locale, get_translations, refresh
from flask_babel import format_date as format_day
from markupsafe import Markup

babel = Babel()
LOCALE_COOKIE = "lang"
#: blueprints whose pages other sites frame: they neither read nor write a preference cookie,
#: so one cached copy serves every reader of a language
FRAMED_BLUEPRINTS = frozenset({"embed"})


def init_app(app):
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: reader_translations().ugettext(text),
        ngettext=lambda one, many, count: reader_translations().ungettext(one, many, count),
        pgettext=lambda context, text: reader_translations().upgettext(context, text),
        npgettext=lambda context, one, many, count: reader_translations().unpgettext(
            context, one, many, count
        ),
        newstyle=True,
    )
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.filters["bidi"] = bidi
    app.jinja_env.globals.update(get_locale=get_locale, format_day=format_day,
                                 language_url=language_url)
    # A request's language is its own, even where requests share an app context (tests).
    app.before_request(refresh)
    app.context_processor(language_context)
    app.after_request(_remember_language)


def bidi(text) -> Markup:
    """Text people wrote, isolated so that its own direction holds in a page of the other
    ("Sam K." keeps its full stop at the end inside an Arabic sentence)."""
    return Markup("<bdi>%s</bdi>") % text


def language_context():
    """The page's direction and the languages a reader can switch to."""
    offered = _own_names(tuple(current_app.config["LOCALES"]))
    return {"text_direction": reader_locale().text_direction, "languages": offered}


@lru_cache(maxsize=8)
def _own_names(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each language named in itself, as the switcher shows them."""
    return [(code, Locale.parse(code).get_display_name(code)) for code in codes]


def language_url(code: str) -> str:
    """This page in another language, every query parameter kept (repeated ones too)."""
    pairs = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return f"{quote(request.script_root + request.path)}?{urlencode([*pairs, ('lang', code)])}"


def _remember_language(response):
    """Keep a language chosen with ?lang= for the next visits (a plain preference cookie)."""
    if framed():
        return response
    choice = request.args.get("lang")
    if choice in current_app.config["LOCALES"] and request.cookies.get(LOCALE_COOKIE) != choice:
        response.set_cookie(LOCALE_COOKIE, choice, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=request.is_secure)
    return response


def framed() -> bool:
    """Whether this request is for a page made to sit in another site's frame."""
    return has_request_context() and request.blueprint in FRAMED_BLUEPRINTS


def select_locale():
    """`?lang=`, then the remembered choice, then the browser's languages."""
    offered = current_app.config["LOCALES"]
    remembered = None if framed() else request.cookies.get(LOCALE_COOKIE)
    for choice in (request.args.get("lang"), remembered):
        if choice in offered:
            return choice
    for accepted, _quality in request.accept_languages:  # best first; "fr-CH" may take "fr"
        tag = accepted.replace("-", "_")
        for candidate in (tag, tag.split("_")[0]):
            if candidate in offered:
                return candidate
    return current_app.config["DEFAULT_LOCALE"]


def _once_per_request(key: str, compute):
    """A value computed at most once per request (listings ask for these hundreds of times)."""
    if not has_request_context():
        return compute()
    found = getattr(request, key, None)
    if found is None:
        found = compute()
        setattr(request, key, found)
    return found


def reader_locale():
    """The reader's Babel locale."""
    return _once_per_request("_reader_locale", get_locale)


def reader_language() -> str:
    """The reader's locale as a string ("pt_BR"), the key the formatters' caches use."""
    return _once_per_request("_reader_language", lambda: str(reader_locale() or "en"))


def reader_translations():
    """The reader's catalog."""
    return _once_per_request("_reader_translations", get_translations)
