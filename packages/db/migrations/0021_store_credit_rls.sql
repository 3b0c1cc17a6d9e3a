-- Store credit: tenant isolation like 0001_rls.sql. A credit's balance is updated (under a row
-- lock, see the sales and refunds modules); its movements are written once.
GRANT SELECT, INSERT, UPDATE ON store_credits TO kassa_app;
--> statement-breakpoint
ALTER TABLE store_credits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE store_credits FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON store_credits USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
GRANT SELECT, INSERT ON store_credit_movements TO kassa_app;
--> statement-breakpoint
ALTER TABLE store_credit_movements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE store_credit_movements FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON store_credit_movements USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
CREATE TRIGGER store_credit_movements_immutable BEFORE UPDATE OR DELETE ON store_credit_movements FOR EACH ROW EXECUTE FUNCTION kassa_refuse_change();
