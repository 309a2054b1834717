// name: representation-turnover
// description: Who represented each municipality at each meeting where it was listed, and who joined or left since its previous listed meeting.
// param municipality: string = "" -- only this municipality (name or key); empty for all
// returns: municipality, date, year, meeting, present, absent, joined, left, changed
// post: turnover
// "joined" are people listed for the municipality now but not at its previous listed meeting, "left" the
// reverse; both are empty at a municipality's first listed meeting. Absent representatives count as listed.
// The Cypher lists who was listed for each municipality at each meeting (linear in the representations); the
// Python post-step "turnover" (registry.py) walks each municipality's meetings in sort_key order and compares
// each with the previous one.
MATCH (p:Person)-[r:REPRESENTS]->(mu:Municipality)
WHERE $municipality = '' OR lower(mu.name) = lower($municipality) OR mu.key = $municipality
WITH mu, r.meeting AS meeting_key, p.name AS name, max(r.status) AS status
WITH mu, meeting_key, collect(CASE WHEN status = 'present' THEN name END) AS present,
     collect(CASE WHEN status = 'absent' THEN name END) AS absent,
     collect(CASE WHEN status IS NOT NULL THEN name END) AS listed, collect(name) AS named
MATCH (m:Meeting {key: meeting_key})
RETURN mu.key AS key, mu.name AS municipality, m.date AS date, m.year AS year, m.title AS meeting,
       m.sort_key AS sort_key, present, absent, listed, named
ORDER BY municipality, sort_key
