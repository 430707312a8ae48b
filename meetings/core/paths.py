"""Where the project's files are: the checkout, and the data shipped in the package."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
DATA = PACKAGE / "data"
