CREATE TABLE "signed_delivery_tokens" (
	"token_id" text PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "signed_delivery_tokens_expires_at_idx" ON "signed_delivery_tokens" USING btree ("expires_at");