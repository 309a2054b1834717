"""Bolt over TLS on the bundled Neo4j: a throwaway CA and a certificate for localhost/127.0.0.1 are generated,
the server is started with ``tls_dir``, and ``neo4j+s://`` works with the CA trusted through ``SSL_CERT_FILE``
(the driver uses the system trust store); ``neo4j+ssc://`` works without it; plain Bolt and an untrusted
certificate are refused."""

from __future__ import annotations

import datetime
import ipaddress
import os

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from conftest import FIXTURE_NOTES
from motesgraf.cli import main as cli
from motesgraf.graph import neo4j_server
from motesgraf.graph.build import build
from motesgraf.graph.neo4j_store import Neo4jStore
from motesgraf.graph.store import StoreError
from motesgraf.queries import run_query
from neo4j_fixture import bundled_neo4j, free_port

NOTE = "13_dua_umea_vannas_nordmaling_2021.txt"


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject: str, key, issuer: x509.Name, signing_key, *extensions) -> x509.Certificate:
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1)))
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(signing_key, hashes.SHA256())


def make_ca_and_server_certificate(folder) -> tuple:
    """``folder/ca.crt`` and ``folder/bolt/{public.crt,private.key}`` (PEM) for localhost and 127.0.0.1."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("motesgraf test CA", ca_key, _name("motesgraf test CA"), ca_key,
                      (x509.BasicConstraints(ca=True, path_length=0), True),
                      (x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     encipher_only=False, decipher_only=False), True))
    server = _certificate("localhost", key, ca.subject, ca_key,
                          (x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False),
                          (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False))
    tls_dir = folder / "bolt"
    tls_dir.mkdir()
    (tls_dir / neo4j_server.TLS_CERT).write_bytes(server.public_bytes(serialization.Encoding.PEM))
    key_path = tls_dir / neo4j_server.TLS_KEY
    key_path.touch(mode=0o600)
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    (folder / "ca.crt").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return folder / "ca.crt", tls_dir


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    ca, tls_dir = make_ca_and_server_certificate(tmp_path_factory.mktemp("tls"))
    with bundled_neo4j(tmp_path_factory.mktemp("neo4j-tls-home"), tls_dir=tls_dir) as status:
        yield status, ca


@pytest.fixture
def trusted_ca(tls_server, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server[1]))


def _port(status) -> int:
    return int(status.uri.rsplit(":", 1)[1])


def test_neo4j_s_builds_and_queries_with_the_ca_trusted(tls_server, trusted_ca, tmp_path):
    status, _ = tls_server
    assert status.uri == f"neo4j+s://localhost:{_port(status)}"
    assert neo4j_server.status(status.home).uri == status.uri
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / NOTE).write_bytes((FIXTURE_NOTES / NOTE).read_bytes())
    with Neo4jStore(status.uri) as store:
        report = build([notes], store)
        assert report.added == 1 and store.stats().nodes["Meeting"] == 1
        assert run_query(store, "mentions-of", name="Umeå")


def test_cli_over_tls(tls_server, trusted_ca):
    status, _ = tls_server
    result = CliRunner().invoke(cli, ["stats", "--backend", "neo4j", "--neo4j-uri", status.uri])
    assert result.exit_code == 0 and "Meeting" in result.output, result.output
    status_line = CliRunner().invoke(cli, ["neo4j", "status", "--home", str(status.home)])
    assert status_line.exit_code == 0 and status.uri in status_line.output


def test_neo4j_ssc_needs_no_trusted_ca(tls_server, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with Neo4jStore(f"neo4j+ssc://127.0.0.1:{_port(tls_server[0])}") as store:
        assert store.run("RETURN 1 AS x") == [{"x": 1}]


def test_plain_bolt_is_refused(tls_server):
    with pytest.raises(StoreError, match="cannot use Neo4j"):
        Neo4jStore(f"bolt://127.0.0.1:{_port(tls_server[0])}")


def test_an_untrusted_certificate_is_refused(tls_server, monkeypatch, tmp_path):
    other_ca, _ = make_ca_and_server_certificate(tmp_path)  # trusting some other CA does not help
    monkeypatch.setenv("SSL_CERT_FILE", str(other_ca))
    with pytest.raises(StoreError, match="cannot use Neo4j"):
        Neo4jStore(tls_server[0].uri)


def test_tls_dir_without_the_pem_pair_is_a_clear_error(tmp_path):
    (tmp_path / neo4j_server.TLS_CERT).write_text("not used")
    with pytest.raises(neo4j_server.Neo4jServerError, match=f"missing {neo4j_server.TLS_KEY}"):
        neo4j_server.start(tmp_path / "home", free_port(), tls_dir=tmp_path)
    result = CliRunner().invoke(cli, ["neo4j", "start", "--home", str(tmp_path / "home"), "--tls-dir", str(tmp_path),
                                      "--port", str(free_port())])
    assert result.exit_code != 0 and str(tmp_path) in result.output and len(result.output.strip().splitlines()) == 1
    assert not os.path.exists(tmp_path / "home" / "run" / "motesgraf-neo4j.json")
