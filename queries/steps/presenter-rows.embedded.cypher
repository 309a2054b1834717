// A read of the presenters post-step: the presentations of the meetings up to the one that fills the page ($last, a
// sort_key), which the engine then reads from the meetings' side (15 ms for the default page at 10,000 meetings
// instead of 170 ms).
// params: name, since, until, limit: as the query's; last: the sort_key of the last meeting needed
MATCH (p:Person)-[r:PRESENTED]->(a:AgendaItem)<-[:HAS_ITEM]-(m:Meeting)
WHERE ($name = '' OR lower(p.name) = lower($name) OR p.key = $name)
  AND m.sort_key >= CASE WHEN $since = '' THEN '' WHEN size($since) = 4 THEN $since ELSE left($since, 4) + ' ' + $since END
  AND m.sort_key < CASE WHEN $until = '' THEN '~' WHEN size($until) = 4 THEN $until + '!' ELSE left($until, 4) + ' ' + $until + '!' END
  AND m.sort_key <= $last
RETURN p.name AS person, a.title AS agenda_item, a.number AS number, m.date AS date, m.year AS year,
       m.title AS meeting, r.evidence AS evidence
ORDER BY m.sort_key, a.position, person, r.span_start
LIMIT $limit
