"""Several dashboard replicas behind nginx on one PostgreSQL, on this machine (issue 15, docs/deploy.md).

    python -m bench.replicas [--replicas 2] [--port 8600]     # serves until Ctrl-C: http://127.0.0.1:8600

A throwaway PostgreSQL (Debian's postgresql, in a temporary folder), the bundled data moved into it with
``python -m metrics store migrate``, N ``streamlit run serve.py`` replicas on loopback ports, and nginx in
front with the websocket upgrade and sticky sessions: a ``vet_route`` cookie set on a browser's first
request keeps its page, websocket and uploads on one replica (``hash ... consistent``). ``bench/load.py
--replicas 2`` runs its load test through this stack.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.streamlit_server import free_port, stop, streamlit_server, wait_healthy  # noqa: E402

NGINX = """
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {folder}/nginx-body;
    proxy_temp_path {folder}/nginx-proxy;
    fastcgi_temp_path {folder}/nginx-fastcgi;
    uwsgi_temp_path {folder}/nginx-uwsgi;
    scgi_temp_path {folder}/nginx-scgi;
    client_max_body_size 25m;                      # limits.max_upload_bytes (20 MB) and a margin
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    # Sticky sessions: a browser's first request gets a random route in a cookie; every later request
    # (the websocket, static files, uploads to Streamlit's upload route) carries it to the same replica.
    map $cookie_vet_route $vet_route {{ "" $request_id; default $cookie_vet_route; }}
    upstream dashboard {{
        hash $vet_route consistent;
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://dashboard;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 86400s;              # a websocket stays open while the page is
            add_header Set-Cookie "vet_route=$vet_route; Path=/; HttpOnly; SameSite=Lax" always;
        }}
    }}
}}
"""


@dataclass
class Stack:
    url: str  # nginx's address
    store: str  # the PostgreSQL URL
    replicas: list[str] = field(default_factory=list)  # each replica's own address
    pids: list[int] = field(default_factory=list)


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise SystemExit("nginx is needed: apt-get install nginx (scripts/load-replicas.sh installs it)")
    return found


@contextmanager
def nginx(folder: Path, upstreams: list[str], port: int) -> Iterator[str]:
    servers = "\n".join(f"        server {u.removeprefix('http://')};" for u in upstreams)
    conf = folder / "nginx.conf"
    user = "user root;" if os.geteuid() == 0 else ""  # workers as root here: the temporary folder is root's alone
    conf.write_text(NGINX.format(user=user, folder=folder, servers=servers, port=port), encoding="utf-8")
    binary = nginx_binary()
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(folder), "-g", "daemon off;"], start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_healthy(base, process, 30):
            log = folder / "nginx-error.log"
            raise SystemExit(f"nginx did not start: {log.read_text() if log.exists() else ''}")
        yield base
    finally:
        stop(process)


@contextmanager
def replica_stack(
    folder: Path,
    replicas: int = 2,
    port: int | None = None,
    env: Mapping[str, str] | None = None,
    script: Path = ROOT / "serve.py",
) -> Iterator[Stack]:
    """PostgreSQL with ``folder``'s data (a copy of data/ with its config.yaml) moved in, ``replicas`` servers
    on it, and nginx in front; stopped in reverse order at the end."""
    from tests.pg import postgres_server

    with ExitStack() as stack:
        url = stack.enter_context(postgres_server())
        config = folder / "config.yaml"
        base_env = {k: v for k, v in os.environ.items() if k not in ("VET_DASHBOARD_STORE", "VET_DASHBOARD_CONFIG")}
        moved = subprocess.run(
            [sys.executable, "-m", "metrics", "--config", str(config), "store", "migrate", "--to", url],
            cwd=ROOT,
            env=base_env,
            capture_output=True,
            text=True,
        )
        if moved.returncode:
            raise SystemExit(f"store migrate failed: {moved.stderr}")
        server_env = {"VET_DASHBOARD_CONFIG": str(config), "VET_DASHBOARD_STORE": url, **(env or {})}
        found = Stack("", url)
        for n in range(replicas):
            own = dict(server_env)
            if own.get("VET_DASHBOARD_TIMINGS"):  # page-run times per replica, to see how the load spread
                own["VET_DASHBOARD_TIMINGS"] = f"{own['VET_DASHBOARD_TIMINGS']}.{n}"
            base, process = stack.enter_context(streamlit_server(script, own, log=folder / f"replica-{n}.log"))
            found.replicas.append(base)
            found.pids.append(process.pid)
        found.url = stack.enter_context(nginx(folder, found.replicas, port or free_port()))
        yield found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8600)
    args = parser.parse_args()
    from tests.app.signin import write_users
    from tests.tmp_data import copy_data

    with tempfile.TemporaryDirectory(prefix="vet-replicas-") as tmp:
        folder = Path(tmp)
        copy_data(folder)
        write_users(folder)  # test users (tests/app/signin.py), moved into the database with the rest
        env = {"VET_DASHBOARD_COOKIE_KEY": os.environ.get("VET_DASHBOARD_COOKIE_KEY") or os.urandom(32).hex()}
        with replica_stack(folder, args.replicas, args.port, env) as stack:
            print(
                f"{stack.url}  ({args.replicas} replicas: {', '.join(stack.replicas)}; store {stack.store}); Ctrl-C stops",
                flush=True,
            )
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
