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

-- A new case always; an update only when it changes what the board and the case list show
-- (api/routes/cases.ts, LIST_COLUMNS). Bookkeeping writes (workflow_started_at, updated_at,
-- erasure) notify no one: PostgreSQL serialises every notifying commit.
CREATE OR REPLACE TRIGGER cases_notify_change AFTER INSERT ON cases
  FOR EACH ROW EXECUTE FUNCTION jeevan_notify_case_change();

CREATE OR REPLACE TRIGGER cases_notify_update AFTER UPDATE ON cases
  FOR EACH ROW WHEN (
    (OLD.stage, OLD.severity, OLD.drill, OLD.district_code, OLD.police_station, OLD.state_version, OLD.escalation_level,
     OLD.overdue, OLD.next_deadline_at, OLD.outcome, OLD.alert_count, OLD.next_escalation_level, OLD.next_escalation_notify,
     OLD.next_escalation_final)
    IS DISTINCT FROM
    (NEW.stage, NEW.severity, NEW.drill, NEW.district_code, NEW.police_station, NEW.state_version, NEW.escalation_level,
     NEW.overdue, NEW.next_deadline_at, NEW.outcome, NEW.alert_count, NEW.next_escalation_level, NEW.next_escalation_notify,
     NEW.next_escalation_final)
  )
  EXECUTE FUNCTION jeevan_notify_case_change();
