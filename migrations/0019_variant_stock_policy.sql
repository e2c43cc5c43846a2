ALTER TABLE "variants" ADD COLUMN "inventory_policy" text DEFAULT 'deny' NOT NULL;--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "oversell_limit" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "low_stock_threshold" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_inventory_policy_known" CHECK ("variants"."inventory_policy" in ('deny', 'backorder', 'preorder'));--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_oversell_limit_non_negative" CHECK ("variants"."oversell_limit" >= 0);--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_oversell_limit_zero_when_denied" CHECK ("variants"."inventory_policy" <> 'deny' or "variants"."oversell_limit" = 0);--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_low_stock_threshold_non_negative" CHECK ("variants"."low_stock_threshold" >= 0);