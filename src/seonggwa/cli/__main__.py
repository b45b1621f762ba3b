import sys

from seonggwa.cli import main

sys.exit(main())
