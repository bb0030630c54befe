"""``python -m newsframe`` runs the command line."""

import sys

from newsframe.cli import main

sys.exit(main())
