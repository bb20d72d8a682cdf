#!/usr/bin/env python3
"""Cold-start timing of `jinguo serve`, beside its baselines, measured the same way in one run.

For each of REPEAT rounds (the three kinds interleaved, so machine noise spreads over all):
  fresh   spawn `serve` on a new, empty data dir (migrations, key file, org tree, admin user)
          until the first 200 from GET /healthz
  warm    the same on a data dir that an earlier start already initialized
  spawn   spawn `jinguo --version` until it exits (what any process start of this binary costs)
Prints every sample and the medians, in milliseconds. Talks to 127.0.0.1 only.
"""

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ADMIN_PASSWORD = "Bench#2026pass"
READY_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JINGUO_")}
    env["JINGUO_ADMIN_PASSWORD"] = ADMIN_PASSWORD
    return env


def healthz_ok(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1.0)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def time_serve(binary: str, data_dir: str, log_path: str) -> float:
    """Milliseconds from spawning `serve` to the first 200 from /healthz."""
    port = free_port()
    with open(log_path, "ab") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [binary, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", data_dir],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env=clean_env(),
        )
        try:
            while True:
                if healthz_ok(port):
                    elapsed = (time.perf_counter() - t0) * 1000.0
                    break
                if proc.poll() is not None:
                    sys.exit(f"jinguo serve exited with {proc.returncode} before answering; see {log_path}")
                if time.perf_counter() - t0 > READY_TIMEOUT_S:
                    sys.exit(f"jinguo serve not ready after {READY_TIMEOUT_S} s; see {log_path}")
                time.sleep(0.001)
        finally:
            stop(proc)
    return elapsed


def time_spawn(binary: str) -> float:
    """Milliseconds from spawning `jinguo --version` to its exit."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [binary, "--version"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=clean_env(),
    )
    elapsed = (time.perf_counter() - t0) * 1000.0
    if proc.returncode != 0:
        sys.exit(f"`{binary} --version` exited with {proc.returncode}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="the jinguo binary")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--work", default=None, help="scratch folder (default: a new temp dir)")
    args = ap.parse_args()

    work = args.work or tempfile.mkdtemp(prefix="jinguo-coldstart-")
    log_path = os.path.join(work, "coldstart-serve.log")

    warm_dir = os.path.join(work, "warm")
    os.makedirs(warm_dir, exist_ok=True)
    time_serve(args.bin, warm_dir, log_path)  # initializes it; not counted
    time_spawn(args.bin)  # page the binary in; not counted

    fresh, warm, spawn = [], [], []
    for i in range(args.repeat):
        fresh_dir = tempfile.mkdtemp(prefix=f"fresh{i}-", dir=work)
        fresh.append(time_serve(args.bin, fresh_dir, log_path))
        warm.append(time_serve(args.bin, warm_dir, log_path))
        spawn.append(time_spawn(args.bin))

    def row(label: str, samples: list) -> None:
        listed = " ".join(f"{s:.1f}" for s in samples)
        print(f"  {label:<44} median {statistics.median(samples):8.1f} ms   [{listed}]")

    print(f"cold start, {args.repeat} runs each (ms):")
    row("first start, fresh data dir -> /healthz 200", fresh)
    row("start, initialized data dir -> /healthz 200", warm)
    row("process spawn baseline (jinguo --version)", spawn)
    m_fresh, m_warm = statistics.median(fresh), statistics.median(warm)
    if m_warm > 0:
        print(f"  first start / initialized start: {m_fresh / m_warm:.2f}x")


if __name__ == "__main__":
    main()
