#!/bin/sh
# One-shot (compose service temporal-schema): creates or upgrades Temporal's schemas
# in PostgreSQL with temporal-sql-tool from the admin-tools image of the same server
# version. Idempotent: on an up-to-date database both steps change nothing, so it
# runs on every `docker compose up`, and an upgraded image upgrades the schema.
#
# Connection: SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD (read by the tool).
# Databases:  TEMPORAL_DBNAME, TEMPORAL_VISIBILITY_DBNAME (created by deploy/postgres).
set -eu
: "${TEMPORAL_DBNAME:?}" "${TEMPORAL_VISIBILITY_DBNAME:?}"

setup() {
  database=$1
  schema=$2
  echo "temporal-schema: $schema schema in database $database"
  # -v 0.0 only creates the version tables (skipped when a newer version is recorded);
  # update-schema then applies every versioned step the database does not have yet.
  temporal-sql-tool --db "$database" setup-schema -v 0.0
  temporal-sql-tool --db "$database" update-schema --schema-name "postgresql/v12/$schema"
}

setup "$TEMPORAL_DBNAME" temporal
setup "$TEMPORAL_VISIBILITY_DBNAME" visibility
echo "temporal-schema: done"
