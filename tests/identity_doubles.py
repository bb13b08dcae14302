"""Local doubles of Microsoft's sign-in services, so Teams tokens can be accepted in tests, not only
refused: nothing here touches the internet and nothing in peerbot or the Agents SDK is patched.

- `signing_key()` and `bot_token(...)`: RSA keys and Bot Framework JWTs signed with them.
- `MicrosoftLogin`: the hosts the SDK and MSAL call, on 127.0.0.1 (plain HTTP, routed by Host):
  login.botframework.com's signing keys (JWKS), and login.microsoftonline.com's tenant OpenID
  metadata, signing keys and client-credentials token endpoint. `fail(endpoint, kind)` makes one
  of them ("metadata", "token", "keys") answer badly (`SIGN_IN_FAULTS`) until `heal()`.
- `ConnectProxy`: an HTTPS proxy on 127.0.0.1 that answers `CONNECT host:443` itself, with a
  certificate for that host from a throwaway certificate authority, and passes the decrypted
  requests to `MicrosoftLogin`. A `peerbot serve` process started with `HTTPS_PROXY` pointing at it
  and `SSL_CERT_FILE` / `REQUESTS_CA_BUNDLE` trusting that authority reaches "Microsoft" here.

The Agents SDK (microsoft-agents-hosting-core 1.9) validates a token in
`JwtTokenValidator.validate_token`: it picks the signing keys by the token's unverified issuer
(Bot Framework's https://login.botframework.com/v1/.well-known/keys, else
https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys), fetches them with PyJWT's
`PyJWKClient` (urllib, so the standard proxy and CA settings apply), checks the RS256 signature and
expiry (5 minutes' leeway), the audience (the app id), the issuer (when the connection sets
VALIDATE_ISSUER, as peerbot does) and the tenant binding. It reads no OpenID metadata itself;
MSAL reads the tenant's when it fetches a token for the reply.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import ipaddress
import json
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import jwt
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from teams_doubles import free_port

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
HOSTS = ("login.botframework.com", "login.microsoftonline.com")
KEY_ID = "peerbot-test-key"


def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwk(key: rsa.RSAPrivateKey, kid: str = KEY_ID) -> dict:
    numbers = key.public_key().public_numbers()

    def b64(number: int) -> str:
        raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": b64(numbers.n), "e": b64(numbers.e),
            "endorsements": ["msteams"]}


def bot_token(key: rsa.RSAPrivateKey, audience: str, *, issuer: str = BOT_FRAMEWORK_ISSUER, kid: str = KEY_ID,
              expires_in: int = 3600, service_url: str = "", **claims) -> str:
    """A token as the Bot Framework channel signs it for a bot (RS256, with a key id)."""
    now = int(time.time())
    payload = {"iss": issuer, "aud": audience, "iat": now - 60, "nbf": now - 60, "exp": now + expires_in,
               "serviceurl": service_url, **claims}
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


class _Loop:
    """An event loop in a background thread, so synchronous tests can run servers on it."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        if not self.thread.is_alive():
            self.loop.close()


