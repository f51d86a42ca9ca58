"""What every sandbox domain builds on: auth, faults, journal, the shared estate and tables.

Nothing here names a domain; ``domain.py`` finds them by folder.
"""
