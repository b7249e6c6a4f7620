#!/usr/bin/env bash
# The demo until kioskd lands: record a visit through the real journal, verify the chain, show it,
# then show that an edited record is caught.
set -euo pipefail
bin="$1"
mkdir -p var
db=var/journal.sqlite
"$bin/kioskctl" journal demo --db "$db" --kiosk K01
"$bin/kioskctl" journal verify --db "$db" --kiosk K01
echo
echo "last records:"
"$bin/kioskctl" journal show --db "$db" --kiosk K01 --last 4
echo
echo "Tamper with a copy (change the paid amount of the last record) and verify again:"
rm -f var/tampered.sqlite*
sqlite3 "$db" ".backup var/tampered.sqlite" 2>/dev/null || cp "$db" var/tampered.sqlite
sqlite3 var/tampered.sqlite "DROP TRIGGER journal_is_append_only_update; UPDATE journal SET payload = CAST(replace(CAST(payload AS TEXT), '123400', '23400') AS BLOB) WHERE seq = (SELECT max(seq) FROM journal);" 2>/dev/null \
  || { echo "(sqlite3 command-line tool not installed; skipping the tamper step)"; exit 0; }
"$bin/kioskctl" journal verify --db var/tampered.sqlite --kiosk K01 || echo "→ exit code $?: the edit was detected"
echo
echo "Try: $bin/kioskctl journal export --db $db --kiosk K01"
