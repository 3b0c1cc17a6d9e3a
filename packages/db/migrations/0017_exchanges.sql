CREATE TABLE "exchanges" (
	"company_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"register_id" uuid NOT NULL,
	"original_sale_id" uuid NOT NULL,
	"refund_id" uuid NOT NULL,
	"sale_id" uuid NOT NULL,
	"net" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchanges_company_id_id_pk" PRIMARY KEY("company_id","id")
);
--> statement-breakpoint
ALTER TABLE "exchanges" ADD CONSTRAINT "exchanges_company_id_register_id_registers_company_id_id_fk" FOREIGN KEY ("company_id","register_id") REFERENCES "public"."registers"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchanges" ADD CONSTRAINT "exchanges_company_id_original_sale_id_sales_company_id_id_fk" FOREIGN KEY ("company_id","original_sale_id") REFERENCES "public"."sales"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchanges" ADD CONSTRAINT "exchanges_company_id_refund_id_refunds_company_id_id_fk" FOREIGN KEY ("company_id","refund_id") REFERENCES "public"."refunds"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchanges" ADD CONSTRAINT "exchanges_company_id_sale_id_sales_company_id_id_fk" FOREIGN KEY ("company_id","sale_id") REFERENCES "public"."sales"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exchanges_refund_uq" ON "exchanges" USING btree ("company_id","refund_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchanges_sale_uq" ON "exchanges" USING btree ("company_id","sale_id");