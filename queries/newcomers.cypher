// name: newcomers
// description: First appearance of people and organisations, per meeting: who is new at each meeting.
// param kind: string = "" -- Person or Organisation; empty for both
// param since: date = "" -- only first appearances from this date on: YYYY or YYYY-MM-DD; empty for no bound
// param until: date = "" -- only first appearances up to this date: YYYY or YYYY-MM-DD; empty for no bound
// param limit: int = 500 -- at most this many rows, the first in meeting order; 0 for all
// returns: date, year, meeting, kind, name
// An entity appears in a meeting when any relationship from that meeting's notes touches it (attendance,
// mention, representation, collaboration …). Rows follow meeting order (then kind and name); the limit keeps
// the first. The first meeting is the one with the smallest sort_key (a meeting property computed at build
// time), so the cost is linear in the relationships of people and organisations: a first appearance is a
// property of the whole graph, so unlike the other row-heavy queries this one cannot stop at the limit.
MATCH (e:Person|Organisation)-[r]-()
WITH DISTINCT e, r.meeting AS meeting_key
WITH e, CASE WHEN e:Person THEN 'Person' ELSE 'Organisation' END AS kind, meeting_key
WHERE $kind = '' OR lower(kind) = lower($kind)
MATCH (m:Meeting {key: meeting_key})
WITH e, kind, min(m.sort_key) AS first
WHERE first >= CASE WHEN $since = '' THEN '' WHEN size($since) = 4 THEN $since ELSE left($since, 4) + ' ' + $since END
  AND first < CASE WHEN $until = '' THEN '~' WHEN size($until) = 4 THEN $until + '!' ELSE left($until, 4) + ' ' + $until + '!' END
WITH e, kind, first
ORDER BY first, kind, e.name, e.key
LIMIT $limit
MATCH (m:Meeting {sort_key: first})
RETURN m.date AS date, m.year AS year, m.title AS meeting, kind, e.name AS name
ORDER BY first, kind, name, e.key
