"""N dashboard replicas on this machine behind nginx: `make replicas N=3` (or `python -m deploy.replicas`).

Each replica is `streamlit run dashboard.py` on its own loopback port, all reading the same data folder
(TFSEA_DATA_DIR, or data/); nginx (Debian's package) listens on one port and sends each viewer to one replica for
the whole visit (sticky cookie, see deploy/nginx.conf.template). A publish through any replica writes the shared
folder under its file lock; every replica sees the new files at its next run (the loader compares the folder's
fingerprint on every run). The runner checks each replica's /_stcore/health, restarts a replica that exits, and
stops everything on Ctrl-C (or after --seconds).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from components.ui.memory import SERVER_ENVIRONMENT

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HEALTH_TIMEOUT_SECONDS = 120.0
# nginx's temporary folders; its workers (user nobody when started as root) write request bodies there.
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


@dataclass
class Replica:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Deployment:
    url: str
    replicas: list[Replica]
    nginx: subprocess.Popen
    run_dir: Path
    data_dir: Path | None
    restarts: list[str] = field(default_factory=list)

    @property
    def pids(self) -> list[int]:
        return [r.process.pid for r in self.replicas]


def nginx_config(listen: str, replicas: list[tuple[str, int]], run_dir: Path) -> str:
    """The proxy's configuration for replicas named and numbered as given (name, port)."""
    servers = [f"127.0.0.1:{port}" for _name, port in replicas]
    pinned = []
    for name, port in replicas:
        # The replica the cookie names first; the others as backups, so a viewer whose replica has gone is
        # served (in a new session) by another rather than refused.
        backups = "".join(f"        server {s} backup;\n" for s in servers if s != f"127.0.0.1:{port}")
        pinned.append(
            f"    upstream replica_{name} {{\n        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n"
            f"{backups}    }}"
        )
    return TEMPLATE.read_text().format(
        run_dir=run_dir,
        listen=listen,
        cookie_to_upstream="\n".join(f"        {name} replica_{name};" for name, _port in replicas),
        address_to_name="\n".join(f'        "127.0.0.1:{port}" {name};' for name, port in replicas),
        round_robin_servers="\n".join(f"        server {s} max_fails=1 fail_timeout=10s;" for s in servers),
        pinned_upstreams="\n".join(pinned),
    )


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _start_replica(name: str, port: int, data_dir: Path | None, run_dir: Path) -> Replica:
    env = {**os.environ, **SERVER_ENVIRONMENT, "PYTHONUNBUFFERED": "1"}
    if data_dir is not None:
        env["TFSEA_DATA_DIR"] = str(data_dir)
    log = run_dir / f"replica-{name}.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log.open("a") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Replica(name, port, process, log)


def _wait_healthy(replica: Replica) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
    while not healthy(replica.url):
        if replica.process.poll() is not None:
            raise RuntimeError(f"replica {replica.name} exited:\n{replica.log.read_text()[-2000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"replica {replica.name} not healthy after {HEALTH_TIMEOUT_SECONDS:.0f} s")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def deployment(
    replicas: int = 3, port: int = 8080, first_port: int = 8601, data_dir: Path | None = None,
    run_dir: Path | None = None,
) -> Iterator[Deployment]:  # fmt: skip
    """Start `replicas` dashboards and nginx on 127.0.0.1:`port`; always stop them all."""
    if not 1 <= replicas <= 16:
        raise ValueError("1 to 16 replicas")
    run_dir = Path(run_dir or tempfile.mkdtemp(prefix="tfsea-replicas-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o755)
    for name in TEMP_DIRS:
        (run_dir / name).mkdir(exist_ok=True)
        (run_dir / name).chmod(0o777)
    started: list[Replica] = []
    nginx = None
    try:
        for index in range(replicas):
            started.append(_start_replica(f"r{index + 1}", first_port + index, data_dir, run_dir))
        for replica in started:
            _wait_healthy(replica)
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_config(f"127.0.0.1:{port}", [(r.name, r.port) for r in started], run_dir))
        subprocess.run([NGINX, "-t", "-q", "-p", str(run_dir), "-c", str(conf)], check=True)
        nginx = subprocess.Popen(
            [NGINX, "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"],
            stdout=(run_dir / "nginx.out").open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while not healthy(url):
            if nginx.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start:\n{(run_dir / 'error.log').read_text()[-2000:]}")
            time.sleep(0.1)
        yield Deployment(url, started, nginx, run_dir, data_dir)
    finally:
        if nginx is not None:
            _stop(nginx)
        for replica in started:
            _stop(replica.process)


def watch(deploy: Deployment, seconds: float | None, interval: float = 2.0) -> None:
    """Until Ctrl-C (or `seconds`): restart a replica whose process has exited, and say so."""
    deadline = None if seconds is None else time.monotonic() + seconds
    while deadline is None or time.monotonic() < deadline:
        time.sleep(interval)
        for index, replica in enumerate(deploy.replicas):
            if replica.process.poll() is not None:
                message = f"replica {replica.name} exited ({replica.process.returncode}); restarting it"
                print(message, flush=True)
                deploy.restarts.append(message)
                deploy.replicas[index] = _start_replica(replica.name, replica.port, deploy.data_dir, deploy.run_dir)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1")
    parser.add_argument("--first-replica-port", type=int, default=8601)
    parser.add_argument("--data-dir", type=Path, default=os.environ.get("TFSEA_DATA_DIR"))
    parser.add_argument("--seconds", type=float, help="stop by itself after this long")
    args = parser.parse_args(argv)
    # Ctrl-C and `kill` both end in the context manager's clean-up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with deployment(args.replicas, args.port, args.first_replica_port, args.data_dir) as deploy:
        for replica in deploy.replicas:
            print(f"replica {replica.name}: {replica.url} (pid {replica.process.pid}, log {replica.log})")
        print(f"nginx: {deploy.url} (pid {deploy.nginx.pid}, logs in {deploy.run_dir})", flush=True)
        print("Open the proxy's address; Ctrl-C stops every replica and nginx.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            watch(deploy, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
