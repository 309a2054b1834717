"""Start, stop and query a local Neo4j Community server built from Maven Central jars.

No Docker and no neo4j.com download: the server's jars are resolved once with
``mvn dependency:copy-dependencies`` into a shared cache, then the server runs as
``java -cp "lib/*" org.neo4j.server.CommunityEntryPoint`` (one JVM, no bootloader)
with Bolt on 127.0.0.1 only and the HTTP connectors off.

Layout: the jars live in ``<cache>/lib`` (cache = $MOTESGRAF_NEO4J_HOME or
~/.cache/motesgraf/neo4j-<version>); a server *home* holds conf/, data/, logs/, run/.
The default home is the cache dir itself; tests pass their own tmp home and share the jars.

Security: a password is never put on a command line or in a file. The server starts with auth on and the
default initial password, and the real one is set over Bolt with a parameterised
``ALTER CURRENT USER SET PASSWORD`` (the driver's DEBUG log of that call is redacted). With ``tls_dir`` Bolt
requires TLS with the PEM pair in that folder. LOAD CSV cannot read local files.

    python -m motesgraf.graph.neo4j_server --prefetch   # resolve the jars only
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

NEO4J_VERSION = "5.26.30"  # LTS line; runs on Java 17 and 21 (2025.x needs 21+)
# Memory of the bundled server; $MOTESGRAF_NEO4J_HEAP and $MOTESGRAF_NEO4J_PAGECACHE override them (e.g. 2g). The
# page cache should hold the whole store: a 10,000-meeting store is about 240 MB on disk, which 256m could not keep
# whole. Neo4j allocates the page cache as pages are read, so a small graph does not take the full size.
HEAP = "512m"
PAGECACHE = "1g"
_SIZE = re.compile(r"[1-9][0-9]*[kmg]?", re.IGNORECASE)
_ARTIFACTS = (("org.neo4j", "neo4j"), ("org.neo4j.app", "neo4j-server"), ("org.neo4j", "neo4j-bootcheck"))
_MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
_ADMIN_CLASS = "org.neo4j.server.startup.Neo4jAdminCommand"
# What `Neo4jCommand console --dry-run` passes (from the stock neo4j.conf) that Java 17 needs.
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)
_PID_FILE = "motesgraf-neo4j.json"
_COMPLETE = ".complete"
_DEFAULT_PASSWORD = "neo4j"  # what a fresh DBMS with auth on accepts, only for changing it
TLS_KEY, TLS_CERT = "private.key", "public.crt"  # the PEM pair expected in tls_dir


class Neo4jServerError(RuntimeError):
    """A one-line reason why the bundled server could not be prepared, started or stopped."""


@dataclass
class ServerStatus:
    running: bool
    uri: str | None
    pid: int | None
    home: Path


# ---------------------------------------------------------------- paths


def cache_dir() -> Path:
    env = os.environ.get("MOTESGRAF_NEO4J_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return Path.home() / ".cache" / "motesgraf" / f"neo4j-{NEO4J_VERSION}"


def lib_dir() -> Path:
    return cache_dir() / "lib"


def _home(home: Path | None) -> Path:
    return (Path(home).expanduser() if home is not None else cache_dir()).resolve()


def _pid_path(home: Path) -> Path:
    return home / "run" / _PID_FILE


# ---------------------------------------------------------------- tools and jars


def _tool(name: str, env_var: str) -> str:
    explicit = os.environ.get(env_var)
    if explicit:
        return explicit
    java_home = os.environ.get("JAVA_HOME")
    if name == "java" and java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which(name)
    if not found:
        raise Neo4jServerError(f"`{name}` not found on PATH (set {env_var}); the bundled Neo4j needs it")
    return found


def _java() -> str:
    java = _tool("java", "MOTESGRAF_JAVA")
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    except OSError as exc:
        raise Neo4jServerError(f"cannot run java ({java}): {exc.strerror}") from exc
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    major = int(match.group(1)) if match else 0
    major = int(match.group(2)) if major == 1 and match and match.group(2) else major
    if major < 17:
        raise Neo4jServerError(f"Neo4j {NEO4J_VERSION} needs Java 17 or 21; {java} is {major or 'unknown'}")
    return java


def _pom() -> str:
    deps = "".join(
        f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>"
        f"<version>{NEO4J_VERSION}</version></dependency>"
        for g, a in _ARTIFACTS
    )
    return (
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        "<groupId>motesgraf</groupId><artifactId>neo4j-bundle</artifactId><version>1</version>"
        f"<packaging>pom</packaging><dependencies>{deps}</dependencies></project>\n"
    )


@contextlib.contextmanager
def _lock(path: Path):
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_jars() -> Path:
    """Resolve the server's jars through mvn (Maven Central) once; return the lib dir."""
    lib = lib_dir()
    if (lib / _COMPLETE).exists():
        return lib
    with _lock(cache_dir() / ".lock"):
        if (lib / _COMPLETE).exists():
            return lib
        _resolve_jars(lib)
    return lib


