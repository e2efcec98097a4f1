"""`python -m inspector.cli`: the same command line as the installed `inspector`."""

from inspector.cli import main

if __name__ == "__main__":  # importing the module (a package walk) must not run it
    main()
