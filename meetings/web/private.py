"""Responses kept out of shared caches and search engines: pages for link holders, tokens."""

from flask import make_response


def private(response):
    """Pages only link holders see: never cached or indexed."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def secret(response):
    """Keep a response that shows a token out of caches, referrers, logs and search engines."""
    response = private(response)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
