ALTER TABLE "companies" ADD COLUMN "cash_rounding_increment" integer;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "cash_rounding_mode" text DEFAULT 'half_up' NOT NULL;--> statement-breakpoint
ALTER TABLE "sales" ADD COLUMN "cash_rounding" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_tax_rounding" CHECK ("companies"."tax_rounding" IN ('per_line', 'global'));--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_rounding_mode" CHECK ("companies"."rounding_mode" IN ('half_up', 'half_even'));--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_cash_rounding_increment_pos" CHECK ("companies"."cash_rounding_increment" > 0);--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_cash_rounding_mode" CHECK ("companies"."cash_rounding_mode" IN ('half_up', 'up', 'down'));--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_amount_due_nonneg" CHECK ("sales"."total" + "sales"."cash_rounding" >= 0);