ALTER TABLE "stores" ADD COLUMN "receipt_header" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "tax_id" text DEFAULT '' NOT NULL;