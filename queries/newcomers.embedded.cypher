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
// meetings), so the query reads that one property per person and organisation instead of their relationships.
// Embedded text: LadybugDB has no secondary indexes, so it cannot stop at the limit.
MATCH (e:Person:Organisation)
WHERE e.first_seen >= CASE WHEN $since = '' THEN '' WHEN size($since) = 4 THEN $since ELSE left($since, 4) + ' ' + $since END
  AND e.first_seen < CASE WHEN $until = '' THEN '~' WHEN size($until) = 4 THEN $until + '!' ELSE left($until, 4) + ' ' + $until + '!' END
WITH e, CASE WHEN e.key STARTS WITH 'person:' THEN 'Person' ELSE 'Organisation' END AS kind, e.first_seen AS first
WHERE $kind = '' OR lower(kind) = lower($kind)
WITH e, kind, first
ORDER BY first, kind, e.name, e.key
LIMIT $limit
MATCH (m:Meeting {sort_key: first})
RETURN m.date AS date, m.year AS year, m.title AS meeting, kind, e.name AS name
ORDER BY first, kind, name, e.key
