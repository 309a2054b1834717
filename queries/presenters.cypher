// name: presenters
// description: Who presented what: person → agenda item → meeting, with the sentence that says so.
// param name: string = "" -- only this person (name or key); empty for all
// returns: person, agenda_item, number, date, year, meeting, evidence
MATCH (p:Person)-[r:PRESENTED]->(a:AgendaItem)<-[:HAS_ITEM]-(m:Meeting)
WHERE $name = '' OR lower(p.name) = lower($name) OR p.key = $name
RETURN p.name AS person, a.title AS agenda_item, a.number AS number, m.date AS date, m.year AS year,
       m.title AS meeting, r.evidence AS evidence
ORDER BY coalesce(m.year, 9999), coalesce(m.date, ''), m.source, a.position, person, r.span_start
