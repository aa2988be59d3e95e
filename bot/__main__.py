"""`python -m bot`: the same as the `aftercare` command."""

from bot.cli.main import main

raise SystemExit(main())
