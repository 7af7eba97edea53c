"""Subcommands of the ``aimc-edu`` command line (see :mod:`aimc_edu.cli`)."""
