CREATE TABLE "cash_movements" (
	"company_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"shift_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"reason" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cash_movements_company_id_id_pk" PRIMARY KEY("company_id","id"),
	CONSTRAINT "cash_movements_amount_pos" CHECK ("cash_movements"."amount" > 0),
	CONSTRAINT "cash_movements_kind" CHECK ("cash_movements"."kind" IN ('paid_in', 'paid_out'))
);
--> statement-breakpoint
CREATE TABLE "parked_sales" (
	"company_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"register_id" uuid NOT NULL,
	"shift_id" uuid NOT NULL,
	"cashier_id" uuid NOT NULL,
	"lines" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"total" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" text DEFAULT 'parked' NOT NULL,
	"resumed_at" timestamp with time zone,
	"resumed_by" uuid,
	"resumed_register_id" uuid,
	"expired_at" timestamp with time zone,
	CONSTRAINT "parked_sales_company_id_id_pk" PRIMARY KEY("company_id","id"),
	CONSTRAINT "parked_sales_state" CHECK ("parked_sales"."state" IN ('parked', 'resumed', 'expired')),
	CONSTRAINT "parked_sales_total_nonneg" CHECK ("parked_sales"."total" >= 0)
);
--> statement-breakpoint
CREATE TABLE "refund_lines" (
	"company_id" uuid NOT NULL,
	"refund_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"sale_id" uuid,
	"sale_line_no" integer,
	"product_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"unit_price" bigint NOT NULL,
	"gross" bigint NOT NULL,
	"discount" bigint NOT NULL,
	"net" bigint NOT NULL,
	"tax" bigint NOT NULL,
	"total" bigint NOT NULL,
	"taxes" jsonb NOT NULL,
	"restock" boolean NOT NULL,
	CONSTRAINT "refund_lines_company_id_refund_id_line_no_pk" PRIMARY KEY("company_id","refund_id","line_no"),
	CONSTRAINT "refund_lines_qty_pos" CHECK ("refund_lines"."quantity" > 0),
	CONSTRAINT "refund_lines_amounts_nonneg" CHECK ("refund_lines"."gross" >= 0 AND "refund_lines"."discount" >= 0 AND "refund_lines"."net" >= 0 AND "refund_lines"."tax" >= 0 AND "refund_lines"."total" >= 0)
);
--> statement-breakpoint
CREATE TABLE "refund_tenders" (
	"company_id" uuid NOT NULL,
	"refund_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"method" text NOT NULL,
	"amount" bigint NOT NULL,
	"reference" text,
	CONSTRAINT "refund_tenders_company_id_refund_id_position_pk" PRIMARY KEY("company_id","refund_id","position"),
	CONSTRAINT "refund_tenders_amount_pos" CHECK ("refund_tenders"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"company_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"sale_id" uuid,
	"store_id" uuid NOT NULL,
	"register_id" uuid NOT NULL,
	"shift_id" uuid NOT NULL,
	"cashier_id" uuid NOT NULL,
	"refund_seq" bigint NOT NULL,
	"refund_number" text NOT NULL,
	"currency" char(3) NOT NULL,
	"discount_total" bigint NOT NULL,
	"net_total" bigint NOT NULL,
	"tax_total" bigint NOT NULL,
	"total" bigint NOT NULL,
	"reason" text NOT NULL,
	"approved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_company_id_id_pk" PRIMARY KEY("company_id","id"),
	CONSTRAINT "refunds_seq_uq" UNIQUE("company_id","register_id","refund_seq"),
	CONSTRAINT "refunds_kind" CHECK ("refunds"."kind" IN ('refund', 'void')),
	CONSTRAINT "refunds_amounts_nonneg" CHECK ("refunds"."discount_total" >= 0 AND "refunds"."net_total" >= 0 AND "refunds"."tax_total" >= 0 AND "refunds"."total" >= 0),
	CONSTRAINT "refunds_void_has_sale" CHECK ("refunds"."kind" = 'refund' OR "refunds"."sale_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "shifts" (
	"company_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"register_id" uuid NOT NULL,
	"opened_by" uuid NOT NULL,
	"opening_float" bigint NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	CONSTRAINT "shifts_company_id_id_pk" PRIMARY KEY("company_id","id"),
	CONSTRAINT "shifts_float_nonneg" CHECK ("shifts"."opening_float" >= 0),
	CONSTRAINT "shifts_closed_pair" CHECK (("shifts"."closed_at" IS NULL) = ("shifts"."closed_by" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "z_reports" (
	"company_id" uuid NOT NULL,
	"shift_id" uuid NOT NULL,
	"register_id" uuid NOT NULL,
	"z_number" integer NOT NULL,
	"expected_cash" bigint NOT NULL,
	"counted_cash" bigint NOT NULL,
	"over_short" bigint NOT NULL,
	"counts" jsonb NOT NULL,
	"report" jsonb NOT NULL,
	"closed_by" uuid NOT NULL,
	"approved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "z_reports_company_id_shift_id_pk" PRIMARY KEY("company_id","shift_id"),
	CONSTRAINT "z_reports_number_uq" UNIQUE("company_id","register_id","z_number"),
	CONSTRAINT "z_reports_number_pos" CHECK ("z_reports"."z_number" > 0),
	CONSTRAINT "z_reports_counted_nonneg" CHECK ("z_reports"."counted_cash" >= 0),
	CONSTRAINT "z_reports_over_short" CHECK ("z_reports"."over_short" = "z_reports"."counted_cash" - "z_reports"."expected_cash")
);
--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "cash_denominations" jsonb;--> statement-breakpoint
ALTER TABLE "sales" ADD COLUMN "shift_id" uuid;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD COLUMN "refund_id" uuid;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "cash_variance_threshold" bigint DEFAULT 500 NOT NULL;--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_company_id_shift_id_shifts_company_id_id_fk" FOREIGN KEY ("company_id","shift_id") REFERENCES "public"."shifts"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_company_id_user_id_users_company_id_id_fk" FOREIGN KEY ("company_id","user_id") REFERENCES "public"."users"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parked_sales" ADD CONSTRAINT "parked_sales_company_id_store_id_stores_company_id_id_fk" FOREIGN KEY ("company_id","store_id") REFERENCES "public"."stores"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parked_sales" ADD CONSTRAINT "parked_sales_company_id_register_id_registers_company_id_id_fk" FOREIGN KEY ("company_id","register_id") REFERENCES "public"."registers"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parked_sales" ADD CONSTRAINT "parked_sales_company_id_shift_id_shifts_company_id_id_fk" FOREIGN KEY ("company_id","shift_id") REFERENCES "public"."shifts"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parked_sales" ADD CONSTRAINT "parked_sales_company_id_cashier_id_users_company_id_id_fk" FOREIGN KEY ("company_id","cashier_id") REFERENCES "public"."users"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parked_sales" ADD CONSTRAINT "parked_sales_company_id_resumed_by_users_company_id_id_fk" FOREIGN KEY ("company_id","resumed_by") REFERENCES "public"."users"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parked_sales" ADD CONSTRAINT "parked_sales_company_id_resumed_register_id_registers_company_id_id_fk" FOREIGN KEY ("company_id","resumed_register_id") REFERENCES "public"."registers"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_lines" ADD CONSTRAINT "refund_lines_company_id_refund_id_refunds_company_id_id_fk" FOREIGN KEY ("company_id","refund_id") REFERENCES "public"."refunds"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_lines" ADD CONSTRAINT "refund_lines_company_id_sale_id_sale_line_no_sale_lines_company_id_sale_id_line_no_fk" FOREIGN KEY ("company_id","sale_id","sale_line_no") REFERENCES "public"."sale_lines"("company_id","sale_id","line_no") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_tenders" ADD CONSTRAINT "refund_tenders_company_id_refund_id_refunds_company_id_id_fk" FOREIGN KEY ("company_id","refund_id") REFERENCES "public"."refunds"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_company_id_sale_id_sales_company_id_id_fk" FOREIGN KEY ("company_id","sale_id") REFERENCES "public"."sales"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_company_id_store_id_stores_company_id_id_fk" FOREIGN KEY ("company_id","store_id") REFERENCES "public"."stores"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_company_id_register_id_registers_company_id_id_fk" FOREIGN KEY ("company_id","register_id") REFERENCES "public"."registers"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_company_id_shift_id_shifts_company_id_id_fk" FOREIGN KEY ("company_id","shift_id") REFERENCES "public"."shifts"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_company_id_cashier_id_users_company_id_id_fk" FOREIGN KEY ("company_id","cashier_id") REFERENCES "public"."users"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_company_id_approved_by_users_company_id_id_fk" FOREIGN KEY ("company_id","approved_by") REFERENCES "public"."users"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_company_id_store_id_stores_company_id_id_fk" FOREIGN KEY ("company_id","store_id") REFERENCES "public"."stores"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_company_id_register_id_registers_company_id_id_fk" FOREIGN KEY ("company_id","register_id") REFERENCES "public"."registers"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_company_id_opened_by_users_company_id_id_fk" FOREIGN KEY ("company_id","opened_by") REFERENCES "public"."users"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_company_id_closed_by_users_company_id_id_fk" FOREIGN KEY ("company_id","closed_by") REFERENCES "public"."users"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "z_reports" ADD CONSTRAINT "z_reports_company_id_shift_id_shifts_company_id_id_fk" FOREIGN KEY ("company_id","shift_id") REFERENCES "public"."shifts"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "z_reports" ADD CONSTRAINT "z_reports_company_id_register_id_registers_company_id_id_fk" FOREIGN KEY ("company_id","register_id") REFERENCES "public"."registers"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "z_reports" ADD CONSTRAINT "z_reports_company_id_closed_by_users_company_id_id_fk" FOREIGN KEY ("company_id","closed_by") REFERENCES "public"."users"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "z_reports" ADD CONSTRAINT "z_reports_company_id_approved_by_users_company_id_id_fk" FOREIGN KEY ("company_id","approved_by") REFERENCES "public"."users"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cash_movements_shift_idx" ON "cash_movements" USING btree ("company_id","shift_id");--> statement-breakpoint
CREATE INDEX "parked_sales_store_idx" ON "parked_sales" USING btree ("company_id","store_id","state");--> statement-breakpoint
CREATE INDEX "parked_sales_shift_idx" ON "parked_sales" USING btree ("company_id","shift_id");--> statement-breakpoint
CREATE INDEX "refund_lines_sale_line_idx" ON "refund_lines" USING btree ("company_id","sale_id","sale_line_no");--> statement-breakpoint
CREATE INDEX "refunds_sale_idx" ON "refunds" USING btree ("company_id","sale_id");--> statement-breakpoint
CREATE INDEX "refunds_shift_idx" ON "refunds" USING btree ("company_id","shift_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shifts_one_open_per_register" ON "shifts" USING btree ("company_id","register_id") WHERE "shifts"."closed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "shifts_register_idx" ON "shifts" USING btree ("company_id","register_id","opened_at");--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_company_id_shift_id_shifts_company_id_id_fk" FOREIGN KEY ("company_id","shift_id") REFERENCES "public"."shifts"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sales_shift_idx" ON "sales" USING btree ("company_id","shift_id");--> statement-breakpoint
ALTER TABLE "stores" ADD CONSTRAINT "stores_cash_variance_threshold_nonneg" CHECK ("stores"."cash_variance_threshold" >= 0);