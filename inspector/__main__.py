"""`python -m inspector`: the same command line as the `inspector` script."""

from inspector.cli import app

if __name__ == "__main__":
    app()
