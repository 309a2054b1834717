// name: topic-timeline
// description: Meetings that discussed a topic, in meeting order, with the agenda items and the organisations mentioned alongside it.
// param topic: string = "" -- the topic's name (case-insensitive) or key; empty for every topic
// param since: date = "" -- only meetings from this date on: YYYY or YYYY-MM-DD; empty for no bound
// param until: date = "" -- only meetings up to this date: YYYY or YYYY-MM-DD; empty for no bound
// param limit: int = 500 -- at most this many rows, the first in the order below; 0 for all
// returns: topic, date, year, meeting, mentions, agenda_items, organisations
// Embedded text: LadybugDB has no CALL subqueries to read one topic at a time, so this reads only the topics, in
// output order, each with its number of MENTIONS (a bound on its rows); the post-step then reads the timelines of
// as many of them as the page needs (_TIMELINE_ROWS in registry.py: the rows cut after grouping, before the
// organisations are looked up).
MATCH (t:Topic)
WHERE $topic = '' OR lower(t.name) = lower($topic) OR t.key = $topic
RETURN t.key AS key, COUNT { MATCH (t)<-[:MENTIONS]-() } AS rows
ORDER BY t.name, t.key
