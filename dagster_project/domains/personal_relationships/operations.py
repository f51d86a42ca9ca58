"""Operations (filled below)."""

OPERATIONS = ()
