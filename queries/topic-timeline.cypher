// name: topic-timeline
// description: Meetings that discussed a topic, in meeting order, with the agenda items and the organisations mentioned alongside it.
// param topic: string = "" -- the topic's name (case-insensitive) or key; empty for every topic
// returns: topic, date, year, meeting, mentions, agenda_items, organisations
// organisations are those mentioned by the same agenda items (or, for a mention in the meeting's own text, by
// the meeting) as the topic. mentions sums the mention counts.
MATCH (x)-[r:MENTIONS]->(t:Topic)
WHERE $topic = '' OR lower(t.name) = lower($topic) OR t.key = $topic
MATCH (m:Meeting {key: r.meeting})
WITH t, m, sum(coalesce(r.count, 1)) AS mentions,
     collect(DISTINCT CASE WHEN x.key STARTS WITH 'agenda:' THEN x.title END) AS agenda_items,
     collect(DISTINCT x) AS sources
UNWIND sources AS source
OPTIONAL MATCH (source)-[:MENTIONS]->(o:Organisation)
WITH t, m, mentions, agenda_items, collect(DISTINCT o.name) AS organisations
RETURN t.name AS topic, m.date AS date, m.year AS year, m.title AS meeting, mentions, agenda_items, organisations
ORDER BY topic, m.sort_key
