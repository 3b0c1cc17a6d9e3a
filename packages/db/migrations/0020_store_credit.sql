CREATE TABLE "store_credit_movements" (
	"company_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"store_credit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"sale_id" uuid,
	"refund_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_credit_movements_company_id_id_pk" PRIMARY KEY("company_id","id"),
	CONSTRAINT "store_credit_movements_kind" CHECK ("store_credit_movements"."kind" IN ('issue', 'redeem', 'return')),
	CONSTRAINT "store_credit_movements_sign" CHECK (("store_credit_movements"."kind" = 'redeem' AND "store_credit_movements"."amount" < 0 AND "store_credit_movements"."sale_id" IS NOT NULL) OR ("store_credit_movements"."kind" <> 'redeem' AND "store_credit_movements"."amount" > 0 AND "store_credit_movements"."refund_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "store_credits" (
	"company_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"code" text NOT NULL,
	"currency" char(3) NOT NULL,
	"amount" bigint NOT NULL,
	"balance" bigint NOT NULL,
	"refund_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_credits_company_id_id_pk" PRIMARY KEY("company_id","id"),
	CONSTRAINT "store_credits_code_uq" UNIQUE("company_id","code"),
	CONSTRAINT "store_credits_amounts" CHECK ("store_credits"."amount" > 0 AND "store_credits"."balance" >= 0 AND "store_credits"."balance" <= "store_credits"."amount")
);
--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "no_receipt_refund_to" text DEFAULT 'cash' NOT NULL;--> statement-breakpoint
ALTER TABLE "store_credit_movements" ADD CONSTRAINT "store_credit_movements_company_id_store_credit_id_store_credits_company_id_id_fk" FOREIGN KEY ("company_id","store_credit_id") REFERENCES "public"."store_credits"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_credits" ADD CONSTRAINT "store_credits_company_id_refund_id_refunds_company_id_id_fk" FOREIGN KEY ("company_id","refund_id") REFERENCES "public"."refunds"("company_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "store_credit_movements_credit_idx" ON "store_credit_movements" USING btree ("company_id","store_credit_id");--> statement-breakpoint
ALTER TABLE "stores" ADD CONSTRAINT "stores_no_receipt_refund_to" CHECK ("stores"."no_receipt_refund_to" IN ('cash', 'store_credit', 'either'));