def _resolve_jars(lib: Path) -> None:
    mvn = _tool("mvn", "MOTESGRAF_MVN")
    with tempfile.TemporaryDirectory(dir=lib.parent) as tmp:
        (Path(tmp) / "pom.xml").write_text(_pom())
        out = Path(tmp) / "lib"
        cmd = [mvn, "-B", "-q", "dependency:copy-dependencies", "-DincludeScope=runtime",
               "-DexcludeTypes=pom", f"-DoutputDirectory={out}"]
        try:
            proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True)
        except OSError as exc:
            raise Neo4jServerError(f"cannot run mvn ({mvn}): {exc.strerror}") from exc
        if proc.returncode != 0 or not any(out.glob("neo4j-server-*.jar")):
            tail = " | ".join((proc.stdout + proc.stderr).strip().splitlines()[-5:])
            raise Neo4jServerError(f"mvn could not resolve Neo4j {NEO4J_VERSION} jars: {tail}")
        (out / _COMPLETE).write_text(NEO4J_VERSION + "\n")
        shutil.rmtree(lib, ignore_errors=True)
        out.rename(lib)


# ---------------------------------------------------------------- config


def memory() -> tuple[str, str]:
    """(heap, page cache): $MOTESGRAF_NEO4J_HEAP and $MOTESGRAF_NEO4J_PAGECACHE, else HEAP and PAGECACHE."""
    sizes = []
    for variable, default in (("MOTESGRAF_NEO4J_HEAP", HEAP), ("MOTESGRAF_NEO4J_PAGECACHE", PAGECACHE)):
        value = os.environ.get(variable, "").strip() or default
        if not _SIZE.fullmatch(value):
            raise Neo4jServerError(f"{variable}={value!r} is not a size such as 512m or 2g")
        sizes.append(value)
    return sizes[0], sizes[1]


