#!/bin/bash
# Bring up a throw-away Roundcube 1.6 + Dovecot (IMAP+LMTP) + Postfix (SMTP) stack on loopback,
# for Cachet's end-to-end tests and `npm run demo`. Users: alice@example.test / alice-pw, bob@example.test / bob-pw.
# Nothing under /etc is modified: every daemon is pointed at config files under $STATE.
# Installs its Debian packages when they are missing (roundcube-core roundcube-sqlite3 dovecot-imapd
# dovecot-lmtpd postfix php-cli; php-fpm+nginx for WEB=nginx). Run as root. Stop with down.sh.
# Env knobs: STATE (instance dir, default <repo>/.test-tmp/webmail), PORT_BASE (default 18200),
#            WEB=php|nginx (default php), USERS="alice bob", DOMAIN=example.test
set -euo pipefail
T0=$(date +%s%N)
HERE=$(cd "$(dirname "$0")" && pwd)
STATE=${STATE:-$(cd "$HERE/../.." && pwd)/.test-tmp/webmail}
PORT_BASE=${PORT_BASE:-18200}
WEB=${WEB:-php}
DOMAIN=${DOMAIN:-example.test}
USERS=${USERS:-alice bob}
HTTP_PORT=$((PORT_BASE+80)); IMAP_PORT=$((PORT_BASE+43)); SMTP_PORT=$((PORT_BASE+25)); LMTP_PORT=$((PORT_BASE+24))
MAIL_UID=$(id -u nobody); MAIL_GID=$(getent group nogroup | cut -d: -f3)
RC_DOCROOT=/var/lib/roundcube/public_html   # Debian layout; symlinks into /usr/share/roundcube

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
# install what is missing (one apt-get update, then only the missing packages)
need=()
[ -d /usr/share/roundcube ] || need+=(roundcube-core roundcube-sqlite3)
dpkg -s roundcube-sqlite3 >/dev/null 2>&1 || need+=(roundcube-sqlite3)
command -v dovecot >/dev/null || need+=(dovecot-imapd dovecot-lmtpd)
dpkg -s dovecot-lmtpd >/dev/null 2>&1 || need+=(dovecot-lmtpd)
command -v postfix >/dev/null || need+=(postfix)
command -v php >/dev/null || need+=(php-cli)
command -v curl >/dev/null || need+=(curl)
command -v script >/dev/null || need+=(bsdutils)
if [ "$WEB" = nginx ]; then command -v nginx >/dev/null || need+=(nginx); ls /usr/sbin/php-fpm* >/dev/null 2>&1 || need+=(php-fpm); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  # php-fpm/nginx named in the same command, else roundcube's Recommends pull in apache2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
trap 'rc=$?; [ $rc = 0 ] || { echo "up.sh failed (rc=$rc); stopping partial stack" >&2; STATE=$STATE "$HERE/down.sh" >&2; }' EXIT
# idempotent: stop a previous instance in the same STATE dir, then start from scratch
if [ -d "$STATE" ]; then
  [ -f "$STATE/.webmail-stack-state" ] || [ -z "$(ls -A "$STATE")" ] || { echo "refusing to wipe $STATE (not ours)" >&2; exit 1; }
  STATE=$STATE "$HERE/down.sh" >/dev/null 2>&1 || true
  rm -rf "$STATE"
fi
mkdir -p "$STATE"/{log,run,dovecot/run,dovecot/state,postfix/etc,postfix/spool,postfix/data,mail,rc/config,rc/db,rc/logs,rc/temp,nginx/tmp}
chmod 755 "$STATE"; touch "$STATE/.webmail-stack-state"
for p in $HTTP_PORT $IMAP_PORT $SMTP_PORT $LMTP_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "port $p already in use" >&2; exit 1; fi
done

