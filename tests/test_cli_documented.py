"""Every CLI command (and review subcommand) is documented in the README's command-line section."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from salvo.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def command_names() -> dict[str, list[str]]:
    group = typer.main.get_command(app)
    names: dict[str, list[str]] = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names[name] = sorted(sub) if sub else []
    return names


def cli_section() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## The command line\n(.*?)^## ", text, re.S | re.M)
    assert match, "README has no '## The command line' section"
    return match.group(1)


def test_every_command_is_in_the_readme() -> None:
    section = cli_section()
    missing = [name for name in command_names() if f"`salvo {name}" not in section]
    assert not missing, f"undocumented commands: {missing}"


def test_every_subcommand_is_in_the_readme() -> None:
    section = cli_section()
    missing = [
        f"{name} {sub}"
        for name, subs in command_names().items()
        for sub in subs
        if not re.search(rf"`salvo {name} [^`]*\b{re.escape(sub)}\b", section)
    ]
    assert not missing, f"undocumented subcommands: {missing}"


def test_readme_documents_no_command_that_does_not_exist() -> None:
    documented = set(re.findall(r"`salvo ([a-z][a-z-]*)", cli_section()))
    assert documented <= set(command_names()), documented - set(command_names())