@dataclass
class MicrosoftLogin:
    """login.botframework.com and login.microsoftonline.com, as far as the SDK and MSAL use them."""

    tenant: str
    keys: list[dict] = field(default_factory=list)  # the JWKS both hosts serve
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # (method, host, path)
    port: int = 0
    faults: dict[str, str] = field(default_factory=dict)  # endpoint -> the kind of failure it answers with
    tokens: int = 0  # access tokens handed out
    closing: bool = False  # set as the double stops: stalled answers end

    def fail(self, endpoint: str, kind: str) -> None:
        """From now on `endpoint` ("metadata": the tenant's OpenID metadata and instance discovery,
        "token", "keys") answers as `kind` says (one of SIGN_IN_FAULTS)."""
        assert kind in SIGN_IN_FAULTS, kind
        self.faults[endpoint] = kind

    def heal(self) -> None:
        """Every endpoint answers well again (a stalled answer already waiting stays stalled)."""
        self.faults.clear()

    def _endpoint(self, path: str) -> str:
        if path.endswith("/token"):
            return "token"
        return "keys" if path.endswith("/keys") else "metadata"

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._handle)
        return app

    async def _handle(self, request: web.Request) -> web.Response:
        host = request.host.split(":")[0]
        self.requests.append((request.method, host, request.path))
        base = f"https://{host}/{self.tenant}"
        kind = self.faults.get(self._endpoint(request.path))
        if kind:
            good = isinstance(ODD_TOKENS.get(kind, {}).get("access_token"), str)
            self.tokens += good and request.method == "POST"  # an odd answer whose token is good
            return await _sign_in_fault(request, kind, lambda: self.closing)
        if request.path in ("/v1/.well-known/keys", f"/{self.tenant}/discovery/v2.0/keys"):
            return web.json_response({"keys": self.keys})
        if request.path == f"/{self.tenant}/v2.0/.well-known/openid-configuration":
            return web.json_response({
                "issuer": f"https://login.microsoftonline.com/{self.tenant}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize", "token_endpoint": f"{base}/oauth2/v2.0/token",
                "jwks_uri": f"{base}/discovery/v2.0/keys", "id_token_signing_alg_values_supported": ["RS256"],
                "response_types_supported": ["code", "id_token", "token"], "tenant_region_scope": "EU",
            })
        if request.path == "/common/discovery/instance":
            return web.json_response({"tenant_discovery_endpoint": f"{base}/v2.0/.well-known/openid-configuration",
                                      "metadata": [{"preferred_network": host, "preferred_cache": host,
                                                    "aliases": [host]}]})
        if request.method == "POST" and request.path == f"/{self.tenant}/oauth2/v2.0/token":
            form = await request.post()
            if form.get("grant_type") != "client_credentials":
                return web.json_response({"error": "unsupported_grant_type"}, status=400)
            self.tokens += 1  # each token its own, so a test can tell which one signed a request
            return web.json_response({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                                      "access_token": f"local-double-access-token-{self.tokens}"})
        return web.json_response({"error": "not_found", "path": request.path}, status=404)


SIGN_IN_FAULTS = ("stall", "trickle", "http-500", "http-503", "http-429", "html", "empty", "list", "text",
                  "invalid-client", "no-token", "cut-short", "reset", "http-429-later", "expiry-missing",
                  "expiry-text", "expiry-negative", "expiry-huge", "token-number", "token-list")
ODD_TOKENS = {  # a token answer of 200 with an odd part (hostile sweep 25)
    "expiry-missing": {"access_token": "local-double-access-token"},
    "expiry-text": {"access_token": "local-double-access-token", "expires_in": "an hour"},
    "expiry-negative": {"access_token": "local-double-access-token", "expires_in": -3600},
    "expiry-huge": {"access_token": "local-double-access-token", "expires_in": 10**30},
    "token-number": {"access_token": 12345, "expires_in": 3599},
    "token-list": {"access_token": ["local-double-access-token"], "expires_in": 3599},
}


async def _sign_in_fault(request: web.Request, kind: str, closing) -> web.StreamResponse:
    """A sign-in endpoint answering as `kind` says: never ("stall"), a byte every 2 s ("trickle"), HTTP
    500/503/429 (a Retry-After of -5), 200 with HTML, nothing, a JSON list or plain text, Entra's
    invalid_client error, a token answer without the token, a body cut short, or the connection reset; 429
    with a Retry-After of an hour ("http-429-later"); a token answer whose expiry or token is odd (ODD_TOKENS)."""
    if kind in ODD_TOKENS:
        return web.json_response({"token_type": "Bearer", **ODD_TOKENS[kind]})
    if kind == "stall":
        for _ in range(3600):
            if closing():
                break
            await asyncio.sleep(1)
    if kind in ("trickle", "cut-short"):
        response = web.StreamResponse(headers={"Content-Type": "application/json", "Content-Length": "400"})
        await response.prepare(request)
        for byte in (b'{"token_type": "Bearer", ' if kind == "cut-short" else b'{' + b' ' * 398 + b'}'):
            await response.write(bytes([byte]))
            if kind == "trickle":
                await asyncio.sleep(2)
        request.transport.close()
        return response
    if kind == "reset":
        request.transport.close()
        return web.Response()
    statuses = {"http-500": 500, "http-503": 503, "http-429": 429, "http-429-later": 429, "invalid-client": 401}
    bodies = {"html": ("<html><body>Sign-in is down</body></html>", "text/html"), "empty": ("", "application/json"),
              "list": ("[]", "application/json"), "text": ("ok", "text/plain"),
              "no-token": ('{"token_type": "Bearer", "expires_in": 3599}', "application/json"),
              "invalid-client": ('{"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client '
                                 'secret provided."}', "application/json")}
    body, content_type = bodies.get(kind, ('{"error": "temporarily_unavailable"}', "application/json"))
    return web.Response(status=statuses.get(kind, 200), text=body, content_type=content_type,
                        headers={"http-429": {"Retry-After": "-5"}, "http-429-later": {"Retry-After": "3600"}}.get(kind))


