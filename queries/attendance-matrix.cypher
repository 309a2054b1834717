// name: attendance-matrix
// description: Municipality × meeting: present, absent or not listed, for every municipality and meeting with municipal attendance.
// param municipality: string = "" -- only this municipality (name or key); empty for all
// param since: int = 0 -- only meetings of this year or later; 0 for no bound
// param until: int = 0 -- only meetings of this year or earlier; 0 for no bound
// param limit: int = 5000 -- stop at the municipality (in name order) whose rows reach this many; 0 for all
// returns: municipality, date, year, meeting, status, present, absent
// post: attendance_grid
// A municipality is present when one of its representatives attended, absent when it was listed only with
// absent representatives, and "not listed" otherwise. Meetings whose notes list no municipality are left out.
// The output is meetings × municipalities, so by default it stops after about 5,000 rows: each municipality has
// one row per meeting, and whole municipalities are returned, by name, until the rows reach the limit (so up to
// limit + meetings - 1 rows). Narrow it with municipality, since and until, or pass limit 0 for the whole matrix.
// Rows are ordered by municipality (name, then key) and meeting; present and absent names are sorted.
// Most cells are "not listed", so the Cypher returns only what is sparse, in one row: the chosen meetings (from
// the index on municipalities, kept at build time) and, for each chosen municipality, its REPRESENTS, read once
// from the municipality's side; the post-step expands them into the grid. Looking each cell up by its meeting
// instead cost a seek per cell and sent every cell over Bolt. At 10,000 meetings, default limit (7,737 rows),
// one municipality's cells: 169,000 → 10,000 db hits, 698 → 85 ms end to end (with the driver's Rust codec).
MATCH (mu:Municipality)
WHERE ($municipality = '' OR lower(mu.name) = lower($municipality) OR mu.key = $municipality)
  AND mu.listed > 0
WITH mu
ORDER BY mu.name, mu.key
WITH collect(mu) AS municipalities
MATCH (m:Meeting)
WHERE m.municipalities > 0
  AND ($since = 0 OR coalesce(m.year, 9999) >= $since) AND ($until = 0 OR coalesce(m.year, 9999) <= $until)
WITH municipalities, collect(m {.key, .date, .year, .title, .sort_key}) AS meetings
WITH meetings, CASE WHEN $limit > 0 AND size(meetings) > 0
                    THEN municipalities[0..($limit + size(meetings) - 1) / size(meetings)]
                    ELSE municipalities END AS chosen
RETURN meetings,
       [mu IN chosen | {name: mu.name, key: mu.key,
                        entries: [(p:Person)-[s:REPRESENTS]->(mu) | [s.meeting, p.name, s.status]]}] AS municipalities
