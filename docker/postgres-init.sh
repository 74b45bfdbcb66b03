#!/bin/sh
# Runs once, when the database is first created: the role the app serves through. It owns nothing; the
# app grants it DML on every table (not UPDATE, DELETE or TRUNCATE on case_events) after each migration.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE hotline_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
SQL
