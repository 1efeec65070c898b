"""The world and the table of the authorization matrix (tests/test_authorization_matrix.py)."""