def _write_conf(home: Path, port: int, auth: bool, tls_dir: Path | None = None) -> Path:
    conf = home / "conf"
    heap, pagecache = memory()
    for sub in ("conf", "data", "logs", "run", "plugins", "import"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    lines = [
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address=127.0.0.1:{port}",
        f"server.bolt.advertised_address=127.0.0.1:{port}",
        "server.http.enabled=false",
        "server.https.enabled=false",
        f"server.memory.heap.initial_size={heap}",
        f"server.memory.heap.max_size={heap}",
        f"server.memory.pagecache.size={pagecache}",
        *(f"server.directories.{d}={home / d}" for d in ("data", "logs", "run", "plugins", "import")),
        f"dbms.security.auth_enabled={'true' if auth else 'false'}",
        "dbms.usage_report.enabled=false",
        "dbms.security.allow_csv_import_from_file_urls=false",  # LOAD CSV in a query cannot read local files
        "db.tx_log.preallocate=false",  # else every server home takes 512 MB of disk at once
        # erasure (`motesgraf forget`): keep no transaction log beyond the current one, and rotate it often, so
        # deleted values leave the logs at a later checkpoint instead of staying for the default 2 days
        "db.tx_log.rotation.retention_policy=false",
        "db.tx_log.rotation.size=16M",
        *(f"server.jvm.additional={flag}" for flag in JVM_FLAGS if not flag.startswith("-Dfile.")),
        *(_tls_conf(tls_dir) if tls_dir else []),
    ]
    (conf / "neo4j.conf").write_text("\n".join(lines) + "\n")
    return conf


def _tls_conf(tls_dir: Path) -> list[str]:
    """Bolt only over TLS, with the server's certificate and key from tls_dir (no client certificates)."""
    return [
        "dbms.ssl.policy.bolt.enabled=true",
        f"dbms.ssl.policy.bolt.base_directory={tls_dir}",
        f"dbms.ssl.policy.bolt.private_key={TLS_KEY}",
        f"dbms.ssl.policy.bolt.public_certificate={TLS_CERT}",
        "dbms.ssl.policy.bolt.client_auth=NONE",
        "server.bolt.tls_level=REQUIRED",
    ]


def _checked_tls_dir(tls_dir: Path | None) -> Path | None:
    if tls_dir is None:
        return None
    tls_dir = Path(tls_dir).expanduser().resolve()
    missing = [name for name in (TLS_CERT, TLS_KEY) if not (tls_dir / name).is_file()]
    if missing:
        raise Neo4jServerError(f"{tls_dir}: TLS needs {TLS_CERT} and {TLS_KEY} (PEM) there; missing {', '.join(missing)}")
    return tls_dir


def _java_env(home: Path) -> dict[str, str]:
    return {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}


def admin(home: Path, args: list[str], *, port: int = 7687) -> str:
    """Run `neo4j-admin ARGS` against the server home (e.g. `database import full ...`); its output, or a
    one-line Neo4jServerError."""
    home = _home(home)
    java, lib = _java(), ensure_jars()
    if not (home / "conf" / "neo4j.conf").exists():
        _write_conf(home, port, auth=False)
    proc = subprocess.run([java, "-cp", f"{lib}/*", _ADMIN_CLASS, *args], env=_java_env(home),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        lines = [line for line in (proc.stdout + proc.stderr).strip().splitlines() if "--verbose" not in line]
        raise Neo4jServerError(f"neo4j-admin {' '.join(args[:3])} failed: {' '.join(lines[-1:])}")
    return proc.stdout


# ---------------------------------------------------------------- process helpers


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError, OSError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False  # our own child, now reaped
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError):
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _ours(pid: int, home: Path) -> bool:
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.exists():
        return _alive(pid)
    with contextlib.suppress(OSError):
        return f"--home-dir={home}".encode() in cmdline.read_bytes() and _alive(pid)
    return False


def _read_pid(home: Path) -> dict | None:
    with contextlib.suppress(OSError, ValueError):
        return json.loads(_pid_path(home).read_text())
    return None


def _bolt_answers(port: int, timeout: float = 2.0, tls: bool = False) -> bool:
    """Bolt handshake (auth-independent): the server picks one of the offered versions. Over TLS the
    certificate is not checked: this only asks whether our own server is up."""
    hello = b"\x60\x60\xb0\x17" + b"\x00\x00\x04\x05" + b"\x00\x00\x00\x05" + b"\x00\x00\x00\x04" + b"\x00" * 4
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as raw:
            sock = _unverified_tls().wrap_socket(raw) if tls else raw
            sock.sendall(hello)
            reply = sock.recv(4)
    except OSError:  # ssl.SSLError is an OSError
        return False
    return len(reply) == 4 and reply != b"\x00\x00\x00\x00"


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the JVM does: TIME_WAIT is no conflict
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _tail(home: Path, n: int = 20) -> str:
    with contextlib.suppress(OSError):
        return "\n".join((home / "logs" / "console.log").read_text(errors="replace").splitlines()[-n:])
    return "(no console.log)"


def _unverified_tls() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


def _uri(port: int, tls: bool = False) -> str:
    """The URI to print and use: with TLS, verified against the system trust store (the certificate must name
    localhost)."""
    return f"neo4j+s://localhost:{port}" if tls else f"bolt://127.0.0.1:{port}"


def _probe_uri(port: int, tls: bool) -> str:
    return f"bolt+ssc://127.0.0.1:{port}" if tls else _uri(port)


# ---------------------------------------------------------------- public API


def status(home: Path | None = None) -> ServerStatus:
    home = _home(home)
    info = _read_pid(home)
    if not info or not _ours(int(info["pid"]), home):
        return ServerStatus(False, None, None, home)
    tls = bool(info.get("tls"))
    running = _bolt_answers(int(info["port"]), tls=tls)
    return ServerStatus(running, _uri(info["port"], tls) if running else None, int(info["pid"]), home)


def start(home: Path | None = None, port: int = 7687, *, password: str | None = None,
          tls_dir: Path | None = None, timeout: float = 120) -> ServerStatus:
    """Start the server in ``home`` (idempotent). ``password``: auth on, and the password of user ``neo4j``
    (set on the first start of this home). ``tls_dir``: Bolt requires TLS with ``public.crt``/``private.key``
    from there."""
    home = _home(home)
    current = status(home)
    if current.running:
        return current  # idempotent: possibly on the port it was first started with
    if current.pid is not None:  # alive but not answering (still booting or hung): restart
        stop(home)
    if not _port_free(port):
        raise Neo4jServerError(f"port 127.0.0.1:{port} is already in use")
    tls_dir = _checked_tls_dir(tls_dir)
    java, lib = _java(), ensure_jars()
    fresh = not (home / "data" / "databases" / "system").exists()
    _write_conf(home, port, auth=password is not None, tls_dir=tls_dir)
    proc = _launch(java, lib, home)
    tls = tls_dir is not None
    _pid_path(home).write_text(json.dumps({"pid": proc.pid, "port": port, "version": NEO4J_VERSION, "tls": tls}))
    login = None if password is None else ("neo4j", _DEFAULT_PASSWORD if fresh else password)
    _wait_ready(proc, home, port, tls, login, timeout)
    if password is not None and fresh:
        try:
            _set_password(_probe_uri(port, tls), password)
        except Neo4jServerError:
            stop(home)
            raise
    return ServerStatus(True, _uri(port, tls), proc.pid, home)


def _launch(java: str, lib: Path, home: Path) -> subprocess.Popen:
    heap, _ = memory()
    cmd = [java, "-cp", f"{home / 'conf'}/*:{lib}/*", *JVM_FLAGS, f"-Xms{heap}", f"-Xmx{heap}",
           _MAIN_CLASS, f"--home-dir={home}", f"--config-dir={home / 'conf'}", "--console-mode"]
    with open(home / "logs" / "console.log", "ab") as log:
        return subprocess.Popen(cmd, cwd=home, env=_java_env(home), stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _wait_ready(proc: subprocess.Popen, home: Path, port: int, tls: bool, login: tuple[str, str] | None,
                timeout: float) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError

    deadline, last = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _pid_path(home).unlink(missing_ok=True)
            raise Neo4jServerError(f"Neo4j exited with code {proc.returncode}; console.log:\n{_tail(home)}")
        if _bolt_answers(port, timeout=1.0, tls=tls):
            try:
                with GraphDatabase.driver(_probe_uri(port, tls), auth=login) as driver:
                    driver.verify_connectivity()
                return
            except AuthError:  # not retried: repeated failures lock the user out
                stop(home)
                raise Neo4jServerError("the password given is not this server's (it is set on the first start of "
                                       f"{home} only)") from None
            except Exception as exc:  # noqa: BLE001 - retried until the deadline
                last = f"{type(exc).__name__}: {exc}"
        time.sleep(0.5)
    stop(home)
    raise Neo4jServerError(f"Neo4j not ready on {_uri(port, tls)} after {timeout:.0f}s {last}; console.log:\n{_tail(home)}")


def _set_password(uri: str, password: str) -> None:
    """Replace the default initial password over Bolt, as a query parameter (never on argv or on disk).
    Fails if someone changed the default first, so nobody else's password stays in force."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import Neo4jError

    try:
        with _redacted_driver_logs(password), GraphDatabase.driver(uri, auth=("neo4j", _DEFAULT_PASSWORD)) as driver:
            with driver.session(database="system") as session:
                session.run("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                            old=_DEFAULT_PASSWORD, new=password).consume()
    except Neo4jError as error:
        reason = (error.message or error.code or type(error).__name__).replace(password, "***").splitlines()[0]
        raise Neo4jServerError(f"could not set the password of user neo4j: {reason}") from None


class _Redact(logging.Filter):
    def __init__(self, secret: str):
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "******"), ()
        return True


@contextlib.contextmanager
def _redacted_driver_logs(secret: str):
    """The driver logs every query's parameters at DEBUG; keep a secret out of those records."""
    names = {"neo4j", *(name for name in logging.root.manager.loggerDict if name.startswith("neo4j."))}
    loggers, redact = [logging.getLogger(name) for name in sorted(names)], _Redact(secret)
    for logger in loggers:
        logger.addFilter(redact)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(redact)


def stop(home: Path | None = None, timeout: float = 60) -> bool:
    home = _home(home)
    info = _read_pid(home)
    pid = int(info["pid"]) if info else None
    was_running = pid is not None and _ours(pid, home)
    if was_running:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
    _pid_path(home).unlink(missing_ok=True)
    return was_running


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefetch", action="store_true", help="resolve the Neo4j jars into the cache and exit")
    args = parser.parse_args(argv)
    if args.prefetch:
        try:
            lib = ensure_jars()
        except Neo4jServerError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"Neo4j {NEO4J_VERSION} jars in {lib}")
        return 0
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
