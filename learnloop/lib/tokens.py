"""Personal link tokens: random, at least 128 bits, stored only as a hash."""

import hashlib
import hmac
import secrets

TOKEN_BYTES = 24  # 192 bits of randomness


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """SHA-256 of the token. A random token of this length needs no salt or slow hash."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def tokens_match(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_token(token), stored_hash)
