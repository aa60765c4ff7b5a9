import sys

from mubiao.cli import main

sys.exit(main())
