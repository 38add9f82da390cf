-- Live updates for the console: every insert or update of a case's projection row tells the
-- API (LISTEN jeevan_case, api/live/case-feed.ts) which case changed. The payload carries
-- no personal data: the case number, stage, district and state version only. Delivered on
-- commit; identical payloads within one transaction are delivered once. Applied after the
-- Drizzle migrations by db/migrate.ts (idempotent).
CREATE OR REPLACE FUNCTION jeevan_notify_case_change() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('jeevan_case', json_build_object(
    'id', NEW.id, 'stage', NEW.stage, 'districtCode', NEW.district_code, 'version', NEW.state_version)::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE TRIGGER cases_notify_change AFTER INSERT OR UPDATE ON cases
  FOR EACH ROW EXECUTE FUNCTION jeevan_notify_case_change();
