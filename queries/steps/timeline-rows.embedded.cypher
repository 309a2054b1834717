// A read of the topic-timeline post-step: the rows of the topics the page needs, in output order.
// params: keys: topic keys; since, until, limit: as the query's (limit: the rows still missing)
MATCH (x)-[r:MENTIONS]->(t:Topic)
WHERE t.key IN $keys
MATCH (m:Meeting {key: r.meeting})
WHERE m.sort_key >= CASE WHEN $since = '' THEN '' WHEN size($since) = 4 THEN $since ELSE left($since, 4) + ' ' + $since END
  AND m.sort_key < CASE WHEN $until = '' THEN '~' WHEN size($until) = 4 THEN $until + '!' ELSE left($until, 4) + ' ' + $until + '!' END
WITH t, m, sum(coalesce(r.count, 1)) AS mentions,
     collect(DISTINCT CASE WHEN x.key STARTS WITH 'agenda:' THEN x.title END) AS agenda_items,
     collect(DISTINCT x) AS sources
ORDER BY t.name, t.key, m.sort_key
LIMIT $limit
UNWIND sources AS source
OPTIONAL MATCH (source)-[:MENTIONS]->(o:Organisation)
WITH t, m, mentions, agenda_items, collect(DISTINCT o.name) AS organisations
RETURN t.name AS topic, m.date AS date, m.year AS year, m.title AS meeting, mentions, agenda_items, organisations
ORDER BY topic, t.key, m.sort_key
