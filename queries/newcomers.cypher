// name: newcomers
// description: First appearance of people and organisations, per meeting: who is new at each meeting.
// param kind: string = "" -- Person or Organisation; empty for both
// param since: date = "" -- only first appearances from this date on: YYYY or YYYY-MM-DD; empty for no bound
// param until: date = "" -- only first appearances up to this date: YYYY or YYYY-MM-DD; empty for no bound
// param limit: int = 500 -- at most this many rows, the first in meeting order; 0 for all
// returns: date, year, meeting, kind, name
// An entity appears in a meeting when any relationship from that meeting's notes touches it (attendance,
// mention, representation, collaboration …). Rows follow meeting order (then kind and name); the limit keeps
// the first. An entity's first meeting is kept on it at build time (first_seen, the smallest sort_key of its
// meetings), so the query reads the first_seen index in order and stops at the limit: the cost follows the
// rows returned, not the graph.
// Each kind is read from its own index in order (a UNION of two), as far as the limit.
CALL () {
  MATCH (e:Person)
  WHERE ($kind = '' OR lower($kind) = 'person')
    AND e.first_seen >= CASE WHEN $since = '' THEN '' WHEN size($since) = 4 THEN $since ELSE left($since, 4) + ' ' + $since END
    AND e.first_seen < CASE WHEN $until = '' THEN '~' WHEN size($until) = 4 THEN $until + '!' ELSE left($until, 4) + ' ' + $until + '!' END
  RETURN e, 'Person' AS kind, e.first_seen AS first
  ORDER BY first, e.name, e.key
  LIMIT $limit
  UNION ALL
  MATCH (e:Organisation)
  WHERE ($kind = '' OR lower($kind) = 'organisation')
    AND e.first_seen >= CASE WHEN $since = '' THEN '' WHEN size($since) = 4 THEN $since ELSE left($since, 4) + ' ' + $since END
    AND e.first_seen < CASE WHEN $until = '' THEN '~' WHEN size($until) = 4 THEN $until + '!' ELSE left($until, 4) + ' ' + $until + '!' END
  RETURN e, 'Organisation' AS kind, e.first_seen AS first
  ORDER BY first, e.name, e.key
  LIMIT $limit
}
WITH e, kind, first
ORDER BY first, kind, e.name, e.key
LIMIT $limit
MATCH (m:Meeting {sort_key: first})
RETURN m.date AS date, m.year AS year, m.title AS meeting, kind, e.name AS name
ORDER BY first, kind, name, e.key
