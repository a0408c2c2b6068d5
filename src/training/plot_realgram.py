"""Draws docs/realgram.md's plots from `shelfcloud eval realgram` JSON files, as plain SVG (no plotting package).

    python3 src/training/plot_realgram.py --by-day every4.json --every 2=every2.json 4=every4.json 7=every7.json --out docs/realgram
"""
import argparse
import json
from pathlib import Path

WAYS = [("looks_alone", "looks alone", "#9e9e9e"), ("realgram", "realgram", "#1976d2"), ("final", "realgram + ranker + tracking", "#2e7d32")]
W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 360, 56, 200, 24, 44


def frame(title, x_label, y_min, y_max):
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
             f'<rect width="{W}" height="{H}" fill="white"/>',
             f'<text x="{LEFT}" y="16" font-size="14" font-weight="bold">{title}</text>']
    for i in range(6):
        value = y_min + (y_max - y_min) * i / 5
        y = y_of(value, y_min, y_max)
        parts.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e0e0e0"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value:.2f}</text>')
    parts.append(f'<text x="{(LEFT + W - RIGHT) / 2}" y="{H - 8}" text-anchor="middle">{x_label}</text>')
    parts.append(f'<text x="14" y="{(TOP + H - BOTTOM) / 2}" transform="rotate(-90 14 {(TOP + H - BOTTOM) / 2})" text-anchor="middle">top-1</text>')
    return parts


def y_of(value, y_min, y_max):
    return TOP + (H - TOP - BOTTOM) * (1 - (value - y_min) / (y_max - y_min))


def legend(parts):
    for i, (_, name, colour) in enumerate(WAYS):
        y = TOP + 20 + 20 * i
        parts.append(f'<rect x="{W - RIGHT + 12}" y="{y - 9}" width="14" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{W - RIGHT + 32}" y="{y}">{name}</text>')


def by_day(report, out):
    days = report["top1_by_day"]
    y_min = max(0.0, min(min(d[k] for d in days) for k, _, _ in WAYS) - 0.05)
    parts = frame(f"Top-1 over the days of a history (annotated every {report['annotate_every_days']} days)", "day of the history", y_min, 1.0)
    x_of = lambda i: LEFT + (W - LEFT - RIGHT) * i / max(1, len(days) - 1)
    for i, d in enumerate(days):
        parts.append(f'<text x="{x_of(i):.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{d["day"]}</text>')
        if d["day"] % report["annotate_every_days"] == 0:
            parts.append(f'<line x1="{x_of(i):.1f}" x2="{x_of(i):.1f}" y1="{TOP}" y2="{H - BOTTOM}" stroke="#ffcc80" stroke-dasharray="4 3"/>')
    for key, _, colour in WAYS:
        points = " ".join(f"{x_of(i):.1f},{y_of(d[key], y_min, 1.0):.1f}" for i, d in enumerate(days))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
    legend(parts)
    parts.append(f'<text x="{W - RIGHT + 12}" y="{TOP + 90}" fill="#ef6c00">dashed: annotation days</text>')
    parts.append("</svg>")
    out.write_text("\n".join(parts))


def by_frequency(reports, out):
    keys = {"looks_alone": "top1_without_realgram", "realgram": "top1_with_realgram", "final": "top1_final"}
    everies = sorted(reports)
    y_min = max(0.0, min(reports[e][keys[k]] for e in everies for k, _, _ in WAYS) - 0.05)
    parts = frame("Top-1 against how often an annotator confirms a photo", "an annotated photo every N days", y_min, 1.0)
    group = (W - LEFT - RIGHT) / len(everies)
    bar = group / (len(WAYS) + 1)
    for g, every in enumerate(everies):
        x0 = LEFT + g * group + bar / 2
        parts.append(f'<text x="{x0 + bar * len(WAYS) / 2:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{every}</text>')
        for i, (key, _, colour) in enumerate(WAYS):
            value = reports[every][keys[key]]
            y = y_of(value, y_min, 1.0)
            parts.append(f'<rect x="{x0 + i * bar:.1f}" y="{y:.1f}" width="{bar * 0.9:.1f}" height="{H - BOTTOM - y:.1f}" fill="{colour}"/>')
            parts.append(f'<text x="{x0 + i * bar + bar * 0.45:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="10">{value:.3f}</text>')
    legend(parts)
    parts.append("</svg>")
    out.write_text("\n".join(parts))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--by-day", required=True, help="eval realgram JSON whose top1_by_day is drawn")
    parser.add_argument("--every", nargs="+", required=True, help="N=FILE: the eval JSON of a history annotated every N days")
    parser.add_argument("--out", required=True, help="folder for realgram_by_day.svg and realgram_by_frequency.svg")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    by_day(json.loads(Path(args.by_day).read_text()), out / "realgram_by_day.svg")
    reports = {int(item.split("=", 1)[0]): json.loads(Path(item.split("=", 1)[1]).read_text()) for item in args.every}
    by_frequency(reports, out / "realgram_by_frequency.svg")


if __name__ == "__main__":
    main()
