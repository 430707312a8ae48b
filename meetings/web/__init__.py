"""What every request passes through.

Errors, security headers, limits, compression, languages, the reader's zone, shared form pieces,
offline.
"""
