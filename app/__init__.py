"""Web application: FastAPI app, services, repositories, database, CLI."""
