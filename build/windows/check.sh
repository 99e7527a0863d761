#!/usr/bin/env bash
# check.sh JIEDAO.EXE JIEDAO.MSI — proves the Windows build under wine on a
# fresh prefix: the installer (tables, install, upgrade, uninstall), the
# console subcommands with Chinese paths and paths with spaces, the PDFs
# read back with pdftotext, the window photographed under Xvfb, and the
# input method placed at a focused field's caret through IMM32.
#
# Every step prints "ok   STEP (N s)" or "FAIL STEP: why" with the end of
# its log; the first failure ends the check with exit code 1. Everything
# wine writes stays in a temporary folder: the prefix's user folders
# (Documents, Desktop…), which wine links to $HOME, are made real folders
# first. What is worth keeping — the log, the screenshot, the PDFs — goes
# to dist/windows-check/.
#
# Test scaffolding that is never shipped: wine 8 has no ProcessPrng in
# bcryptprimitives.dll, which Go >= 1.22 needs before main runs, so a
# stand-in built from bcryptprimitives.c is put into the prefix's
# system32 (Go loads that DLL from system32 only; next to the exe it is
# not found).
#
# Environment: KEEP_PREFIX=1 keeps the temporary folder for a look after
# the check; WINE_TIMEOUT (default 120) bounds each wine command in seconds.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
exe=$(realpath "${1:?usage: check.sh JIEDAO.EXE JIEDAO.MSI}")
msi=$(realpath "${2:?usage: check.sh JIEDAO.EXE JIEDAO.MSI}")
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
out=$root/dist/windows-check

# One Xvfb for the whole check: a wineserver started without a display
# breaks the window started after it ("Failed to create helper window").
if [ -z "${JIEDAO_CHECK_XVFB:-}" ]; then
  exec env JIEDAO_CHECK_XVFB=1 xvfb-run -a -s "-screen 0 1366x768x24" "$0" "$@"
fi

