// name: co-attendance
// description: Pairs of people who attended the same meetings, and how many meetings they shared.
// param min_meetings: int = 2 -- only pairs who shared at least this many meetings
// param limit: int = 100 -- at most this many pairs
// returns: person_a, person_b, meetings
// Pairing every two attendees of every meeting is the cost (1.6 million rows at 10,000 meetings), so the
// pairs are counted twice over a smaller set of people: a pair cannot share more meetings than either of the
// two attended. First among the 2 × limit + 100 people who attended most: if `limit` pairs of them share at
// least L meetings, the answer's pairs all share at least L, so then only people who attended L meetings or
// more are paired, over all their meetings. The rows are exactly those of pairing everyone. The 100 extra
// people raise L for small limits: at 10,000 meetings 2 × limit alone gave L = 37 (964 people, 142,000 pair
// rows in the second round) at the default limit and took 0.5 s at limit 10; with them, L = 44 (499 people,
// 26,000 + 53,000 pair rows in the two rounds, 54,000 db hits, 50–60 ms in the server), and large limits
// cost the same as before. How many meetings each person attended is kept on them at build time (attended),
// so both rounds pick their people from its index.
MATCH (p:Person)
WHERE p.attended > 0
WITH p
ORDER BY p.attended DESC
LIMIT 2 * $limit + 100
WITH collect(p) AS regulars
UNWIND regulars AS a
MATCH (a)-[:ATTENDED]->(m)
WITH m, collect(DISTINCT a) AS present
UNWIND range(0, size(present) - 2) AS i
UNWIND range(i + 1, size(present) - 1) AS j
WITH present[i] AS a, present[j] AS b, count(m) AS meetings
ORDER BY meetings DESC
LIMIT $limit
WITH count(*) AS found, min(meetings) AS least
WITH CASE WHEN found = $limit AND least > $min_meetings THEN least ELSE $min_meetings END AS floor
MATCH (a:Person)
WHERE a.attended >= floor AND a.attended > 0
MATCH (a)-[:ATTENDED]->(m)
WITH floor, m, collect(DISTINCT a) AS present
UNWIND range(0, size(present) - 2) AS i
UNWIND range(i + 1, size(present) - 1) AS j
WITH floor, present[i] AS a, present[j] AS b, count(m) AS meetings
WHERE meetings >= floor
WITH CASE WHEN a.key < b.key THEN [a, b] ELSE [b, a] END AS pair, meetings
RETURN pair[0].name AS person_a, pair[1].name AS person_b, meetings
ORDER BY meetings DESC, person_a, person_b
LIMIT $limit
