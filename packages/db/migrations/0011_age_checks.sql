CREATE TABLE "age_checks" (
	"company_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"register_id" uuid NOT NULL,
	"cashier_id" uuid NOT NULL,
	"sale_id" uuid,
	"method" text NOT NULL,
	"result" text NOT NULL,
	"reason" text,
	"minimum_age" integer NOT NULL,
	"birth_date" text,
	"checked_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "age_checks_company_id_id_pk" PRIMARY KEY("company_id","id"),
	CONSTRAINT "age_checks_method" CHECK ("age_checks"."method" IN ('birth_date', 'id_scan', 'visual')),
	CONSTRAINT "age_checks_result" CHECK ("age_checks"."result" IN ('passed', 'refused')),
	CONSTRAINT "age_checks_reason" CHECK (("age_checks"."result" = 'passed') = ("age_checks"."reason" IS NULL)),
	CONSTRAINT "age_checks_sale_passed" CHECK ("age_checks"."sale_id" IS NULL OR "age_checks"."result" = 'passed')
);
--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "minimum_age" integer;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "age_check_visual_over" integer;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "age_check_keep_birth_date" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "age_checks" ADD CONSTRAINT "age_checks_company_id_store_id_stores_company_id_id_fk" FOREIGN KEY ("company_id","store_id") REFERENCES "public"."stores"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "age_checks" ADD CONSTRAINT "age_checks_company_id_register_id_registers_company_id_id_fk" FOREIGN KEY ("company_id","register_id") REFERENCES "public"."registers"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "age_checks" ADD CONSTRAINT "age_checks_company_id_cashier_id_users_company_id_id_fk" FOREIGN KEY ("company_id","cashier_id") REFERENCES "public"."users"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "age_checks" ADD CONSTRAINT "age_checks_company_id_sale_id_sales_company_id_id_fk" FOREIGN KEY ("company_id","sale_id") REFERENCES "public"."sales"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "age_checks_store_idx" ON "age_checks" USING btree ("company_id","store_id","checked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "age_checks_sale_uq" ON "age_checks" USING btree ("company_id","sale_id");--> statement-breakpoint
ALTER TABLE "stores" ADD CONSTRAINT "stores_minimum_age_range" CHECK ("stores"."minimum_age" BETWEEN 1 AND 99);--> statement-breakpoint
ALTER TABLE "stores" ADD CONSTRAINT "stores_age_check_visual_over_range" CHECK ("stores"."age_check_visual_over" BETWEEN 1 AND 120);