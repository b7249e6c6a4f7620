#!/usr/bin/env bash
# make demo: the simulated hardware (kiosk-sim), the town server with the economics stand-in (econ-sim) and the
# kiosk daemon (kioskd) on this machine. econ-sim pushes obligations, fees and a voucher signed by two approvers;
# kioskd pulls them, pays, and pushes its journal back; econ-sim pulls the postings. Ctrl-C stops everything.
set -euo pipefail
bin="$1"
demo=var/demo
sim_port=8089
ui_port=8080
town_port=8090
# Every run starts from a new kiosk and a new town: the voucher of the last run may already be paid.
rm -rf "$demo"
mkdir -p "$demo"
econ() { "$bin/town-server" econ-sim "$@" --server "http://127.0.0.1:$town_port" --config "$demo/town-server.json"; }

"$bin/kiosk-sim" --state-dir "$demo/sim" --control-port "$sim_port" --endpoints-file "$demo/endpoints.json" >"$demo/kiosk-sim.log" 2>&1 &
sim_pid=$!
kioskd_pid=""
town_pid=""
stop() {
    trap - INT TERM EXIT
    echo
    echo "stopping kioskd, town-server and kiosk-sim…"
    [ -n "$kioskd_pid" ] && kill -TERM "$kioskd_pid" 2>/dev/null && wait "$kioskd_pid" 2>/dev/null || true
    [ -n "$town_pid" ] && kill -TERM "$town_pid" 2>/dev/null && wait "$town_pid" 2>/dev/null || true
    kill -TERM "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
    "$bin/kioskctl" journal verify --journal "$demo/data/journal.sqlite" --kiosk K01 || true
    exit 0
}
trap stop INT TERM EXIT

for _ in $(seq 100); do [ -s "$demo/endpoints.json" ] && break; sleep 0.1; done
[ -s "$demo/endpoints.json" ] || { echo "kiosk-sim did not start; see $demo/kiosk-sim.log"; exit 1; }
"$bin/town-server" econ-sim demo-keyring >"$demo/approver-keys.json"
python3 scripts/demo-seed.py "$demo/endpoints.json" "$demo" "$ui_port" "$town_port" "$demo/approver-keys.json"

"$bin/town-server" serve --config "$demo/town-server.json" >"$demo/town-server.log" 2>&1 &
town_pid=$!
for _ in $(seq 100); do grep -q "listening" "$demo/town-server.log" 2>/dev/null && break; sleep 0.1; done
grep -q "listening" "$demo/town-server.log" || { echo "town-server did not start; see $demo/town-server.log"; exit 1; }
# The economics system: receivables and fees, then a voucher signed by starosta (příkazce operace) and
# ekonomka (správce rozpočtu), bound to kiosk K01, PIN 4711 (the PIN is turned into a verifier right here).
econ push "$demo/econ-data.json" >"$demo/econ-sim.log"
econ issue-voucher --id VOUCHER01 --amount 153500 --payee "Jan Novák" --pin 4711 --kiosk K01 >>"$demo/econ-sim.log"

sim() { curl -s -X POST "http://127.0.0.1:$sim_port/$1" -d "$2" >/dev/null; }
sim levels '{"location": "recycler", "pieces": {"50000": 10, "20000": 10, "100000": 5}}'
sim levels '{"location": "hopper", "pieces": {"100": 50, "200": 50, "500": 50, "1000": 50, "2000": 50, "5000": 50}}'

"$bin/kioskd" --config "$demo/kioskd.json" >"$demo/kioskd.log" 2>&1 &
kioskd_pid=$!
for _ in $(seq 150); do
    curl -s "http://127.0.0.1:$ui_port/api/state" 2>/dev/null | grep -q '"in_service":true' && break
    sleep 0.2
done
# Wait for the first pull: the voucher and the obligations come from the town server.
for _ in $(seq 50); do
    "$bin/kioskctl" status --socket "$demo/control.sock" --json 2>/dev/null | grep -q '"last_pull_age_seconds"' && break
    sleep 0.2
done

cat <<TRY

IronCashier demo is running — kiosk K01, Městský úřad Holešov (logs: $demo/*.log)
  touchscreen             http://127.0.0.1:$ui_port/   (open it in a browser; insert notes with the kiosk-sim lines below)
  kioskd touchscreen API  http://127.0.0.1:$ui_port/api/state   (live screen: curl -N http://127.0.0.1:$ui_port/api/events)
  kiosk-sim control API   http://127.0.0.1:$sim_port/state
  town server             http://127.0.0.1:$town_port   (economics stand-in: $bin/town-server econ-sim … --config $demo/town-server.json)

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
  $bin/kioskctl journal show --journal $demo/data/journal.sqlite --kiosk K01
  $bin/kioskctl status --socket $demo/control.sock
  $bin/kioskctl close-day --journal $demo/data/journal.sqlite --kiosk K01
  curl -s localhost:$sim_port/state

The economics system gets every payment and payout once (the kiosk pushes its journal every 2 s):
  $bin/town-server econ-sim pull --ack --server http://127.0.0.1:$town_port --config $demo/town-server.json

Press Ctrl-C to stop.
TRY
wait "$kioskd_pid"
