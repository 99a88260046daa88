"""A real OpenID Connect provider on loopback, for the tests: discovery document, JWKS and a token
endpoint that answers with an RS256-signed ID token. The test decides the claims (and may sign with
a key the provider does not publish)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KID = "loopback-key-1"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class LoopbackIdP:
    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.key = new_key()
        self.signing_key = self.key  # a test may swap in another key: a forged signature
        self.claims: dict[str, Any] = {}
        self.token_requests: list[dict[str, list[str]]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackIdP:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def standard_claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": self.client_id, "sub": "248289761001", "iat": now,
                  "exp": now + 300, "email": "wren.calloway@birchfield.example", "email_verified": True,
                  "given_name": "Wren", "family_name": "Calloway"}  # fmt: skip
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def id_token(self) -> str:
        return jwt.encode(self.claims, self.signing_key, algorithm="RS256", headers={"kid": KID})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, body: dict[str, Any], status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                if self.path == "/.well-known/openid-configuration":
                    self._json({
                        "issuer": idp.issuer,
                        "authorization_endpoint": f"{idp.issuer}/authorize",
                        "token_endpoint": f"{idp.issuer}/token",
                        "jwks_uri": f"{idp.issuer}/jwks",
                        "userinfo_endpoint": f"{idp.issuer}/userinfo",
                        "token_endpoint_auth_methods_supported": ["client_secret_post"],
                        "id_token_signing_alg_values_supported": ["RS256"],
                    })  # fmt: skip
                elif self.path == "/jwks":
                    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(idp.key.public_key()))
                    self._json({"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]})
                else:
                    self._json({"error": "not_found"}, 404)

            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                length = int(self.headers.get("Content-Length", "0"))
                form = parse_qs(self.rfile.read(length).decode())
                idp.token_requests.append(form)
                if self.path != "/token":
                    self._json({"error": "not_found"}, 404)
                elif form.get("client_id") != [idp.client_id] or form.get("client_secret") != [
                    idp.client_secret
                ]:
                    self._json({"error": "invalid_client"}, 401)
                else:
                    self._json({"access_token": "loopback-access-token", "token_type": "Bearer",
                                "expires_in": 300, "id_token": idp.id_token()})  # fmt: skip

        return Handler
