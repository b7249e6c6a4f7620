#!/usr/bin/env python3
"""Writes the demo's kioskd config and seed data from kiosk-sim's endpoints file.

Usage: demo-seed.py ENDPOINTS_JSON DEMO_DIR UI_PORT [TOWN_PORT APPROVER_KEYS_JSON]

Standalone (three arguments; technicians' scenarios use it): the seed holds the obligations and voucher
VOUCHER01 (PIN 4711), its PIN verifier made the way the economics side makes it (PBKDF2-HMAC-SHA256, per-voucher
salt); the PIN is written nowhere else.

With the town server (five arguments; `make demo`): kioskd gets a `sync` section, the town server's config is
written with fresh secrets for kiosk K01 and the economics stand-in, the kiosk's secret file (0600), and the
economics data (receivables, fees) econ-sim pushes. The voucher then comes signed from econ-sim, not from here.
"""
import datetime
import hashlib
import json
import os
import secrets
import sys

endpoints_file, demo, ui_port = sys.argv[1], sys.argv[2], int(sys.argv[3])
town_port, keys_file = (int(sys.argv[4]), sys.argv[5]) if len(sys.argv) > 5 else (None, None)
endpoints = json.load(open(endpoints_file))
data = os.path.join(demo, "data")
os.makedirs(data, exist_ok=True)


def write_json(path, value):
    json.dump(value, open(path, "w"), indent=2, ensure_ascii=False)


config = {
    "kiosk_id": "K01",
    "data_directory": os.path.abspath(data),
    "devices": {
        "nv200": {"path": endpoints["nv200"]},
        "cctalk": {"path": endpoints["cctalk"], "hoppers": {"3": 100, "4": 200, "5": 500, "6": 1000, "7": 2000, "8": 5000}},
        "printer": {"path": endpoints["printer"], "baud": 9600},
        # A short completion timeout: the simulated cardholder is quick, and a lost answer is settled in seconds.
        "card_terminal": {"host": "127.0.0.1", "port": endpoints["zvt_port"], "completion_timeout_seconds": 20},
    },
    "http": {"ui_port": ui_port, "bind": "127.0.0.1", "ui_directory": os.path.abspath("ui")},
    "control": {"socket_path": os.path.abspath(os.path.join(demo, "control.sock")), "mode": "0660"},
    "timeouts": {"idle_seconds": 300, "cash_not_taken_seconds": 30},
    "metrics": {"enabled": True},
}

obligations = [
    {"id": "OBL-1", "variableSymbol": "1341000123", "description": "Poplatek ze psa 2026",
     "amountDue": 123400, "amountPaid": 0, "allowsPartialPayment": True},
    {"id": "OBL-2", "variableSymbol": "2026000777", "description": "Poplatek za odpad 2026",
     "amountDue": 90000, "amountPaid": 0, "allowsPartialPayment": False},
]
fees = [
    {"code": "OVERENI-PODPISU", "nameCs": "Ověření podpisu", "nameEn": "Signature verification",
     "pricing": {"kind": "fixed", "amount": 3000}},
    {"code": "VYPIS-RT", "nameCs": "Výpis z rejstříku trestů", "nameEn": "Criminal record extract",
     "pricing": {"kind": "fixed", "amount": 10000}},
]
seed = {
    "office": {"name": "Městský úřad Holešov", "id": "00287172"},
    "obligations": obligations,
    "vouchers": [],
    "cash_units": [{"id": f"H{c}", "denomination": c * 100, "kind": "hopper", "count": 50} for c in (1, 2, 5, 10, 20, 50)],
}

if town_port is None:
    pin = "4711"
    salt = os.urandom(16)
    iterations = 210_000
    derived = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations, 32)
    expiry = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    seed["vouchers"] = [{
        "id": "VOUCHER01", "amount": 153500, "payeeName": "Jan Novák", "expiry": expiry, "boundKiosk": "K01",
        "approvals": [
            {"role": "prikazceOperace", "approverID": "starosta", "signature": [1]},
            {"role": "spravceRozpoctu", "approverID": "ekonomka", "signature": [2]},
        ],
        "pinVerifier": {"algorithm": "pbkdf2-hmac-sha256", "parameters": {"iterations": iterations},
                        "salt": list(salt), "derivedKey": list(derived)},
        "paidSoFar": 0, "failedPinAttempts": 0, "pinCheck": "idle", "status": "approved",
    }]
else:
    kiosk_secret, econ_secret = secrets.token_hex(32), secrets.token_hex(32)
    secret_path = os.path.abspath(os.path.join(demo, "kiosk-secret.hex"))
    with os.fdopen(os.open(secret_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write(kiosk_secret + "\n")
    config["sync"] = {
        "server_url": f"http://127.0.0.1:{town_port}",
        "secret_file": secret_path,
        "approver_keys_file": os.path.abspath(keys_file),
        "push_interval_seconds": 2, "pull_interval_seconds": 3, "max_voucher_age_seconds": 3600,
        "unbound_vouchers": "refuse",
    }
    os.makedirs(os.path.join(demo, "town"), exist_ok=True)
    write_json(os.path.join(demo, "town-server.json"), {
        "listen": {"host": "127.0.0.1", "port": town_port},
        "database": os.path.abspath(os.path.join(demo, "town", "town.sqlite")),
        "timestamp_window_seconds": 300,
        "voucher_list_maximum_age_seconds": 3600,
        "kiosks": [{"id": "K01", "secret_hex": kiosk_secret, "voucher_policy": "bound_only"}],
        "econ_clients": [{"id": "econ", "secret_hex": econ_secret}],
        "approver_keys": json.load(open(keys_file)),
    })
    # What the economics system sends through the town server (econ-sim push).
    write_json(os.path.join(demo, "econ-data.json"), {"receivables": obligations, "fees": fees})

write_json(os.path.join(demo, "kioskd.json"), config)
write_json(os.path.join(data, "seed.json"), seed)
