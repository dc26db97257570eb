"""A self-signed certificate for 127.0.0.1 and feeds.example (valid until 2126), for HTTPS fakes."""

from __future__ import annotations

import ssl
import tempfile
from pathlib import Path

CERT = """-----BEGIN CERTIFICATE-----
MIIBpjCCAU2gAwIBAgIUYDv6RpgapuUwN9DcI/NcyIx9bjUwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNZmVlZHMuZXhhbXBsZTAgFw0yNjEyMDYxNzMwNDRaGA8yMTI2
MTExMjE3MzA0NFowGDEWMBQGA1UEAwwNZmVlZHMuZXhhbXBsZTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABKNdDIKo/BhdPwYTDE8PJQZ0teEjfCa+aTd9Vi0zQjWb
L1O0PDPHO5HVMQdj3XBq3kpc/RC5XoVhf8VcD+hjKc+jczBxMB0GA1UdDgQWBBS8
NjV3FgQYOubq+nN7WSls2ak7TDAfBgNVHSMEGDAWgBS8NjV3FgQYOubq+nN7WSls
2ak7TDAPBgNVHRMBAf8EBTADAQH/MB4GA1UdEQQXMBWHBH8AAAGCDWZlZWRzLmV4
YW1wbGUwCgYIKoZIzj0EAwIDRwAwRAIgXG49u3O/3uUoeLSSKYhlR082rituKn4a
4VPCK07/lJkCICLGKBqOmfitL5QvaRbXQikepR6P7dIGIN37K4lQsxdS
-----END CERTIFICATE-----
"""
KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgIKEywOdQm5sn6GSc
6qqeT5SuRc6Tl77u8JW5cJ7xqo+hRANCAASjXQyCqPwYXT8GEwxPDyUGdLXhI3wm
vmk3fVYtM0I1my9TtDwzxzuR1TEHY91wat5KXP0QuV6FYX/FXA/oYynP
-----END PRIVATE KEY-----
"""


def server_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as folder:
        cert, key = Path(folder) / "cert.pem", Path(folder) / "key.pem"
        cert.write_text(CERT, encoding="ascii")
        key.write_text(KEY, encoding="ascii")
        context.load_cert_chain(cert, key)
    return context


def client_context() -> ssl.SSLContext:
    """Trusts this certificate only."""
    return ssl.create_default_context(cadata=CERT)
