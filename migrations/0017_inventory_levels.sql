CREATE TABLE "inventory_levels" (
	"sku" text NOT NULL,
	"location" text NOT NULL,
	"on_hand" bigint NOT NULL,
	"sequence" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_levels_sku_location_pk" PRIMARY KEY("sku","location"),
	CONSTRAINT "inventory_levels_on_hand_non_negative" CHECK ("inventory_levels"."on_hand" >= 0),
	CONSTRAINT "inventory_levels_sequence_positive" CHECK ("inventory_levels"."sequence" > 0)
);
