-- Exchanges: tenant isolation like 0001_rls.sql, and written once (a document pointing at documents).
GRANT SELECT, INSERT ON exchanges TO kassa_app;
--> statement-breakpoint
ALTER TABLE exchanges ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE exchanges FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON exchanges USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
CREATE TRIGGER exchanges_immutable BEFORE UPDATE OR DELETE ON exchanges FOR EACH ROW EXECUTE FUNCTION kassa_refuse_change();
