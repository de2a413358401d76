#!/usr/bin/env python3
"""Writes the kill -9 test's order script for the synthetic market (seed 7, 2 days, 13 snapshots a day):
every half hour a smart call purchase (walks), a direct put-spread sale (fills at once) and a far limit that
rests (open at any kill): manual-API orders, whose positions the bot never manages. And every hour a smart
strategy purchase of 4 calls or puts (source "strategy": the bot manages the position), which the bot's exits
close under tests/store/data/kill_config.yaml's tight ladder and stop, and which it rolls when 7 days or fewer
are left: two of day one's expire the next day (rolled at once), the others on 2025-01-10 (day two)."""
import datetime, json, sys

def opt(expiry, strike, right):
    return {"kind": "option", "underlying": "SPY", "expiry": expiry, "strike": f"{strike:.2f}", "right": right,
            "style": "american", "settlement": "physical", "multiplier": 100}

def order(cid, legs, qty, limit, tag, source="manual_api"):
    return {"client_order_id": cid, "legs": legs, "quantity": qty, "type": "limit", "tif": "day",
            "limit_price": f"{limit:.2f}", "stop_price": None, "source": source, "parent_position_id": "",
            "strategy_tag": tag}

out = []
# (day, the manual orders' expiry, the bot's positions' expiry)
days = [("2025-01-02", "2025-01-03", "2025-01-10"), ("2025-01-03", "2025-01-10", "2025-01-17")]
for day, expiry, bot_expiry in days:
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
        if i % 2 == 0 and i < 10:  # the bot's: 5 a day, calls and puts in turn
            bot_right = "call" if (i // 2) % 2 == 0 else "put"
            out.append({"at": at, "style": "smart", "request": order(f"bot-{n}", [{"instrument": opt(bot_expiry, 585 if bot_right == "call" else 575, bot_right), "ratio": 1, "side": "buy"}],
                                                                      4, 10.00, "bot", "strategy")})
        if day == days[0][0] and i in (1, 5):  # expiring tomorrow: the bot rolls them at once, walking a combo
            out.append({"at": at, "style": "smart", "request": order(f"roll-{n}", [{"instrument": opt(expiry, 580, right), "ratio": 1, "side": "buy"}],
                                                                       4, 9.00, "roll", "strategy")})
sys.stdout.write("".join(json.dumps(o) + "\n" for o in out))
