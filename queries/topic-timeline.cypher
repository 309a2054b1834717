// name: topic-timeline
// description: Meetings that discussed a topic, in meeting order, with the agenda items and the organisations mentioned alongside it.
// param topic: string = "" -- the topic's name (case-insensitive) or key; empty for every topic
// param since: date = "" -- only meetings from this date on: YYYY or YYYY-MM-DD; empty for no bound
// param until: date = "" -- only meetings up to this date: YYYY or YYYY-MM-DD; empty for no bound
// param limit: int = 500 -- at most this many rows, the first in the order below; 0 for all
// returns: topic, date, year, meeting, mentions, agenda_items, organisations
// post: timeline
// organisations are those mentioned by the same agenda items (or, for a mention in the meeting's own text, by
// the meeting) as the topic. mentions sums the mention counts. Rows are ordered by topic name, then meeting
// order; the limit keeps the first (so without a topic the first page is the first topics' timelines). Topics
// are read one at a time in name order until the limit is reached, and only the rows returned look up their
// organisations, so the work follows the rows returned.
// The embedded store, which has no CALL subqueries, reads the topics first and then the timelines of as many
// as the page needs (post-step "timeline").
MATCH (t:Topic)
WHERE $topic = '' OR lower(t.name) = lower($topic) OR t.key = $topic
WITH t
ORDER BY t.name, t.key
CALL (t) {
  MATCH (x)-[r:MENTIONS]->(t)
  WITH r.meeting AS meeting_key, sum(coalesce(r.count, 1)) AS mentions,
       collect(DISTINCT CASE WHEN x:AgendaItem THEN x.title END) AS agenda_items, collect(DISTINCT x) AS sources
  MATCH (m:Meeting {key: meeting_key})
  WHERE m.sort_key >= CASE WHEN $since = '' THEN '' WHEN size($since) = 4 THEN $since ELSE left($since, 4) + ' ' + $since END
    AND m.sort_key < CASE WHEN $until = '' THEN '~' WHEN size($until) = 4 THEN $until + '!' ELSE left($until, 4) + ' ' + $until + '!' END
  RETURN m, mentions, agenda_items, sources
  ORDER BY m.sort_key
  LIMIT $limit
}
WITH t, m, mentions, agenda_items, sources
ORDER BY t.name, t.key, m.sort_key
LIMIT $limit
CALL (sources) {
  UNWIND sources AS source
  MATCH (source)-[:MENTIONS]->(o:Organisation)
  RETURN collect(DISTINCT o.name) AS organisations
}
RETURN t.name AS topic, m.date AS date, m.year AS year, m.title AS meeting, mentions, agenda_items, organisations
ORDER BY topic, t.key, m.sort_key
