// name: presenters
// description: Who presented what: person → agenda item → meeting, with the sentence that says so.
// param name: string = "" -- only this person (name or key); empty for all
// param since: date = "" -- only meetings from this date on: YYYY or YYYY-MM-DD; empty for no bound
// param until: date = "" -- only meetings up to this date: YYYY or YYYY-MM-DD; empty for no bound
// param limit: int = 500 -- at most this many rows, the first in meeting order; 0 for all
// returns: person, agenda_item, number, date, year, meeting, evidence
// Embedded text: LadybugDB has no CALL subqueries, and one pattern over every presentation, sorted and cut, reads
// them all. So this reads the first meetings in the window (at most limit: each gives a row) with how many
// presentations (of the person) each has; the post-step reads the presentations of the meetings up to the one
// that fills the page (_PRESENTER_ROWS in registry.py: the meetings up to its sort_key, sorted and cut).
MATCH (m:Meeting)
WHERE m.sort_key >= CASE WHEN $since = '' THEN '' WHEN size($since) = 4 THEN $since ELSE left($since, 4) + ' ' + $since END
  AND m.sort_key < CASE WHEN $until = '' THEN '~' WHEN size($until) = 4 THEN $until + '!' ELSE left($until, 4) + ' ' + $until + '!' END
WITH m, COUNT { MATCH (m)-[:HAS_ITEM]->(:AgendaItem)<-[:PRESENTED]-(p:Person)
                WHERE $name = '' OR lower(p.name) = lower($name) OR p.key = $name } AS rows
WHERE rows > 0
RETURN m.sort_key AS sort_key, rows
ORDER BY m.sort_key
LIMIT $limit
