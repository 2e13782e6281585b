-- period_trap, cited_before_period: a figure attributed to a source published before its period began.
-- Parameters: shown_o, period_shown_o (figure o for messages).
SELECT o.obs_id || '/cited-before-period' AS target,
       [o.obs_id]::VARCHAR[] AS obs_ids,
       o.figure_label || ' (' || {{shown_o}} || ', ' || {{period_shown_o}} || ') is attributed to ' || o.citation
         || ': a source published in ' || o.citation_year || ' cannot report ' || {{period_shown_o}} AS message,
       to_json({'trap': 'cited-before-period', 'citation': o.citation, 'citation_year': o.citation_year,
                'period_start': CAST(o.period_start AS VARCHAR), 'period_end': CAST(o.period_end AS VARCHAR), 'source': o.source_label})::VARCHAR AS details,
       o.file, o.line, o.col
FROM check_observations o
WHERE o.citation_year IS NOT NULL AND year(o.period_start) > o.citation_year
