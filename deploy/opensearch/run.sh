#!/usr/bin/env bash
# Starts the single OpenSearch node (SingleNode.java) in the background and waits until it
# answers; does nothing when a node already answers. `run.sh stop` stops the node it started.
# Environment: OPENSEARCH_PORT (9200), OPENSEARCH_HEAP (1g), OPENSEARCH_DATA (a new
# temporary folder by default: every start is an empty node, indexes are rebuilt).
set -euo pipefail
cd "$(dirname "$0")"
PORT="${OPENSEARCH_PORT:-9200}"
HEAP="${OPENSEARCH_HEAP:-1g}"
PIDFILE="target/node-$PORT.pid"
URL="http://127.0.0.1:$PORT"

answers() { curl -fsS "$URL/_cluster/health" >/dev/null 2>&1; }

if [ "${1:-start}" = "stop" ]; then
    if [ -f "$PIDFILE" ]; then
        kill "$(cat "$PIDFILE")" 2>/dev/null || true
        rm -f "$PIDFILE"
    fi
    exit 0
fi

if answers; then
    echo "OpenSearch answers already on $URL"
    exit 0
fi
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
    echo "OpenSearch needs Java 17 and Maven (apt-get install openjdk-17-jre-headless maven)" >&2
    exit 1
fi
# Offline once the artifacts are in ~/.m2; the first build fetches them from Maven Central.
mvn -q -B -Dstyle.color=never -o package -DskipTests 2>/dev/null || mvn -q -B -Dstyle.color=never package -DskipTests
DATA="${OPENSEARCH_DATA:-$(mktemp -d /tmp/atlaas-opensearch-XXXXXX)}"
nohup java "-Xms$HEAP" "-Xmx$HEAP" -cp "target/classes:$(cat target/classpath.txt)" \
    fr.villesinternet.atlaas.opensearch.SingleNode "$DATA" "$PORT" \
    >"target/node-$PORT.log" 2>&1 &
echo $! >"$PIDFILE"
for _ in $(seq 180); do
    if answers; then
        echo "OpenSearch 2.19.6 started on $URL (data in $DATA, log in deploy/opensearch/target/node-$PORT.log)"
        exit 0
    fi
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
        echo "The OpenSearch node stopped while starting:" >&2
        tail -30 "target/node-$PORT.log" >&2
        exit 1
    fi
    sleep 1
done
echo "The OpenSearch node did not answer within 3 minutes (deploy/opensearch/target/node-$PORT.log)" >&2
exit 1
