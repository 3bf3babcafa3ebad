ALTER TABLE "price_collections" DROP CONSTRAINT "price_collections_amount_check";--> statement-breakpoint
ALTER TABLE "price_collections" ADD COLUMN "reverses_id" integer;--> statement-breakpoint
ALTER TABLE "price_collections" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "price_collections" ADD CONSTRAINT "price_collections_reverses_id_price_collections_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."price_collections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_collections" ADD CONSTRAINT "price_collections_reverses_once" UNIQUE("reverses_id");--> statement-breakpoint
ALTER TABLE "price_collections" ADD CONSTRAINT "price_collections_amount_check" CHECK (("price_collections"."reverses_id" is null and "price_collections"."amount" > 0) or ("price_collections"."reverses_id" is not null and "price_collections"."amount" < 0 and length(btrim("price_collections"."reason")) > 0));