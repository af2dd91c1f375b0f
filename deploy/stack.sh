#!/usr/bin/env bash
# Trackly local stack without Docker: Postgres, Redis, a single-node KRaft Kafka and an SMTP
# receiver that keeps every mail the platform sends (bin/mail-receiver.ts), all on 127.0.0.1
# with project-owned ports and all state under one data folder.
# ClickHouse is embedded in the Node process (chdb); this script only reports its dir.
#
#   deploy/stack.sh up       start whatever is not running, wait until it answers
#   deploy/stack.sh down     stop what we started (data is kept)
#   deploy/stack.sh status   one line per service; exit 0 if all up, 3 otherwise
#   deploy/stack.sh env      print `export DATABASE_URL=... REDIS_URL=... KAFKA_BROKERS=... SMTP_URL=...`
#
# Environment:
#   TRACKLY_STACK_DIR   data folder (default: <repo>/.stack)
#   TRACKLY_PG_PORT / TRACKLY_REDIS_PORT / TRACKLY_KAFKA_PORT / TRACKLY_KAFKA_CONTROLLER_PORT
#   TRACKLY_SMTP_PORT   the mail receiver's port (default 51025; mail lands in <data folder>/mail)
#   TRACKLY_STACK_TIMEOUT  seconds to wait for each service (default 60)
#   DATABASE_URL / REDIS_URL / KAFKA_BROKERS / SMTP_URL
#       when set and pointing somewhere other than our local port, that service is
#       treated as external: never installed, started or stopped, only checked.
#   CLICKHOUSE_URL      when set, printed instead of the embedded chdb directory.
set -euo pipefail
shopt -s extglob # @(a|b) patterns in [[ == ]]

DEPLOY_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(dirname -- "$DEPLOY_DIR")

STACK_DIR=${TRACKLY_STACK_DIR:-$REPO_ROOT/.stack}
mkdir -p -- "$STACK_DIR"
STACK_DIR=$(cd -- "$STACK_DIR" && pwd -P) # absolute: it ends up in config files

PG_PORT=${TRACKLY_PG_PORT:-55432}
REDIS_PORT=${TRACKLY_REDIS_PORT:-56379}
KAFKA_PORT=${TRACKLY_KAFKA_PORT:-59092}
KAFKA_CONTROLLER_PORT=${TRACKLY_KAFKA_CONTROLLER_PORT:-59093}
SMTP_PORT=${TRACKLY_SMTP_PORT:-51025}
TIMEOUT=${TRACKLY_STACK_TIMEOUT:-60}

LOCAL_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/trackly"
LOCAL_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
LOCAL_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
LOCAL_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"

PG_DIR=$STACK_DIR/postgres
PG_DATA=$PG_DIR/data
PG_SOCK=$PG_DIR/run
PG_LOG=$PG_DIR/postgres.log

REDIS_DIR=$STACK_DIR/redis
REDIS_CONF=$REDIS_DIR/redis.conf
REDIS_PID=$REDIS_DIR/redis.pid
REDIS_LOG=$REDIS_DIR/redis.log

KAFKA_DIR=$STACK_DIR/kafka
KAFKA_LIB=$KAFKA_DIR/lib
KAFKA_DATA=$KAFKA_DIR/data
KAFKA_LOGS=$KAFKA_DIR/logs
KAFKA_LOG=$KAFKA_LOGS/stdout.log
KAFKA_PID=$KAFKA_DIR/kafka.pid
KAFKA_PROPS=$KAFKA_DIR/server.properties
KAFKA_CLUSTER_ID=$KAFKA_DIR/cluster-id
KAFKA_POM=$DEPLOY_DIR/kafka/pom.xml
KAFKA_LIB_MARKER=$KAFKA_LIB/.complete

MAIL_DIR=$STACK_DIR/mail
SMTP_PID=$MAIL_DIR/receiver.pid
SMTP_LOG=$MAIL_DIR/receiver.log

# ---------------------------------------------------------------- helpers

log() { printf '%s\n' "stack: $*" >&2; }
die() { log "error: $*"; exit 1; }

