#!/usr/bin/env python3
"""Request sets for bench/cases.sh, drawn from the generated database (read-only).

  cases_queries.py paths --db jinguo.db --street CODE --seed S --out-dir DIR

      Writes, one request path per line (already URL-encoded):
        list_fed.paths     the filtered case list as district federation staff: status, category,
                           kind, channel, overdue=true, unit_code of a street and of one of its
                           communities, an opening period (a month, a year), a few combinations,
                           and no filter; each at pages 1, 2, 5, 10 and 20 (per_page=50)
        list_street.paths  the same filters as a street officer of STREET (the unit filters inside
                           that street): the restriction filter is active for them
        pk_fed.paths       GET /api/v1/cases/{id} of 200 cases drawn at random (all visible to
                           federation staff)
        pk_street.paths    the same for 200 unrestricted cases of STREET
        overdue.paths      GET /api/v1/cases/overdue/count
        healthz.paths      GET /healthz
      and prints what the draw found (cases, the community, the period) on stderr.

The loads and the per-path probe are bench/people_queries.py's (`load`, `probe`).
"""

import argparse
import os
import random
import sqlite3
import sys
import urllib.parse

PAGES = [1, 2, 5, 10, 20]


def filters(street, community, month, year):
    """(label, query) pairs of the list mix; unit filters point inside `street`."""
    month_from, month_to = month
    return [
        ("none", {}),
        ("status=new", {"status": "new"}),
        ("status=assigned", {"status": "assigned"}),
        ("status=in_progress", {"status": "in_progress"}),
        ("status=referred", {"status": "referred"}),
        ("status=resolved", {"status": "resolved"}),
        ("status=closed", {"status": "closed"}),
        ("category=marriage_family", {"category": "marriage_family"}),
        ("category=domestic_violence", {"category": "domestic_violence"}),
        ("category=employment", {"category": "employment"}),
        ("category=enterprise_operation", {"category": "enterprise_operation"}),
        ("category=children", {"category": "children"}),
        ("kind=rights", {"kind": "rights"}),
        ("kind=enterprise", {"kind": "enterprise"}),
        ("channel=hotline_12338", {"channel": "hotline_12338"}),
        ("channel=walk_in", {"channel": "walk_in"}),
        ("channel=liaison_visit", {"channel": "liaison_visit"}),
        ("overdue", {"overdue": "true"}),
        ("unit=street", {"unit_code": street}),
        ("unit=community", {"unit_code": community}),
        ("period=month", {"from": month_from, "to": month_to}),
        ("period=year", {"from": f"{year}-01-01", "to": f"{year}-12-31"}),
        ("closed+employment+street", {"status": "closed", "category": "employment", "unit_code": street}),
        ("rights+hotline+month", {"kind": "rights", "channel": "hotline_12338", "from": month_from, "to": month_to}),
        ("overdue+street", {"overdue": "true", "unit_code": street}),
        ("in_progress+dv", {"status": "in_progress", "category": "domestic_violence"}),
        ("community+year", {"unit_code": community, "from": f"{year}-01-01", "to": f"{year}-12-31"}),
    ]


def list_paths(mix):
    out = []
    for _, query in mix:
        for page in PAGES:
            q = dict(query)
            q["page"] = str(page)
            q["per_page"] = "50"
            out.append("/api/v1/cases?" + urllib.parse.urlencode(q))
    return out


def write(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")


def cmd_paths(a):
    db = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    rng = random.Random(a.seed)
    lo, hi = a.street[:9] + "000", a.street[:9] + "999"
    # The community of the street with the most cases (a busy one: the heavier case).
    community = db.execute(
        "SELECT unit_code FROM cases WHERE unit_code > ? AND unit_code <= ? "
        "GROUP BY unit_code ORDER BY COUNT(*) DESC, unit_code LIMIT 1", (lo, hi)).fetchone()[0]
    # The last whole month and the last whole year with cases.
    newest = db.execute("SELECT MAX(opened_on) FROM cases").fetchone()[0]
    y, m = int(newest[:4]), int(newest[5:7])
    y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    month_end = [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    month = (f"{y:04}-{m:02}-01", f"{y:04}-{m:02}-{month_end:02}")
    year = int(newest[:4]) - 1
    mix = filters(a.street, community, month, year)
    write(os.path.join(a.out_dir, "list_fed.paths"), list_paths(mix))
    write(os.path.join(a.out_dir, "list_street.paths"), list_paths(mix))
    ids = [r[0] for r in db.execute("SELECT id FROM cases")]
    write(os.path.join(a.out_dir, "pk_fed.paths"), [f"/api/v1/cases/{i}" for i in rng.sample(ids, min(200, len(ids)))])
    street_ids = [r[0] for r in db.execute(
        "SELECT id FROM cases WHERE unit_code BETWEEN ? AND ? AND restricted = 0", (lo, hi))]
    write(os.path.join(a.out_dir, "pk_street.paths"),
          [f"/api/v1/cases/{i}" for i in rng.sample(street_ids, min(200, len(street_ids)))])
    write(os.path.join(a.out_dir, "overdue.paths"), ["/api/v1/cases/overdue/count"])
    write(os.path.join(a.out_dir, "healthz.paths"), ["/healthz"])
    total = db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    in_street = db.execute("SELECT COUNT(*) FROM cases WHERE unit_code BETWEEN ? AND ?", (lo, hi)).fetchone()[0]
    in_community = db.execute("SELECT COUNT(*) FROM cases WHERE unit_code = ?", (community,)).fetchone()[0]
    print(f"cases {total}; street {a.street}: {in_street}; community {community}: {in_community}; "
          f"month {month[0]}..{month[1]}; year {year}; {len(mix)} filters x pages {PAGES}",
          file=sys.stderr)
    print(f"COMMUNITY={community} MONTH_FROM={month[0]} MONTH_TO={month[1]} YEAR={year}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("paths")
    p.add_argument("--db", required=True)
    p.add_argument("--street", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out-dir", required=True)
    a = ap.parse_args()
    return {"paths": cmd_paths}[a.cmd](a) or 0


if __name__ == "__main__":
    sys.exit(main())
