"""The public JSON contract: requests.py (what clients send), responses.py (what the API answers),
corpus.py (documents in and out), errors.py (the {"detail", "code"} body)."""
