ALTER TABLE "indicators" ADD COLUMN "revenue_types" text[];--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_revenue_types_check" CHECK ("indicators"."revenue_types" is null or (cardinality("indicators"."revenue_types") > 0
    and "indicators"."revenue_types" <@ array['土地出让收入','矿业权出让收益','交易服务费','其他']::text[] and "indicators"."rule" in ('财政增收','按时上缴')));