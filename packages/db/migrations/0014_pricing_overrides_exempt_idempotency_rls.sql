-- Grants and row-level security of the idempotency keys (tenant table; see 0001_rls.sql for the
-- pattern), and the grants of the platform-wide platform_admins table (no company, so no RLS).
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO kassa_app;
--> statement-breakpoint
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON idempotency_keys USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON platform_admins TO kassa_app;