class _CertificateAuthority:
    """A throwaway CA and one server certificate for HOSTS, written to `folder`."""

    def __init__(self, folder: Path):
        now = dt.datetime.now(dt.UTC)
        ca_key, server_key = signing_key(), signing_key()
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "peerbot test CA")])
        ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
              .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
              .not_valid_after(now + dt.timedelta(days=2))
              .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                           data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                           crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
              .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
              .sign(ca_key, hashes.SHA256()))
        names = [x509.DNSName(h) for h in HOSTS] + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        server = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOSTS[0])]))
                  .issuer_name(ca_name).public_key(server_key.public_key()).serial_number(x509.random_serial_number())
                  .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
                  .add_extension(x509.SubjectAlternativeName(names), critical=False)
                  .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                  .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
                  .sign(ca_key, hashes.SHA256()))
        pem = serialization.Encoding.PEM
        self.ca_file = folder / "ca.pem"
        self.ca_file.write_bytes(ca.public_bytes(pem))
        self.cert_file, self.key_file = folder / "server.pem", folder / "server.key"
        self.cert_file.write_bytes(server.public_bytes(pem))
        self.key_file.write_bytes(server_key.private_bytes(pem, serialization.PrivateFormat.TraditionalOpenSSL,
                                                           serialization.NoEncryption()))

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context


class ConnectProxy:
    """`HTTPS_PROXY` for a process under test: every CONNECT to one of HOSTS ends here, in TLS with
    the local CA's certificate, and its requests go on to `MicrosoftLogin`. Any other host is refused."""

    def __init__(self, folder: Path, tenant: str):
        self.authority = _CertificateAuthority(folder)
        self.login = MicrosoftLogin(tenant)
        self.connects: list[str] = []
        self.port = free_port()
        self._loop = _Loop()
        self._loop.run(self._start())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        """What a process needs to reach the doubles: the proxy, and trust in the local CA."""
        ca = str(self.authority.ca_file)
        return {"HTTPS_PROXY": self.url, "https_proxy": self.url, "NO_PROXY": "127.0.0.1,localhost",
                "no_proxy": "127.0.0.1,localhost", "SSL_CERT_FILE": ca, "REQUESTS_CA_BUNDLE": ca}

    async def _start(self) -> None:
        self._runner = web.AppRunner(self.login.app(), access_log=None)
        await self._runner.setup()
        self.login.port = free_port()
        await web.TCPSite(self._runner, "127.0.0.1", self.login.port).start()
        self._server = await asyncio.start_server(self._connect, "127.0.0.1", self.port)

    async def _connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
            method, target, _ = head.split("\r\n", 1)[0].split(" ", 2)
            host = target.rsplit(":", 1)[0]
            if method != "CONNECT" or host not in HOSTS:
                writer.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
                return
            self.connects.append(host)
            writer.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            await writer.drain()
            await writer.start_tls(self.authority.server_context())
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.login.port)
            await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError, ValueError):
            pass
        finally:
            writer.close()

    def close(self) -> None:
        async def stop() -> None:
            self.login.closing = True
            self._server.close()
            await self._runner.cleanup()

        self._loop.run(stop())
        self._loop.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    finally:
        try:
            writer.write_eof()
        except (OSError, RuntimeError, AttributeError):
            pass


def expect_replies(activity: dict) -> dict:
    """The activity asking for its replies in the HTTP response (Bot Framework's `expectReplies`
    delivery mode), so an authenticated turn is answered without calling a connector service."""
    return {**activity, "deliveryMode": "expectReplies"}


def replies(body: str) -> list[dict]:
    return json.loads(body)["activities"]
