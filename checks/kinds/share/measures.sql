-- share, before its query: the measures shares name as measure:CODE. Parameter: is_share (a share's condition).
SET VARIABLE check_share_measures = (
  SELECT coalesce(list(DISTINCT substr(ref, 9)), []::VARCHAR[]) FROM (
    SELECT unnest([numerator_ref, denominator_ref]) AS ref FROM check_observations WHERE {{is_share}}
  ) WHERE starts_with(ref, 'measure:')
);

