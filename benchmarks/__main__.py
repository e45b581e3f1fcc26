"""``python -m benchmarks``: every benchmark in sequence, suite.json and suite.md (see benchmarks/suite.py)."""
import sys

from benchmarks.suite import main

sys.exit(main())
