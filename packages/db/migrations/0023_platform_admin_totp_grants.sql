-- Platform admins' recovery codes: platform-wide (no company, so no RLS), like platform_admins
-- itself (grants in 0014). The application role may read and spend them.
GRANT SELECT, INSERT, UPDATE, DELETE ON platform_recovery_codes TO kassa_app;
--> statement-breakpoint
-- The platform operator's list of companies (GET /api/v1/platform/companies) reads across tenants.
-- kassa_app stays under row-level security: it gets only this one read-only function, which runs
-- as the migration owner (SECURITY DEFINER, like kassa_company_count in 0001_rls.sql). The API
-- calls it only for a verified platform token.
CREATE FUNCTION kassa_platform_companies()
  RETURNS TABLE (id uuid, name text, created_at timestamptz, store_count bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c.id, c.name, c.created_at, (SELECT count(*) FROM stores s WHERE s.company_id = c.id)
  FROM companies c ORDER BY c.created_at, c.id
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION kassa_platform_companies() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kassa_platform_companies() TO kassa_app;
--> statement-breakpoint
-- companies and stores FORCE row-level security, which also binds their owner unless it is a
-- superuser: let the owner (only it, not kassa_app) read them, so the function above works when
-- the database owner is an ordinary role.
CREATE POLICY owner_platform_read ON companies FOR SELECT TO CURRENT_USER USING (true);
--> statement-breakpoint
CREATE POLICY owner_platform_read ON stores FOR SELECT TO CURRENT_USER USING (true);
