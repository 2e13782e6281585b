-- series_break, before its query. Sorting millions of figures by series, year and obs_id is what costs
-- (and a window over a whole file is slow to spill); but two consecutive compared figures (at most
-- max_gap_years apart) lie within one run of run_years >= max_gap_years years or in two adjacent runs, and
-- can only break if there one figure is more than factor times another and one of them is at least
-- min_value. One hash aggregation over cheap columns (no sort; it spills to disk when it outgrows memory),
-- keyed on a hash of the series and the run (a collision can only add a candidate), then a join of
-- adjacent runs, finds those series, however long (over a century a series may triple without a break),
-- and the lines their figures span. They go to a temporary table, not a list (a list cannot spill); the
-- overall span of lines is set as a variable, so that only the figures in it are read again (a constant
-- range prunes the rest of a large file from the scan). The candidates' figures, on cheap columns, go to
-- a temporary table too (all of a long series is read); the query joins them on their row key for
-- obs_id (a bulk file computes it).
-- Parameters: compared (compared.sql), magnitudes (magnitudes.sql), series_hash_o (a hash of the series'
-- columns), series_o, row_key_rest_o (the series' columns and the rest of the row key), run_years,
-- factor, min_value, line_in_span_o (the candidates' lines).
CREATE OR REPLACE TEMP TABLE check_series_break_series AS
WITH r AS MATERIALIZED (
  SELECT h, run, min(line) AS first_line, max(line) AS last_line, max(alo) AS alo, min(ahi) AS ahi, max(abs(v)) AS av
  FROM (
    SELECT {{series_hash_o}} AS h, o.period_year // {{run_years}} AS run, o.line, {{magnitudes}}
    FROM check_observations o
    WHERE {{compared}}
  )
  GROUP BY h, run
),
may_break AS (
  SELECT h FROM r WHERE alo > {{factor}} * ahi AND av >= {{min_value}}
  UNION
  SELECT a.h FROM r a JOIN r b ON b.h = a.h AND b.run = a.run + 1
  WHERE greatest(a.alo, b.alo) > {{factor}} * least(a.ahi, b.ahi) AND greatest(a.av, b.av) >= {{min_value}}
)
SELECT h, min(first_line) AS first_line, max(last_line) AS last_line FROM r SEMI JOIN may_break USING (h) GROUP BY h;
SET VARIABLE check_series_break_candidates = (
  SELECT [{'first_line': coalesce(min(first_line), 0), 'last_line': coalesce(max(last_line), -1)}] FROM check_series_break_series
);
CREATE OR REPLACE TEMP TABLE check_series_break_figures AS
  SELECT {{series_o}}, {{row_key_rest_o}},
         o.period_year, coalesce({{compared}}, false) AS compared, {{magnitudes}}
  FROM check_series_break_series c
  JOIN check_observations o ON {{series_hash_o}} = c.h
  WHERE {{line_in_span_o}};

