// name: topic-timeline
// description: Meetings that discussed a topic, in meeting order, with the agenda items and the organisations mentioned alongside it.
// param topic: string = "" -- the topic's name (case-insensitive) or key; empty for every topic
// param since: date = "" -- only meetings from this date on: YYYY or YYYY-MM-DD; empty for no bound
// param until: date = "" -- only meetings up to this date: YYYY or YYYY-MM-DD; empty for no bound
// param limit: int = 500 -- at most this many rows, the first in the order below; 0 for all
// returns: topic, date, year, meeting, mentions, agenda_items, organisations
// Embedded text: LadybugDB has no CALL subqueries, so the rows are cut after grouping, before the
// organisations are looked up.
MATCH (x)-[r:MENTIONS]->(t:Topic)
WHERE $topic = '' OR lower(t.name) = lower($topic) OR t.key = $topic
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
