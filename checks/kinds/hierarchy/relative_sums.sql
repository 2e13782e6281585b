-- hierarchy, with a relative tolerance: the values of the total and of the parts it scales with
, sum(CASE WHEN m.is_total THEN c.v END) AS t_v, sum(CASE WHEN NOT m.is_total AND c.ok THEN c.v END) AS sum_v
