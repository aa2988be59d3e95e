"""`python -m bot`: the same as the `aftercare` command."""

from bot.cli import main

raise SystemExit(main())