# Host and port of a URL such as postgres://u:p@host:5432/db, redis://host:6379/0 or
# host:9092 (first entry of a comma-separated broker list). Defaults per scheme.
url_host_port() {
  local url=$1 default_port=$2 rest
  rest=${url%%,*}       # first broker only
  rest=${rest#*://}     # drop scheme
  rest=${rest##*@}      # drop credentials
  rest=${rest%%/*}      # drop path
  rest=${rest%%\?*}     # drop query
  local host=${rest%:*} port=${rest##*:}
  if [[ $rest != *:* || -z $port ]]; then host=$rest; port=$default_port; fi
  host=${host#[}; host=${host%]}
  printf '%s %s\n' "${host:-127.0.0.1}" "$port"
}

# Hide the password of a URL before printing it.
mask_url() { sed -E 's#(://[^:/@]*:)[^@/]*@#\1***@#' <<<"$1"; }

# A service is "external" (not ours to install/start/stop) when its URL variable is
# set and does not point at our local port. This matters because `eval "$(stack.sh env)"`
# exports our own local URLs: those must not switch the script into hands-off mode.
is_external() { # $1=url (may be empty) $2=local port $3=default port of the scheme
  [[ -n $1 ]] || return 1
  local host port
  read -r host port < <(url_host_port "$1" "$3")
  [[ ($host == 127.0.0.1 || $host == localhost) && $port == "$2" ]] && return 1
  return 0
}

tcp_open() { # $1=host $2=port; bash's /dev/tcp avoids depending on nc
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# True while $1 runs. A zombie does not count: in containers PID 1 may never reap
# our daemons (they are re-parented to it), and kill -0 succeeds on zombies.
proc_running() {
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $st != Z* ]]
}

# Send bytes ($3, a printf format) to host $1 port $2; print the first $4 reply bytes in hex.
# A bare TCP connect proves little (sandboxes and proxies accept any connect), so the
# probes below make each server answer in its own protocol.
tcp_exchange() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2" || exit 1; printf "$3" >&3; head -c "$4" <&3 | od -An -v -tx1' \
    _ "$@" 2>/dev/null | tr -d ' \n'
}
# Postgres SSLRequest: the server answers 'S' or 'N' (no auth needed).
probe_postgres() { [[ $(tcp_exchange "$1" "$2" '\x00\x00\x00\x08\x04\xd2\x16\x2f' 1) == @(53|4e) ]]; }
# Redis PING: '+PONG', or '-NOAUTH ...' from a server that wants a password; both are Redis.
probe_redis() { [[ $(tcp_exchange "$1" "$2" 'PING\r\n' 1) == @(2b|2d) ]]; }
# Kafka ApiVersions v0, correlation id 1, client id "probe": the reply echoes the correlation id.
probe_kafka() {
  local r
  r=$(tcp_exchange "$1" "$2" '\x00\x00\x00\x0f\x00\x12\x00\x00\x00\x00\x00\x01\x00\x05probe' 8)
  [[ ${#r} == 16 && ${r:8} == 00000001 ]]
}
# SMTP: the server speaks first, with a 220 greeting.
probe_smtp() { [[ $(tcp_exchange "$1" "$2" '' 3) == 323230 ]]; }

pid_alive() { # $1=pidfile [$2=substring that must be in the command line]
  local pid
  [[ -r $1 ]] || return 1
  pid=$(<"$1") || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  proc_running "$pid" || return 1
  # Guard against a recycled pid after a reboot or crash.
  [[ -z ${2:-} ]] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# Poll "$@" once a second (every 0.2 s at first) until it succeeds or TIMEOUT passes.
wait_for() {
  local deadline=$((SECONDS + TIMEOUT)) i=0
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    if ((i++ < 10)); then sleep 0.2; else sleep 1; fi
  done
}

fail_with_log() { # $1=service $2=log file [$3=what happened]
  log "$1 ${3:-did not become ready within ${TIMEOUT}s}; last lines of $2:"
  tail -n 40 -- "$2" >&2 2>/dev/null || true
  exit 1
}

apt_install() { # $@=packages; only called when a binary is missing
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install $*"
    sudo=(sudo)
  fi
  log "installing $* with apt-get"
  # 9>&-: a package's postinst may start a daemon, which must not inherit our lock fd.
  "${sudo[@]}" apt-get update -qq 9>&-
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null 9>&-
}

# Debian packages start a system-wide instance on their default port (unless a
# policy-rc.d forbids it). That instance is not ours: stop it and keep it off.
stop_system_service() { # $1=service name
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
    "${sudo[@]}" systemctl disable --now "$1" >/dev/null 2>&1 || true
  else
    "${sudo[@]}" service "$1" stop >/dev/null 2>&1 || true
    if command -v update-rc.d >/dev/null; then
      "${sudo[@]}" update-rc.d "$1" disable >/dev/null 2>&1 || true
    fi
  fi
}

# ---------------------------------------------------------------- postgres

PG_BIN=
find_pg_bin() { # highest /usr/lib/postgresql/<version>/bin that has initdb
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  if [[ -x $d ]]; then PG_BIN=${d%/initdb}; else PG_BIN=; fi
}

# Postgres refuses to run as root: as root we run its binaries as the `postgres`
# OS user, which then owns the data folder; otherwise as the calling user.
as_pg() {
  if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -d postgres -U postgres; }

pg_write_conf() {
  # Rewritten on every start so port/paths follow the environment; included from
  # postgresql.conf. Durability stays on (fsync, synchronous_commit, full_page_writes).
  as_pg tee "$PG_DATA/trackly.conf" >/dev/null <<EOF
# Written by deploy/stack.sh on every start; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
max_connections = 200
shared_buffers = 256MB
effective_cache_size = 1GB
work_mem = 8MB
maintenance_work_mem = 128MB
wal_buffers = 16MB
# Bulk sends write messages, links and contacts with random keys: fewer checkpoints mean fewer full-page images.
max_wal_size = 4GB
checkpoint_timeout = 15min
wal_compression = on
checkpoint_completion_target = 0.9
random_page_cost = 1.1
max_worker_processes = 4
max_parallel_workers = 2
max_parallel_workers_per_gather = 1
fsync = on
synchronous_commit = on
full_page_writes = on
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 1000
EOF
}

pg_up() {
  if is_external "${DATABASE_URL:-}" "$PG_PORT" 5432; then
    check_external postgres "$DATABASE_URL" 5432
    return
  fi
  find_pg_bin
  if [[ -z $PG_BIN ]]; then
    apt_install postgresql
    stop_system_service postgresql
    find_pg_bin
    [[ -n $PG_BIN ]] || die "postgresql installed but no initdb under /usr/lib/postgresql/*/bin"
  fi

  if ! pg_ready; then
    # The postgres user must be able to reach the data folder.
    if ((EUID == 0)) && ! runuser -u postgres -- test -x "$STACK_DIR"; then
      die "user postgres cannot enter $STACK_DIR; set TRACKLY_STACK_DIR to a path it can reach"
    fi
    mkdir -p -- "$PG_DIR"
    if ((EUID == 0)); then chown postgres:postgres -- "$PG_DIR"; fi
    as_pg mkdir -p -- "$PG_SOCK"

    if [[ ! -s $PG_DATA/PG_VERSION ]]; then
      log "postgres: initdb $PG_DATA"
      local locale=(--no-locale)
      locale -a 2>/dev/null | grep -qix 'c.utf-\?8' && locale=(--locale=C.UTF-8)
      as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 "${locale[@]}" \
        --auth-local=trust --auth-host=trust >"$PG_DIR/initdb.log" 2>&1 ||
        { tail -n 20 "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
      as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null <<<"include_if_exists = 'trackly.conf'"
    fi

    if as_pg "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; then
      log "postgres: server process exists, waiting for it to answer"
    else
      tcp_open 127.0.0.1 "$PG_PORT" && die "port $PG_PORT is in use by another process (set TRACKLY_PG_PORT)"
      pg_write_conf
      log "postgres: starting on 127.0.0.1:$PG_PORT"
      # -W: don't let pg_ctl wait; wait_for below has our timeout and prints our log on failure.
      # 9>&-: daemons must not inherit the lock fd, or they would hold the lock forever.
      as_pg "$PG_BIN/pg_ctl" start -W -D "$PG_DATA" -l "$PG_LOG" >/dev/null 9>&-
    fi
    wait_for pg_ready || fail_with_log postgres "$PG_LOG"
  fi

  # Databases for the app and for tests; cheap enough to check on every `up`.
  local have db
  have=$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -XAtq \
    -c "select datname from pg_database where datname in ('trackly','trackly_test')")
  for db in trackly trackly_test; do
    if ! grep -qx "$db" <<<"$have"; then
      log "postgres: creating database $db"
      "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres -O postgres "$db"
    fi
  done
}

pg_down() {
  is_external "${DATABASE_URL:-}" "$PG_PORT" 5432 && return 0
  find_pg_bin
  [[ -n $PG_BIN && -s $PG_DATA/PG_VERSION ]] || return 0
  if as_pg "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; then
    log "postgres: stopping"
    as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 >/dev/null
  fi
}

pg_status() {
  if is_external "${DATABASE_URL:-}" "$PG_PORT" 5432; then
    external_status postgres "$DATABASE_URL" 5432
    return
  fi
  find_pg_bin
  if [[ -n $PG_BIN ]] && pg_ready; then line postgres running "$LOCAL_DATABASE_URL"; return 0; fi
  line postgres stopped "$LOCAL_DATABASE_URL"; return 1
}

# ---------------------------------------------------------------- redis

redis_ping() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

redis_write_conf() {
  # Rewritten on every start so port/paths follow the environment.
  cat >"$REDIS_CONF" <<EOF
# Written by deploy/stack.sh on every start; edit the script, not this file.
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
dir "$REDIS_DIR"
pidfile "$REDIS_PID"
logfile "$REDIS_LOG"
# BullMQ needs every job kept: never evict, persist every write (fsync once a second).
appendonly yes
appendfsync everysec
maxmemory-policy noeviction
save 3600 1 300 100 60 10000
EOF
}

redis_up() {
  if is_external "${REDIS_URL:-}" "$REDIS_PORT" 6379; then
    check_external redis "$REDIS_URL" 6379
    return
  fi
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    apt_install redis-server
    stop_system_service redis-server
    hash -r
  fi
  redis_ping && return 0

  mkdir -p -- "$REDIS_DIR"
  if pid_alive "$REDIS_PID" redis-server; then
    log "redis: server process exists, waiting for it to answer"
  else
    tcp_open 127.0.0.1 "$REDIS_PORT" && die "port $REDIS_PORT is in use by another process (set TRACKLY_REDIS_PORT)"
    redis_write_conf
    log "redis: starting on 127.0.0.1:$REDIS_PORT"
    redis-server "$REDIS_CONF" 9>&- || fail_with_log redis "$REDIS_LOG"
  fi
  wait_for redis_ping || fail_with_log redis "$REDIS_LOG"
}

redis_down() {
  is_external "${REDIS_URL:-}" "$REDIS_PORT" 6379 && return 0
  if command -v redis-cli >/dev/null && redis_ping; then
    log "redis: stopping"
    # SHUTDOWN flushes the AOF (and writes an RDB since save points are set) before exiting.
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  fi
  if pid_alive "$REDIS_PID" redis-server; then
    local pid; pid=$(<"$REDIS_PID")
    wait_for_exit "$pid" 30 || { log "redis: SIGTERM"; kill -TERM "$pid" 2>/dev/null || true; wait_for_exit "$pid" 30 || true; }
  fi
}

redis_status() {
  if is_external "${REDIS_URL:-}" "$REDIS_PORT" 6379; then
    external_status redis "$REDIS_URL" 6379
    return
  fi
  if command -v redis-cli >/dev/null && redis_ping; then line redis running "$LOCAL_REDIS_URL"; return 0; fi
  line redis stopped "$LOCAL_REDIS_URL"; return 1
}

# ---------------------------------------------------------------- kafka

kafka_port_open() { tcp_open 127.0.0.1 "$KAFKA_PORT"; }
kafka_started() { grep -q 'Kafka Server started' -- "$KAFKA_LOG" 2>/dev/null; }
kafka_ready() { kafka_started && probe_kafka 127.0.0.1 "$KAFKA_PORT"; }
kafka_running() { pid_alive "$KAFKA_PID" kafka.Kafka; }

kafka_java() {
  command -v java >/dev/null || { apt_install openjdk-17-jre-headless; hash -r; }
}

# Copy the broker's runtime jars from Maven Central (deploy/kafka/pom.xml) into lib/.
# Skipped when lib/ was completed from the same pom (marker holds the pom's hash), so a
# warm `up` never runs Maven; with ~/.m2 populated a re-copy downloads nothing.
kafka_lib() {
  local want have=
  want=$(sha256sum <"$KAFKA_POM" | cut -d' ' -f1)
  [[ -r $KAFKA_LIB_MARKER ]] && have=$(<"$KAFKA_LIB_MARKER")
  [[ $have == "$want" ]] && return 0

  command -v mvn >/dev/null || { apt_install maven; hash -r; }
  log "kafka: copying broker jars with Maven into $KAFKA_LIB"
  rm -rf -- "$KAFKA_LIB"
  mkdir -p -- "$KAFKA_LIB"
  local t0=$SECONDS
  # Output goes to a log (Maven 3.8 prints stray ANSI codes even with -B -q).
  if ! mvn -B -q -Dstyle.color=never -f "$KAFKA_POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIB" >"$KAFKA_LOGS/mvn.log" 2>&1; then
    tail -n 40 -- "$KAFKA_LOGS/mvn.log" >&2
    die "mvn dependency:copy-dependencies failed (full output: $KAFKA_LOGS/mvn.log)"
  fi
  log "kafka: Maven took $((SECONDS - t0))s"

  # Exactly one SLF4J binding: none means a silent NOP logger, two means a random one.
  local bindings='' core p
  for p in slf4j-reload4j slf4j-log4j12 slf4j-simple slf4j-jdk14 slf4j-nop log4j-slf4j-impl log4j-slf4j2-impl logback; do
    bindings+=$(compgen -G "$KAFKA_LIB/$p-*.jar" || true)$'\n'
  done
  bindings=$(grep . <<<"$bindings" || true)
  if [[ $(grep -c . <<<"$bindings") != 1 || $bindings != "$KAFKA_LIB"/slf4j-reload4j-* ]]; then
    die "expected exactly one SLF4J binding (slf4j-reload4j) and no logback in $KAFKA_LIB, found: ${bindings:-none}"
  fi
  core=$(compgen -G "$KAFKA_LIB/kafka_2.13-*.jar" || true)
  [[ -n $core ]] || die "kafka_2.13 jar missing from $KAFKA_LIB"

  printf '%s\n' "$want" >"$KAFKA_LIB_MARKER"
}

kafka_render_props() {
  local t
  t=$(<"$DEPLOY_DIR/kafka/server.properties.template")
  t=${t//@KAFKA_PORT@/$KAFKA_PORT}
  t=${t//@CONTROLLER_PORT@/$KAFKA_CONTROLLER_PORT}
  t=${t//@DATA_DIR@/$KAFKA_DATA}
  printf '%s\n' "$t" >"$KAFKA_PROPS"
}

# Format the KRaft storage once. The cluster id is kept so a re-format (e.g. after
# deleting data/) reuses it; --ignore-formatted makes a repeat harmless anyway.
kafka_format() {
  [[ -s $KAFKA_DATA/meta.properties ]] && return 0
  local id=
  [[ -s $KAFKA_CLUSTER_ID ]] && id=$(<"$KAFKA_CLUSTER_ID")
  if [[ -z $id ]]; then
    # Only the last line: logging may also write to stdout.
    id=$(java -Xmx256m -cp "$KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    [[ $id =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka: StorageTool random-uuid printed '$id'"
    printf '%s\n' "$id" >"$KAFKA_CLUSTER_ID"
  fi
  log "kafka: formatting $KAFKA_DATA (cluster id $id)"
  java -Xmx256m -Dlog4j.configuration="file:$DEPLOY_DIR/kafka/log4j.properties" \
    -cp "$KAFKA_LIB/*" kafka.tools.StorageTool format -t "$id" -c "$KAFKA_PROPS" --ignore-formatted \
    >"$KAFKA_LOGS/format.log" 2>&1 || { tail -n 20 "$KAFKA_LOGS/format.log" >&2; die "kafka storage format failed"; }
}

kafka_up() {
  if is_external "${KAFKA_BROKERS:-}" "$KAFKA_PORT" 9092; then
    check_external kafka "$KAFKA_BROKERS" 9092
    return
  fi
  if kafka_running; then
    kafka_ready && return 0
    log "kafka: broker process exists, waiting for it to answer"
  else
    kafka_port_open && die "port $KAFKA_PORT is in use by another process (set TRACKLY_KAFKA_PORT)"
    tcp_open 127.0.0.1 "$KAFKA_CONTROLLER_PORT" &&
      die "port $KAFKA_CONTROLLER_PORT is in use by another process (set TRACKLY_KAFKA_CONTROLLER_PORT)"
    kafka_java
    mkdir -p -- "$KAFKA_LIB" "$KAFKA_DATA" "$KAFKA_LOGS"
    kafka_lib
    kafka_render_props
    kafka_format

    # New log per start, so the readiness check cannot match a previous run's line.
    [[ -f $KAFKA_LOG ]] && mv -f -- "$KAFKA_LOG" "$KAFKA_LOG.1"
    log "kafka: starting on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)"
    # setsid: own session, so the broker survives this shell and terminal hangups.
    # The inner shell writes its own pid, then execs java, so the pid file is java's.
    # shellcheck disable=SC2016 # expanded by the inner bash
    setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$KAFKA_PID" \
      java -Xms512m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
      -Dkafka.logs.dir="$KAFKA_LOGS" -Dlog4j.configuration="file:$DEPLOY_DIR/kafka/log4j.properties" \
      -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_PROPS" \
      </dev/null >"$KAFKA_LOG" 2>&1 9>&- &
    disown 2>/dev/null || true
  fi
  wait_for kafka_ready_or_dead || fail_with_log kafka "$KAFKA_LOG"
  kafka_ready || fail_with_log kafka "$KAFKA_LOG"
}

# Stop waiting early if the JVM has already exited (bad config, port clash...).
kafka_ready_or_dead() {
  kafka_ready && return 0
  if [[ -s $KAFKA_PID ]] && ! kafka_running; then
    sleep 0.2 # the pid file may lag the fork by a moment; re-check once
    kafka_running || fail_with_log kafka "$KAFKA_LOG" "exited during startup"
  fi
  return 1
}

wait_for_exit() { # $1=pid $2=seconds
  local deadline=$((SECONDS + $2))
  while proc_running "$1"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

kafka_down() {
  is_external "${KAFKA_BROKERS:-}" "$KAFKA_PORT" 9092 && return 0
  kafka_running || { rm -f -- "$KAFKA_PID"; return 0; }
  local pid; pid=$(<"$KAFKA_PID")
  log "kafka: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for_exit "$pid" 30; then
    log "kafka: still running after 30 s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_for_exit "$pid" 10 || true
  fi
  rm -f -- "$KAFKA_PID"
}

kafka_status() {
  if is_external "${KAFKA_BROKERS:-}" "$KAFKA_PORT" 9092; then
    external_status kafka "$KAFKA_BROKERS" 9092
    return
  fi
  if kafka_running && kafka_ready; then line kafka running "$LOCAL_KAFKA_BROKERS"; return 0; fi
  line kafka stopped "$LOCAL_KAFKA_BROKERS"; return 1
}

# ---------------------------------------------------------------- smtp (mail receiver)

smtp_running() { pid_alive "$SMTP_PID" mail-receiver; }

smtp_up() {
  if is_external "${SMTP_URL:-}" "$SMTP_PORT" 587; then
    check_external smtp "$SMTP_URL" 587
    return
  fi
  if smtp_running; then
    probe_smtp 127.0.0.1 "$SMTP_PORT" && return 0
    log "smtp: receiver process exists, waiting for it to answer"
  else
    tcp_open 127.0.0.1 "$SMTP_PORT" && die "port $SMTP_PORT is in use by another process (set TRACKLY_SMTP_PORT)"
    [[ -d $REPO_ROOT/node_modules/smtp-server && -d $REPO_ROOT/node_modules/tsx ]] ||
      die "smtp: npm packages missing; run npm install first (./trackly run does)"
    mkdir -p -- "$MAIL_DIR"
    log "smtp: starting the mail receiver on 127.0.0.1:$SMTP_PORT (mail kept in $MAIL_DIR)"
    # setsid: own session, like Kafka; the inner shell writes its pid, then execs node. The redirections are on
    # the whole background subshell, not only on setsid: a subshell left holding our stdout keeps the caller's
    # pipe open after we exit (a `./trackly test | tee` then never ends).
    # shellcheck disable=SC2016 # expanded by the inner bash
    (cd -- "$REPO_ROOT" && exec setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$SMTP_PID" \
      node --import tsx bin/mail-receiver.ts --port "$SMTP_PORT" --dir "$MAIL_DIR") \
      </dev/null >>"$SMTP_LOG" 2>&1 9>&- &
  fi
  wait_for probe_smtp 127.0.0.1 "$SMTP_PORT" || fail_with_log smtp "$SMTP_LOG"
}

smtp_down() {
  is_external "${SMTP_URL:-}" "$SMTP_PORT" 587 && return 0
  smtp_running || { rm -f -- "$SMTP_PID"; return 0; }
  local pid; pid=$(<"$SMTP_PID")
  log "smtp: stopping the mail receiver (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  wait_for_exit "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
  rm -f -- "$SMTP_PID"
}

smtp_status() {
  if is_external "${SMTP_URL:-}" "$SMTP_PORT" 587; then
    external_status smtp "$SMTP_URL" 587
    return
  fi
  if smtp_running && probe_smtp 127.0.0.1 "$SMTP_PORT"; then
    line smtp running "$LOCAL_SMTP_URL (mail in $MAIL_DIR)"
    return 0
  fi
  line smtp stopped "$LOCAL_SMTP_URL"; return 1
}

# ---------------------------------------------------------------- clickhouse

clickhouse_where() {
  if [[ -n ${CLICKHOUSE_URL:-} ]]; then mask_url "$CLICKHOUSE_URL"; else echo "embedded (chdb) at $STACK_DIR/clickhouse"; fi
}

# ---------------------------------------------------------------- external services

check_external() { # $1=name $2=url $3=default port
  local host port
  read -r host port < <(url_host_port "$2" "$3")
  "probe_$1" "$host" "$port" || die "$1: $(mask_url "$2") (from the environment) does not answer on $host:$port"
}

external_status() { # $1=name $2=url $3=default port
  local host port
  read -r host port < <(url_host_port "$2" "$3")
  if "probe_$1" "$host" "$port"; then line "$1" "running (external)" "$(mask_url "$2")"; return 0; fi
  line "$1" "stopped (external)" "$(mask_url "$2")"; return 1
}

line() { printf '%-11s %-19s %s\n' "$1" "$2" "$3"; }

# ---------------------------------------------------------------- commands

# Serialise concurrent up/down calls (e.g. parallel test runners) on one data folder.
# Every daemon is started with 9>&- so it does not inherit (and keep) this lock.
lock() { exec 9>"$STACK_DIR/.lock"; flock -w 300 9 || die "another stack.sh holds $STACK_DIR/.lock"; }

cmd_up() {
  lock
  pg_up
  redis_up
  kafka_up
  smtp_up
  printf '%-11s %s\n' postgres "$(mask_url "${DATABASE_URL:-$LOCAL_DATABASE_URL}")"
  printf '%-11s %s\n' redis "$(mask_url "${REDIS_URL:-$LOCAL_REDIS_URL}")"
  printf '%-11s %s\n' kafka "${KAFKA_BROKERS:-$LOCAL_KAFKA_BROKERS}"
  printf '%-11s %s\n' smtp "$(mask_url "${SMTP_URL:-$LOCAL_SMTP_URL}") (local mail kept in $MAIL_DIR)"
  printf '%-11s %s\n' clickhouse "$(clickhouse_where)"
}

cmd_down() {
  lock
  # Reverse dependency order; each stop is a no-op when the service is not running.
  smtp_down
  kafka_down
  redis_down
  pg_down
}

cmd_status() {
  local rc=0
  pg_status || rc=3
  redis_status || rc=3
  kafka_status || rc=3
  smtp_status || rc=3
  # Nothing to check: chdb runs inside the Node process.
  if [[ -n ${CLICKHOUSE_URL:-} ]]; then
    line clickhouse external "$(mask_url "$CLICKHOUSE_URL")"
  else
    line clickhouse "embedded (chdb)" "$STACK_DIR/clickhouse"
  fi
  return $rc
}

cmd_env() {
  printf 'export DATABASE_URL=%q REDIS_URL=%q KAFKA_BROKERS=%q SMTP_URL=%q\n' \
    "${DATABASE_URL:-$LOCAL_DATABASE_URL}" "${REDIS_URL:-$LOCAL_REDIS_URL}" "${KAFKA_BROKERS:-$LOCAL_KAFKA_BROKERS}" \
    "${SMTP_URL:-$LOCAL_SMTP_URL}"
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *)
    echo "usage: $0 up|down|status|env" >&2
    exit 2
    ;;
esac
