-- The session check runs on every authenticated request (with the BEGIN of a sale). As a SQL
-- function with SECURITY DEFINER and SET it cannot be inlined, so PostgreSQL planned its query
-- again on every call: 7.7 % of the database's CPU per sale in the checkout benchmark (perf).
-- PL/pgSQL keeps the plan of its query for the session. Same signature, owner, answer and grants.
CREATE OR REPLACE FUNCTION kassa_session_active(p_company uuid, p_session uuid, p_user uuid) RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM sessions s JOIN users u ON u.company_id = s.company_id AND u.id = s.user_id
    WHERE s.company_id = p_company AND s.id = p_session AND s.user_id = p_user
      AND s.revoked_at IS NULL AND u.active
  );
END
$$;
