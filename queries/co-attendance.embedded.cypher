// name: co-attendance
// description: Pairs of people who attended the same meetings, and how many meetings they shared.
// param min_meetings: int = 2 -- only pairs who shared at least this many meetings
// param limit: int = 100 -- at most this many pairs
// returns: person_a, person_b, meetings
MATCH (a:Person)-[:ATTENDED]->(m:Meeting)<-[:ATTENDED]-(b:Person)
WHERE a.key < b.key
WITH a, b, count(DISTINCT m) AS meetings
WHERE meetings >= $min_meetings
RETURN a.name AS person_a, b.name AS person_b, meetings
ORDER BY meetings DESC, person_a, person_b
LIMIT $limit
