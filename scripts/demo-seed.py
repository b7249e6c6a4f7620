#!/usr/bin/env python3
"""Writes the demo's kioskd config and seed data from kiosk-sim's endpoints file.

Usage: demo-seed.py ENDPOINTS_JSON DEMO_DIR UI_PORT
The voucher's PIN verifier is made the way the economics side makes it (PBKDF2-HMAC-SHA256, per-voucher salt);
the PIN itself is written nowhere but on the screen of the person running the demo.
"""
import datetime
import hashlib
import json
import os
import sys

endpoints_file, demo, ui_port = sys.argv[1], sys.argv[2], int(sys.argv[3])
endpoints = json.load(open(endpoints_file))
data = os.path.join(demo, "data")
os.makedirs(data, exist_ok=True)

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
json.dump(config, open(os.path.join(demo, "kioskd.json"), "w"), indent=2, ensure_ascii=False)

pin = "4711"
salt = os.urandom(16)
iterations = 210_000
derived = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations, 32)
expiry = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
voucher = {
    "id": "VOUCHER01", "amount": 153500, "payeeName": "Jan Novák", "expiry": expiry, "boundKiosk": "K01",
    "approvals": [
        {"role": "prikazceOperace", "approverID": "starosta", "signature": [1]},
        {"role": "spravceRozpoctu", "approverID": "ekonomka", "signature": [2]},
    ],
    "pinVerifier": {"algorithm": "pbkdf2-hmac-sha256", "parameters": {"iterations": iterations},
                    "salt": list(salt), "derivedKey": list(derived)},
    "paidSoFar": 0, "failedPinAttempts": 0, "pinCheck": "idle", "status": "approved",
}
seed = {
    "office": {"name": "Městský úřad Holešov", "id": "00287172"},
    "obligations": [
        {"id": "OBL-1", "variableSymbol": "1341000123", "description": "Poplatek ze psa 2026",
         "amountDue": 123400, "amountPaid": 0, "allowsPartialPayment": True},
        {"id": "OBL-2", "variableSymbol": "2026000777", "description": "Poplatek za odpad 2026",
         "amountDue": 90000, "amountPaid": 0, "allowsPartialPayment": False},
    ],
    "vouchers": [voucher],
    "cash_units": [{"id": f"H{c}", "denomination": c * 100, "kind": "hopper", "count": 50} for c in (1, 2, 5, 10, 20, 50)],
}
json.dump(seed, open(os.path.join(data, "seed.json"), "w"), indent=2, ensure_ascii=False)
