-- Observations with acknowledged corrections applied. The printed figure stays beside the corrected one.
CREATE OR REPLACE VIEW observations_clean AS
SELECT
  o.* REPLACE (
    coalesce(c.corrected, o.value) AS value,
    CASE WHEN c.obs_id IS NULL THEN o.value_base ELSE c.corrected * o.multiplier END AS value_base
  ),
  o.value AS value_printed,
  o.value_base AS value_base_printed,
  c.obs_id IS NOT NULL AS corrected,
  c.justification AS correction_justification
FROM observations o
LEFT JOIN corrections c USING (obs_id);
