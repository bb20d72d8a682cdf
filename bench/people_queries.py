#!/usr/bin/env python3
"""Query sets for bench/people.sh, drawn from the generated roster, and a per-query probe.

  people_queries.py pick --csv FILE --seed S --out QUERIES.tsv
      Picks a mixed search set from the roster (deterministic per seed): surnames, given-name
      pieces (1-2 characters), whole names, the full pinyin and the initials of names that exist,
      ID-number tails of 4, 5 and 6 characters, whole ID numbers and phones.
      Writes `class<TAB>q` lines.

  people_queries.py lua --paths PATHS.txt --out SCRIPT.lua
      A wrk script rotating through the request paths (one per line, already URL-encoded).

  people_queries.py paths --queries QUERIES.tsv --per-page N --out PATHS.txt
      Turns a query set into /api/v1/people?q=...&per_page=N paths.

  people_queries.py load --base URL [--token T] --paths PATHS.txt --connections C --duration S
      Closed-loop load from C threads, each on its own keep-alive connection, rotating through
      the paths for S seconds. Prints the count and the percentiles of every request's own
      latency (wrk's figures add synthetic samples for coordinated omission; these do not).
      Talks to 127.0.0.1 only.

  people_queries.py probe --base URL --token T --paths PATHS.txt [--labels QUERIES.tsv] --reps N
      Asks every path sequentially on one keep-alive connection (one untimed warm-up, then N
      timed requests each) and prints, per path and per class, the hit count (`total`) and the
      median and the largest latency. A path answering non-200 or hitting nothing is flagged.
      Talks to 127.0.0.1 only.
"""

import argparse
import csv
import http.client
import json
import random
import statistics
import sys
import time
import urllib.parse
from collections import defaultdict

# Toneless pinyin of a few surnames and given-name characters the generator uses, none of them
# read differently as a surname. Names are picked only when every character is in this table.
PINYIN = {
    "王": "wang", "李": "li", "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang",
    "黄": "huang", "林": "lin", "周": "zhou", "吴": "wu", "徐": "xu", "孙": "sun",
    "郑": "zheng", "何": "he", "高": "gao", "罗": "luo", "梁": "liang", "谢": "xie",
    "芳": "fang", "丽": "li", "娜": "na", "敏": "min", "静": "jing", "秀": "xiu", "英": "ying",
    "慧": "hui", "美": "mei", "娟": "juan", "红": "hong", "玉": "yu", "兰": "lan", "霞": "xia",
    "燕": "yan", "萍": "ping", "洁": "jie", "琳": "lin", "雪": "xue", "梅": "mei", "琴": "qin",
    "婷": "ting", "伟": "wei", "磊": "lei", "军": "jun", "杰": "jie", "明": "ming",
}

SURNAMES = ["王", "李", "陈", "欧阳", "单", "曾"]
GIVEN_PIECES = ["芳", "丽华", "秀英", "婷", "敏", "红梅"]


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        name_col, id_col, phone_col = header.index("姓名"), header.index("身份证号码"), header.index("联系电话")
        for row in reader:
            yield row[name_col], row[id_col], row[phone_col]


def cmd_pick(a):
    rng = random.Random(a.seed)
    # Reservoir-sample rows so the whole file is not held in memory.
    sample, names = [], []
    for n, (name, id_number, phone) in enumerate(read_rows(a.csv)):
        if len(sample) < 2000:
            sample.append((name, id_number, phone))
        else:
            j = rng.randrange(n + 1)
            if j < 2000:
                sample[j] = (name, id_number, phone)
    pinyin_names = [s for s in sample if all(c in PINYIN for c in s[0]) and len(s[0]) >= 2]
    rng.shuffle(pinyin_names)
    queries = []
    queries += [("surname", s) for s in SURNAMES]
    queries += [("given", g) for g in GIVEN_PIECES]
    two = [s[0] for s in sample if len(s[0]) == 2][:2]
    three = [s[0] for s in sample if len(s[0]) == 3][:2]
    queries += [("name", n) for n in two + three]
    for name, _, _ in pinyin_names[:4]:
        syllables = [PINYIN[c] for c in name]
        queries.append(("pinyin", "".join(syllables)))
        queries.append(("initials", "".join(s[0] for s in syllables)))
    ids = [s[1] for s in sample]
    for k, n in enumerate([4, 4, 5, 5, 6, 6]):
        queries.append((f"id_tail{n}", ids[k][-n:]))
    queries.append(("id_whole", ids[10]))
    phones = [s[2] for s in sample if s[2]]
    queries.append(("phone", phones[0]))
    with open(a.out, "w", encoding="utf-8") as f:
        for cls, q in queries:
            f.write(f"{cls}\t{q}\n")
    print(f"{len(queries)} queries written to {a.out}", file=sys.stderr)


def cmd_paths(a):
    with open(a.queries, encoding="utf-8") as f, open(a.out, "w", encoding="utf-8") as out:
        for line in f:
            _, q = line.rstrip("\n").split("\t", 1)
            out.write(f"/api/v1/people?q={urllib.parse.quote(q)}&per_page={a.per_page}\n")


