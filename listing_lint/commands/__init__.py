"""Extra subcommands of ``listing-lint`` (index, serve …): each module here defines
``register(subparsers)``, which adds its argparse parser with ``set_defaults(run=FUNCTION)``; FUNCTION takes
the parsed arguments and returns the exit code. Modules must import heavy libraries inside FUNCTION only,
so that ``listing-lint check`` starts fast."""
