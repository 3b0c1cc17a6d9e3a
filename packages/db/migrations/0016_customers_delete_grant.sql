-- Customers may be deleted from the back office (right to erasure); row-level security still
-- limits the delete to the company's own rows (policy of 0008_customers_rls.sql).
GRANT DELETE ON customers TO kassa_app;
