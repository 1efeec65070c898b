"""The shape of ids in URL paths, shared by the router, the viewsets and the schema."""

# Every id in a path: ASCII digits only (``\d`` would also match other scripts' digits,
# which int() reads as the same number: a second URL for each object). At most 64 of
# them: far past any bigint (19 digits), so a client probing a huge id still gets the
# resource's own 404 code from its view, while an id can never be too long for int()
# (a ValueError, i.e. a 500, past 4300 digits).
ID_REGEX = r"[0-9]{1,64}"

# The largest id a row can have (a signed 64-bit integer): id fields in request bodies
# and query strings are bounded by it, so a huge number is a 400, never a database error.
MAX_ID = 2**63 - 1
