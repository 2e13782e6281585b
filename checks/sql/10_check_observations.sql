-- What every check compares: observations_clean plus the interval [lo, hi] (base units) each figure
-- stands for. A printed figure v with rounding r (half its last printed digit) is the true value x with
--   point  (no qualifier)        x in [v - r, v + r]
--   approx ("about", w)          x in [v - w|v| - r, v + w|v| + r]
--   upper  ("up to", "nearly")   x in [v - w|v| - r, v + r]
--   lower  ("over", "more than") x in [v - r, v + w|v| + r], +inf when w is inf
--   range  ("16 to 25")          x in [low - r, high + r]
-- (w: qualifiers.widen). Missing markers (value_base and the range both NULL) keep lo and hi NULL, so a
-- comparison over them yields NULL and each kind decides how to report a missing figure.
-- Qualifiers, table numbers, source lines and citations are looked up by the check_* macros the runner
-- writes from their tables (checks/lookups.ts): a query pays only for the lookups it reads.
CREATE OR REPLACE VIEW check_observations AS
WITH q AS (
  SELECT
    o.*,
    check_qualifier_bound(o.qualifier) AS qualifier_bound,
    check_qualifier_widen(o.qualifier) AS qualifier_widen,
    coalesce(o.rounding_base, 0) AS r__,
    coalesce(o.multiplier, 1) AS m__
  FROM observations_clean o
)
SELECT
  q.* EXCLUDE (r__, m__),
  CASE
    WHEN q.value_base IS NOT NULL THEN
      CASE
        WHEN q.qualifier_bound IN ('approx', 'upper') THEN q.value_base - q.qualifier_widen * abs(q.value_base) - q.r__
        ELSE q.value_base - q.r__
      END
    WHEN q.value_low IS NOT NULL OR q.value_high IS NOT NULL THEN coalesce(q.value_low * q.m__ - q.r__, '-inf'::DOUBLE)
  END AS lo,
  CASE
    WHEN q.value_base IS NOT NULL THEN
      CASE
        WHEN q.qualifier_bound = 'approx' THEN q.value_base + q.qualifier_widen * abs(q.value_base) + q.r__
        WHEN q.qualifier_bound = 'lower' AND isinf(q.qualifier_widen) THEN 'inf'::DOUBLE
        WHEN q.qualifier_bound = 'lower' THEN q.value_base + q.qualifier_widen * abs(q.value_base) + q.r__
        ELSE q.value_base + q.r__
      END
    WHEN q.value_low IS NOT NULL OR q.value_high IS NOT NULL THEN coalesce(q.value_high * q.m__ + q.r__, 'inf'::DOUBLE)
  END AS hi,
  year(q.period_end) AS period_year,
  -- (month and day compared, not dates made: a third of the cost over millions of figures)
  coalesce(
    month(q.period_start) = 1 AND day(q.period_start) = 1 AND month(q.period_end) = 12 AND day(q.period_end) = 31
      AND year(q.period_end) = year(q.period_start),
    false
  ) AS is_full_year,
  -- where the figure is printed, for messages: "Table 1 'Russia' | '1995'" or "s-6.7-07 'IDPs registered by UNHCR'",
  -- each after its package where two packages or more are loaded
  CASE
    WHEN q.origin_kind = 'table' THEN
      check_package_ref(q.package) || 'Table ' || coalesce(check_table_number(q.package, q.table_id), q.table_id) || ' ''' || q.row_label || ''' | ''' || q.col_label || ''''
        || CASE WHEN q.part IS NOT NULL THEN ' (' || q.part || ')' ELSE '' END
    ELSE check_package_ref(q.package) || q.statement_id || ' ''' || q.label || ''''
  END AS figure_label,
  -- the cited source as printed: the table's source line, else the citation's reference
  coalesce(CASE WHEN q.origin_kind = 'table' THEN check_table_source(q.package, q.table_id, q.citation) END, check_citation_printed(q.package, q.citation), q.citation) AS source_label
FROM q;

-- Number formatting and JSON-safe numbers shared by the compiled checks.
-- check_fmt(x, base_unit): '6,002', '-5,100', '2.2 %' (ratios as percent), '+inf'.
CREATE OR REPLACE MACRO check_fmt(x, base_unit) AS
  CASE
    WHEN x IS NULL THEN 'n/a'
    WHEN isinf(x) THEN CASE WHEN x > 0 THEN '+inf' ELSE '-inf' END
    WHEN base_unit = 'ratio' THEN
      CASE WHEN abs(x * 100) < 0.00005 THEN '0' ELSE regexp_replace(format('{:,.4f}', round(x * 100, 4)), '\.?0+$', '') END || ' %'
    WHEN abs(x) < 0.00005 THEN '0'
    ELSE regexp_replace(format('{:,.4f}', round(x, 4)), '\.?0+$', '')
  END;

-- check_fmt_printed(x, base_unit, unit, multiplier): x (in the base unit) in the unit a figure was printed
-- in, the base value beside when the printed unit scales it: '227 Million USD = 227,000,000 USD'; as
-- check_fmt when it does not ('2,710', '2.2 %').
CREATE OR REPLACE MACRO check_fmt_printed(x, base_unit, unit, multiplier) AS
  CASE
    WHEN x IS NULL OR isinf(x) OR unit IS NULL OR unit = '' OR coalesce(multiplier, 1) = 1 OR multiplier = 0 OR base_unit = 'ratio' THEN check_fmt(x, base_unit)
    ELSE check_fmt(x / multiplier, NULL) || ' ' || unit || ' = ' || check_fmt(x, base_unit) || ' ' || base_unit
  END;

-- check_num(x): x for JSON details, NULL for NaN and infinities (JSON has neither).
CREATE OR REPLACE MACRO check_num(x) AS
  CASE WHEN x IS NULL OR isnan(x) OR isinf(x) THEN NULL ELSE round(x, 9) END;
