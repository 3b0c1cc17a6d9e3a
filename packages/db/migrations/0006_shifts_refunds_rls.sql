-- Shifts, cash movements and Z reports: tenant isolation like 0001_rls.sql, and immutability.
GRANT SELECT, INSERT, UPDATE, DELETE ON shifts, cash_movements, z_reports TO kassa_app;
--> statement-breakpoint
ALTER TABLE shifts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE shifts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON shifts USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE cash_movements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE cash_movements FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON cash_movements USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE z_reports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE z_reports FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON z_reports USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
CREATE TRIGGER cash_movements_immutable BEFORE UPDATE OR DELETE ON cash_movements FOR EACH ROW EXECUTE FUNCTION kassa_refuse_change();
--> statement-breakpoint
CREATE TRIGGER z_reports_immutable BEFORE UPDATE OR DELETE ON z_reports FOR EACH ROW EXECUTE FUNCTION kassa_refuse_change();
--> statement-breakpoint
-- A shift is written twice: opened, then closed once. Nothing of it changes after that, and
-- while open only the close (closed_at, closed_by) may be set.
CREATE FUNCTION kassa_shift_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.closed_at IS NOT NULL
     OR NEW.company_id IS DISTINCT FROM OLD.company_id OR NEW.id IS DISTINCT FROM OLD.id
     OR NEW.store_id IS DISTINCT FROM OLD.store_id OR NEW.register_id IS DISTINCT FROM OLD.register_id
     OR NEW.opened_by IS DISTINCT FROM OLD.opened_by OR NEW.opening_float IS DISTINCT FROM OLD.opening_float
     OR NEW.opened_at IS DISTINCT FROM OLD.opened_at THEN
    RAISE EXCEPTION 'kassa: % on shifts is not allowed, a shift is only closed once', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER shifts_guard BEFORE UPDATE OR DELETE ON shifts FOR EACH ROW EXECUTE FUNCTION kassa_shift_guard();
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON refunds, refund_lines, refund_tenders TO kassa_app;
--> statement-breakpoint
ALTER TABLE refunds ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE refunds FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON refunds USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE refund_lines ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE refund_lines FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON refund_lines USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
ALTER TABLE refund_tenders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE refund_tenders FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON refund_tenders USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
--> statement-breakpoint
CREATE TRIGGER refunds_immutable BEFORE UPDATE OR DELETE ON refunds FOR EACH ROW EXECUTE FUNCTION kassa_refuse_change();
--> statement-breakpoint
CREATE TRIGGER refund_lines_immutable BEFORE UPDATE OR DELETE ON refund_lines FOR EACH ROW EXECUTE FUNCTION kassa_refuse_change();
--> statement-breakpoint
CREATE TRIGGER refund_tenders_immutable BEFORE UPDATE OR DELETE ON refund_tenders FOR EACH ROW EXECUTE FUNCTION kassa_refuse_change();
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON parked_sales TO kassa_app;
--> statement-breakpoint
ALTER TABLE parked_sales ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE parked_sales FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON parked_sales USING (company_id = kassa_company_id()) WITH CHECK (company_id = kassa_company_id());
