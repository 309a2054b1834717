// name: attendance-matrix
// description: Municipality × meeting: present, absent or not listed, for every municipality and meeting with municipal attendance.
// param municipality: string = "" -- only this municipality (name or key); empty for all
// param since: int = 0 -- only meetings of this year or later; 0 for no bound
// param until: int = 0 -- only meetings of this year or earlier; 0 for no bound
// param limit: int = 5000 -- stop at the municipality (in name order) whose rows reach this many; 0 for all
// returns: municipality, date, year, meeting, status, present, absent
// A municipality is present when one of its representatives attended, absent when it was listed only with
// absent representatives, and "not listed" otherwise. Meetings whose notes list no municipality are left out.
// The output is meetings × municipalities, so by default it stops after about 5,000 rows: each municipality has
// one row per meeting, and whole municipalities are returned, by name, until the rows reach the limit (so up to
// limit + meetings - 1 rows). Narrow it with municipality, since and until, or pass limit 0 for the whole matrix.
// Which municipalities are ever listed and which meetings list any are kept on the nodes at build time (listed,
// municipalities), so the meetings come from an index, and each chosen municipality × meeting cell looks up that
// meeting's REPRESENTS by their meeting index (a hint: without it the planner walks every REPRESENTS of the
// municipality for each cell, 10 million db hits at 10,000 meetings): the work follows the rows returned.
MATCH (mu:Municipality)
WHERE ($municipality = '' OR lower(mu.name) = lower($municipality) OR mu.key = $municipality)
  AND mu.listed > 0
WITH mu
ORDER BY mu.name, mu.key
WITH collect(mu) AS municipalities
MATCH (m:Meeting)
WHERE m.municipalities > 0
  AND ($since = 0 OR coalesce(m.year, 9999) >= $since) AND ($until = 0 OR coalesce(m.year, 9999) <= $until)
WITH municipalities, collect(m) AS meetings
WITH meetings, CASE WHEN $limit > 0 AND size(meetings) > 0
                    THEN municipalities[0..($limit + size(meetings) - 1) / size(meetings)]
                    ELSE municipalities END AS chosen
UNWIND chosen AS mu
UNWIND meetings AS m
OPTIONAL MATCH (p:Person)-[s:REPRESENTS {meeting: m.key}]->(mu)
USING INDEX s:REPRESENTS(meeting)
WITH mu, m, collect(CASE WHEN s.status = 'present' THEN p.name END) AS present,
     collect(CASE WHEN s.status = 'absent' THEN p.name END) AS absent
RETURN mu.name AS municipality, m.date AS date, m.year AS year, m.title AS meeting,
       CASE WHEN size(present) > 0 THEN 'present' WHEN size(absent) > 0 THEN 'absent' ELSE 'not listed' END AS status,
       present, absent
ORDER BY municipality, m.sort_key
