ALTER TABLE "rule_exceptions" DROP CONSTRAINT "rule_exceptions_rule_check";--> statement-breakpoint
ALTER TABLE "transfer_events" DROP CONSTRAINT "transfer_events_kind_check";--> statement-breakpoint
ALTER TABLE "transfers" ADD COLUMN "confirmation_date" date;--> statement-breakpoint
ALTER TABLE "transfers" ADD COLUMN "result_published_on" date;--> statement-breakpoint
ALTER TABLE "rule_exceptions" ADD CONSTRAINT "rule_exceptions_rule_check" CHECK ("rule_exceptions"."rule" in ('deal-price','notice','deposit','term','bidders','publication'));--> statement-breakpoint
ALTER TABLE "transfer_events" ADD CONSTRAINT "transfer_events_kind_check" CHECK ("transfer_events"."kind" in ('成交','流拍','终止','中止','恢复','无效','更正','公示'));