def cmd_lua(a):
    with open(a.paths, encoding="utf-8") as f:
        paths = [p.strip() for p in f if p.strip()]
    body = ",\n".join(f'  "{p}"' for p in paths)
    with open(a.out, "w", encoding="utf-8") as out:
        out.write(
            "-- generated by bench/people_queries.py: rotates through the paths\n"
            f"local paths = {{\n{body}\n}}\n"
            "local i = 0\n"
            "function request()\n"
            "  i = i % #paths + 1\n"
            "  return wrk.format(\"GET\", paths[i])\n"
            "end\n"
        )


def cmd_probe(a):
    url = urllib.parse.urlsplit(a.base)
    if url.hostname != "127.0.0.1":
        sys.exit("probe talks to 127.0.0.1 only")
    with open(a.paths, encoding="utf-8") as f:
        paths = [p.strip() for p in f if p.strip()]
    labels = ["list " + p.split("?", 1)[-1].replace("&per_page=50", "") for p in paths]
    if a.labels:
        with open(a.labels, encoding="utf-8") as f:
            labels = [line.rstrip("\n").split("\t", 1) for line in f if line.strip()]
            labels = [f"{c} {q}" for c, q in labels]
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    headers = {"Authorization": f"Bearer {a.token}"}
    by_class = defaultdict(list)
    bad = 0
    print(f"  {'class query':<34} {'total':>8} {'median ms':>10} {'max ms':>8}")
    for label, path in zip(labels, paths):
        times, total, status = [], None, None
        for rep in range(a.reps + 1):
            start = time.perf_counter()
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            body = resp.read()
            elapsed = (time.perf_counter() - start) * 1000
            status = resp.status
            if rep > 0:
                times.append(elapsed)
            if status == 200 and total is None:
                total = json.loads(body).get("total")
        flag = ""
        if status != 200:
            flag, bad = f"  <- HTTP {status}", bad + 1
        elif not total:
            flag = "  <- no hits"
        print(f"  {label:<34} {str(total):>8} {statistics.median(times):>10.1f} {max(times):>8.1f}{flag}")
        by_class[label.split(" ")[0]].append(statistics.median(times))
    print("  per class (median of the per-query medians, ms):")
    for cls, ms in by_class.items():
        print(f"    {cls:<12} {statistics.median(ms):8.1f}   (max {max(ms):.1f}, {len(ms)} queries)")
    return 1 if bad else 0


def cmd_load(a):
    """Closed-loop load: C threads, each with its own keep-alive connection, rotating through
    the paths for D seconds; every request's own latency is recorded (no correction)."""
    import threading
    url = urllib.parse.urlsplit(a.base)
    if url.hostname != "127.0.0.1":
        sys.exit("load talks to 127.0.0.1 only")
    with open(a.paths, encoding="utf-8") as f:
        paths = [p.strip() for p in f if p.strip()]
    headers = {"Authorization": f"Bearer {a.token}"} if a.token else {}
    deadline = time.perf_counter() + a.duration
    latencies, statuses, lock = [], defaultdict(int), threading.Lock()

    def worker(n):
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=a.timeout)
        mine, codes, i = [], defaultdict(int), n % len(paths)
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", paths[i], headers=headers)
                resp = conn.getresponse()
                resp.read()
                codes[resp.status] += 1
            except OSError:
                codes["error"] += 1
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=a.timeout)
            mine.append((time.perf_counter() - start) * 1000)
            i = (i + 1) % len(paths)
        with lock:
            latencies.extend(mine)
            for k, v in codes.items():
                statuses[k] += v

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(a.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")

    bad = sum(v for k, v in statuses.items() if k != 200)
    line = (f"requests={len(latencies)} rps={len(latencies) / elapsed:.1f} p50_ms={pct(50):.2f} "
            f"p90_ms={pct(90):.2f} p99_ms={pct(99):.2f} max_ms={latencies[-1] if latencies else float('nan'):.2f} "
            f"non200={bad} statuses={dict(statuses)}")
    print(line)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(line + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pick")
    p.add_argument("--csv", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    p = sub.add_parser("paths")
    p.add_argument("--queries", required=True)
    p.add_argument("--per-page", type=int, default=20)
    p.add_argument("--out", required=True)
    p = sub.add_parser("lua")
    p.add_argument("--paths", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("probe")
    p.add_argument("--base", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--paths", required=True)
    p.add_argument("--labels")
    p.add_argument("--reps", type=int, default=3)
    p = sub.add_parser("load")
    p.add_argument("--base", required=True)
    p.add_argument("--token")
    p.add_argument("--paths", required=True)
    p.add_argument("--connections", type=int, default=1)
    p.add_argument("--duration", type=float, default=20)
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--out")
    a = ap.parse_args()
    return {"pick": cmd_pick, "paths": cmd_paths, "lua": cmd_lua, "probe": cmd_probe,
            "load": cmd_load}[a.cmd](a) or 0


if __name__ == "__main__":
    sys.exit(main())
