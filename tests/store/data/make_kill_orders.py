#!/usr/bin/env python3
"""Writes the kill -9 test's order script for the synthetic market (seed 7, 2 days, 13 snapshots a day):
every half hour a smart call purchase (walks), a direct put-spread sale (fills at once) and a far limit that
rests (open at any kill). Manual-API orders: their positions are never managed by the bot."""
import datetime, json, sys

def opt(expiry, strike, right):
    return {"kind": "option", "underlying": "SPY", "expiry": expiry, "strike": f"{strike:.2f}", "right": right,
            "style": "american", "settlement": "physical", "multiplier": 100}

def order(cid, legs, qty, limit, tag):
    return {"client_order_id": cid, "legs": legs, "quantity": qty, "type": "limit", "tif": "day",
            "limit_price": f"{limit:.2f}", "stop_price": None, "source": "manual_api", "parent_position_id": "",
            "strategy_tag": tag}

out = []
days = [("2025-01-02", "2025-01-03"), ("2025-01-03", "2025-01-10")]
for day, expiry in days:
    t = datetime.datetime.fromisoformat(day + "T14:50:00+00:00")
    for i in range(12):
        at = (t + datetime.timedelta(minutes=30 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        n = f"{day.replace('-', '')}-{i:02d}"
        right = "call" if i % 2 == 0 else "put"  # alternate, so the account's delta stays inside its limit
        out.append({"at": at, "style": "smart", "request": order(f"walk-{n}", [{"instrument": opt(expiry, 580, right), "ratio": 1, "side": "buy"}], 1, 9.00, "walk")})
        out.append({"at": at, "style": "direct", "request": order(f"spread-{n}", [
            {"instrument": opt(expiry, 570, "put"), "ratio": 1, "side": "sell"},
            {"instrument": opt(expiry, 565, "put"), "ratio": 1, "side": "buy"}], 1, -0.01, "spread")})
        out.append({"at": at, "style": "direct", "request": order(f"rest-{n}", [{"instrument": opt(expiry, 560, "put"), "ratio": 1, "side": "buy"}], 1, 0.01, "rest")})
sys.stdout.write("".join(json.dumps(o) + "\n" for o in out))
