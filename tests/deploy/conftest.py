def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "image_build: re-does the Dockerfile's steps (uv sync of the production dependency set "
        "into a fresh venv, then loads the code location from it); about 1-2 minutes",
    )
