CREATE TABLE "reserve_prices" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"transfer_id" integer NOT NULL,
	"amount" bigint NOT NULL,
	"decision_no" text NOT NULL,
	"set_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reserve_prices_amount_check" CHECK ("reserve_prices"."amount" > 0),
	CONSTRAINT "reserve_prices_decision_filled" CHECK (length(btrim("reserve_prices"."decision_no")) > 0)
);
--> statement-breakpoint
ALTER TABLE "reserve_prices" ADD CONSTRAINT "reserve_prices_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reserve_prices" ADD CONSTRAINT "reserve_prices_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reserve_prices" ADD CONSTRAINT "reserve_prices_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reserve_prices_transfer_idx" ON "reserve_prices" USING btree ("transfer_id","id");--> statement-breakpoint
-- A 底价 once set is kept: a new decision adds a row, none is changed or deleted.
CREATE TRIGGER reserve_prices_kept BEFORE UPDATE OR DELETE ON reserve_prices FOR EACH ROW EXECUTE FUNCTION refuse_change();
