#!/bin/sh
# Measures the peak memory and the time of `jiedao import households FILE
# --dry-run` for the inputs of issue 13: the 300,000-row roster, a
# 1,000,000-row CSV, and the files that once took gigabytes (a 512 MiB
# cell, 1 GiB of white space, 3 million rows, a 10 MB field), each also
# with a zip directory that lies about its sizes or without the sheet's
# dimension. Figures go into docs/BENCHMARKS.md, "Import limits and peak
# memory (issue 13)".
#
#   build/import-limits.sh [DIR]     (default: $TMPDIR/jiedao-import-limits)
#
# The inputs are made once (≈ 3 GB of disk, a few minutes) by
# TestWriteImportInputs in sheet/bombs_test.go and kept in DIR; delete
# them to make them again. Peak memory is the maximum resident set size of
# the whole process as /usr/bin/time reports it.
set -eu
export LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 # the messages in Chinese, as the clerks see them
cd "$(dirname "$0")/.."
DIR=${1:-${TMPDIR:-/tmp}/jiedao-import-limits}
mkdir -p "$DIR"
go build -tags migrated_fynedo -o "$DIR/jiedao" .
go test -tags migrated_fynedo ./sheet -run '^TestWriteImportInputs$' -inputs "$DIR" -timeout 60m >/dev/null
DB="$DIR/register.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
# A new register with its first account, a street manager who is also
# the administrator, as whom the imports log in. (The login's argon2id
# check takes 19 MiB once, before the file is read: within the peak RSS.)
export JIEDAO_USER=street JIEDAO_PASSWORD='限额-测试-2026'
"$DIR/jiedao" user add street --name 街道管理员 --role admin,street --db "$DB" >/dev/null
printf '姓名,身份证号\r\n' >"$DIR/header.csv"
"$DIR/jiedao" import households "$DIR/header.csv" --dry-run --db "$DB" >/dev/null 2>&1 || true

printf '| input | size | exit | wall | peak RSS | what it said |\n|---|---|---|---|---|---|\n'
for f in roster-300k.xlsx roster-1M.csv cell-512MiB.xlsx cell-512MiB-lying.xlsx \
	whitespace-1GiB.xlsx whitespace-1GiB-lying.xlsx rows-3M.xlsx rows-3M-nodimension.xlsx field-10MB.csv; do
	size=$(du -h "$DIR/$f" | cut -f1)
	set +e
	/usr/bin/time -f '%e %M' -o "$DIR/time.txt" \
		"$DIR/jiedao" import households "$DIR/$f" --dry-run --db "$DB" >"$DIR/out.txt" 2>"$DIR/err.txt"
	code=$?
	set -e
	read -r wall rss <<EOF
$(tail -n 1 "$DIR/time.txt")
EOF
	said=$( (head -c 200 "$DIR/err.txt"; head -n 2 "$DIR/out.txt" | head -c 200) | tr '\n|' '  ')
	printf '| %s | %s | %s | %s s | %s MB | %s |\n' "$f" "$size" "$code" "$wall" "$((rss / 1024))" "$said"
done
