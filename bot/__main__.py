import sys

from veille.cli.main import main

sys.exit(main())
