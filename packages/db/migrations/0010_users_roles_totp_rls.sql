-- Row-level security and grants of the users/roles/two-factor tables (see 0001_rls.sql for the pattern).
GRANT SELECT, INSERT, UPDATE, DELETE ON roles TO kassa_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON recovery_codes TO kassa_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON password_tokens TO kassa_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON pin_throttles TO kassa_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON no_sale_events TO kassa_app;
--> statement-breakpoint
ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE roles FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON roles USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE recovery_codes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE recovery_codes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON recovery_codes USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE password_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE password_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON password_tokens USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE pin_throttles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pin_throttles FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pin_throttles USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE no_sale_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE no_sale_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON no_sale_events USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
-- A no-sale event is a document: never updated or deleted.
CREATE TRIGGER no_sale_events_immutable BEFORE UPDATE OR DELETE ON no_sale_events FOR EACH ROW EXECUTE FUNCTION kassa_refuse_change();
--> statement-breakpoint
-- A user's custom role belongs to the same company (declared here: roles is defined after users).
ALTER TABLE users ADD CONSTRAINT users_custom_role_fk FOREIGN KEY (company_id, custom_role_id) REFERENCES roles (company_id, id);
