"""A SAML 2.0 identity provider in-process, for the tests: its own key and self-signed certificate,
and signed answers (the assertion signed with xmlsec through python3-saml) whose details a test sets."""

from __future__ import annotations

import base64
import datetime as dt
import re
import uuid
import zlib
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
from onelogin.saml2.utils import OneLogin_Saml2_Utils

ENTITY_ID = "https://idp.birchfield.example/saml"
SSO_URL = "https://idp.birchfield.example/saml/sso"


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


class InProcessIdP:
    def __init__(self) -> None:
        self.key_pem, self.cert_pem = self.new_identity()

    @staticmethod
    def new_identity() -> tuple[str, str]:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.birchfield.example")])
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365)).sign(key, hashes.SHA256())
        )  # fmt: skip
        key_pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()

    @staticmethod
    def request_id(redirect_location: str) -> tuple[str, str]:
        """The AuthnRequest's ID and the RelayState from the redirect Vetted sends the browser to."""
        query = parse_qs(urlsplit(redirect_location).query)
        xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15)
        request_id = re.search(rb'<samlp:AuthnRequest[^>]*\sID="([^"]+)"', xml)
        assert request_id, xml
        return request_id.group(1).decode(), query.get("RelayState", [""])[0]

    def response(self, *, acs_url: str, audience: str, in_response_to: str, email: str,
                 lifetime: dt.timedelta = dt.timedelta(minutes=5), signing: tuple[str, str] | None = None,
                 issuer: str = ENTITY_ID) -> str:  # fmt: skip
        now = dt.datetime.now(dt.UTC)
        start, end = _stamp(now - dt.timedelta(minutes=1)), _stamp(now + lifetime)
        assertion = f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a{uuid.uuid4().hex}" Version="2.0" IssueInstant="{_stamp(now)}"><saml:Issuer>{issuer}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{email}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{end}" Recipient="{acs_url}" InResponseTo="{in_response_to}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="{start}" NotOnOrAfter="{end}"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="{_stamp(now)}" SessionIndex="_s{uuid.uuid4().hex}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement></saml:Assertion>"""
        key_pem, cert_pem = signing or (self.key_pem, self.cert_pem)
        signed = OneLogin_Saml2_Utils.add_sign(assertion, key_pem, cert_pem, sign_algorithm=C.RSA_SHA256,
                                               digest_algorithm=C.SHA256)  # fmt: skip
        signed_text = signed.decode() if isinstance(signed, bytes) else signed
        signed_text = signed_text.split("?>", 1)[-1] if signed_text.startswith("<?xml") else signed_text
        response = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r{uuid.uuid4().hex}" Version="2.0" IssueInstant="{_stamp(now)}" Destination="{acs_url}" InResponseTo="{in_response_to}"><saml:Issuer>{issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>{signed_text}</samlp:Response>"""
        return base64.b64encode(response.encode()).decode()
