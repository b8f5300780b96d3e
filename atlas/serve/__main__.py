"""`python -m atlas.serve`: the app server (see atlas/serve/server.py)."""

from atlas.serve.server import main

main()
