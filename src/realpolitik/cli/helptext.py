"""Help pages that show what to type: placeholders such as PATH and TEXT rather than Python
types, the choices of closed options, and paragraphs that wrap between words.

Typer labels a value by its annotation (``<list[str]>``, ``<bool>``); the ``HelpGroup`` given
to the top-level app relabels every command of the tree once, when the app is built, so
that commands declared anywhere (and the ``--help`` flag typer adds) read the same.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

# Placeholders for values whose option declares no metavar, by typer's type label.
_PLACEHOLDERS = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "path": "PATH"}
_LABEL = re.compile(r"^<(?:list\[)?(?P<kind>[^\]>]*)\]?>$")


class HelpGroup(TyperGroup):
    """The top-level group: relabels the options and arguments of every command under it."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for command in _walk(self):
            relabel(command)


def relabel(command: Any) -> None:
    """Give a command's options and arguments placeholders instead of Python types, its
    ``--help`` flag no type at all, and its help text paragraphs without hard line breaks."""
    if command.help:
        command.help = _reflow(command.help)
    context = typer.Context(command)
    for param in [*command.params, command.get_help_option(context)]:
        if isinstance(param, TyperOption) and param.metavar is None:
            if param.is_flag or param.count:
                param.metavar = ""
            elif param.type_descriptor.choices:
                param.metavar = _choices(param.type_descriptor.choices)
            else:
                param.metavar = _placeholder(param.display_type(context))
        elif isinstance(param, TyperArgument) and type(param) is TyperArgument:
            param.__class__ = _Argument


class _Argument(TyperArgument):
    """An argument whose type column holds its choices or a placeholder (typer's own
    arguments show their Python type whatever their metavar)."""

    def display_type_rich(self, ctx: Any) -> str | None:
        choices = self.type_descriptor.choices
        if choices:
            return _choices(choices)
        if self.metavar is not None:
            return None  # the name column shows the metavar already
        return _placeholder(self.display_type(ctx))


def _choices(choices: tuple[Any, ...]) -> str:
    # spaced, so that a narrow column wraps between the choices, never inside one
    return " | ".join(str(getattr(choice, "value", choice)) for choice in choices)


def _placeholder(label: str) -> str:
    match = _LABEL.match(label)
    kind = match["kind"] if match else label
    return _PLACEHOLDERS.get(kind.lower(), kind.upper())


def _reflow(text: str) -> str:
    # single line breaks of a docstring are not breaks on a terminal of another width
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(
        p if p.startswith("\b") else " ".join(line.strip() for line in p.splitlines())
        for p in paragraphs
    )


def _walk(group: Any) -> list[Any]:
    found = [group]
    for command in getattr(group, "commands", {}).values():
        found.extend(_walk(command))
    return found
