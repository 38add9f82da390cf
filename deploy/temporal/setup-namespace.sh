#!/bin/sh
# One-shot (compose service temporal-setup): once the Temporal server answers, makes
# sure the namespace exists and that Jeevan's custom search attributes are registered
# in it. Idempotent: what already exists is left alone.
#
# TEMPORAL_ADDRESS    the server, host:port (also read by the temporal CLI)
# TEMPORAL_NAMESPACE  the namespace the worker and the API use
# NAMESPACE_RETENTION how long closed workflow histories are kept (Go duration)
# SEARCH_ATTRIBUTES   "Name=Type" pairs separated by spaces, from contract/search-attributes.ts
set -eu
: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}" "${SEARCH_ATTRIBUTES:?}"

retry() {
  what=$1
  shift
  tries=0
  until "$@" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
      echo "temporal-setup: gave up waiting for $what after 120 s" >&2
      exit 1
    fi
    sleep 2
  done
}

serving() { temporal operator cluster health --address "$TEMPORAL_ADDRESS" | grep -q SERVING; }
retry "the Temporal server at $TEMPORAL_ADDRESS" serving

if temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  echo "temporal-setup: namespace $TEMPORAL_NAMESPACE exists"
else
  temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "${NAMESPACE_RETENTION:-720h}"
  echo "temporal-setup: namespace $TEMPORAL_NAMESPACE created"
fi
# A new namespace reaches every frontend's cache within seconds; wait until it answers.
retry "namespace $TEMPORAL_NAMESPACE" temporal operator search-attribute list --namespace "$TEMPORAL_NAMESPACE"

existing=$(temporal operator search-attribute list --namespace "$TEMPORAL_NAMESPACE")
for pair in $SEARCH_ATTRIBUTES; do
  name=${pair%%=*}
  type=${pair#*=}
  if printf '%s\n' "$existing" | grep -Eq "^[[:space:]]*$name[[:space:]]+$type[[:space:]]*$"; then
    echo "temporal-setup: search attribute $name ($type) exists"
  elif printf '%s\n' "$existing" | grep -Eq "^[[:space:]]*$name[[:space:]]"; then
    echo "temporal-setup: search attribute $name exists with another type than $type; fix it by hand" >&2
    exit 1
  else
    temporal operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type "$type"
    echo "temporal-setup: search attribute $name ($type) created"
  fi
done
echo "temporal-setup: done"
