#!/bin/sh
# Runs once, when the postgres service starts on an empty data volume (the postgres
# image runs every script in /docker-entrypoint-initdb.d on first start only).
#
# Creates Jeevan's database with two roles: jeevan owns it (the migrate step connects as
# it) and jeevan_app is what the API and the worker connect as (the migrations grant it
# table access, and on audit_log only INSERT and SELECT: db/app-role.ts). And one role
# owning Temporal's two databases (history and visibility). Passwords come from the
# service environment (JEEVAN_DB_PASSWORD, JEEVAN_APP_DB_PASSWORD, TEMPORAL_DB_PASSWORD),
# never from this file. Changing them
# later means ALTER ROLE ... PASSWORD by hand: this script does not run again.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v jeevan_password="$JEEVAN_DB_PASSWORD" \
  -v jeevan_app_password="$JEEVAN_APP_DB_PASSWORD" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE jeevan LOGIN PASSWORD :'jeevan_password';
CREATE DATABASE jeevan OWNER jeevan;
CREATE ROLE jeevan_app LOGIN PASSWORD :'jeevan_app_password';

CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
SQL

# Temporal's visibility schema needs btree_gin; create it as the superuser so the
# temporal role needs no extra privilege.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname temporal_visibility \
  -c 'CREATE EXTENSION IF NOT EXISTS btree_gin;'
