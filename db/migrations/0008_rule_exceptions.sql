CREATE TABLE "rule_exceptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"entity" text NOT NULL,
	"entity_id" integer NOT NULL,
	"rule" text NOT NULL,
	"doc_no" text NOT NULL,
	"reason" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_exceptions_entity_check" CHECK ("rule_exceptions"."entity" in ('parcel','transfer')),
	CONSTRAINT "rule_exceptions_rule_check" CHECK ("rule_exceptions"."rule" in ('deal-price','notice','deposit','term')),
	CONSTRAINT "rule_exceptions_rule_entity_check" CHECK (("rule_exceptions"."entity" = 'parcel') = ("rule_exceptions"."rule" in ('deposit','term'))),
	CONSTRAINT "rule_exceptions_filled" CHECK (length(btrim("rule_exceptions"."doc_no")) > 0 and length(btrim("rule_exceptions"."reason")) > 0)
);
--> statement-breakpoint
ALTER TABLE "rule_exceptions" ADD CONSTRAINT "rule_exceptions_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_exceptions" ADD CONSTRAINT "rule_exceptions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rule_exceptions_entity_idx" ON "rule_exceptions" USING btree ("entity","entity_id");--> statement-breakpoint
-- An exception to the law is kept like the record it concerns: never changed, never deleted.
CREATE TRIGGER rule_exceptions_kept BEFORE UPDATE OR DELETE ON rule_exceptions FOR EACH ROW EXECUTE FUNCTION refuse_change();
