// name: presenters
// description: Who presented what: person → agenda item → meeting, with the sentence that says so.
// param name: string = "" -- only this person (name or key); empty for all
// param since: date = "" -- only meetings from this date on: YYYY or YYYY-MM-DD; empty for no bound
// param until: date = "" -- only meetings up to this date: YYYY or YYYY-MM-DD; empty for no bound
// param limit: int = 500 -- at most this many rows, the first in meeting order; 0 for all
// returns: person, agenda_item, number, date, year, meeting, evidence
// post: presenter_rows
// Rows follow meeting order, then the item's position, the person and the sentence; the limit keeps the first.
// Without a name the meetings are read in order from the sort_key index until the limit is reached, so the
// work follows the rows returned; with a name only that person's presentations are read.
// The embedded store, which has no CALL subqueries, first counts the presentations of the first meetings and
// then reads those of the meetings up to the one that fills the page (post-step "presenter_rows").
CALL () {
  MATCH (p:Person)
  WHERE $name <> '' AND (lower(p.name) = lower($name) OR p.key = $name)
  CALL (p) {
    MATCH (p)-[r:PRESENTED]->(a:AgendaItem)<-[:HAS_ITEM]-(m:Meeting)
    WHERE m.sort_key >= CASE WHEN $since = '' THEN '' WHEN size($since) = 4 THEN $since ELSE left($since, 4) + ' ' + $since END
      AND m.sort_key < CASE WHEN $until = '' THEN '~' WHEN size($until) = 4 THEN $until + '!' ELSE left($until, 4) + ' ' + $until + '!' END
    RETURN r, a, m
  }
  RETURN p, r, a, m
  ORDER BY m.sort_key, a.position, p.name, r.span_start
  LIMIT $limit
  UNION ALL
  MATCH (m:Meeting)
  WHERE $name = ''
    AND m.sort_key >= CASE WHEN $since = '' THEN '' WHEN size($since) = 4 THEN $since ELSE left($since, 4) + ' ' + $since END
    AND m.sort_key < CASE WHEN $until = '' THEN '~' WHEN size($until) = 4 THEN $until + '!' ELSE left($until, 4) + ' ' + $until + '!' END
  MATCH (m)-[:HAS_ITEM]->(a:AgendaItem)<-[r:PRESENTED]-(p:Person)
  RETURN p, r, a, m
  ORDER BY m.sort_key, a.position, p.name, r.span_start
  LIMIT $limit
}
RETURN p.name AS person, a.title AS agenda_item, a.number AS number, m.date AS date, m.year AS year,
       m.title AS meeting, r.evidence AS evidence
ORDER BY m.sort_key, a.position, person, r.span_start
LIMIT $limit
