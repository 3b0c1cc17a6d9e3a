-- Row-level security and grants of the security tables (see 0001_rls.sql for the pattern).
GRANT SELECT, INSERT, UPDATE ON data_keys TO kassa_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON audit_streams TO kassa_app;
--> statement-breakpoint
-- The audit log: the application may read and append, nothing else.
GRANT SELECT, INSERT ON audit_entries TO kassa_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttles TO kassa_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON sessions TO kassa_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON approvals TO kassa_app;
--> statement-breakpoint
ALTER TABLE data_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE data_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON data_keys USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE audit_streams ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_streams FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_streams USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE audit_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_entries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_entries USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE login_throttles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE login_throttles FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON login_throttles USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON sessions USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE approvals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE approvals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON approvals USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
-- Append-only audit log: refused for every role, the owner included (the grants above already
-- keep the application role out). Tampering then needs a superuser switching triggers off, which
-- the hash chains reveal (`kassa audit verify`).
CREATE FUNCTION kassa_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'kassa: % on % is not allowed, the audit log is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION kassa_refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION kassa_refuse_audit_change();
--> statement-breakpoint
-- Platform-level: the companies to walk for `kassa audit verify` and `kassa keys rotate`.
CREATE FUNCTION kassa_company_ids() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$ SELECT id FROM companies ORDER BY id $$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION kassa_company_ids() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kassa_company_ids() TO kassa_app;
--> statement-breakpoint
-- The per-request revocation check, before the request's transaction: one primary-key lookup.
CREATE FUNCTION kassa_session_active(p_company uuid, p_session uuid, p_user uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (
    SELECT 1 FROM sessions s JOIN users u ON u.company_id = s.company_id AND u.id = s.user_id
    WHERE s.company_id = p_company AND s.id = p_session AND s.user_id = p_user
      AND s.revoked_at IS NULL AND u.active
  )
$$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION kassa_session_active(uuid, uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kassa_session_active(uuid, uuid, uuid) TO kassa_app;
