"""`python -m client` runs the same entry point as the `metaverse-seoul` script."""
from client.cli import main

raise SystemExit(main())
