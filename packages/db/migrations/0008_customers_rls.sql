-- Row-level security and grants of the customers table (see 0001_rls.sql for the pattern).
GRANT SELECT, INSERT, UPDATE ON customers TO kassa_app;
--> statement-breakpoint
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE customers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON customers USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
