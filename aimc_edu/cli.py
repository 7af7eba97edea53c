"""Command line: ``aimc-edu <command>`` (also ``python -m aimc_edu``).

Each command lives in ``aimc_edu/commands/<name>.py`` with ``add_arguments(parser)`` and
``run(args) -> int``; :data:`COMMANDS` lists them. Bad arguments exit with status 2 and a
one-line message naming the argument.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "simulate": "aimc_edu.commands.simulate",
    "train": "aimc_edu.commands.train",
    "figures": "aimc_edu.commands.figures",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, naming the argument, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aimc-edu", description="Analog in-memory training, for teaching.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=module.__doc__.strip().splitlines()[0],
                           description=module.__doc__)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except ValueError as err:  # library validation: one line, exit 2
        print(f"aimc-edu {args.command}: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
