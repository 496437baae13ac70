"""Entry point of ``python -m data``."""
import sys

from data.cli.main import main

sys.exit(main())
