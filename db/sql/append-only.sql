-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE, for anyone using the
-- application's role. Applied after the Drizzle migrations by db/migrate.ts (idempotent).
CREATE OR REPLACE FUNCTION jeevan_refuse_audit_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION jeevan_refuse_audit_change();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION jeevan_refuse_audit_change();
