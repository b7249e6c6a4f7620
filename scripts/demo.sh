#!/usr/bin/env bash
# make demo: the simulated hardware (kiosk-sim) and the kiosk daemon (kioskd) on this machine, seeded with
# obligations, an approved voucher and cash in the recycler and hoppers. Ctrl-C stops both cleanly.
set -euo pipefail
bin="$1"
demo=var/demo
sim_port=8089
ui_port=8080
mkdir -p "$demo"
rm -f "$demo/endpoints.json"

"$bin/kiosk-sim" --state-dir "$demo/sim" --control-port "$sim_port" --endpoints-file "$demo/endpoints.json" >"$demo/kiosk-sim.log" 2>&1 &
sim_pid=$!
kioskd_pid=""
stop() {
    trap - INT TERM EXIT
    echo
    echo "stopping kioskd and kiosk-sim…"
    [ -n "$kioskd_pid" ] && kill -TERM "$kioskd_pid" 2>/dev/null && wait "$kioskd_pid" 2>/dev/null || true
    kill -TERM "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
    "$bin/kioskctl" journal verify --db "$demo/data/journal.sqlite" --kiosk K01 || true
    exit 0
}
trap stop INT TERM EXIT

for _ in $(seq 100); do [ -s "$demo/endpoints.json" ] && break; sleep 0.1; done
[ -s "$demo/endpoints.json" ] || { echo "kiosk-sim did not start; see $demo/kiosk-sim.log"; exit 1; }
python3 scripts/demo-seed.py "$demo/endpoints.json" "$demo" "$ui_port"

sim() { curl -s -X POST "http://127.0.0.1:$sim_port/$1" -d "$2" >/dev/null; }
sim levels '{"location": "recycler", "pieces": {"50000": 10, "20000": 10, "100000": 5}}'
sim levels '{"location": "hopper", "pieces": {"100": 50, "200": 50, "500": 50, "1000": 50, "2000": 50, "5000": 50}}'

"$bin/kioskd" --config "$demo/kioskd.json" >"$demo/kioskd.log" 2>&1 &
kioskd_pid=$!
for _ in $(seq 150); do
    curl -s "http://127.0.0.1:$ui_port/api/state" 2>/dev/null | grep -q '"in_service":true' && break
    sleep 0.2
done

cat <<TRY

IronCashier demo is running — kiosk K01, Městský úřad Holešov (logs: $demo/*.log)
  touchscreen             http://127.0.0.1:$ui_port/   (open it in a browser; insert notes with the kiosk-sim lines below)
  kioskd touchscreen API  http://127.0.0.1:$ui_port/api/state   (live screen: curl -N http://127.0.0.1:$ui_port/api/events)
  kiosk-sim control API   http://127.0.0.1:$sim_port/state

Pay 1 234 Kč (dog fee, VS 1341000123) with a 2 000 Kč note — 766 Kč comes back as change:
  curl -s -X POST localhost:$ui_port/api/payments -d '{"vs": "1341000123"}'
  curl -s -X POST localhost:$ui_port/api/method -d '{"cash": true}'
  curl -s -X POST localhost:$sim_port/insert-note -d '{"value": 200000}'
  curl -s -X POST localhost:$sim_port/take-tray
  curl -s localhost:$sim_port/receipts

Pay out voucher VOUCHER01 (1 535 Kč) with PIN 4711:
  curl -s -X POST localhost:$ui_port/api/acknowledge
  curl -s -X POST localhost:$ui_port/api/payouts -d '{"voucher": "VOUCHER01", "pin": "4711"}'
  curl -s -X POST localhost:$sim_port/take-tray

See what the kiosk recorded and what physically happened:
  $bin/kioskctl journal show --db $demo/data/journal.sqlite --kiosk K01
  curl -s localhost:$sim_port/state

Press Ctrl-C to stop.
TRY
wait "$kioskd_pid"
