"""N app processes behind nginx on loopback, configured by ``deploy/nginx/claims-map.conf`` itself; the load test through it.

    python benchmarks/replicas.py --replicas 2 --sessions 10,20,40,60 --seconds 20 [--json]

Starts ``--replicas`` dashboard processes (one shared ``server.cookieSecret``) and nginx with the shipped
configuration, its upstream ports, listening port and folders rewritten for this run (:func:`nginx_config`), then runs
``benchmarks/load_ws.py``'s levels through nginx, measuring every replica's CPU and memory. Used by
``tests/test_deploy.py``. Needs the ``nginx`` binary (``apt-get install nginx``); loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load_ws import AppServer, run_level, settle_rss  # noqa: E402
from tests.browser import free_port  # noqa: E402

NGINX_CONF = ROOT / "deploy" / "nginx" / "claims-map.conf"
#: Added in the test's http block: which process served each request, per routing key.
ACCESS_FORMAT = "log_format claims '$claims_route $upstream_addr $status $request_method $uri';"


def find_nginx() -> str | None:
    """The nginx binary, or None."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)


def nginx_config(
    folder: Path,
    ports: list[int],
    listen: int,
    *,
    affinity: bool = True,
    max_conns: int | None = None,
    pack_dir: Path | None = None,
) -> Path:
    """Write a runnable nginx.conf into ``folder`` from the shipped ``deploy/nginx/claims-map.conf``.

    Only what a machine decides changes: the upstream ports (one ``server`` line per port, same options), the
    listening port, the folders (busy page, pack), and, for the documented failure, ``affinity=False`` removes the
    ``hash`` line (nginx then goes round robin). ``max_conns`` replaces the per-process connection cap.
    """
    text = NGINX_CONF.read_text(encoding="utf-8")
    servers = re.findall(r"^    server 127\.0\.0\.1:\d+ (.*);$", text, flags=re.M)
    options = servers[0]
    if max_conns is not None:
        options = re.sub(r"max_conns=\d+", f"max_conns={max_conns}", options)
    lines = "".join(f"    server 127.0.0.1:{port} {options};\n" for port in ports)
    text = re.sub(r"(^    server 127\.0\.0\.1:\d+ .*;\n)+", lines, text, flags=re.M)
    text = text.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{listen};")
    text = text.replace("/srv/claims-map/deploy/static", str(ROOT / "deploy" / "static"))
    text = text.replace("/srv/claims-map/pack/", f"{pack_dir or folder / 'pack'}/")
    if not affinity:
        text = re.sub(r"^    hash \$claims_route consistent;\n", "", text, flags=re.M)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "pack"):
        (folder / sub).mkdir(exist_ok=True)
        (folder / sub).chmod(0o777)
    temp = "".join(f"    {kind}_temp_path {folder / kind};\n" for kind in ("fastcgi", "uwsgi", "scgi"))
    main = (
        f"worker_processes 1;\ndaemon off;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 4096; }\n"
        "http {\n"
        f"    {ACCESS_FORMAT}\n    access_log {folder / 'access.log'} claims;\n"
        f"    client_body_temp_path {folder / 'body'};\n    proxy_temp_path {folder / 'proxy'};\n{temp}"
        f"    types {{ text/html html; }}\n" + "\n".join("    " + line if line else "" for line in text.splitlines()) + "\n}\n"
    )
    conf = folder / "nginx.conf"
    conf.write_text(main, encoding="utf-8")
    return conf


class Nginx:
    """nginx in the foreground with a given configuration, on loopback."""

    def __init__(self, conf: Path, port: int) -> None:
        binary = find_nginx()
        if binary is None:
            raise RuntimeError("nginx is not installed")
        self.url = f"http://127.0.0.1:{port}"
        self.folder = conf.parent
        self.process = subprocess.Popen(
            [binary, "-p", str(self.folder), "-c", str(conf), "-e", str(self.folder / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        import socket

        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx did not start: {self.process.stderr.read().decode() if self.process.stderr else ''}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("nginx did not listen")

    def access_log(self) -> list[list[str]]:
        """The access log's lines, split: routing key, upstream address, status, method, path."""
        path = self.folder / "access.log"
        return [line.split() for line in path.read_text().splitlines()] if path.exists() else []

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_replicas(count: int) -> list[AppServer]:
    """``count`` app processes sharing one cookie secret, healthy."""
    secret = secrets.token_hex(32)
    servers = [AppServer(ROOT, env={"STREAMLIT_SERVER_COOKIE_SECRET": secret}) for _ in range(count)]
    for server in servers:
        server.wait_healthy()
    return servers


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--sessions", default="10,20,40")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results: list[dict[str, Any]] = []
    servers = start_replicas(args.replicas)
    nginx = None
    try:
        with tempfile.TemporaryDirectory() as folder:
            listen = free_port()
            nginx = Nginx(nginx_config(Path(folder), [s.port for s in servers], listen), listen)
            pids = [s.process.pid for s in servers]
            for level in (int(x) for x in args.sessions.split(",")):
                figures = asyncio.run(run_level(nginx.url, level, min(args.seconds, 600.0), args.interval, pids))
                figures["rss_after_mb"] = settle_rss(pids)
                figures["replicas"] = args.replicas
                results.append(figures)
                if not args.json:
                    print(json.dumps(figures), flush=True)
            nginx.stop()
            nginx = None
    finally:
        if nginx:
            nginx.stop()
        for server in servers:
            server.stop()
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