# ---------------- Dovecot: IMAP + LMTP, passwd-file users, Maildir ----------------
: > "$STATE/dovecot/users"
for u in $USERS; do echo "$u@$DOMAIN:{PLAIN}$u-pw::::::" >> "$STATE/dovecot/users"; done   # password = <user>-pw
chgrp dovecot "$STATE/dovecot/users"; chmod 640 "$STATE/dovecot/users"
chown "$MAIL_UID:$MAIL_GID" "$STATE/mail"
cat > "$STATE/dovecot/dovecot.conf" <<EOF
base_dir = $STATE/dovecot/run
state_dir = $STATE/dovecot/state
instance_name = webmail-stack-$PORT_BASE
log_path = $STATE/log/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $STATE/dovecot/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $STATE/dovecot/users
  default_fields = uid=$MAIL_UID gid=$MAIL_GID home=$STATE/mail/%d/%n
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
EOF
# daemons must not keep our stdout/stderr open, or "$(up.sh)" / execSync(up.sh) never sees EOF
dovecot -c "$STATE/dovecot/dovecot.conf" </dev/null >>"$STATE/log/dovecot.stderr" 2>&1 || { cat "$STATE/log/dovecot.stderr" >&2; exit 1; }

# ---------------- Postfix: SMTP on loopback, everything @DOMAIN -> Dovecot LMTP ----------------
PF=$STATE/postfix          # config in $PF/etc; spool+data must NOT be below the config dir
chown postfix "$PF/data"
: > "$PF/etc/vmailbox"; for u in $USERS; do echo "$u@$DOMAIN OK" >> "$PF/etc/vmailbox"; done
cat > "$PF/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $PF/spool
data_directory = $PF/data
maillog_file = $STATE/log/postfix.log
maillog_file_prefixes = $STATE/log
myhostname = mail.$DOMAIN
mydomain = $DOMAIN
myorigin = \$mydomain
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_maps = texthash:$PF/etc/vmailbox
virtual_transport = lmtp:inet:127.0.0.1:$LMTP_PORT
default_transport = error:outbound mail disabled in this test stack
local_transport = error:local delivery disabled
relayhost =
alias_maps =
alias_database =
biff = no
append_dot_mydomain = no
smtpd_banner = \$myhostname ESMTP webmail-stack
message_size_limit = 26214400
EOF
cat > "$PF/etc/master.cf" <<EOF
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
# postfix only prints errors to a tty (else syslog), so re-run under script(1) to show why on failure
postfix -c "$PF/etc" start </dev/null >>"$STATE/log/postfix.stderr" 2>&1 || { script -qec "postfix -c $PF/etc start" /dev/null >&2; exit 1; }

# ---------------- Roundcube config (ROUNDCUBE_CONFIG_DIR points here) ----------------
RC=$STATE/rc
ln -s /etc/roundcube/defaults.inc.php "$RC/config/defaults.inc.php"
ln -s /etc/roundcube/mimetypes.php "$RC/config/mimetypes.php"
DES_KEY=$(head -c 18 /dev/urandom | base64)
cat > "$RC/config/config.inc.php" <<EOF
<?php
\$config = [];
\$config['db_dsnw'] = 'sqlite:///$RC/db/roundcube.sqlite?mode=0640';  // schema auto-created on first request
\$config['imap_host'] = '127.0.0.1:$IMAP_PORT';
\$config['smtp_host'] = '127.0.0.1:$SMTP_PORT';
\$config['smtp_user'] = '';   // Postfix trusts mynetworks; no SMTP AUTH
\$config['smtp_pass'] = '';
\$config['log_dir'] = '$RC/logs/';
\$config['temp_dir'] = '$RC/temp/';
\$config['des_key'] = '$DES_KEY';
\$config['product_name'] = 'Roundcube Webmail (test stack)';
\$config['skin'] = 'elastic';
\$config['plugins'] = [];
\$config['enable_spellcheck'] = false;
\$config['enable_installer'] = false;
\$config['login_rate_limit'] = 0;
\$config['support_url'] = '';
\$config['mail_domain'] = '$DOMAIN';
// HTML editor on by default would be: \$config['htmleditor'] = 1;
EOF

