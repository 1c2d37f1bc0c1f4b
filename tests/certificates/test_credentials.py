"""Open Badges 3.0: a certificate as an ``OpenBadgeCredential``, checked against the data
model's required properties (written here from the specification, 1EdTech OB 3.0 and W3C VC
2.0), its VC-JWT verified with the published key alone, and its revocation seen in the
status list its ``credentialStatus`` names."""

import base64
import gzip
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

import jwt
from fastapi.testclient import TestClient
from sqlmodel import Session as DbSession

from tests.certificates.factories import API, certificate_of, completed_session

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def _uri(value: Any) -> bool:
    return isinstance(value, str) and bool(urlparse(value).scheme)


def _types(node: dict[str, Any]) -> list[str]:
    kind = node["type"]
    return [kind] if isinstance(kind, str) else list(kind)


def required_property_problems(credential: dict[str, Any]) -> list[str]:
    """What the credential lacks of OB 3.0's required properties (empty: none)."""
    problems: list[str] = []

    def need(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    context = credential.get("@context", [])
    need(context[:2] == [VC_V2, OB_V3], "@context: VC 2.0 first, then OB 3.0")
    need(_uri(credential.get("id")), "id: a URI")
    types = _types(credential) if "type" in credential else []
    need({"VerifiableCredential", "OpenBadgeCredential"} <= set(types), "type")
    need(bool(credential.get("name")), "name")
    issuer = credential.get("issuer") or {}
    need(_uri(issuer.get("id")), "issuer.id: a URI")
    need("Profile" in _types(issuer) if "type" in issuer else False, "issuer.type: Profile")
    try:
        datetime.fromisoformat(credential["validFrom"])
    except (KeyError, ValueError):
        problems.append("validFrom: a date-time")
    subject = credential.get("credentialSubject") or {}
    need("AchievementSubject" in _types(subject) if "type" in subject else False, "subject type")
    need("id" in subject or bool(subject.get("identifier")), "subject: id or identifier")
    for identity in subject.get("identifier", []):
        need(identity.get("type") == "IdentityObject", "identifier.type")
        need(isinstance(identity.get("hashed"), bool), "identifier.hashed")
        need(bool(identity.get("identityHash")), "identifier.identityHash")
        need(bool(identity.get("identityType")), "identifier.identityType")
    achievement = subject.get("achievement") or {}
    need(_uri(achievement.get("id")), "achievement.id: a URI")
    need("Achievement" in _types(achievement) if "type" in achievement else False, "Achievement")
    need(bool(achievement.get("name")), "achievement.name")
    need(bool(achievement.get("description")), "achievement.description")
    criteria = achievement.get("criteria") or {}
    need(bool(criteria.get("narrative") or criteria.get("id")), "achievement.criteria")
    return problems


def _status_bit(client: TestClient, entry: dict[str, Any]) -> int:
    path = urlparse(entry["statusListCredential"]).path
    listed = client.get(path, headers={"Authorization": ""})
    assert listed.status_code == 200, listed.text
    status_list = listed.json()
    assert "BitstringStatusListCredential" in status_list["type"]
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")  # multibase base64url
    raw = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    assert len(bits) * 8 >= 131_072
    index = int(entry["statusListIndex"])
    return (bits[index // 8] >> (7 - index % 8)) & 1


def test_a_certificate_is_a_signed_open_badge_with_a_checkable_status(
    client: TestClient, db: DbSession
) -> None:
    ids = completed_session(client, db, {"Joko": 90})
    cert = certificate_of(client, ids["Joko"])
    exported = client.get(f"{API}/{cert['id']}/credential")
    assert exported.status_code == 200, exported.text
    credential = exported.json()["credential"]
    assert required_property_problems(credential) == []
    assert required_property_problems({**credential, "@context": [OB_V3]}) != []
    assert credential["credentialSubject"]["achievement"]["humanCode"] == cert["number"]
    assert cert["holder_nip"] not in str(credential)  # the NIP only hashed
    # The signature, with the published key alone (fetched without signing in).
    token = exported.json()["vc_jwt"]
    header = jwt.get_unverified_header(token)
    assert (header["alg"], header["typ"]) == ("EdDSA", "vc+jwt")
    jwks = client.get("/api/v1/credentials/jwks", headers={"Authorization": ""}).json()
    key = jwt.PyJWKSet.from_dict(jwks)[header["kid"]]
    verified = jwt.decode(token, key.key, algorithms=["EdDSA"])
    assert verified == credential
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    try:
        jwt.decode(tampered, key.key, algorithms=["EdDSA"])
    except jwt.InvalidSignatureError:
        pass
    else:
        raise AssertionError("a tampered credential verified")
    issuer = client.get("/api/v1/credentials/issuer", headers={"Authorization": ""}).json()
    assert issuer["id"] == credential["issuer"]["id"]
    # Revocation: the status list's bit for it turns from 0 to 1.
    entry = credential["credentialStatus"]
    assert (entry["type"], entry["statusPurpose"]) == ("BitstringStatusListEntry", "revocation")
    assert _status_bit(client, entry) == 0
    revoked = client.post(f"{API}/{cert['id']}/revocation", json={"reason": "Dicabut."})
    assert revoked.status_code == 200, revoked.text
    assert _status_bit(client, entry) == 1
