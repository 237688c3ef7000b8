"""``python -m app.cli`` runs the ``iat`` command line."""

from app.cli import main

main()