rm -rf "$out"
mkdir -p "$out"
log=$out/check.log
: >"$log"
tmp=$(mktemp -d /tmp/jiedao-wine.XXXXXX)
cleanup() {
  wineserver -k >/dev/null 2>&1
  if [ -n "${KEEP_PREFIX:-}" ]; then echo "windows-check: prefix kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

export HOME=$tmp/home WINEPREFIX=$tmp/prefix WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko: Jiedao needs neither, and their installers would ask.
export WINEDLLOVERRIDES="mscoree=;mshtml="
# wine turns the command line into UTF-16 with the locale's charset.
export LC_ALL=C.UTF-8 LANG=C.UTF-8
mkdir -p "$HOME"
timeout=${WINE_TIMEOUT:-120}

total_start=$(date +%s)
# step NAME FUNCTION: runs FUNCTION with its output in the log; a failure
# names the step and shows the end of the log.
step() {
  local name=$1 fn=$2 t0 rc
  t0=$(date +%s)
  echo "=== $name" >>"$log"
  ( "$fn" ) >>"$log" 2>&1
  rc=$?
  # shellcheck source=/dev/null
  [ -f "$tmp/state" ] && source "$tmp/state"
  wineserver -w >/dev/null 2>&1
  if [ $rc -ne 0 ]; then
    echo "FAIL $name (exit $rc); the end of $log:"
    tail -n 25 "$log" | sed 's/^/    /'
    echo "windows-check: FAILED at step: $name"
    exit 1
  fi
  echo "ok   $name ($(( $(date +%s) - t0 )) s)"
}
# die WHY: ends the step (each step runs in a subshell) with the reason.
die() { echo "check: $*"; exit 1; }
# keep VAR…: hands variables a step sets on to the later steps.
keep() { local v; for v in "$@"; do printf '%s=%q\n' "$v" "${!v}"; done >>"$tmp/state"; }

# win ARGS…: runs a Windows program, stdin closed, bounded in time; its
# exit code is the program's.
win() { timeout "$timeout" wine "$@" </dev/null; }
J() { win "$jexe" "$@"; }
# Every subcommand that reads or writes a register logs in: the demo's
# accounts (admin, street, …) share demo_pw, and wine hands the Windows
# program the environment. The street manager does the register's work;
# the administrator the backups (JIEDAO_USER=admin J backup).
demo_pw='演示-密码-2026'
export JIEDAO_USER=street JIEDAO_PASSWORD=$demo_pw
# unix C:\PATH: the Linux path of a Windows path in the prefix.
unix() { winepath -u "$1" 2>/dev/null; }
# squash FILE.pdf: its text without white space, so that wrapped lines
# still match.
squash() { pdftotext "$1" - | tr -d ' \t\r\n\f'; }

# --- the prefix ---------------------------------------------------------
make_prefix() {
  wineboot -i || return
  wineserver -w
  profile=$(win cmd /c 'echo %USERPROFILE%' | tr -d '\r') || return
  appdata=$(win cmd /c 'echo %APPDATA%' | tr -d '\r') || return
  [ -n "$profile" ] && [ -n "$appdata" ] || die "no %USERPROFILE% or %APPDATA% in the new prefix"
  uprofile=$(unix "$profile")
  # Documents, Desktop… are links to $HOME: make them real folders.
  for f in "$uprofile"/*; do
    if [ -L "$f" ]; then rm "$f" && mkdir "$f"; fi
  done
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    "$root/build/windows/bcryptprimitives.c" -ladvapi32 || return
  keep profile appdata uprofile
  echo "profile $profile, appdata $appdata"
}

# --- the MSI's tables ---------------------------------------------------
msi_tables() {
  local t
  t=$(msiinfo export "$msi" Shortcut | tr -d "\r\0") || return
  echo "$t"
  grep -q $'^JiedaoShortcut\tProgramMenuFolder\t街道通\t' <<<"$t" || die "the Start-menu shortcut is not named 街道通"
  t=$(msiinfo export "$msi" Directory | tr -d "\r\0") || return
  echo "$t"
  grep -q $'^INSTALLDIR\tProgramsDir\tJiedao$' <<<"$t" || die "INSTALLDIR is not …\\Programs\\Jiedao"
  grep -q $'^ProgramsDir\tLocalAppDataFolder\tPrograms$' <<<"$t" || die "the program folder is not under %LOCALAPPDATA%\\Programs"
  upgrade_code=$(grep -o 'UpgradeCode="[^"]*"' build/windows/jiedao.wxs | cut -d'"' -f2)
  t=$(msiinfo export "$msi" Upgrade | tr -d "\r\0") || return
  echo "$t"
  grep -q "^{$upgrade_code}"$'\t\t'"$version"$'\t' <<<"$t" || die "no major upgrade of versions before $version with UpgradeCode {$upgrade_code}"
  t=$(msiinfo export "$msi" Property | tr -d "\r\0") || return
  echo "$t"
  grep -q $'^ProductName\t街道通$' <<<"$t" || die "ProductName is not 街道通"
  grep -q $'^ProductVersion\t'"$version"'$' <<<"$t" || die "ProductVersion is not $version"
  grep -q $'^UpgradeCode\t{'"$upgrade_code"'}$' <<<"$t" || die "UpgradeCode is not {$upgrade_code}"
  if grep -q '^ALLUSERS' <<<"$t"; then die "ALLUSERS is set: the install would not be per-user"; fi
  t=$(msiinfo export "$msi" _ForceCodepage | tr -d "\r\0") || return
  grep -q '^936' <<<"$t" || die "the code page is not 936"
}

# --- install ------------------------------------------------------------
msi_install() {
  win msiexec /i "$(winepath -w "$msi")" /qn || die "msiexec /i exited $?"
  jexe="$(win cmd /c 'echo %LOCALAPPDATA%' | tr -d '\r')\\Programs\\Jiedao\\Jiedao.exe"
  ujexe=$(unix "$jexe")
  shortcut="$(unix "$appdata")/Microsoft/Windows/Start Menu/Programs/街道通.lnk"
  cmp "$exe" "$ujexe" || die "$jexe is not the Jiedao.exe built"
  [ -f "$shortcut" ] || die "no Start-menu shortcut $shortcut"
  keep jexe ujexe shortcut
  echo "installed $jexe"
}

# --- console subcommands ------------------------------------------------
version() {
  local o rc
  o=$(J version) || die "Jiedao.exe version exited $?"
  echo "$o"
  grep -q "^街道通 Jiedao $version (windows/amd64" <<<"$o" || die "version printed \"$o\", not version $version"
  o=$(J no-such-command 2>&1); rc=$?
  echo "$o"
  [ $rc -eq 2 ] || die "an unknown subcommand exited $rc, not 2"
  grep -q 'jiedao version' <<<"$o" || die "an unknown subcommand printed no usage"
}

demo() {
  J demo --households 50 --seed 1 --password "$demo_pw" || die "demo exited $?"
  db=$(unix "$appdata")/Jiedao/jiedao.db
  [ -s "$db" ] || die "no database at %APPDATA%\\Jiedao\\jiedao.db ($db)"
  [ "$(sqlite3 "$db" 'select count(*) from households')" = 50 ] || die "the demo database has no 50 households"
  # A backup into %APPDATA%\Jiedao\backups\, which uninstall must keep.
  # (The window's daily backup waits for the operator's name, which the
  # window step does not type.)
  JIEDAO_USER=admin J backup || die "backup exited $?"
  [ -n "$(ls "$(dirname "$db")/backups" 2>/dev/null)" ] || die "backup wrote nothing into %APPDATA%\\Jiedao\\backups"
  keep db
}

roster() {
  local d=$profile'\Documents\导入 测试' o n m
  mkdir -p "$(unix "$profile")/Documents/导入 测试"
  J demo --households 12 --seed 7 --password "$demo_pw" --db "$d\\来源.db" || die "demo into 来源.db exited $?"
  o=$(J export households --unmasked --reason 核实身份 -o "$d\\花名册.xlsx" --db "$d\\来源.db") || die "export to 花名册.xlsx exited $?"
  echo "$o"; n=${o##*: }
  [ -s "$(unix "$d\\花名册.xlsx")" ] && [ "$n" -gt 0 ] || die "no roster 花名册.xlsx written"
  # import needs its database to exist (a mistyped --db must not start an
  # empty register) with an account: the first one, an administrator
  # who is also the street manager, makes the new register.
  J user add street --name 街道管理员 --role admin,street --db "$d\\新库.db" || die "user add into 新库.db exited $?"
  o=$(J import households "$d\\花名册.xlsx" --db "$d\\新库.db") || die "import of 花名册.xlsx exited $?"
  echo "$o"
  grep -q "^$n rows: $n valid, 0 invalid" <<<"$o" || die "import of 花名册.xlsx reported \"$o\", not $n valid rows"
  o=$(J export households -o "$d\\核对.xlsx" --db "$d\\新库.db") || die "export from 新库.db exited $?"
  echo "$o"; m=${o##*: }
  [ "$m" = "$n" ] || die "the imported database exports $m rows, the roster had $n"
}

agreement() {
  local number org f=$profile'\Documents\协议 打印\委托协议 第1号.pdf' text
  mkdir -p "$(unix "$profile")/Documents/协议 打印"
  number=$(sqlite3 "$db" "select number from agreements where number <> '' order by id limit 1")
  org=$(sqlite3 "$db" "select o.name from agreements a join organizations o on o.id = a.organization_id where a.number = '$number'")
  [ -n "$number" ] && [ -n "$org" ] || die "the demo made no agreement"
  J print agreement "$number" -o "$f" || die "print agreement $number exited $?"
  text=$(squash "$(unix "$f")") || die "pdftotext cannot read $f"
  for want in "协议编号：$number" "$org" 甲方 乙方; do
    grep -qF -- "${want// /}" <<<"$text" || die "the agreement PDF lacks \"$want\""
  done
  cp "$(unix "$f")" "$out/agreement.pdf"
  echo "$f: $number, $org"
}

minutes() {
  local id title f=$profile'\Documents\协议 打印\2026年第1次协商议事会议纪要.pdf' text
  local usage
  usage=$(J -h 2>&1)
  if ! grep -q 'print .*minutes' <<<"$usage"; then
    echo "Jiedao.exe has no \"print minutes\" yet: skipped"
    return 0
  fi
  id=$(sqlite3 "$db" "select id from meetings where deleted_at is null order by id limit 1" 2>/dev/null)
  title=$(sqlite3 "$db" "select title from meetings where id = '$id'" 2>/dev/null)
  [ -n "$id" ] && [ -n "$title" ] || die "the demo made no meeting"
  J print minutes "$id" -o "$f" || die "print minutes $id exited $?"
  text=$(squash "$(unix "$f")") || die "pdftotext cannot read $f"
  for want in "$title" 纪要; do
    grep -qF -- "${want// /}" <<<"$text" || die "the minutes PDF lacks \"$want\""
  done
  cp "$(unix "$f")" "$out/minutes.pdf"
  echo "$f: meeting $id, $title"
}

# --- the window ---------------------------------------------------------
gui() {
  local pid w="" i colours
  # --lang is the window's own flag: it must open the window, not attach
  # to a console.
  wine "$jexe" --lang zh </dev/null >"$out/gui-output.log" 2>&1 &
  pid=$!
  for i in $(seq 1 90); do
    w=$(xdotool search --onlyvisible --name 'Jiedao|街道通' 2>/dev/null | head -1)
    [ -n "$w" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 1
  done
  if [ -z "$w" ]; then
    import -window root "$out/gui.png" 2>/dev/null
    kill $pid 2>/dev/null
    cat "$out/gui-output.log"
    die "no Jiedao window within 90 s (the screen is in $out/gui.png)"
  fi
  echo "window $w \"$(xdotool getwindowname "$w")\" after $i s"
  sleep 5 # let the first frame (fonts, dashboard) draw
  import -window root "$out/gui.png" || return
  wineserver -k
  wait $pid 2>/dev/null
  colours=$(identify -format '%k' "$out/gui.png") || return
  [ "$colours" -gt 50 ] || die "the screenshot has $colours colours: the window drew nothing"
  echo "screenshot: $out/gui.png ($colours colours)"
}

# --- the input method ---------------------------------------------------
# A new database has no operator, so the window opens with the name field
# of "who is at the desk?" focused: the caret tracker must place the input
# method there through IMM32 and the system caret, every call succeeding
# (JIEDAO_IME_LOG, see app/ime_windows.go). Wine has no Chinese input
# method, so what is proven is that the calls are made and accepted, at a
# place inside the window; docs/WINDOWS.md has the check on a real desk.
ime() {
  local pid i log=$tmp/ime.log call
  rm -f "$log"
  JIEDAO_IME_LOG=$(winepath -w "$log") wine "$jexe" --db "$profile\\Documents\\输入法.db" --lang zh \
    </dev/null >"$out/ime-output.log" 2>&1 &
  pid=$!
  for i in $(seq 1 90); do
    grep -q '^ime: SetCaretPos.* ok' "$log" 2>/dev/null && break
    kill -0 $pid 2>/dev/null || break
    sleep 1
  done
  sleep 1 # a second round of polls: nothing changed, nothing called
  wineserver -k
  wait $pid 2>/dev/null
  [ -f "$log" ] || { cat "$out/ime-output.log"; die "no IME log: the window did not start the caret tracker"; }
  cp "$log" "$out/ime.log"
  cat "$log"
  for call in ImmGetContext ImmSetCompositionFontW 'ImmSetCompositionWindow(CFS_FORCE_POSITION' \
    'ImmSetCandidateWindow(CFS_CANDIDATEPOS' 'ImmSetCandidateWindow(CFS_EXCLUDE' ImmReleaseContext CreateCaret SetCaretPos; do
    grep -qF "ime: $call" "$log" || die "the input method was not placed: no $call in the log"
  done
  if grep -q FAILED "$log"; then die "an input-method call failed: $(grep FAILED "$log" | head -1)"; fi
  grep -Eq '^ime: place caret=\([1-9][0-9]*,[1-9][0-9]*\)' "$log" || die "the caret was placed at the window's corner, not in the name field"
  echo "IMM32 calls made without error after $i s (log: $out/ime.log)"
}

# --- upgrade and uninstall ---------------------------------------------
uninstall_entries() {
  win reg export 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' "$(winepath -w "$tmp/uninstall.reg")" /y >/dev/null || return
  # The DisplayVersion of every entry whose DisplayName is 街道通.
  iconv -f UTF-16 -t UTF-8 "$tmp/uninstall.reg" | tr -d '\r' | awk '
    /^\[/ { if (ours) print version; ours = 0; version = "" }
    $0 == "\"DisplayName\"=\"街道通\"" { ours = 1 }
    /^"DisplayVersion"=/ { version = $0 }
    END { if (ours) print version }'
}

msi_upgrade() {
  local next sum entries o
  next=$(awk -F. '{printf "%d.%d.%d", $1, $2, $3 + 1}' <<<"$version")
  "$root/build/windows/msi.sh" "$next" "$exe" "$tmp/Jiedao-$next-x64.msi" || return
  sum=$(md5sum <"$db")
  win msiexec /i "$(winepath -w "$tmp/Jiedao-$next-x64.msi")" /qn || die "msiexec /i of $next exited $?"
  wineserver -w
  entries=$(uninstall_entries)
  echo "$entries"
  [ "$entries" = "\"DisplayVersion\"=\"$next\"" ] || die "after the upgrade Add/Remove Programs lists \"$entries\", not $next alone"
  o=$(win reg query 'HKCU\Software\Jiedao\Installer' /v Version)
  grep -q "$next" <<<"$o" || die "the installed version is not $next: $o"
  [ -f "$ujexe" ] && [ -f "$shortcut" ] || die "the upgrade lost the program or its shortcut"
  [ "$(md5sum <"$db")" = "$sum" ] || die "the upgrade changed %APPDATA%\\Jiedao\\jiedao.db"
  o=$(J version)
  grep -q "Jiedao $version" <<<"$o" || die "the upgraded program does not run"
  msi_next=$tmp/Jiedao-$next-x64.msi
  keep msi_next
}

msi_uninstall() {
  local sum
  sum=$(md5sum <"$db")
  win msiexec /x "$(winepath -w "$msi_next")" /qn || die "msiexec /x exited $?"
  wineserver -w
  [ ! -e "$ujexe" ] || die "uninstall left $jexe"
  [ ! -e "$(dirname "$ujexe")" ] || die "uninstall left the folder $(dirname "$jexe")"
  [ ! -e "$shortcut" ] || die "uninstall left the Start-menu shortcut"
  [ -z "$(uninstall_entries)" ] || die "uninstall left an Add/Remove Programs entry"
  [ -f "$db" ] || die "uninstall deleted %APPDATA%\\Jiedao\\jiedao.db"
  [ "$(md5sum <"$db")" = "$sum" ] || die "uninstall changed %APPDATA%\\Jiedao\\jiedao.db"
  [ -d "$(dirname "$db")/backups" ] || die "uninstall deleted the backups folder"
  echo "program removed; $db kept"
}

echo "windows-check: $exe, $msi (version $version); log $log"
step "fresh wine prefix and stand-in bcryptprimitives.dll" make_prefix
step "MSI tables (msiinfo)" msi_tables
step "install the MSI (msiexec /i /qn)" msi_install
step "Jiedao.exe version" version
step "Jiedao.exe demo into %APPDATA%\\Jiedao" demo
step "import roster 花名册.xlsx" roster
step "print agreement to a Chinese path with spaces" agreement
step "print minutes" minutes
step "window under Xvfb, screenshot" gui
step "input method placed at the caret (IMM32)" ime
step "upgrade in place to the next version" msi_upgrade
step "uninstall keeps the data" msi_uninstall
echo "windows-check: screenshot $out/gui.png"
echo "windows-check: passed in $(( $(date +%s) - total_start )) s"
