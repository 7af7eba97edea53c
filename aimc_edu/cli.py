"""Command line: ``aimc-edu <command>`` (also ``python -m aimc_edu``).

Each command lives in ``aimc_edu/commands/<name>.py`` with ``add_arguments(parser)`` and
``run(args) -> int``; :data:`COMMANDS` lists them. Bad arguments exit with status 2 and a
one-line message naming the flag as typed and the value typed (``aimc_edu/commands/_checks.py``
holds the range checks); a file that cannot be read or written exits with status 1 and one line.
``--help`` shows every flag's default.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "simulate": "aimc_edu.commands.simulate",
    "train": "aimc_edu.commands.train",
    "figures": "aimc_edu.commands.figures",
    "present": "aimc_edu.commands.present",
    "cache": "aimc_edu.commands.cache",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, naming the argument, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


class _Help(argparse.RawDescriptionHelpFormatter):
    """Keeps the commands' docstrings as written and appends each flag's default, as it would be typed."""

    def _get_help_string(self, action):
        text = action.help or ""
        default = action.default
        if "default" in text or default is None or default is False or default == argparse.SUPPRESS \
                or not action.option_strings:
            return text
        if isinstance(default, (list, tuple)):
            default = ",".join(f"{v:g}" for v in default)
        return f"{text} (default: {str(default).replace('%', '%%')})"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aimc-edu", description="Analog in-memory training, for teaching. "
                     "Run 'aimc-edu <command> --help' for a command's flags and their defaults.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=module.__doc__.strip().splitlines()[0],
                           description=module.__doc__, formatter_class=_Help)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except ValueError as err:  # a bad value (the commands' checks, or the library's): one line, exit 2
        print(f"aimc-edu {args.command}: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # a file that cannot be read or written: one line, exit 1
        print(f"aimc-edu {args.command}: error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
