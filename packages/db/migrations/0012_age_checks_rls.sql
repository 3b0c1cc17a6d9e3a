-- Age checks: tenant isolation like 0001_rls.sql, and written once (a record for compliance).
GRANT SELECT, INSERT ON age_checks TO kassa_app;
--> statement-breakpoint
ALTER TABLE age_checks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE age_checks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON age_checks USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE age_checks ADD CONSTRAINT age_checks_reason_known CHECK (reason IN ('under_age', 'id_expired', 'id_unreadable', 'invalid_birth_date'));
--> statement-breakpoint
CREATE TRIGGER age_checks_immutable BEFORE UPDATE OR DELETE ON age_checks FOR EACH ROW EXECUTE FUNCTION kassa_refuse_change();
