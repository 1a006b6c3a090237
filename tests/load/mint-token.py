#!/usr/bin/env python3
"""Mints an HS256 JWT for the API's Local sign-in, standard library only.

Usage: mint-token.py <issuer> <audience> <base64 key> [email] [name]
"""
import base64
import hashlib
import hmac
import json
import sys
import time
import uuid


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def main() -> None:
    issuer, audience, key = sys.argv[1:4]
    email = sys.argv[4] if len(sys.argv) > 4 else "load.manager@contoso.com"
    name = sys.argv[5] if len(sys.argv) > 5 else "Load Manager"
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": audience,
        "nbf": now - 60,  # a little slack for clock reads in the same second
        "exp": now + 4 * 3600,  # outlives the longest run
        "tid": "local",
        "oid": str(uuid.uuid4()),
        "sub": email,
        "name": name,
        "email": email,
        "preferred_username": email,
    }
    header = {"alg": "HS256", "typ": "JWT"}
    signing_input = b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + b64url(
        json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(base64.b64decode(key), signing_input.encode("ascii"), hashlib.sha256).digest()
    print(signing_input + "." + b64url(signature))


if __name__ == "__main__":
    main()
