import sys

from bot.cli.main import main

if __name__ == "__main__":  # a build's worker processes import this module without running it
    sys.exit(main())
