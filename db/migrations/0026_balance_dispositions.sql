CREATE TABLE "balance_dispositions" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"decided_on" date NOT NULL,
	"doc_no" text,
	"target_project_id" integer,
	"budget_entry_id" integer,
	"reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "balance_dispositions_entry_once" UNIQUE("budget_entry_id"),
	CONSTRAINT "balance_dispositions_kind_check" CHECK ("balance_dispositions"."kind" in ('结转','收回')),
	CONSTRAINT "balance_dispositions_amount_check" CHECK ("balance_dispositions"."amount" > 0),
	CONSTRAINT "balance_dispositions_target_check" CHECK (("balance_dispositions"."kind" = '结转') = ("balance_dispositions"."target_project_id" is not null and "balance_dispositions"."budget_entry_id" is not null)),
	CONSTRAINT "balance_dispositions_doc_check" CHECK ("balance_dispositions"."kind" <> '结转' or ("balance_dispositions"."doc_no" is not null and length(btrim("balance_dispositions"."doc_no")) > 0))
);
--> statement-breakpoint
ALTER TABLE "budget_entries" DROP CONSTRAINT "budget_entries_kind_check";--> statement-breakpoint
ALTER TABLE "balance_dispositions" ADD CONSTRAINT "balance_dispositions_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "balance_dispositions" ADD CONSTRAINT "balance_dispositions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "balance_dispositions" ADD CONSTRAINT "balance_dispositions_target_project_id_projects_id_fk" FOREIGN KEY ("target_project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "balance_dispositions" ADD CONSTRAINT "balance_dispositions_budget_entry_id_budget_entries_id_fk" FOREIGN KEY ("budget_entry_id") REFERENCES "public"."budget_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "balance_dispositions" ADD CONSTRAINT "balance_dispositions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "balance_dispositions_project_idx" ON "balance_dispositions" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "balance_dispositions_target_idx" ON "balance_dispositions" USING btree ("target_project_id");--> statement-breakpoint
ALTER TABLE "budget_entries" ADD CONSTRAINT "budget_entries_kind_check" CHECK ("budget_entries"."kind" in ('年初预算','上年结转','追加','调减'));--> statement-breakpoint
CREATE TRIGGER balance_dispositions_kept BEFORE UPDATE OR DELETE ON balance_dispositions FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
-- A balance is disposed of only once its year is closed (before that, what the year spends is not
-- final), and, like every financial record, never dated into a year the center has closed.
CREATE FUNCTION refuse_open_year_disposition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM projects p JOIN closed_years y ON y.center_id = p.center_id AND y.year = p.year WHERE p.id = NEW.project_id) THEN
    RAISE EXCEPTION 'the year of project % is not closed', NEW.project_id USING ERRCODE = 'P0001', HINT = 'year-open';
  END IF;
  IF EXISTS (SELECT 1 FROM closed_years WHERE center_id = NEW.center_id AND year = extract(year FROM NEW.decided_on)) THEN
    RAISE EXCEPTION 'year % of center % is closed', extract(year FROM NEW.decided_on), NEW.center_id USING ERRCODE = 'P0001', HINT = 'year-closed';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER balance_dispositions_closed_only BEFORE INSERT ON balance_dispositions FOR EACH ROW EXECUTE FUNCTION refuse_open_year_disposition();
