CREATE TABLE "price_collections" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"contract_id" integer NOT NULL,
	"collector" text NOT NULL,
	"voucher_no" text NOT NULL,
	"amount" bigint NOT NULL,
	"collected_on" date NOT NULL,
	"pushed_on" date,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_collections_voucher" UNIQUE("center_id","collector","voucher_no"),
	CONSTRAINT "price_collections_amount_check" CHECK ("price_collections"."amount" > 0),
	CONSTRAINT "price_collections_collector_check" CHECK ("price_collections"."collector" in ('国库','税务')),
	CONSTRAINT "price_collections_pushed_check" CHECK (("price_collections"."collector" = '税务') = ("price_collections"."pushed_on" is not null))
);
--> statement-breakpoint
ALTER TABLE "price_collections" ADD CONSTRAINT "price_collections_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_collections" ADD CONSTRAINT "price_collections_contract_id_land_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."land_contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_collections" ADD CONSTRAINT "price_collections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "price_collections_contract_idx" ON "price_collections" USING btree ("contract_id");--> statement-breakpoint
-- A collection is kept: never changed or deleted.
CREATE TRIGGER price_collections_kept BEFORE UPDATE OR DELETE ON price_collections FOR EACH ROW EXECUTE FUNCTION refuse_change();
