// name: mentions-of
// description: Everything the notes say about an actor: each sentence that links it to something, with its meeting and date.
// param name: string -- the actor's name (case-insensitive) or key: person, municipality, organisation, topic or place
// returns: actor, date, year, meeting, sentence, links
// links counts the relationships the sentence supports (a mention, a representation, a collaboration …).
MATCH (e:Person|Municipality|Organisation|Topic|Place)
WHERE lower(e.name) = lower($name) OR e.key = $name
MATCH (e)-[r]-()
WHERE r.evidence IS NOT NULL
MATCH (m:Meeting {key: r.meeting})
WITH e, m, r.evidence AS sentence, min(r.span_start) AS start, count(r) AS links
RETURN e.name AS actor, m.date AS date, m.year AS year, m.title AS meeting, sentence, links
ORDER BY coalesce(m.year, 9999), coalesce(m.date, ''), m.source, start, sentence, e.key
