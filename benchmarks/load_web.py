"""Load test of the web app on loopback: ``python benchmarks/load_web.py [--clients 50]
[--seconds 60]`` (or ``pytest -n 0 benchmarks/load_web.py -s`` for a 15-second run).

The app runs in its own processes (uvicorn, two workers, as ``corridor serve --workers
2``) on a fresh SQLite registry with one project and one user. After warm-up requests to
every URL (each worker makes the scenario's run once and caches it),
``clients`` concurrent connections of wrk (Debian's package: ``apt-get install wrk``) read
pages and API endpoints, the registry's among them, for ``seconds``, while ``writers``
Python clients each edit the one project ``edits`` times. Printed at the end: requests,
errors, p50, p95 and max latency of the reads, and whether every write is in the project's
history. Targets: p95 of reads at most 300 ms, no errors, no write lost.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

EXAMPLE = Path(__file__).parents[1] / "examples" / "projects" / "cathode-becancour.yaml"
READS = ["/", "/scenarios", "/chain", "/facilities?country=CA", "/projects",
         "/projects/cathode-becancour", "/api/results?variable=Material%20Demand%7CLithium"
         "&region=Canada&year=2030", "/api/facilities?stage=cathode", "/api/projects",
         "/api/projects/cathode-becancour/history"]
LUA = """
local urls = {URLS}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", urls[(i % #urls) + 1])
end
response = function(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body:sub(1, 160) .. "\\n")
  end
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format('{"requests": %d, "errors": %d, "p50": %d, "p95": %d, "max": %d, '
    .. '"kinds": "connect %d, read %d, write %d, status %d, timeout %d"}\\n',
    summary.requests, errors, latency:percentile(50), latency:percentile(95), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout))
end
"""
SERVER = """
import sys
from corridor.projects import Registry, read
from corridor.web import serve
registry = Registry(sys.argv[1])
registry.add(read(sys.argv[3])[0], author="load test")
print(registry.add_user("writer"), flush=True)
serve(port=int(sys.argv[2]), db=sys.argv[1], workers=int(sys.argv[4]))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def main(clients: int = 50, seconds: float = 60, writers: int = 5, edits: int = 20,
               workers_of_server: int = 2) -> dict:
    import httpx2 as httpx

    port = free_port()
    db = Path(tempfile.mkdtemp(prefix="corridor-load-")) / "r.sqlite"
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port),
                               str(EXAMPLE), str(workers_of_server)],
                              stdout=subprocess.PIPE, text=True, stderr=sys.stderr,
                              env={**os.environ, "CORRIDOR_HOME": str(db.parent)})
    token = server.stdout.readline().strip()
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            for _ in range(300):  # wait for the server
                try:
                    await client.get("/api/health")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            for url in READS:  # warm every worker's cache: fresh connections reach each
                done = 0
                while done < 4 * workers_of_server:
                    answer = await client.get(url, headers={"Connection": "close"})
                    answer.raise_for_status()
                    done = done + 1 if answer.status_code == 200 else 0
                    if answer.status_code == 202:  # a first run is being made
                        await asyncio.sleep(0.2)
        errors = []

        async def writer(i: int) -> int:
            done = 0
            async with httpx.AsyncClient(base_url=base, timeout=30, headers={
                    "Authorization": f"Bearer {token}"}) as client:
                for j in range(edits):
                    answer = await client.patch("/api/projects/cathode-becancour",
                                                json={"capacity": 1000.0 * (i + 1) + j + 1})
                    if answer.status_code == 200:
                        done += 1
                    else:
                        errors.append(f"write: {answer.status_code} {answer.text[:80]}")
                    await asyncio.sleep(seconds / edits / 2)  # spread over the run
            return done

        # the readers: wrk (Debian's package), whose clients cost the machine far less
        # than Python ones, so that the server's latency is measured, not the client's
        script = Path(db.parent) / "reads.lua"
        script.write_text(LUA.replace("URLS", ", ".join(f'"{u}"' for u in READS)))
        wrk = await asyncio.create_subprocess_exec(
            "wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{seconds:.0f}s", "--timeout",
            "10s", "-s",
            str(script), base, stdout=asyncio.subprocess.PIPE)
        done_writes = await asyncio.gather(*(writer(i) for i in range(writers)))
        out, _ = await wrk.communicate()
        reads = json.loads(out.decode().strip().splitlines()[-1])
        written = sum(done_writes)
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            history = (await client.get("/api/projects/cathode-becancour/history")).json()
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    report = {"requests": reads["requests"], "per_second": reads["requests"] / seconds,
              "errors": reads["errors"] + len(errors), "p50_ms": reads["p50"] / 1000,
              "p95_ms": reads["p95"] / 1000, "max_ms": reads["max"] / 1000,
              "writes": written, "writes_in_history": len(history) - 1,
              "first_errors": errors[:3], "read_errors": reads["kinds"]}
    print(f"{clients} clients for {seconds:.0f} s: {report['requests']:,} reads "
          f"({report['per_second']:,.0f}/s), {report['errors']} errors; p50 "
          f"{report['p50_ms']:.0f} ms, p95 {report['p95_ms']:.0f} ms, max "
          f"{report['max_ms']:.0f} ms; {written} writes from {writers} clients, "
          f"{report['writes_in_history']} in the history; read errors: {reads['kinds']}")
    return report


def test_load(clients: int = 50, seconds: float = 15):
    report = asyncio.run(main(clients, seconds))
    assert report["errors"] == 0, report["first_errors"]
    assert report["p95_ms"] <= 300
    assert report["writes_in_history"] == report["writes"] == 5 * 20


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    report = asyncio.run(main(args.clients, args.seconds))
    ok = (report["errors"] == 0 and report["p95_ms"] <= 300
          and report["writes_in_history"] == report["writes"])
    sys.exit(0 if ok else 1)
