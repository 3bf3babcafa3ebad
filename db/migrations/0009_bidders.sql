CREATE TABLE "bid_application_members" (
	"application_id" integer NOT NULL,
	"transfer_id" integer NOT NULL,
	"bidder_id" integer NOT NULL,
	"share" numeric(5, 2) NOT NULL,
	CONSTRAINT "bid_application_members_application_id_bidder_id_pk" PRIMARY KEY("application_id","bidder_id"),
	CONSTRAINT "bid_application_members_once" UNIQUE("transfer_id","bidder_id"),
	CONSTRAINT "bid_application_members_share" CHECK ("bid_application_members"."share" > 0 and "bid_application_members"."share" <= 100)
);
--> statement-breakpoint
CREATE TABLE "bid_applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"transfer_id" integer NOT NULL,
	"kind" text NOT NULL,
	"applied_on" date NOT NULL,
	"agent_name" text,
	"agent_id_number" text,
	"documents" text[] DEFAULT '{}'::text[] NOT NULL,
	"review" text DEFAULT '待审查' NOT NULL,
	"review_reason" text,
	"paddle_no" integer,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bid_applications_paddle" UNIQUE("transfer_id","paddle_no"),
	CONSTRAINT "bid_applications_kind_check" CHECK ("bid_applications"."kind" in ('单独','联合')),
	CONSTRAINT "bid_applications_review_check" CHECK ("bid_applications"."review" in ('待审查','通过','不通过')),
	CONSTRAINT "bid_applications_agent_id_format" CHECK ("bid_applications"."agent_id_number" ~ '^[0-9]{17}[0-9X]$'),
	CONSTRAINT "bid_applications_paddle_on_pass" CHECK (("bid_applications"."review" = '通过') = ("bid_applications"."paddle_no" is not null)),
	CONSTRAINT "bid_applications_reason_on_fail" CHECK ("bid_applications"."review" <> '不通过' or length(btrim(coalesce("bid_applications"."review_reason", ''))) > 0),
	CONSTRAINT "bid_applications_reviewed" CHECK (("bid_applications"."review" = '待审查') = ("bid_applications"."reviewed_at" is null))
);
--> statement-breakpoint
CREATE TABLE "bidders" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"credit_code" text,
	"id_number" text,
	"legal_rep" text,
	"phone" text,
	"address" text,
	"created_center_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bidders_credit_code_unique" UNIQUE("credit_code"),
	CONSTRAINT "bidders_id_number_unique" UNIQUE("id_number"),
	CONSTRAINT "bidders_kind_check" CHECK ("bidders"."kind" in ('法人','自然人')),
	CONSTRAINT "bidders_identity" CHECK (("bidders"."kind" = '法人') = ("bidders"."credit_code" is not null) and ("bidders"."kind" = '自然人') = ("bidders"."id_number" is not null)),
	CONSTRAINT "bidders_credit_code_format" CHECK ("bidders"."credit_code" ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
	CONSTRAINT "bidders_id_number_format" CHECK ("bidders"."id_number" ~ '^[0-9]{17}[0-9X]$')
);
--> statement-breakpoint
ALTER TABLE "bid_application_members" ADD CONSTRAINT "bid_application_members_application_id_bid_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."bid_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_application_members" ADD CONSTRAINT "bid_application_members_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_application_members" ADD CONSTRAINT "bid_application_members_bidder_id_bidders_id_fk" FOREIGN KEY ("bidder_id") REFERENCES "public"."bidders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_applications" ADD CONSTRAINT "bid_applications_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_applications" ADD CONSTRAINT "bid_applications_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_applications" ADD CONSTRAINT "bid_applications_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_applications" ADD CONSTRAINT "bid_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bidders" ADD CONSTRAINT "bidders_created_center_id_centers_id_fk" FOREIGN KEY ("created_center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bid_application_members_bidder_idx" ON "bid_application_members" USING btree ("bidder_id");--> statement-breakpoint
CREATE INDEX "bid_applications_transfer_idx" ON "bid_applications" USING btree ("transfer_id");--> statement-breakpoint
-- An application is kept: its facts never change, it is never deleted, and its 资格审查 is recorded
-- once (from 待审查 to 通过 or 不通过), never revised.
CREATE FUNCTION bid_applications_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.review <> '待审查'
     OR (NEW.id, NEW.center_id, NEW.transfer_id, NEW.kind, NEW.applied_on, NEW.agent_name, NEW.agent_id_number, NEW.documents, NEW.created_by, NEW.created_at)
        IS DISTINCT FROM (OLD.id, OLD.center_id, OLD.transfer_id, OLD.kind, OLD.applied_on, OLD.agent_name, OLD.agent_id_number, OLD.documents, OLD.created_by, OLD.created_at) THEN
    RAISE EXCEPTION 'bid application % cannot be changed or deleted; only its review is recorded, once', OLD.id
      USING ERRCODE = 'P0001', HINT = 'financial-record-kept';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER bid_applications_kept BEFORE UPDATE OR DELETE ON bid_applications FOR EACH ROW EXECUTE FUNCTION bid_applications_kept();
--> statement-breakpoint
CREATE TRIGGER bid_application_members_kept BEFORE UPDATE OR DELETE ON bid_application_members FOR EACH ROW EXECUTE FUNCTION refuse_change();
