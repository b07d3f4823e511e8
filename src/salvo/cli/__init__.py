"""Command-line interface.

Each ``*_cmd.py`` module in this package registers its commands on the shared
``app``; they are discovered here so adding a command never touches this file.
"""

import importlib
import pkgutil

from salvo.cli.app import app

for _module in pkgutil.iter_modules(__path__):
    if _module.name.endswith("_cmd"):
        importlib.import_module(f"{__name__}.{_module.name}")


def main() -> None:
    app()


__all__ = ["app", "main"]
