CREATE TABLE "transfer_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"transfer_id" integer NOT NULL,
	"kind" text NOT NULL,
	"on_date" date,
	"reason" text,
	"document_no" text,
	"detail" jsonb,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfer_events_kind_check" CHECK ("transfer_events"."kind" in ('成交','流拍','终止','中止','恢复','无效','更正')),
	CONSTRAINT "transfer_events_void_documented" CHECK ("transfer_events"."kind" <> '无效' or (length(btrim(coalesce("transfer_events"."document_no", ''))) > 0 and length(btrim(coalesce("transfer_events"."reason", ''))) > 0))
);
--> statement-breakpoint
ALTER TABLE "transfers" DROP CONSTRAINT "transfers_result_check";--> statement-breakpoint
ALTER TABLE "transfers" ADD COLUMN "failure_reason" text;--> statement-breakpoint
ALTER TABLE "transfers" ADD COLUMN "document_no" text;--> statement-breakpoint
ALTER TABLE "transfers" ADD COLUMN "suspended_on" date;--> statement-breakpoint
ALTER TABLE "transfer_events" ADD CONSTRAINT "transfer_events_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_events" ADD CONSTRAINT "transfer_events_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_events" ADD CONSTRAINT "transfer_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transfer_events_transfer_idx" ON "transfer_events" USING btree ("transfer_id","id");--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_failure_reason" CHECK ("transfers"."failure_reason" is null or ("transfers"."result" = '流拍' and "transfers"."failure_reason" in ('无人报名','不足三人','未达底价','挂牌不成交')));--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_suspended_running" CHECK ("transfers"."suspended_on" is null or "transfers"."result" = '进行中');--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_result_check" CHECK ("transfers"."result" in ('进行中','成交','流拍','终止','无效'));--> statement-breakpoint
-- A round's history is kept: its events are never changed or deleted.
CREATE TRIGGER transfer_events_kept BEFORE UPDATE OR DELETE ON transfer_events FOR EACH ROW EXECUTE FUNCTION refuse_change();