# ---------------- Web server ----------------
if [ "$WEB" = nginx ]; then
  chown -R www-data:www-data "$RC/db" "$RC/logs" "$RC/temp"
  cat > "$STATE/php-fpm.conf" <<EOF
[global]
pid = $STATE/run/php-fpm.pid
error_log = $STATE/log/php-fpm.log
daemonize = yes
[rc]
user = www-data
group = www-data
listen = $STATE/run/php-fpm.sock
listen.owner = www-data
listen.group = www-data
listen.mode = 0660
pm = static
pm.max_children = 4
env[ROUNDCUBE_CONFIG_DIR] = $RC/config
php_admin_value[error_log] = $RC/logs/php-error.log
php_admin_flag[log_errors] = on
php_admin_value[upload_max_filesize] = 25M
php_admin_value[post_max_size] = 26M
EOF
  "$(ls /usr/sbin/php-fpm* | head -n1)" -y "$STATE/php-fpm.conf" </dev/null >>"$STATE/log/php-fpm.stderr" 2>&1 || { cat "$STATE/log/php-fpm.stderr" >&2; exit 1; }
  cat > "$STATE/nginx/nginx.conf" <<EOF
pid $STATE/run/nginx.pid;
error_log $STATE/log/nginx-error.log;
user www-data;
worker_processes 1;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log $STATE/log/nginx-access.log;
  client_body_temp_path $STATE/nginx/tmp/body; fastcgi_temp_path $STATE/nginx/tmp/fastcgi;
  proxy_temp_path $STATE/nginx/tmp/proxy; scgi_temp_path $STATE/nginx/tmp/scgi; uwsgi_temp_path $STATE/nginx/tmp/uwsgi;
  server {
    listen 127.0.0.1:$HTTP_PORT;
    root $RC_DOCROOT;
    index index.php;
    client_max_body_size 26m;
    location ~ \.php\$ {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
      fastcgi_pass unix:$STATE/run/php-fpm.sock;
    }
  }
}
EOF
  nginx -e "$STATE/log/nginx-error.log" -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf" </dev/null >>"$STATE/log/nginx.stderr" 2>&1 || { cat "$STATE/log/nginx.stderr" >&2; exit 1; }
else
  # PHP built-in server; several workers because Roundcube fires parallel XHRs
  ( cd "$RC_DOCROOT" && ROUNDCUBE_CONFIG_DIR=$RC/config PHP_CLI_SERVER_WORKERS=4 \
    exec setsid php -d upload_max_filesize=25M -d post_max_size=26M -d log_errors=1 \
         -d error_log="$RC/logs/php-error.log" -S 127.0.0.1:$HTTP_PORT -t "$RC_DOCROOT" \
    </dev/null >>"$STATE/log/php-server.log" 2>&1 ) &
  echo $! > "$STATE/run/php-server.pid"
fi

cat > "$STATE/env" <<EOF
RC_URL=http://127.0.0.1:$HTTP_PORT/
IMAP=127.0.0.1:$IMAP_PORT
SMTP=127.0.0.1:$SMTP_PORT
LMTP=127.0.0.1:$LMTP_PORT
DOMAIN=$DOMAIN
USERS="$USERS"   # password of user X is X-pw
STATE=$STATE
WEB=$WEB
EOF

# ---------------- wait until everything answers ----------------
for i in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$HTTP_PORT/" 2>/dev/null | grep -q 'id="rcmloginuser"' \
     && (exec 3<>/dev/tcp/127.0.0.1/$IMAP_PORT) 2>/dev/null \
     && (exec 3<>/dev/tcp/127.0.0.1/$SMTP_PORT) 2>/dev/null; then
    ms=$(( ($(date +%s%N) - T0) / 1000000 ))
    printf 'up in %d ms: %s (IMAP %s, SMTP %s, LMTP %s)\n' "$ms" \
      "http://127.0.0.1:$HTTP_PORT/" $IMAP_PORT $SMTP_PORT $LMTP_PORT
    exit 0
  fi
  sleep 0.1
done
echo "stack did not come up; see $STATE/log and $RC/logs" >&2
exit 1
