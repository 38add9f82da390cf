-- A published escalation policy is never changed or removed: cases carry its version, and
-- "what did version X say" must always have one answer. Drafts stay editable. Applied after
-- the Drizzle migrations by db/migrate.ts (idempotent).
CREATE OR REPLACE FUNCTION jeevan_refuse_published_policy_change() RETURNS trigger AS $$
BEGIN
  IF OLD.published_at IS NOT NULL THEN
    RAISE EXCEPTION 'escalation policy % is published and cannot be changed (% refused)', OLD.version, TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE TRIGGER escalation_policies_published_frozen BEFORE UPDATE OR DELETE ON escalation_policies
  FOR EACH ROW EXECUTE FUNCTION jeevan_refuse_published_policy_change();
