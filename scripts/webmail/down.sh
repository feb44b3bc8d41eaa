#!/bin/bash
# Stop the Roundcube test stack started by up.sh (same STATE dir), strictly by PID from the daemons' pid files.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
STATE=${STATE:-$(cd "$HERE/../.." && pwd)/.test-tmp/webmail}
alive() {  # running and not a zombie (PID 1 in some sandboxes reaps slowly)
  local st; st=$(sed 's/^.*) //' /proc/$1/stat 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}
stop() {  # stop <name> <pidfile> <cmdline-regex> [group]
  local name=$1 pf=$2 re=$3 grp=${4:-}
  [ -f "$pf" ] || return 0
  local pid; pid=$(tr -dc 0-9 < "$pf")
  [ -n "$pid" ] && alive "$pid" || { rm -f "$pf"; return 0; }
  if ! tr '\0' ' ' < /proc/$pid/cmdline | grep -Eq "$re"; then
    echo "$name: pid $pid is not ours ($(tr '\0' ' ' < /proc/$pid/cmdline)); skipping" >&2; return 0; fi
  if [ -n "$grp" ]; then kill -TERM -- -"$pid" 2>/dev/null || kill -TERM "$pid"; else kill -TERM "$pid"; fi
  for i in $(seq 1 100); do alive "$pid" || break; sleep 0.05; done
  if alive "$pid"; then echo "$name: pid $pid ignored TERM, sending KILL" >&2
    if [ -n "$grp" ]; then kill -KILL -- -"$pid"; else kill -KILL "$pid"; fi; fi
  rm -f "$pf"; echo "stopped $name (pid $pid)"
}
stop nginx     "$STATE/run/nginx.pid"          'nginx'
stop php-fpm   "$STATE/run/php-fpm.pid"        'php-fpm'
stop php-S     "$STATE/run/php-server.pid"     'php .*-S 127\.0\.0\.1' group
stop postfix   "$STATE/postfix/spool/pid/master.pid" 'postfix/sbin/master|^master'
stop dovecot   "$STATE/dovecot/run/master.pid" 'dovecot'
# leftovers check: any process whose cmdline mentions this STATE dir
left=""
for f in /proc/[0-9]*/cmdline; do
  c=$( { tr "\\0" " " < "$f"; } 2>/dev/null) || continue
  case "$c" in *"$STATE/"*) p=${f#/proc/}; p=${p%/cmdline}; [ "$p" = $$ ] || ! alive "$p" || left="$left $p";; esac
done
[ -z "$left" ] || echo "WARNING: still running with $STATE in cmdline:$left" >&2
